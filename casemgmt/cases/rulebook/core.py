from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from casemgmt.org.models import Officer

    from .facts import CaseFacts
    from .governing import GoverningLaw


@dataclass(frozen=True)
class Attempt:
    """An action being attempted on a case: what, on which legal date, by whom, with which values."""

    action: str
    on: dt.date
    actor: Officer | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


class LawFamily(models.TextChoices):
    """The law family a rule belongs to: the source of the FIRST article it cites (its value is that source's title
    as cited, without 《》), or the system's own procedure for the rules that order and guard the recorded acts.

    SAMR binds market-regulation cases only (see governing.py): a rule of that family also names the provision it
    cites for every other case (``Rule.general``). LOCAL rules cite the local regulation configured for the case's
    enforcement subject."""

    APL = "行政处罚法", "《中华人民共和国行政处罚法》（法律）"
    CE = "行政强制法", "《中华人民共和国行政强制法》（法律）"
    SAMR = "市场监督管理行政处罚程序规定", "《市场监督管理行政处罚程序规定》（部门规章，仅适用于市场监管案件）"
    LOCAL = "地方规定", "地方规定（按执法主体在程序参数中配置的本地程序规定）"
    EVAL = "行政执法案卷评查工作规定", "行政执法案卷评查工作规定（执法监督）"
    SYSTEM = "本系统程序规定", "本系统程序规定（实施上述法律的系统规则）"


SAMR_TITLE = f"《{LawFamily.SAMR.value}》"
# What a LOCAL rule's article says in place of the local regulation; a case cites its subject's configured source.
LOCAL_SOURCE = "地方规定（按执法主体配置的本地程序规定）"
_TITLE = re.compile(r"《(.+?)》")


def split_citation(article: str) -> tuple[str, str]:
    """(the parts of ``article`` that hold for every case, the parts from the SAMR rules), each joined by "；"."""
    parts = [p.strip() for p in article.split("；") if p.strip()]
    general = [p for p in parts if not p.startswith(SAMR_TITLE)]
    samr = [p for p in parts if p.startswith(SAMR_TITLE)]
    return "；".join(general), "；".join(samr)


def family_of(citation: str) -> LawFamily:
    """The family of a citation's first source (the system's own procedure when it names no listed source)."""
    if citation.startswith(LOCAL_SOURCE):
        return LawFamily.LOCAL
    found = _TITLE.search(citation)
    if found and found.group(1) in LawFamily.values:
        return LawFamily(found.group(1))
    return LawFamily.SYSTEM


NAME_MAX_LENGTH = 16


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    article: str
    detail: str = ""
    number: int | None = None
    severity: str = "error"
    name: str = ""  # the rule's short Chinese name (名称), what a legal reviewer reads
    family: str = ""  # the law family of the article cited for this case (a LawFamily value)
    law: str = ""  # the law the case is governed by (市场监管案件 / 一般行政处罚案件); empty when no case is known

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "family": self.family,
            "law": self.law,
            "message": self.message,
            "article": self.article,
            "detail": self.detail,
            "number": self.number,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        """What an officer reads (flash messages): the Chinese name as the headline; the code is for integrators."""
        text = f"【{self.name or self.rule}】{self.message}（{self.article}）"
        return f"{text}：{self.detail}" if self.detail else text


