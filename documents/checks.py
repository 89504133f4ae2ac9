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


def stage_binding_errors(specs=None) -> list[Error]:
    """Every document the action registry names is in the catalogue, every bound act has a check of whether the
    case reached it, and every catalogue stage has a meaning (``casemgmt.cases.rulebook.documents``)."""
    from casemgmt.cases.actions import ACTIONS
    from casemgmt.cases.rulebook.documents import DOCUMENT_ACT, REACHED, STAGE_ACTS

    from .catalogue import SPECS

    specs = SPECS if specs is None else specs
    codes = {spec.code for spec in specs}
    errors = [
        Error(f"动作“{action.label}”登记的文书 {code} 不在文书目录中", id="documents.E002")
        for action in ACTIONS
        for code in action.documents
        if code not in codes
    ]
    errors += [
        Error(f"动作 {act} 没有“案件是否已作出该行为”的检查，其文书无法签发", id="documents.E002")
        for act in sorted(set(DOCUMENT_ACT.values()) - set(REACHED))
    ]
    errors += [
        Error(f"文书 {spec.code} 的环节“{spec.stage}”没有定义签发条件", id="documents.E002")
        for spec in specs
        if spec.code not in DOCUMENT_ACT and spec.stage not in STAGE_ACTS
    ]
    return errors


@register()
def stage_binding(app_configs=None, **kwargs):
    return stage_binding_errors()
