"""行政执法数据统计年报: the yearly tables an enforcement subject (执法主体) or the whole county reports upward.

**As of the year end.** The tables of year Y are what the system knew at the end of Y (Asia/Shanghai): they are
computed from the case event log (``CaseEvent``, hash-chained and append-only) and the rows its events name, never
from today's status fields. A fact counts when

- its event was recorded before 1 January Y+1 00:00 local time, and
- its **统计日期** lies in Y, the statistical date being the later of the fact's own date (filing, decision,
  payment, hearing, review, end of a 复议/诉讼 …) and the local day its event was recorded.

So a payment, a 复议 result or a late entry recorded in 2026 counts in 2026 even when it is dated 2025, and the
2025 tables computed in 2027 are those of the end of 2025. What the event fixes is read from the event's payload
or from the immutable row it names (a ``Decision``, a ``Payment``, a ``ReviewOpinion``); what a later act changes
on a row (a hearing held, a 复议 concluded) is read from that act's own event. A case counts for the enforcement
subject it had when the event was recorded (a case moved by 移送 counts for the receiver from then on).

Rows recorded before the events carried their ids fall back on the row's ``recorded_at``.

Each figure is one function below whose docstring is its definition (also shown in the .xlsx notes, the JSON and
``samples/statistics/README.md``). 立案数, 行政处罚/不予处罚决定数, 罚款决定金额 and 罚款收缴金额 are the dashboard's
figures (``stats.py``) under the as-of rule.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.models.penalty import PenaltyType
from casemgmt.cases.rulebook.closing import NO_PENALTY_KINDS
from casemgmt.cases.services.base import InputError
from casemgmt.org.models import Unit
from casemgmt.org.selectors import memberships_of, sees_everything
from casemgmt.org.tree import ENFORCEMENT_SUBJECT_KINDS, UnitKind, unit_tree
from casemgmt.powers.models import Matter

from .stats import period

ZERO = Decimal("0")
FIRST_YEAR = 2000
NO_FIELD = "（未关联执法事项）"
SCHEMA = "casemgmt.annual-statistics/1"


# --- facts read from the log ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One thing the log recorded, with the unit and matter of its case when it was recorded."""

    kind: str  # FILED, DECIDED, PAID, HEARING_REQUESTED, HEARING_HELD, REVIEWED, CHALLENGED, CONCLUDED, CLOSED
    case_id: int
    unit_id: int
    matter_id: int | None
    on: dt.date  # 统计日期: the later of the fact's own date and the local day it was recorded
    action: str = ""
    decision_kind: str = ""
    penalty_types: tuple[str, ...] = ()
    fine: Decimal = ZERO
    confiscation: Decimal = ZERO
    payment_kind: str = ""
    amount: Decimal = ZERO
    review_kind: str = ""
    review_result: str = ""
    remedy_kind: str = ""
    result: str = ""
    party_absent: bool = False
    first_legal: bool = False  # the case's first 法制审核 opinion


FILED, DECIDED, PAID, CLOSED = "filed", "decided", "paid", "closed"
HEARING_REQUESTED, HEARING_HELD, REVIEWED = "hearing_requested", "hearing_held", "reviewed"
CHALLENGED, CONCLUDED = "challenged", "concluded"

ACTIONS = (
    "file",
    "decide",
    "summary_decide",
    "payment",
    "statement_hearing_request",
    "hold_hearing",
    "review",
    "challenge",
    "conclude_challenge",
    "close",
    "transfer_accept",
)


def year_end(year: int) -> dt.datetime:
    """The first instant after year ``year`` in the site's time zone (1 January ``year``+1, 00:00 local)."""
    return timezone.make_aware(dt.datetime(year + 1, 1, 1), timezone.get_default_timezone())


def _local_day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at, timezone.get_default_timezone()).date()


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


When = tuple[dt.datetime, int]  # an event's time and its place in the case's log (ties under one clock tick)


