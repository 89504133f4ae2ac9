"""Marking the terms of a query in a text: ``<mark>`` around each match, everything else escaped.

Matching runs on the normalised text (as the index sees it: full-width forms, case, a 文号 in any typed form), the
marks and the window are cut from the original text, and every piece of it is escaped on its own: nothing in an
indexed text (``<script>``, an entity, a quote) can become markup.
"""

from __future__ import annotations

import html
import re

from django.utils.safestring import SafeString, mark_safe

from .segment import normalise_mapped

SNIPPET_CHARS = 60


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of every match of ``pattern`` in its normalised form, in order, not overlapping."""
    norm, starts, ends = normalise_mapped(text)
    out: list[tuple[int, int]] = []
    for match in pattern.finditer(norm):
        if match.end() == match.start():
            continue
        start, end = starts[match.start()], ends[match.end() - 1]
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def _marked(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, pos = [], lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:hi]))
    return "".join(out)


def mark(text: str, pattern: re.Pattern) -> SafeString:
    """All of ``text``, escaped, with every match marked (short fields: a case number, 案由, a party's name)."""
    text = text or ""
    return mark_safe(_marked(text, _spans(text, pattern), 0, len(text)))  # noqa: S308 - escaped piece by piece


def highlight(text: str, pattern: re.Pattern, *, width: int = SNIPPET_CHARS) -> SafeString | None:
    """A window of about ``width`` characters of ``text`` around its first match, every match in it marked and
    the rest escaped; None when nothing matches."""
    spans = _spans(text or "", pattern)
    if not spans:
        return None
    first_start, first_end = spans[0]
    lo = max(0, first_start - width // 3)
    hi = min(len(text), lo + width + (first_end - first_start))
    for start, end in spans:
        if start < hi < end:
            hi = end  # a match the window's end cuts through is shown whole
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return mark_safe(prefix + _marked(text, spans, lo, hi) + suffix)  # noqa: S308 - escaped piece by piece
