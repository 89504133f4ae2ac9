"""Summary procedure (当场处罚): ceilings and on-the-spot collection."""

from __future__ import annotations

from decimal import Decimal

from casemgmt.cases import models as m
from casemgmt.cases.models.penalty import SUMMARY_PENALTIES, penalty_labels
from casemgmt.cases.models.procedure import OnSpotGround

from ._util import money
from .core import LawFamily, rule

SUMMARY = "summary_decide"


def _summary_decision(facts, attempt):
    if attempt is not None:
        return attempt.data
    if facts.case.procedure != m.ProcedureType.SUMMARY or facts.decision is None:
        return None
    d = facts.decision
    return {
        "penalty_types": d.penalty_types,
        "fine_amount": d.fine_amount,
        "collected_on_spot": d.collected_on_spot,
        "on_spot_ground": d.on_spot_ground,
        "receipt_number": d.receipt_number,
    }


@rule(
    code="APL-51-SUMMARY-CEILING",
    name="当场处罚限额",
    family=LawFamily.APL,
    number=4,
    message="当场处罚仅限警告或者对公民二百元以下、对法人或者其他组织三千元以下罚款",
    article="《行政处罚法》第五十一条",
    gates={SUMMARY},
)
def summary_ceiling(facts, attempt):
    data = _summary_decision(facts, attempt)
    if data is None:
        return
    types = set(data.get("penalty_types") or [])
    if not types:
        yield "未选择处罚种类"
    other = types - SUMMARY_PENALTIES
    if other:
        yield f"简易程序不能适用{penalty_labels(sorted(other))}，应适用普通程序"
    fine = Decimal(data.get("fine_amount") or 0)
    citizen = data.get("party_is_citizen", facts.party_is_citizen)
    limit = facts.policy.summary_fine_limit_citizen if citizen else facts.policy.summary_fine_limit_organisation
    if fine > limit:
        who = "公民" if citizen else "法人或者其他组织"
        yield f"对{who}罚款{money(fine)}，超过当场处罚上限{money(limit)}，应适用普通程序"
    if "fine" in types and fine <= 0:
        yield "选择了罚款但罚款金额为零"


@rule(
    code="APL-68-ON-SPOT-COLLECTION",
    name="当场收缴罚款",
    family=LawFamily.APL,
    number=5,
    message="当场收缴罚款仅限一百元以下，或不当场收缴事后难以执行、边远地区当事人提出的情形，并须出具专用票据",
    article="《行政处罚法》第六十八条、第六十九条、第七十条",
    gates={SUMMARY},
)
def on_spot_collection(facts, attempt):
    data = _summary_decision(facts, attempt)
    if data is None or not data.get("collected_on_spot"):
        return
    fine = Decimal(data.get("fine_amount") or 0)
    ground = data.get("on_spot_ground") or ""
    limit = facts.policy.on_spot_collection_limit
    if fine > limit and ground not in (OnSpotGround.HARD_TO_ENFORCE, OnSpotGround.REMOTE):
        yield f"罚款{money(fine)}超过{money(limit)}，且未记录事后难以执行或边远地区的事由"
    if ground == OnSpotGround.SMALL and fine > limit:
        yield f"所选事由为“罚款一百元以下”，但罚款为{money(fine)}"
    if not (data.get("receipt_number") or "").strip():
        yield "未填写财政部门统一制发的专用票据号码"