class _Subjects:
    """The enforcement subject of each case at a point of its log: today's for a case never moved by 移送, else
    the sender's before the first accepted transfer and each receiver's from its transfer_accept event on. (The
    matter is the case's current one: only a receiver may reset it.)"""

    def __init__(self, cases: dict[int, tuple[int, int | None]], accepted: list[tuple[int, When, int]]):
        from casemgmt.powers.models import Transfer

        self.current = cases
        self.timeline: dict[int, tuple[list[When], list[int]]] = {}
        transfers = dict(
            (pk, (from_unit, to_unit))
            for pk, from_unit, to_unit in Transfer.objects.filter(pk__in=[t for _, _, t in accepted]).values_list(
                "pk", "from_unit_id", "to_unit_id"
            )
        )
        tree = unit_tree()
        for case_id, when, transfer_id in sorted(accepted, key=lambda a: (a[0], a[1])):
            if transfer_id not in transfers or case_id not in cases:
                continue
            from_unit, to_unit = transfers[transfer_id]
            keys, states = self.timeline.setdefault(case_id, ([], []))
            if not keys:
                keys.append((dt.datetime.min.replace(tzinfo=dt.UTC), 0))
                states.append(tree.enforcement_subject(from_unit) or cases[case_id][0])
            keys.append(when)
            states.append(tree.enforcement_subject(to_unit) or cases[case_id][0])

    def at(self, case_id: int, when: When) -> tuple[int, int | None]:
        unit_id, matter_id = self.current[case_id]
        line = self.timeline.get(case_id)
        if line is None:
            return unit_id, matter_id
        keys, states = line
        return states[max(bisect.bisect_right(keys, when) - 1, 0)], matter_id


