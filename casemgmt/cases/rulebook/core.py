from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    article: str
    detail: str = ""
    number: int | None = None
    severity: str = "error"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "article": self.article,
            "detail": self.detail,
            "number": self.number,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        text = f"[{self.rule}] {self.message}（{self.article}）"
        return f"{text}：{self.detail}" if self.detail else text


CheckFn = Callable[["CaseFacts", Attempt | None], Iterable[str]]


@dataclass(frozen=True)
class Rule:
    code: str
    message: str
    article: str
    gates: frozenset[str]
    check: CheckFn
    number: int | None = None  # the acceptance-rule number of legal-brief §10
    audit: bool = True  # also run in the self-check over a recorded case

    def findings(self, facts: CaseFacts, attempt: Attempt | None) -> list[Finding]:
        return [
            Finding(rule=self.code, message=self.message, article=self.article, detail=detail, number=self.number)
            for detail in self.check(facts, attempt)
        ]


RULES: dict[str, Rule] = {}


def rule(*, code: str, message: str, article: str, gates: Iterable[str], number: int | None = None, audit: bool = True):
    """Register a rule check function under a stable code."""

    def register(fn: CheckFn) -> CheckFn:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(
            code=code, message=message, article=article, gates=frozenset(gates), check=fn, number=number, audit=audit
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
    r = RULES[code]
    return RuleViolation([Finding(rule=r.code, message=r.message, article=r.article, detail=detail, number=r.number)])


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
