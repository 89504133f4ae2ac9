"""No template may bring back inline code the Content-Security-Policy refuses: a <script> without src, an on*=
event handler, a javascript: URL, a style="…" attribute or a <style> block (JSON data via |json_script is fine)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("casemgmt/*/templates"), ROOT / "documents", ROOT / "workflows"]

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
FORBIDDEN = {
    "inline <script>": INLINE_SCRIPT,
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> block": re.compile(r"<style\b", re.IGNORECASE),
}


def templates():
    return sorted({path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")})


def test_templates_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in templates()}
    assert {"templates/base.html", "templates/documents/document_detail.html", "templates/404.html"} <= names
    assert any(name.startswith("casemgmt/jobs/templates/") for name in names)


def test_no_template_has_inline_script_handler_or_style():
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}: {what}: {match.group(0)[:80]}"
        for path in templates()
        for text in [path.read_text(encoding="utf-8")]
        for what, pattern in FORBIDDEN.items()
        for match in pattern.finditer(text)
    ]
    assert not found, "\n".join(found)