def collect_facts(*, until: dt.datetime, unit_ids: Iterable[int] | None = None) -> list[Fact]:
    """Every fact recorded before ``until`` for the cases of ``unit_ids`` (all units when None).

    A handful of queries whatever the number of cases: the events, then the rows they name, by kind."""
    cases = m.Case.objects.all()
    moved_ids = set(
        m.CaseEvent.objects.filter(action="transfer_accept", at__lt=until).values_list("case_id", flat=True)
    )
    if unit_ids is not None:
        unit_ids = set(unit_ids)
        cases = cases.filter(Q(enforcement_subject_id__in=unit_ids) | Q(pk__in=moved_ids))

    def in_scope(ids: list[int]) -> Q:
        """The rows of the cases read: no filter for the whole county (a long IN list costs more than it saves)."""
        return Q() if unit_ids is None else Q(case_id__in=ids)

    current = {
        pk: (unit, matter) for pk, unit, matter in cases.values_list("pk", "enforcement_subject_id", "matter_id")
    }
    logged = list(
        m.CaseEvent.objects.filter(in_scope(list(current)), action__in=ACTIONS)
        .order_by("case_id", "seq")
        .values_list("case_id", "action", "at", "payload", "seq")
    )
    events = [e for e in logged if e[2] < until]
    subjects = _Subjects(
        current,
        [
            (case_id, (at, seq), int(payload["transfer"]))
            for case_id, action, at, payload, seq in events
            if action == "transfer_accept" and isinstance(payload, dict) and payload.get("transfer")
        ],
    )
    case_ids = list(current)

    def ref(key: str, *actions: str) -> dict[int, When]:
        """Row id → when the first event naming it (under ``key``) was recorded."""
        found: dict[int, When] = {}
        for _, action, at, payload, seq in events:
            if action in actions and isinstance(payload, dict) and payload.get(key):
                found.setdefault(int(payload[key]), (at, seq))
        return found

    # Rows named by an event of any time: a row named by none is from before the events carried ids.
    named: dict[str, set[int]] = defaultdict(set)
    for _, action, _at, payload, _seq in logged:
        if isinstance(payload, dict):
            for key in ("decision", "payment", "review", "statement", "closing", "challenge"):
                if payload.get(key) and (key != "challenge" or action == "challenge"):
                    named[key].add(int(payload[key]))

    def rows(qs, key: str, referenced: dict[int, When], *columns: str) -> list[tuple[When, dict]]:
        """The rows named by an event before ``until`` (recorded at that event) and the rows no event names that
        were recorded before ``until`` (at their ``recorded_at``)."""
        qs = qs.filter(in_scope(case_ids))  # then by time here: an IN list of named ids costs more than it saves
        out = []
        for row in qs.values("pk", "case_id", "recorded_at", *columns):
            when = referenced.get(row["pk"])
            if when is None:
                if row["pk"] in named[key]:
                    continue  # named by an event recorded after ``until``
                when = (row["recorded_at"], 0)
            if when[0] < until:
                out.append((when, row))
        return out

    facts: list[Fact] = []

    def add(kind: str, case_id: int, when: When, own: dt.date | None, **data) -> None:
        unit_id, matter_id = subjects.at(case_id, when)
        day = _local_day(when[0])
        on = max(own, day) if own is not None else day
        facts.append(Fact(kind, case_id, unit_id, matter_id, on, **data))

    # 立案: the filing event (its payload holds the filing date)
    for case_id, action, at, payload, seq in events:
        if action == "file":
            add(FILED, case_id, (at, seq), _date((payload or {}).get("on")))

    # 决定: the decision named by decide / summary_decide (a Decision row is never changed afterwards)
    decision_actions = {}
    for _, action, _at, payload, _seq in events:
        if action in ("decide", "summary_decide") and isinstance(payload, dict) and payload.get("decision"):
            decision_actions.setdefault(int(payload["decision"]), action)
    columns = ("kind", "decided_on", "penalty_types", "fine_amount", "confiscation_amount")
    for when, row in rows(m.Decision.objects.all(), "decision", ref("decision", "decide", "summary_decide"), *columns):
        add(
            DECIDED,
            row["case_id"],
            when,
            row["decided_on"],
            action=decision_actions.get(row["pk"], "decide"),
            decision_kind=row["kind"],
            penalty_types=tuple(row["penalty_types"] or ()),
            fine=row["fine_amount"] or ZERO,
            confiscation=row["confiscation_amount"] or ZERO,
        )

    for when, row in rows(
        m.Payment.objects.all(), "payment", ref("payment", "payment", "summary_decide"), "kind", "amount", "paid_on"
    ):
        add(PAID, row["case_id"], when, row["paid_on"], payment_kind=row["kind"], amount=row["amount"])

    requests = m.Statement.objects.filter(kind=m.StatementKind.HEARING_REQUEST)
    for when, row in rows(requests, "statement", ref("statement", "statement_hearing_request"), "received_on"):
        add(HEARING_REQUESTED, row["case_id"], when, row["received_on"])

    columns = ("kind", "result", "reviewed_on")
    for when, row in rows(m.ReviewOpinion.objects.all(), "review", ref("review", "review"), *columns):
        add(
            REVIEWED,
            row["case_id"],
            when,
            row["reviewed_on"],
            review_kind=row["kind"],
            review_result=row["result"],
        )

    for when, row in rows(m.Closing.objects.all(), "closing", ref("closing", "close"), "approved_on"):
        add(CLOSED, row["case_id"], when, row["approved_on"])

    _hearings(events, add, until=until, case_ids=case_ids)
    _challenges(events, add, until=until, scope=in_scope(case_ids), named=named["challenge"], logged=logged)
    return _mark_first_legal_reviews(facts)


def _mark_first_legal_reviews(facts: list[Fact]) -> list[Fact]:
    """Flag each case's first 法制审核 opinion (earliest 统计日期) among everything recorded so far: a case
    reviewed in several rounds or years counts once, in the year of its first opinion. A later-recorded opinion
    never has an earlier 统计日期, so the flag of a past year does not move."""
    first: dict[int, int] = {}
    for index, f in enumerate(facts):
        if (
            f.kind == REVIEWED
            and f.review_kind == m.ReviewKind.LEGAL
            and (f.case_id not in first or f.on < facts[first[f.case_id]].on)
        ):
            first[f.case_id] = index
    for index in first.values():
        facts[index] = replace(facts[index], first_legal=True)
    return facts


