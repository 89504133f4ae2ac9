"""Rules of the powers issue: who may act on a matter (rule 25), the law version cited, and transfers."""

from __future__ import annotations

from django.utils import timezone

from casemgmt.org.tree import unit_tree

from ._util import fmt, not_subject_head
from .core import LOCAL_SOURCE, LawFamily, rule

FILE = "file"
DECIDE = "decide"
SUMMARY = "summary_decide"
TRANSFER = "transfer"
TRANSFER_ACCEPT = "transfer_accept"


def _township(facts) -> int | None:
    case = facts.case
    if case.locality_id is not None:
        return case.locality_id
    return unit_tree().township_of(case.handling_unit_id)


def _power_problem(facts, day, *, filed_on=None) -> str | None:
    case = facts.case
    catalogue = facts.catalogue
    matter = facts.matter
    if matter is None:
        if catalogue.configured_for(case.enforcement_subject_id):
            return f"{catalogue.unit_name(case.enforcement_subject_id)}已配置执法事项清单，本案须选择执法事项（案由）"
        return None
    township = _township(facts)
    ok, holding = catalogue.holds(
        subject_id=case.enforcement_subject_id,
        matter_id=matter.pk,
        township_id=township,
        day=day,
        filed_on=filed_on,
    )
    if ok:
        return None
    where = f"在{catalogue.unit_name(township)}" if township else ""
    return (
        f"{fmt(day)}“{matter.code} {matter.name}”{where}由{catalogue.describe(holding)}行使，"
        f"本案执法主体{catalogue.unit_name(case.enforcement_subject_id)}不享有该事项"
    )


@rule(
    code="APL-24-SUBJECT-HOLDS-MATTER",
    name="执法主体职权",
    family=LawFamily.APL,
    number=25,
    message="执法主体须在立案之日和作出决定之日享有该执法事项（以赋权事项清单、执法事项清单为准）",
    article="《行政处罚法》第二十条、第二十四条、第二十五条",
    gates={FILE, DECIDE, SUMMARY, TRANSFER_ACCEPT},
)
def subject_holds_matter(facts, attempt):
    case = facts.case
    if attempt is not None:
        filed_on = case.filed_on if attempt.action == DECIDE else None
        problem = _power_problem(facts, attempt.on, filed_on=filed_on)
        if problem:
            yield problem
        return
    if case.filed_on is not None:
        problem = _power_problem(facts, case.filed_on)
        if problem:
            yield f"立案日：{problem}"
    if case.decided_on is not None:
        problem = _power_problem(facts, case.decided_on, filed_on=case.filed_on)
        if problem:
            yield f"决定日：{problem}"


def _violation_day(facts, attempt):
    case = facts.case
    if attempt is not None and attempt.action == SUMMARY:
        return attempt.get("violation_end") or attempt.get("violation_start") or case.violation_end
    return case.violation_end or case.violation_start


@rule(
    code="APL-37-LAW-IN-FORCE-AT-VIOLATION",
    name="从旧兼从轻",
    family=LawFamily.APL,
    message="所引违法条款、罚则条款的法律版本须在违法行为发生时有效（从旧兼从轻）",
    article="《行政处罚法》第三十七条",
    gates={DECIDE, SUMMARY},
)
def law_in_force_at_violation(facts, attempt):
    matter = facts.matter
    if matter is None:
        return
    if attempt is None and facts.case.decided_on is None:
        return
    day = _violation_day(facts, attempt)
    if day is None:
        return
    for label, version in (("违法条款", matter.violated_law), ("罚则条款", matter.penalty_law)):
        if version is None or version.superseded_on is None or version.superseded_on > day:
            continue
        how = "废止" if version.repealed else "修改后不再适用"
        yield (
            f"{label}“{getattr(matter, 'violated_clause' if label == '违法条款' else 'penalty_clause')}”所属"
            f"{version}已于{fmt(version.superseded_on)}{how}，早于违法行为发生之日{fmt(day)}；"
            f"应引用违法行为发生时有效的版本"
        )


def _received_by_transfer(facts) -> list:
    return [t for t in facts.transfers if t.status == "accepted"]


@rule(
    code="SAMR-14-NO-RETRANSFER",
    name="不得再行移送",
    family=LawFamily.SAMR,
    number=25,
    message="受移送的案件不得再自行移送；对管辖有异议的，报请共同的上一级机关指定管辖",
    article="《市场监督管理行政处罚程序规定》第十四条；《行政处罚法》第二十五条",
    gates={TRANSFER},
)
def no_retransfer(facts, attempt):
    if attempt is not None:
        for received in _received_by_transfer(facts):
            yield f"本案系{received.from_unit}于{fmt(received.received_on)}移送并由{received.to_unit}接收，不得再次移送"
        return
    accepted_to: dict[int, object] = {}
    for transfer in facts.transfers:
        if transfer.from_unit_id in accepted_to:
            yield f"受移送的案件于{fmt(timezone.localtime(transfer.sent_at).date())}被再次移送至{transfer.to_unit}"
        if transfer.status == "accepted":
            accepted_to[transfer.to_unit_id] = transfer


@rule(
    code="LOCAL-TRANSFER-DEADLINE",
    name="移送管辖期限",
    family=LawFamily.LOCAL,
    message="发现案件不属本机关管辖的，应在规定期限内移送（一般三个工作日，重大案件二十四小时）",
    article=f"{LOCAL_SOURCE}；《市场监督管理行政处罚程序规定》第十七条",
    gates=set(),
)
def transfer_on_time(facts, attempt):
    if attempt is not None:
        return
    for transfer in facts.transfers:
        if transfer.sent_at > transfer.due_at:
            due = timezone.localtime(transfer.due_at)
            sent = timezone.localtime(transfer.sent_at)
            yield f"移送{transfer.to_unit}的期限为{due:%Y-%m-%d %H:%M}，实际移送于{sent:%Y-%m-%d %H:%M}"


@rule(
    code="APL-57-DECIDED-FOR-SUBJECT",
    name="以执法主体名义决定",
    family=LawFamily.APL,
    message="处罚决定须由执法主体的行政机关负责人（或经其指定的负责人）作出；执法大队等内设机构的负责人、协办单位的负责人不得以执法主体名义作出决定",
    article="《行政处罚法》第二十条、第五十七条",
    gates={DECIDE},
)
def decided_for_subject(facts, attempt):
    if attempt is not None:
        problem = not_subject_head(facts.case, attempt.actor, "作出处理决定")
        if problem:
            yield problem
        return
    decision = facts.decision
    ordinary = facts.case.procedure == "ordinary"
    if decision is not None and decision.decided_by_id and ordinary:
        problem = not_subject_head(facts.case, decision.decided_by, "作出处理决定")
        if problem:
            yield problem
