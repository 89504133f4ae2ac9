from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from casemgmt.org.models import Officer

    from .facts import CaseFacts


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
    as cited, without 《》), or the system's own procedure for the rules that order and guard the recorded acts."""

    APL = "行政处罚法", "《中华人民共和国行政处罚法》（法律）"
    CE = "行政强制法", "《中华人民共和国行政强制法》（法律）"
    SAMR = "市场监督管理行政处罚程序规定", "《市场监督管理行政处罚程序规定》（部门规章）"
    EVAL = "行政执法案卷评查工作规定", "行政执法案卷评查工作规定（执法监督）"
    SYSTEM = "本系统程序规定", "本系统程序规定（实施上述法律的系统规则）"


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
    family: str = ""  # the rule's law family (a LawFamily value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "family": self.family,
            "message": self.message,
            "article": self.article,
            "detail": self.detail,
            "number": self.number,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        label = f"{self.name} {self.rule}" if self.name else self.rule
        text = f"[{label}] {self.message}（{self.article}）"
        return f"{text}：{self.detail}" if self.detail else text


CheckFn = Callable[["CaseFacts", Attempt | None], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # short Chinese name (名称), at most NAME_MAX_LENGTH characters
    family: LawFamily  # the law family of the first article cited
    message: str
    article: str
    gates: frozenset[str]
    check: CheckFn
    number: int | None = None  # the acceptance-rule number of legal-brief §10
    audit: bool = True  # also run in the self-check over a recorded case

    def finding(self, detail: str = "") -> Finding:
        return Finding(
            rule=self.code,
            name=self.name,
            family=str(self.family),
            message=self.message,
            article=self.article,
            detail=detail,
            number=self.number,
        )

    def findings(self, facts: CaseFacts, attempt: Attempt | None) -> list[Finding]:
        return [self.finding(detail) for detail in self.check(facts, attempt)]


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
):
    """Register a rule check function under a stable code, with its Chinese name and law family (both required:
    a rule without them is refused when its module is imported)."""
    name = _checked_name(code, name)
    family = _checked_family(code, family)

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


def refusal(code: str, detail: str = "") -> RuleViolation:
    """A refusal under one registered rule, for checks made before the case's facts are loaded."""
    return RuleViolation([RULES[code].finding(detail)])


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