def _hearings(events, add, *, until: dt.datetime, case_ids: list[int]) -> None:
    """听证 held: the hold_hearing event (its payload names the hearing, the day and whether the party came);
    older events without a payload are matched in order to the case's held hearings."""
    legacy: dict[int, list[When]] = defaultdict(list)
    named: set[int] = set()
    for case_id, action, at, payload, seq in events:
        if action != "hold_hearing":
            continue
        if isinstance(payload, dict) and payload.get("hearing"):
            named.add(int(payload["hearing"]))
            add(
                HEARING_HELD,
                case_id,
                (at, seq),
                _date(payload.get("held_on")),
                party_absent=bool(payload.get("party_absent")),
            )
        else:
            legacy[case_id].append((at, seq))
    if not legacy:
        return
    held = (
        m.Hearing.objects.filter(case_id__in=list(legacy), held_on__isnull=False)
        .exclude(pk__in=named)
        .order_by("case_id", "held_on", "pk")
        .values_list("case_id", "held_on", "party_absent")
    )
    by_case: dict[int, list] = defaultdict(list)
    for case_id, held_on, absent in held:
        by_case[case_id].append((held_on, absent))
    for case_id, times in legacy.items():
        for when, (held_on, absent) in zip(times, by_case.get(case_id, ()), strict=False):
            add(HEARING_HELD, case_id, when, held_on, party_absent=absent)


def _challenges(events, add, *, until: dt.datetime, scope: Q, named: set[int], logged) -> None:
    """复议/诉讼 filed and concluded, from the challenge and conclude_challenge events' payloads; a challenge
    recorded before the events carried it counts at its ``recorded_at`` with the end it was recorded with."""
    for case_id, action, at, payload, seq in events:
        if action not in ("challenge", "conclude_challenge") or not isinstance(payload, dict):
            continue
        if not payload.get("challenge"):
            continue
        kind = payload.get("kind", "")
        if action == "challenge":
            add(CHALLENGED, case_id, (at, seq), _date(payload.get("filed_on")), remedy_kind=kind)
        ended_on = _date(payload.get("ended_on"))
        if ended_on is not None:
            add(CONCLUDED, case_id, (at, seq), ended_on, remedy_kind=kind, result=payload.get("result") or "")
    concluded_later = {
        int(payload["challenge"])
        for _, action, _at, payload, _seq in logged
        if action == "conclude_challenge" and isinstance(payload, dict) and payload.get("challenge")
    }
    old = (
        m.RemedyChallenge.objects.filter(scope, recorded_at__lt=until)
        .exclude(pk__in=named)
        .values_list("pk", "case_id", "recorded_at", "kind", "filed_on", "ended_on", "result")
    )
    for pk, case_id, at, kind, filed_on, ended_on, result in old:
        add(CHALLENGED, case_id, (at, 0), filed_on, remedy_kind=kind)
        if ended_on is not None and pk not in concluded_later:  # recorded with its end, before events named it
            add(CONCLUDED, case_id, (at, 0), ended_on, remedy_kind=kind, result=result)


# --- the figures -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: str
    compute: Callable[[list[Fact]], int | Decimal]
    money: bool = False

    @property
    def definition(self) -> str:
        return " ".join((self.compute.__doc__ or "").split())


FIGURES: list[Figure] = []
SECTIONS = (
    "一、案件办理",
    "二、行政处罚种类（件）",
    "三、罚没金额（元）",
    "四、法制审核",
    "五、听证",
    "六、行政复议",
    "七、行政诉讼",
    "八、纠错",
)


def figure(key: str, section: int, label: str, *, money: bool = False):
    def register(fn):
        FIGURES.append(Figure(key, SECTIONS[section], label, fn, money))
        return fn

    return register


def _of(facts: list[Fact], kind: str) -> list[Fact]:
    return [f for f in facts if f.kind == kind]