CheckFn = Callable[["CaseFacts", Attempt | None], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # short Chinese name (名称), at most NAME_MAX_LENGTH characters
    family: LawFamily  # the law family of the first article cited
    message: str
    article: str  # every source of the rule (what a market-regulation case cites)
    gates: frozenset[str]
    check: CheckFn
    number: int | None = None  # the acceptance-rule number of legal-brief §10
    audit: bool = True  # also run in the self-check over a recorded case
    general: str = ""  # what every other case cites: ``article`` without the SAMR rules, or the declared provision

    @property
    def general_family(self) -> LawFamily:
        """The family cited outside market regulation: the rule's own, unless that is the SAMR rules."""
        return family_of(self.general) if self.family == LawFamily.SAMR else self.family

    def citation(self, law: GoverningLaw | None) -> tuple[str, LawFamily]:
        """(article, family) cited for a case governed by ``law``: the SAMR rules only for a market-regulation case,
        the general provision otherwise; the subject's local regulation for a LOCAL rule. Without a case: all."""
        if law is None:
            return self.article, self.family
        article, family = (self.article, self.family) if law.market else (self.general, self.general_family)
        if law.local_source and LOCAL_SOURCE in article:
            article = article.replace(LOCAL_SOURCE, law.local_source)
        return article, family

    def finding(self, detail: str = "", law: GoverningLaw | None = None) -> Finding:
        article, family = self.citation(law)
        return Finding(
            rule=self.code,
            name=self.name,
            family=str(family),
            law=law.label if law is not None else "",
            message=self.message,
            article=article,
            detail=detail,
            number=self.number,
        )

    def findings(self, facts: CaseFacts, attempt: Attempt | None) -> list[Finding]:
        law = getattr(facts, "law", None)
        return [self.finding(detail, law) for detail in self.check(facts, attempt)]


RULES: dict[str, Rule] = {}


def _checked_name(code: str, name: str | None) -> str:
    if not name or not name.strip():
        raise ValueError(f"rule {code} has no name: give @rule a short Chinese name=")
    if name.isascii():
        raise ValueError(f"rule {code}: name {name!r} must be Chinese")
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(f"rule {code}: name {name!r} is longer than {NAME_MAX_LENGTH} characters")
    if any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule {code}: name {name!r} is already used by another rule")
    return name


def _checked_family(code: str, family: LawFamily | str | None) -> LawFamily:
    if not family:
        raise ValueError(f"rule {code} has no family: give @rule family=LawFamily.… (the law of its first article)")
    try:
        return LawFamily(family)
    except ValueError:
        raise ValueError(f"rule {code}: family {family!r} is not a LawFamily") from None


def _checked_general(code: str, article: str, general: str | None) -> str:
    if general:
        if SAMR_TITLE in general:
            raise ValueError(f"rule {code}: general= is cited outside market regulation and cannot cite the SAMR rules")
        return general
    general = split_citation(article)[0]
    if not general:
        raise ValueError(
            f"rule {code} cites only the SAMR rules, which bind market-regulation cases: give general= the provision "
            "cited for every other case"
        )
    return general


def rule(
    *,
    code: str,
    name: str | None = None,
    family: LawFamily | str | None = None,
    message: str,
    article: str,
    gates: Iterable[str],
    number: int | None = None,
    audit: bool = True,
    general: str | None = None,
):
    """Register a rule check function under a stable code, with its Chinese name and law family (both required:
    a rule without them is refused when its module is imported).

    ``article`` lists every source; a case outside market regulation cites it without the SAMR rules, or
    ``general`` when given (required when the article cites the SAMR rules only)."""
    name = _checked_name(code, name)
    family = _checked_family(code, family)
    general = _checked_general(code, article, general)

    def register(fn: CheckFn) -> CheckFn:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(
            code=code,
            name=name,
            family=family,
            message=message,
            article=article,
            gates=frozenset(gates),
            check=fn,
            number=number,
            audit=audit,
            general=general,
        )
        return fn

    return register


class RuleViolation(Exception):
    """An action refused by the rulebook. Carries every broken rule."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("；".join(str(f) for f in findings))

    def as_list(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.findings]


def refusal(code: str, detail: str = "", case=None) -> RuleViolation:
    """A refusal under one registered rule, for checks made before the case's facts are loaded; it cites the
    article that governs ``case`` (every source when no case is given)."""
    from .governing import governing_law

    law = governing_law(case) if case is not None else None
    return RuleViolation([RULES[code].finding(detail, law)])


def findings_for(facts: CaseFacts, attempt: Attempt) -> list[Finding]:
    found: list[Finding] = []
    for r in RULES.values():
        if attempt.action in r.gates:
            found.extend(r.findings(facts, attempt))
    return found


def enforce(facts: CaseFacts, attempt: Attempt) -> None:
    """Refuse ``attempt`` (raise :class:`RuleViolation`) if any rule gating its action is broken."""
    found = findings_for(facts, attempt)
    if found:
        raise RuleViolation(found)


def check_case(facts: CaseFacts) -> list[Finding]:
    """Self-check: every rule over the case as recorded (before archiving, evaluation, supervision)."""
    found: list[Finding] = []
    for r in RULES.values():
        if r.audit:
            found.extend(r.findings(facts, None))
    return found
