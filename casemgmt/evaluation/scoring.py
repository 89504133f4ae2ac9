"""Scoring a case file against a rubric from the rulebook's findings: the self-check before archiving (自查) and
the objective pre-score of an evaluation. Subjective items are not judged here: the prediction counts them at full
points and lists them as pending for a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from casemgmt.cases.actions import BY_CODE
from casemgmt.cases.rulebook import RULES, Finding, check_case

from .models import Rubric, RubricItem

ZERO = Decimal("0")


@dataclass(frozen=True)
class Defect:
    item: str
    title: str
    group: str  # 一票否决 / 立卷 / 实体 / 程序
    veto: bool
    points_lost: Decimal
    rule: str
    message: str
    article: str
    detail: str
    fix_url: str

    def as_dict(self) -> dict:
        return {
            "item": self.item,
            "title": self.title,
            "group": self.group,
            "veto": self.veto,
            "points_lost": str(self.points_lost),
            "rule": self.rule,
            "message": self.message,
            "article": self.article,
            "detail": self.detail,
            "fix_url": self.fix_url,
        }


@dataclass
class Score:
    rubric: Rubric
    total: Decimal
    grade: str
    vetoed: bool
    defects: list[Defect]
    by_item: dict[str, Decimal]
    pending: list[RubricItem] = field(default_factory=list)
    # A case still being handled has no final score: the self-check names its stage and the steps still to come
    # (``selfcheck.still_to_come``) beside the defects found so far.
    final: bool = True
    stage: str = ""
    to_come: list[str] = field(default_factory=list)

    @property
    def veto_defects(self) -> list[Defect]:
        return [d for d in self.defects if d.veto]

    @property
    def other_defects(self) -> list[Defect]:
        return [d for d in self.defects if not d.veto]

    def as_dict(self) -> dict:
        return {
            "rubric": str(self.rubric),
            "rubric_id": self.rubric.pk,
            "final": self.final,
            "stage": self.stage,
            "to_come": self.to_come,
            "total": str(self.total) if self.final else None,
            "grade": self.grade if self.final else None,
            "vetoed": self.vetoed,
            "defects": [d.as_dict() for d in self.defects],
            "items": {code: str(points) for code, points in self.by_item.items()},
            "pending_subjective": [{"item": i.code, "title": i.title, "veto": i.veto} for i in self.pending],
        }


def fix_url(case_pk: int | None, rule_code: str) -> str:
    """The case step where a rule's defect is remedied: the first action the rule gates that has a form."""
    if case_pk is None:
        return ""
    rule = RULES.get(rule_code)
    for action in sorted(rule.gates if rule else ()):
        if action in BY_CODE:
            try:
                return reverse("web:case_action", args=[case_pk, action])
            except NoReverseMatch:
                break
    try:
        return reverse("web:case_detail", args=[case_pk])
    except NoReverseMatch:
        return ""


def score_findings(rubric: Rubric, findings: list[Finding], *, case_pk: int | None = None) -> Score:
    """Objective items lose ``deduction`` points per finding of one of their rules (the whole item when no
    deduction is set) down to zero; a finding under a veto item makes the file 0 points and failing."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    items = list(rubric.items.all())
    categories = {c.pk: c for c in rubric.categories.all()}
    defects: list[Defect] = []
    by_item: dict[str, Decimal] = {}
    pending: list[RubricItem] = []
    vetoed = False
    for item in items:
        if item.bonus:
            pending.append(item)  # 加分项 are awarded by an evaluator; the prediction counts none of them
            continue
        group = "一票否决" if item.veto else categories[item.category_id].get_group_display()
        hits = [f for code in item.rule_codes for f in by_rule.get(code, [])]
        if not item.rule_codes:
            pending.append(item)
        remaining = item.points
        for f in hits:
            lost = ZERO if item.veto else min(remaining, item.deduction or item.points)
            remaining -= lost
            defects.append(
                Defect(
                    item=item.code,
                    title=item.title,
                    group=group,
                    veto=item.veto,
                    points_lost=lost,
                    rule=f.rule,
                    message=f.message,
                    article=f.article,
                    detail=f.detail,
                    fix_url=fix_url(case_pk, f.rule),
                )
            )
        if item.veto:
            vetoed = vetoed or bool(hits)
        else:
            by_item[item.code] = remaining
    total = ZERO if vetoed else sum(by_item.values(), ZERO)
    grade = rubric.failing_grade if vetoed else rubric.grade_for(total)
    return Score(
        rubric=rubric, total=total, grade=grade, vetoed=vetoed, defects=defects, by_item=by_item, pending=pending
    )


def score_facts(facts, *, rubric: Rubric | None = None, findings: list[Finding] | None = None) -> Score | None:
    """The self-check of a case (``None`` when no rubric is active): the score of a finished file; for an open
    case, the defects so far and the steps still to come, marked not final. ``findings`` are ``check_case(facts)``
    when the caller already has them."""
    from .rubrics import active_rubric
    from .selfcheck import is_finished, still_to_come

    rubric = rubric or active_rubric()
    if rubric is None:
        return None
    findings = check_case(facts) if findings is None else findings
    score = score_findings(rubric, findings, case_pk=facts.case.pk)
    if not is_finished(facts.case):
        score.final = False
        score.stage = facts.case.get_status_display()
        score.to_come = still_to_come(facts)
    return score
