"""The search query language, parsed in one place for every search: the archive search on each backend (SQLite
FTS5, PostgreSQL tsquery, Elasticsearch match_phrase) and the case list (web and API).

* Words separated by spaces (or by ，、；。：！？) must all match. An unspaced Chinese query is split into words by
  rjieba (张三占道经营 → 张三 + 占道 + 经营); no character is dropped.
* "Quoted text" (also “…”, 「…」, 『…』) must match as it stands, as one phrase.
* A 文号 or case number is one term however it is typed (brackets, 第, zero padding, full-width, spaces):
  ``segment.normalise`` rewrites it to its generated shape before anything else.
* Nothing the user types reaches an engine as syntax: a term is only the index tokens of its text (Han bigrams
  and letter/digit runs), which the backends quote themselves. ``*``, ``(``, ``NEAR``, ``AND``, a stray quote are
  text like any other; punctuation is a separator. Only a query with nothing searchable left, or too long, is
  refused (``QueryError``, shown in Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rjieba

from .segment import HAN, HAN_RUN, normalise, run_tokens, runs

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# Quoted phrases: ASCII (after NFKC, also ＂) and the Chinese quotation marks. An unbalanced quote is plain text.
PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
# Separators between words besides white space: Chinese (and ASCII) sentence punctuation.
SEPARATOR = re.compile(r"[\s,，、；;。：:！!？?]+")


@dataclass(frozen=True)
class Term:
    """One thing the query requires. ``runs`` are consecutive runs of the term (e.g. 12号 → ["12", "号"]);
    ``phrase`` when the user quoted it."""

    raw: str
    runs: tuple[str, ...]
    phrase: bool = False

    @property
    def is_identifier(self) -> bool:
        """A letters/digits term of 3+ characters: also matched as a substring of numbers and ID codes."""
        return len(self.runs) == 1 and not HAN_RUN.match(self.runs[0]) and len(self.runs[0]) >= 3

    @property
    def _runs(self) -> tuple[str, ...]:
        # A lone Han character closing a longer term (the 号 of 〔2026〕12号) would be a prefix over a very common
        # character: matching the rest of the term is as selective, and still finds every case with the term.
        if len(self.runs) > 1 and len(self.runs[-1]) == 1 and HAN_RUN.match(self.runs[-1]):
            return self.runs[:-1]
        return self.runs

    def phrase_tokens(self) -> list[str]:
        """Tokens a matching text contains consecutively. A term's last Han run contributes only its bigrams
        (its trailing unigram marks a run's end in the index, and the query's run may continue in the text)."""
        out: list[str] = []
        runs = self._runs
        for i, run in enumerate(runs):
            toks = run_tokens(run)
            if HAN_RUN.match(run) and len(run) > 1 and i == len(runs) - 1:
                toks = toks[:-1]
            out.extend(toks)
        return out

    @property
    def prefix(self) -> bool:
        """Match the last token as a prefix: a single Han character or a letters/digits run (the start of an ID
        number or of a case number's serial)."""
        if self._runs is not self.runs:
            return False  # the dropped character ended the run before it: that run is complete
        last = self.runs[-1]
        return len(last) == 1 or not HAN_RUN.match(last)


class QueryError(ValueError):
    """A query that cannot be searched; the message is shown to the user."""


def _words(han_run: str) -> list[str]:
    """rjieba words of a Han run. Consecutive single characters are joined (张三/占/道 → 张三, 占道) and a
    lone one is glued to its neighbour, so every piece is still a substring of the query and nothing is lost."""
    groups: list[str] = []
    single = False
    for word in rjieba.cut(han_run):
        if len(word) == 1 and single:
            groups[-1] += word
        else:
            groups.append(word)
        single = len(word) == 1
    words: list[str] = []
    for i, word in enumerate(groups):
        if len(word) > 1:
            words.append(word)
        elif words:
            words[-1] += word
        elif i + 1 < len(groups):
            groups[i + 1] = word + groups[i + 1]
        else:
            words.append(word)
    return words


def _bare_terms(text: str) -> list[Term]:
    terms: list[Term] = []
    for word in SEPARATOR.split(text):
        found = runs(word)
        if not found:
            continue
        if len(found) == 1 and HAN_RUN.match(found[0]):
            terms.extend(Term(raw=w, runs=(w,)) for w in _words(found[0]))
        else:
            # Mixed text such as a case number (城关综执罚〔2026〕12号) or 人民路12号 is one phrase.
            terms.append(Term(raw=word, runs=tuple(found)))
    return terms


def parse_query(text: str | None) -> list[Term]:
    """The terms of a query; every one must match. Raises QueryError for a query that cannot be searched."""
    if text is None:
        return []
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词过长：最多{MAX_QUERY_CHARS}个字符（当前{len(text)}个）")
    text = normalise(text).strip()
    if not text:
        return []
    terms: list[Term] = []
    pos = 0
    for match in PHRASE.finditer(text):
        terms += _bare_terms(text[pos : match.start()])
        quoted = next(g for g in match.groups() if g is not None)
        found = runs(quoted)
        if found:
            terms.append(Term(raw=quoted.strip(), runs=tuple(found), phrase=True))
        pos = match.end()
    terms += _bare_terms(text[pos:])
    if not terms:
        raise QueryError("检索词只含标点或符号，请输入文字、数字或案件编号")
    unique = list(dict.fromkeys(terms))
    if len(unique) > MAX_TERMS:
        raise QueryError(f"检索词过多：最多{MAX_TERMS}个词")
    return unique


# --- matching outside the index: highlighting and the case list ---------------------------------------------------

# What may stand between two runs of a term in a text (punctuation, spaces): anything but a letter, digit or Han.
GAP = rf"[^0-9a-z{HAN}]*"


def term_regex(term: Term) -> str:
    """A regular expression matching ``term`` in normalised text: its runs in order with any punctuation between
    them (the index sees 人民路12号 and 人民路-12号 alike). Portable: Python ``re``, and PostgreSQL's ``~*``."""
    return GAP.join(re.escape(r) for r in term.runs)


def pattern(terms: list[Term]) -> re.Pattern:
    """One pattern matching any of ``terms`` (longest first), for marking them in normalised text."""
    ordered = sorted(terms, key=lambda t: -len("".join(t.runs)))
    return re.compile("|".join(term_regex(t) for t in ordered), re.IGNORECASE)