def _penalties(facts: list[Fact]) -> list[Fact]:
    return [f for f in _of(facts, DECIDED) if f.decision_kind == m.DecisionKind.PENALTY]


@figure("cases_filed", 0, "立案数")
def cases_filed(facts):
    """普通程序立案的案件数：立案事件（file）按立案日期计入（与监督看板“立案数”同一口径）。"""
    return len(_of(facts, FILED))


@figure("penalty_decisions", 0, "作出行政处罚决定数")
def penalty_decisions(facts):
    """决定类型为“给予行政处罚”的决定数（含当场处罚），按决定日期计入；一案一个决定计一件。"""
    return len(_penalties(facts))


@figure("penalty_decisions_summary", 0, "其中：简易程序")
def penalty_decisions_summary(facts):
    """以简易程序当场作出的行政处罚决定数（当场处罚，行政处罚法第五十一条）。"""
    return sum(1 for f in _penalties(facts) if f.action == "summary_decide")


@figure("penalty_decisions_ordinary", 0, "其中：普通程序")
def penalty_decisions_ordinary(facts):
    """以普通程序作出的行政处罚决定数（作出决定，行政处罚法第五十七条）。"""
    return sum(1 for f in _penalties(facts) if f.action != "summary_decide")


@figure("no_penalty_decisions", 0, "不予行政处罚决定数")
def no_penalty_decisions(facts):
    """不予行政处罚决定数（违法行为轻微、首违不罚、违法事实不能成立），按决定日期计入。"""
    return sum(1 for f in _of(facts, DECIDED) if f.decision_kind in NO_PENALTY_KINDS)


@figure("cases_closed", 0, "结案数")
def cases_closed(facts):
    """经结案审批的案件数，按结案审批日期计入。"""
    return len(_of(facts, CLOSED))


# Rows of the penalty-type table in the order of APL Art. 9, with the types that fall under each row.
PENALTY_ROWS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("warning", "警告", frozenset({PenaltyType.WARNING})),
    ("criticism", "通报批评", frozenset({PenaltyType.CRITICISM})),
    ("fine", "罚款", frozenset({PenaltyType.FINE})),
    (
        "confiscation",
        "没收违法所得、没收非法财物",
        frozenset({PenaltyType.CONFISCATE_INCOME, PenaltyType.CONFISCATE_PROPERTY}),
    ),
    ("suspend_licence", "暂扣许可证件", frozenset({PenaltyType.SUSPEND_LICENCE})),
    ("lower_qualification", "降低资质等级", frozenset({PenaltyType.LOWER_QUALIFICATION})),
    ("revoke_licence", "吊销许可证件", frozenset({PenaltyType.REVOKE_LICENCE})),
    ("restrict_business", "限制开展生产经营活动", frozenset({PenaltyType.RESTRICT_BUSINESS})),
    ("suspend_business", "责令停产停业", frozenset({PenaltyType.SUSPEND_BUSINESS})),
    ("close", "责令关闭", frozenset({PenaltyType.CLOSE})),
    ("restrict_practice", "限制从业", frozenset({PenaltyType.RESTRICT_PRACTICE})),
    # Only the public security organs may detain (APL Art. 18 para 3): no enforcement subject here can.
    ("detention", "行政拘留", frozenset({"detention"})),
)
_LISTED = frozenset().union(*(types for _, _, types in PENALTY_ROWS))


def _penalty_type_figure(key: str, label: str, types: frozenset[str]) -> None:
    def compute(facts):
        return sum(1 for f in _penalties(facts) if types & set(f.penalty_types))

    compute.__doc__ = (
        f"处罚种类含“{label}”的行政处罚决定数；一个决定并处几种处罚的，在每一种中各计一件（各种类之和可大于决定数）。"
        + ("本县执法主体无行政拘留权（行政处罚法第十八条第三款），恒为0。" if key == "detention" else "")
    )
    figure(f"penalty_{key}", 1, label)(compute)


for _key, _label, _types in PENALTY_ROWS:
    _penalty_type_figure(_key, _label, _types)


