"""The shape of a 文号 (and of a case number): 代字, the year in 六角括号 and the serial, 城关镇综执罚〔2026〕12号
(GB/T 9704—2012 7.2.4: 〔〕 around the year, no 第 and no zero padding before the serial).

Numbers are generated in this shape (``cases.services.filing`` for case numbers, ``documents`` for the patterns
of the 文号 classes, which may pad the serial); people type them with any bracket, a 第, padding, full-width
digits or spaces. ``canonical`` rewrites every typed form to the generated one: the search index and the
queries both go through it, so a number is found however it is typed.
"""

from __future__ import annotations

import re
import unicodedata

YEAR_OPEN, YEAR_CLOSE = "〔", "〕"
SERIAL_WORD = "号"

# Brackets people type around the year, as they read after NFKC (（）→()，［］→[]，﹝﹞→〔〕).
OPEN_BRACKETS = "〔([【〈〖"
CLOSE_BRACKETS = "〕)]】〉〗"

# The year in any bracket, an optional 第, the serial with any zero padding, 号 — spaces allowed between them.
# Used on NFKC-normalised text (full-width digits and brackets are already ASCII there).
TYPED_TAIL = re.compile(
    rf"\s*[{re.escape(OPEN_BRACKETS)}]\s*(?P<year>[0-9]{{4}})\s*[{re.escape(CLOSE_BRACKETS)}]"
    rf"\s*(?:第\s*)?(?P<serial>[0-9]{{1,9}})\s*{SERIAL_WORD}"
)


def compose(prefix: str, year: int, serial: int | str) -> str:
    """A number in the generated shape: 城关镇立〔2026〕3号."""
    return f"{prefix}{YEAR_OPEN}{year}{YEAR_CLOSE}{serial}{SERIAL_WORD}"


def year_part(prefix: str, year: int) -> str:
    """A number up to its serial (城关镇立〔2026〕): what every number of the prefix and year starts with."""
    return f"{prefix}{YEAR_OPEN}{year}{YEAR_CLOSE}"


def _tail(match: re.Match) -> str:
    return f"{YEAR_OPEN}{match['year']}{YEAR_CLOSE}{int(match['serial'])}{SERIAL_WORD}"


def canonical_normalised(text: str) -> str:
    """``text`` (already NFKC-normalised) with every number in it rewritten to the generated shape."""
    return TYPED_TAIL.sub(_tail, text)


def canonical(text: str) -> str:
    """Any typed form of a number (城关镇罚（2026）第012号, 城关镇罚［２０２６］12 号, 城关镇罚【2026】12号) → the
    generated one (城关镇罚〔2026〕12号); other text is NFKC-normalised and otherwise left as it is."""
    return canonical_normalised(unicodedata.normalize("NFKC", text or ""))


def spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical tail) of each number tail in ``text`` (NFKC-normalised): for callers that must map
    the rewritten text back to the original (highlighting)."""
    return [(m.start(), m.end(), _tail(m)) for m in TYPED_TAIL.finditer(text)]
