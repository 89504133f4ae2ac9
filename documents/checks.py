"""System checks of the documents app."""

from django.core.checks import Error, register


@register()
def cjk_font_available(app_configs=None, **kwargs):
    """PDFs embed a CJK TrueType font; without one every document would render as empty boxes."""
    from django.conf import settings

    from .layout import font_path

    if font_path() is None:
        configured = getattr(settings, "DOCUMENT_FONT_PATH", "")
        where = f"DOCUMENT_FONT_PATH={configured} 不存在" if configured else "未在 Debian 常见路径找到中文字体"
        return [
            Error(
                f"找不到生成执法文书 PDF 所需的中文 TrueType 字体（{where}）",
                hint="apt-get install fonts-arphic-uming，或将 DOCUMENT_FONT_PATH 设为 .ttf/.ttc 字体文件路径",
                id="documents.E001",
            )
        ]
    return []