@figure("penalty_other", 1, "其他行政处罚")
def penalty_other(facts):
    """处罚种类含上列以外的其他行政处罚（法律、行政法规规定的其他行政处罚）的决定数。"""
    return sum(1 for f in _penalties(facts) if set(f.penalty_types) - _LISTED)


@figure("fines_decided", 2, "罚款决定金额", money=True)
def fines_decided(facts):
    """当年作出的行政处罚决定所处罚款金额之和（与监督看板“罚款决定金额”同一口径）。"""
    return sum((f.fine for f in _penalties(facts)), ZERO)


@figure("confiscation_decided", 2, "没收决定金额", money=True)
def confiscation_decided(facts):
    """当年作出的行政处罚决定所定没收违法所得、非法财物金额之和。"""
    return sum((f.confiscation for f in _penalties(facts)), ZERO)


def _paid(facts, kind: str) -> Decimal:
    return sum((f.amount for f in _of(facts, PAID) if f.payment_kind == kind), ZERO)


@figure("fines_collected", 2, "罚款收缴金额", money=True)
def fines_collected(facts):
    """当年登记缴纳的罚款（含当场收缴），按缴纳日期计入，不论决定作出于哪一年（与监督看板“罚款收缴金额”同一口径）。"""
    return _paid(facts, m.PaymentKind.FINE)


@figure("confiscation_collected", 2, "没收款收缴金额", money=True)
def confiscation_collected(facts):
    """当年登记缴纳的没收违法所得款项，按缴纳日期计入。"""
    return _paid(facts, m.PaymentKind.CONFISCATION)


@figure("surcharge_collected", 2, "加处罚款收缴金额", money=True)
def surcharge_collected(facts):
    """当年登记缴纳的加处罚款（行政处罚法第七十二条），按缴纳日期计入。"""
    return _paid(facts, m.PaymentKind.SURCHARGE)


def _legal(facts) -> list[Fact]:
    return [f for f in _of(facts, REVIEWED) if f.review_kind == m.ReviewKind.LEGAL]


@figure("legal_review_cases", 3, "法制审核案件数")
def legal_review_cases(facts):
    """经法制审核的案件数：案件第一份法制审核意见的审核日期所在年度计一件，以后各轮不再计（行政处罚法第五十八条）。"""
    return sum(1 for f in _legal(facts) if f.first_legal)


@figure("legal_review_opinions", 3, "法制审核意见份数")
def legal_review_opinions(facts):
    """当年出具的法制审核意见份数，每一轮审核计一份。"""
    return len(_legal(facts))


@figure("legal_review_objections", 3, "其中：提出纠正、补充调查或其他意见")
def legal_review_objections(facts):
    """法制审核意见不是“同意”的份数（建议纠正、建议补充调查、其他意见）。"""
    return sum(1 for f in _legal(facts) if f.review_result != m.ReviewResult.APPROVE)


@figure("hearing_requests", 4, "听证申请数")
def hearing_requests(facts):
    """当事人申请听证的件数，按提出申请日期计入。"""
    return len(_of(facts, HEARING_REQUESTED))


@figure("hearings_held", 4, "举行听证数")
def hearings_held(facts):
    """举行听证的次数，按举行日期计入；当事人无正当理由未到场（视为放弃听证）的不计。"""
    return sum(1 for f in _of(facts, HEARING_HELD) if not f.party_absent)


RESULT_COLUMNS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("upheld", "维持", frozenset({m.RemedyResult.UPHELD})),
    ("revoked", "撤销", frozenset({m.RemedyResult.REVOKED})),
    ("changed", "变更", frozenset({m.RemedyResult.CHANGED})),
    (
        "confirmed_illegal",
        "确认违法或无效",
        frozenset({m.RemedyResult.CONFIRMED_ILLEGAL, m.RemedyResult.CONFIRMED_VOID}),
    ),
)
_RESULTS_LISTED = frozenset().union(*(results for _, _, results in RESULT_COLUMNS))


