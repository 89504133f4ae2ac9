"""documents.E001: a clear system-check error when no CJK TrueType font can be found."""

from documents.checks import cjk_font_available
from documents.layout import font_path


def test_the_installed_debian_font_is_found(settings):
    settings.DOCUMENT_FONT_PATH = ""
    assert font_path() and cjk_font_available() == []


def test_a_missing_configured_font_is_an_error(settings, tmp_path):
    settings.DOCUMENT_FONT_PATH = str(tmp_path / "missing.ttf")
    [error] = cjk_font_available()
    assert error.id == "documents.E001" and "missing.ttf" in error.msg and "fonts-arphic-uming" in error.hint
