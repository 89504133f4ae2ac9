"""Chinese-aware tokens for the embedded indexes and query parsing.

Index side: text is NFKC-normalised and split into runs of Han characters and runs of letters/digits. A Han run
becomes its overlapping character bigrams followed by its last character (占道经营 → 占道 道经 经营 营), a
letter/digit run one lower-case token. Any substring of two or more Han characters is then exactly a phrase of
consecutive bigrams, and any single character is the prefix of some token, so recall does not depend on a
dictionary; the trailing unigram also stops a phrase from running across two runs.

Query side: rjieba splits an unspaced Chinese query into words (张三占道 → 张三 + 占道), every word must match
(nothing is dropped silently), and "quoted text" stays one phrase.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import rjieba

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
RUN = re.compile(rf"[{HAN}]+|[0-9a-z]+")
HAN_RUN = re.compile(rf"^[{HAN}]+$")

MAX_QUERY_CHARS = 200
MAX_TERMS = 12


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


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


@dataclass(frozen=True)
class Term:
    """One thing the query requires. ``runs`` are consecutive runs of the term (e.g. 12号 → ["12", "号"])."""

    raw: str
    runs: tuple[str, ...]

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


def parse_query(text: str) -> list[Term]:
    """The terms of a query; every one must match. Raises QueryError for unusable input."""
    if text is None:
        return []
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词过长：最多{MAX_QUERY_CHARS}个字符（当前{len(text)}个）")
    text = normalise(text).strip()
    if not text:
        return []
    terms: list[Term] = []
    parts = re.findall(r'"([^"]*)"|“([^”]*)”|(\S+)', text)
    for quoted, quoted_cn, bare in parts:
        if quoted or quoted_cn:
            found = runs(quoted or quoted_cn)
            if found:
                terms.append(Term(raw=quoted or quoted_cn, runs=tuple(found)))
            continue
        found = runs(bare)
        if not found:
            continue
        if len(found) == 1 and HAN_RUN.match(found[0]):
            terms.extend(Term(raw=w, runs=(w,)) for w in _words(found[0]))
        else:
            # Mixed text such as a case number (城关综执罚〔2026〕12号) is one phrase.
            terms.append(Term(raw=bare, runs=tuple(found)))
    if not terms:
        raise QueryError("检索词只含标点或符号，请输入文字、数字或案件编号")
    unique = list(dict.fromkeys(terms))
    if len(unique) > MAX_TERMS:
        raise QueryError(f"检索词过多：最多{MAX_TERMS}个词")
    return unique