def _remedy_figures(kind: str, prefix: str, section: int, name: str) -> None:
    def filed(facts):
        return sum(1 for f in _of(facts, CHALLENGED) if f.remedy_kind == kind)

    filed.__doc__ = f"当事人对本单位决定申请{name}的件数，按申请（起诉）日期计入。"
    figure(
        f"{prefix}_filed", section, f"被申请{name}数" if kind == m.RemedyKind.RECONSIDERATION else f"被提起{name}数"
    )(filed)

    def concluded(facts):
        return sum(1 for f in _of(facts, CONCLUDED) if f.remedy_kind == kind)

    concluded.__doc__ = f"{name}审结的件数，按审结日期计入（审结结果登记于次年的，计入次年）。"
    figure(f"{prefix}_concluded", section, "审结数")(concluded)
    for key, label, results in RESULT_COLUMNS:

        def by_result(facts, results=results):
            return sum(1 for f in _of(facts, CONCLUDED) if f.remedy_kind == kind and f.result in results)

        by_result.__doc__ = f"{name}审结、结果为{label}的件数。"
        figure(f"{prefix}_{key}", section, f"其中：{label}")(by_result)

    def other(facts):
        return sum(1 for f in _of(facts, CONCLUDED) if f.remedy_kind == kind and f.result not in _RESULTS_LISTED)

    other.__doc__ = f"{name}审结、结果为驳回、终止（撤回）、调解和解或其他的件数。"
    figure(f"{prefix}_other", section, "其中：驳回、终止及其他")(other)


_remedy_figures(m.RemedyKind.RECONSIDERATION, "reconsideration", 5, "行政复议")
_remedy_figures(m.RemedyKind.LITIGATION, "litigation", 6, "行政诉讼")


@figure("reversed", 7, "决定被撤销、变更、确认违法或无效数")
def reversed_decisions(facts):
    """经行政复议或行政诉讼，决定被撤销、变更、确认违法或确认无效的件次，按审结日期计入。"""
    return sum(1 for f in _of(facts, CONCLUDED) if f.result in m.REVERSING_RESULTS)


FIGURE_KEYS = tuple(f.key for f in FIGURES)
assert len(set(FIGURE_KEYS)) == len(FIGURE_KEYS), "a figure key is declared twice"

# The by-field table (按执法领域): the figures that split by the case's matter.
FIELD_FIGURES = ("cases_filed", "penalty_decisions", "fines_decided", "confiscation_decided")


# --- tables ----------------------------------------------------------------------------------------------------------


@dataclass
class UnitTable:
    unit_id: int | None  # None: the county total
    name: str
    figures: dict[str, int | Decimal]
    by_field: dict[str, dict[str, int | Decimal]]


@dataclass
class Annual:
    year: int
    scope: str  # "unit" or "county"
    scope_name: str
    as_of: dt.datetime
    fields: list[str]
    units: list[UnitTable]
    total: UnitTable
    generated_at: dt.datetime = field(default_factory=timezone.now)


def _table(unit_id: int | None, name: str, facts: list[Fact], fields: list[str], matter_fields: dict) -> UnitTable:
    by_field: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_field[matter_fields.get(f.matter_id) or NO_FIELD].append(f)
    return UnitTable(
        unit_id,
        name,
        {f.key: f.compute(facts) for f in FIGURES},
        {name: {key: BY_KEY[key].compute(by_field[name]) for key in FIELD_FIGURES} for name in fields},
    )


BY_KEY = {f.key: f for f in FIGURES}


