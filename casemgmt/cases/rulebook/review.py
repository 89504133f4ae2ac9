"""Legal review (法制审核), case review and collective discussion before the decision."""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.models.procedure import ReviewKind, ReviewResult

from ._util import fmt
from .core import LawFamily, rule
from .notice import decision_date, intended
from .triggers import is_aggravated, legal_review_reasons

REVIEW = "review"
DECIDE = "decide"


def review_reasons(facts, attempt) -> list[str]:
    data = intended(facts, attempt)
    if data is None:
        return []
    return legal_review_reasons(
        facts,
        types=data.get("penalty_types") or [],
        fine=data.get("fine_amount"),
        confiscation=data.get("confiscation_amount"),
        is_reduction=bool(data.get("is_reduction")) or bool(facts.report and facts.report.proposes_reduction),
        on=decision_date(facts, attempt),
        is_aggravation=is_aggravated(facts, data),
    )


def latest_legal_review(facts, on):
    """The latest legal-review round dated on or before ``on``, whatever its result; None if there is none."""
    reviews = [r for r in facts.legal_reviews() if r.reviewed_on <= on]
    return max(reviews, key=lambda r: (r.round, r.reviewed_on, r.pk)) if reviews else None


def report_reviewed_by(facts, review, on):
    """The latest investigation report submitted on or before ``on`` when ``review`` predates it, else None.
    An opinion on an earlier report does not review a report resubmitted after further investigation."""
    reports = [r for r in facts.reports if r.submitted_on <= on]
    if reports and review.reviewed_on < reports[-1].submitted_on:
        return reports[-1]
    return None


def passing_legal_review(facts, on):
    """The latest legal-review opinion on or before ``on`` when it is 同意 and not older than the report decided
    on; else None."""
    latest = latest_legal_review(facts, on)
    if latest is None or latest.result != ReviewResult.APPROVE or report_reviewed_by(facts, latest, on):
        return None
    return latest


@rule(
    code="APL-58-LEGAL-REVIEW-REQUIRED",
    name="决定前法制审核",
    family=LawFamily.APL,
    number=10,
    message="属于法制审核情形的，未经法制审核或者审核未通过的，不得作出决定",
    article="《行政处罚法》第五十八条；《市场监督管理行政处罚程序规定》第五十条",
    gates={DECIDE},
)
def legal_review_required(facts, attempt):
    reasons = review_reasons(facts, attempt)
    if not reasons:
        return
    on = decision_date(facts, attempt)
    if passing_legal_review(facts, on) is None:
        latest = latest_legal_review(facts, on)
        if latest is None:
            state = "尚无法制审核意见"
        elif latest.result != ReviewResult.APPROVE:
            state = f"最近一次审核意见为“{latest.get_result_display()}”"
        else:
            report = report_reviewed_by(facts, latest, on)
            state = f"{fmt(latest.reviewed_on)}的审核意见早于{fmt(report.submitted_on)}重新提交的调查终结报告"
        yield f"本案{'、'.join(reasons)}，须经法制审核同意；{state}"


@rule(
    code="SAMR-49-REVIEWER-NOT-HANDLER",
    name="承办人员不得审核",
    family=LawFamily.SAMR,
    number=10,
    message="案件承办人员不得作为本案审核人员",
    article="《市场监督管理行政处罚程序规定》第四十九条第三款",
    general="《行政处罚法》第五十八条；国办发〔2018〕118号（重大执法决定法制审核制度）",
    gates={REVIEW},
)
def reviewer_not_handler(facts, attempt):
    reviewers = [attempt.get("reviewer")] if attempt is not None else [r.reviewer for r in facts.reviews]
    for reviewer in reviewers:
        if reviewer is not None and reviewer.pk in facts.handler_ids:
            yield f"{reviewer.name}是本案承办人员，不能审核本案"


@rule(
    code="APL-58-REVIEWER-QUALIFIED",
    name="法制审核人员资格",
    family=LawFamily.APL,
    number=10,
    message="初次从事行政处罚决定法制审核的人员，应当取得法律职业资格",
    article="《行政处罚法》第五十八条第二款；《市场监督管理行政处罚程序规定》第五十一条",
    gates={REVIEW},
)
def reviewer_qualified(facts, attempt):
    if attempt is not None:
        items = [(attempt.get("kind"), attempt.get("reviewer"))]
    else:
        items = [(r.kind, r.reviewer) for r in facts.reviews]
    for kind, reviewer in items:
        if kind == ReviewKind.LEGAL and reviewer is not None and not reviewer.has_legal_qualification:
            yield f"{reviewer.name}未登记法律职业资格，不能从事法制审核"


@rule(
    code="SAMR-50-REVIEW-AFTER-HEARING",
    name="听证后法制审核",
    family=LawFamily.SAMR,
    number=11,
    message="经过听证的案件，法制审核应当在听证结束后进行",
    article="《市场监督管理行政处罚程序规定》第五十条第二款",
    general="《行政处罚法》第五十八条第一款第二项",
    gates={DECIDE},
)
def review_after_hearing(facts, attempt):
    if intended(facts, attempt) is None:
        return
    hearing = facts.held_hearing
    if hearing is None:
        return
    on = decision_date(facts, attempt)
    ended = hearing.ended_on or hearing.held_on
    after = [r for r in facts.legal_reviews() if r.result == ReviewResult.APPROVE and ended <= r.reviewed_on <= on]
    if not after:
        yield f"听证于{fmt(ended)}结束，其后尚无同意的法制审核意见"


@rule(
    code="APL-57-COLLECTIVE-DISCUSSION",
    name="负责人集体讨论",
    family=LawFamily.APL,
    number=12,
    message="情节复杂或者重大违法行为给予行政处罚的，行政机关负责人应当集体讨论决定",
    article="《行政处罚法》第五十七条第二款；《市场监督管理行政处罚程序规定》第六十条第二款",
    gates={DECIDE},
)
def collective_discussion(facts, attempt):
    if intended(facts, attempt) is None:
        return
    reasons = []
    if facts.case.is_complex:
        reasons.append("情节复杂或重大违法")
    if facts.policy.collective_discussion_for_all_reviewed and review_reasons(facts, attempt):
        reasons.append("经法制审核")
    if not reasons:
        return
    on = decision_date(facts, attempt)
    if not any(d.held_on <= on for d in facts.discussions):
        yield f"本案{'、'.join(reasons)}，决定前尚无集体讨论记录"


__all__ = ["latest_legal_review", "m", "passing_legal_review", "review_reasons"]
