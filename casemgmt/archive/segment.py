"""Chinese-aware tokens for every search index (and, through ``casemgmt.archive.query``, for queries).

Index side: text is NFKC-normalised and split into runs of Han characters and runs of letters/digits. A Han run
becomes its overlapping character bigrams followed by its last character (占道经营 → 占道 道经 经营 营), a
letter/digit run one lower-case token. Any substring of two or more Han characters is then exactly a phrase of
consecutive bigrams, and any single character is the prefix of some token, so recall does not depend on a
dictionary; the trailing unigram also stops a phrase from running across two runs.

Before either, text is normalised (``normalise``): NFKC, lower case, and every 文号 or case number rewritten to the
shape it is generated in (``casemgmt.org.docnumber``), so 城关镇罚（2026）第012号 indexes and searches as
城关镇罚〔2026〕12号. The query side (words, phrases) is ``casemgmt.archive.query``.
"""

from __future__ import annotations

import re
import unicodedata

from casemgmt.org import docnumber

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
RUN = re.compile(rf"[{HAN}]+|[0-9a-z]+")
HAN_RUN = re.compile(rf"^[{HAN}]+$")


def normalise(text: str) -> str:
    """What is indexed and searched: NFKC, lower case, 文号 in their generated shape."""
    return docnumber.canonical_normalised(unicodedata.normalize("NFKC", text or "").lower())


def normalise_mapped(text: str) -> tuple[str, list[int], list[int]]:
    """``normalise(text)`` with, for each of its characters, the start and end offsets in ``text`` of what it
    came from (a rewritten 文号 maps to the whole original), so that a match in the normalised text can be marked
    on the original. When NFKC changes the length (… → ...), it is applied character by character: that differs
    from the whole-text form only for combining sequences, which the Chinese texts here do not use."""
    text = text or ""
    flat = unicodedata.normalize("NFKC", text).lower()
    if len(flat) == len(text):  # the usual case: one character for one, offsets unchanged
        starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    else:
        pieces, starts, ends = [], [], []
        for i, ch in enumerate(text):
            norm = unicodedata.normalize("NFKC", ch).lower()
            pieces.append(norm)
            starts += [i] * len(norm)
            ends += [i + 1] * len(norm)
        flat = "".join(pieces)
    out, out_starts, out_ends, pos = [], [], [], 0
    for start, end, tail in docnumber.spans(flat):
        out.append(flat[pos:start])
        out_starts += starts[pos:start]
        out_ends += ends[pos:start]
        out.append(tail)
        out_starts += [starts[start]] * len(tail)
        out_ends += [ends[end - 1]] * len(tail)
        pos = end
    out.append(flat[pos:])
    out_starts += starts[pos:]
    out_ends += ends[pos:]
    return "".join(out), out_starts, out_ends


def runs(text: str) -> list[str]:
    return RUN.findall(normalise(text))


def run_tokens(run: str) -> list[str]:
    if HAN_RUN.match(run):
        if len(run) == 1:
            return [run]
        return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
    return [run]


def tokens(text: str) -> list[str]:
    """The index tokens of ``text`` in order (positions matter for phrases)."""
    out: list[str] = []
    for run in runs(text):
        out.extend(run_tokens(run))
    return out


def token_text(text: str) -> str:
    """Tokens joined by spaces: what the FTS5 table stores."""
    return " ".join(tokens(text))
