"""Service of the decision within 7 working days (APL Art. 61)."""

from __future__ import annotations

from casemgmt.cases import models as m

from ._util import fmt
from .core import LawFamily, rule

SERVE_DECISION = "serve_decision"
SERVE = "serve"


@rule(
    code="APL-61-DECISION-SERVICE",
    name="决定书送达期限",
    family=LawFamily.APL,
    number=19,
    message="行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，应当在七个工作日内送达",
    article="《行政处罚法》第六十一条、第八十五条；《民事诉讼法》第九十五条",
    gates={SERVE_DECISION},
)
def decision_service(facts, attempt):
    from casemgmt.cases.clocks import service_deadline

    decision = facts.decision
    if decision is None or decision.handed_over_on_announcement:
        return
    deadline = service_deadline(facts, decision)
    if attempt is not None:
        delivered = attempt.get("delivered_on")
        if delivered < decision.decided_on:
            yield f"送达日期{fmt(delivered)}早于决定日期{fmt(decision.decided_on)}"
        elif deadline.certainly_passed(delivered) and not attempt.get("late_reason"):
            yield f"送达期限至{deadline.at_latest}，{fmt(delivered)}送达已逾期；如确需补送达，须填写逾期原因"
        return
    services = facts.decision_services()
    if not services:
        if deadline.certainly_passed(facts.today):
            yield f"决定于{fmt(decision.decided_on)}作出，至{deadline.at_latest}未送达"
        return
    first = services[0]
    if deadline.certainly_passed(first.delivered_on):
        yield f"决定书于{fmt(first.delivered_on)}送达（{first.get_method_display()}），超过期限{deadline.at_latest}"


@rule(
    code="APL-61-ELECTRONIC-CONSENT",
    name="电子送达须经同意",
    family=LawFamily.APL,
    number=19,
    message="当事人同意并签订确认书的，方可采用传真、电子邮件等方式送达",
    article="《行政处罚法》第六十一条第二款",
    gates={SERVE_DECISION, SERVE},
)
def electronic_consent(facts, attempt):
    items = [attempt.get("method")] if attempt is not None else [s.method for s in facts.services]
    if m.ServiceMethod.ELECTRONIC in items and not any(
        p.electronic_service_consent and p.service_address_confirmed for p in facts.parties
    ):
        yield "当事人未签署同意电子送达的送达地址确认书"