def subject_units(*, until: dt.datetime, including: set[int] = frozenset()) -> list[Unit]:
    """The enforcement subjects that existed at ``until`` (created before it by their history) and those of
    ``including``, townships first, then county departments, each by name: the county tables' fixed row order."""
    created = dict(
        Unit.history.filter(history_type="+")
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    units = [
        u
        for u in Unit.objects.filter(kind__in=ENFORCEMENT_SUBJECT_KINDS)
        if created.get(u.pk) is None or created[u.pk] < until or u.pk in including
    ]
    order = {UnitKind.TOWNSHIP: 0, UnitKind.COUNTY_DEPARTMENT: 1}
    return sorted(units, key=lambda u: (order.get(u.kind, 9), u.name, u.pk))


def annual_statistics(*, year: int, unit: Unit | None, generated_at: dt.datetime | None = None) -> Annual:
    """The tables of ``year`` for one enforcement subject, or the county (every enforcement subject and their
    total) when ``unit`` is None, as of the end of the year (or as of now for the current year)."""
    validate_year(year)
    until = year_end(year)  # for the current year: everything recorded so far
    first, last = period(year, None)
    every = collect_facts(until=until, unit_ids=[unit.pk] if unit is not None else None)
    per_unit: dict[int, list[Fact]] = defaultdict(list)
    for f in every:
        if first <= f.on <= last:
            per_unit[f.unit_id].append(f)
    # the county: the subjects that existed at the year end, and any other with figures in the year
    units = [unit] if unit is not None else subject_units(until=until, including=set(per_unit))
    matter_fields = dict(Matter.objects.values_list("pk", "field"))
    fields = sorted({name for name in matter_fields.values() if name}) + [NO_FIELD]
    tables = [_table(u.pk, u.name, per_unit[u.pk], fields, matter_fields) for u in units]
    total = UnitTable(None, "合计", _sum(FIGURE_KEYS, (t.figures for t in tables)), {})
    total.by_field = {name: _sum(FIELD_FIGURES, (t.by_field[name] for t in tables)) for name in fields}
    return Annual(
        year=year,
        scope="unit" if unit is not None else "county",
        scope_name=unit.name if unit is not None else "全县",
        as_of=min(until, timezone.now()),
        fields=fields,
        units=tables,
        total=total,
        generated_at=generated_at or timezone.now(),
    )


def _sum(keys: Iterable[str], rows: Iterable[dict]) -> dict:
    out: dict = {key: ZERO if BY_KEY[key].money else 0 for key in keys}
    for row in rows:
        for key in out:
            out[key] += row[key]
    return out


# --- who may see which tables ------------------------------------------------------------------------------------------


def statistics_units_for(user) -> list[Unit]:
    """The enforcement subjects whose tables ``user`` may have: every one for the justice bureau and administrators,
    else the subjects the user's units act for (a brigade member: the township)."""
    if sees_everything(user):
        return subject_units(until=timezone.now() + dt.timedelta(days=1))
    tree = unit_tree()
    ids = {tree.enforcement_subject(ms.unit_id) for ms in memberships_of(user)} - {None}
    return sorted(Unit.objects.filter(pk__in=ids), key=lambda u: (u.name, u.pk))


def may_see_county(user) -> bool:
    return sees_everything(user)


def resolve_scope(user, unit_param: str) -> Unit | None:
    """The unit of a request: "county" (or empty for the justice bureau) is the whole county, else a unit id the
    user may have. Refused with PermissionDenied otherwise (the same answer for a unit that does not exist)."""
    value = (unit_param or "").strip()
    if value in ("", "county"):
        if may_see_county(user):
            return None
        if value == "":
            allowed = statistics_units_for(user)
            if len(allowed) == 1:
                return allowed[0]
            if not allowed:
                raise PermissionDenied("您没有可统计的执法主体")
            raise InputError("请选择执法主体", field="unit")
        raise PermissionDenied("您无权查看全县统计")
    try:
        pk = int(value)
    except ValueError:
        raise InputError("执法主体不正确", field="unit") from None
    for unit in statistics_units_for(user):
        if unit.pk == pk:
            return unit
    raise PermissionDenied("您无权查看该执法主体的统计")


def validate_year(year: int) -> None:
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise InputError(f"统计年度须在{FIRST_YEAR}年至{today.year}年之间", field="year")


def parse_year(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError("统计年度须为四位数字年份", field="year") from None
    validate_year(year)
    return year
