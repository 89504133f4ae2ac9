"""Plans for the demo cases: which stage each case reaches, who handles it, what it is about, and on which
working days each act happens. Planning only draws random numbers and does date arithmetic; the driver then
performs every act through the case services."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from casemgmt.cases.models import PartyKind, PenaltyType, ProcedureType

from .catalogue import COMPANY_WORDS, MATTERS, SHOP_WORDS, STREETS, Matter
from .identity import citizen_id, credit_code, person_name, phone
from .org import HEARING_FINES, REVIEW_FINES, County, Team
from .timeline import Days, Infeasible, Step

ORDINARY = ProcedureType.ORDINARY
SUMMARY = ProcedureType.SUMMARY

# The rules a self-check must report for each deliberately overdue scenario (and no other).
OVERDUE_RULES = {
    "overdue_investigation": ("APL-60-DECISION-DEADLINE",),
    "decided_overdue": ("APL-61-DECISION-SERVICE", "APL-48-DISCLOSURE"),  # neither served nor published
    "undisclosed_overdue": ("APL-48-DISCLOSURE",),
}
# Scenarios that end closed run without a flow process (nothing is left to do in the inbox).
WITHOUT_FLOW = frozenset(
    {"not_filed", "withdrawn", "terminated", "closed", "closed_major", "no_penalty", "transferred", "summary_closed"}
)

# scenario -> (weight per 300 cases, label). Every stage of the procedure appears; summary cases too.
SCENARIOS: dict[str, tuple[int, str]] = {
    "clue": (12, "线索核查"),
    "not_filed": (10, "不予立案"),
    "investigation": (28, "调查取证"),
    "returned": (4, "审核退回补充调查"),
    "extended": (3, "延长办案期限"),
    "overdue_investigation": (4, "立案超过九十日未作决定（逾期）"),
    "suspended": (9, "中止调查"),
    "review": (14, "审核"),
    "notice": (16, "事先告知"),
    "hearing": (8, "听证"),
    "discussion": (5, "集体讨论"),
    "decided": (10, "已决定待送达"),
    "decided_overdue": (3, "决定超过七个工作日未送达、未公示（逾期）"),
    "served": (16, "已送达"),
    "undisclosed_overdue": (2, "决定超过七个工作日未公示（逾期）"),
    "instalments": (5, "分期缴纳"),
    "court": (4, "申请法院强制执行"),
    "paid_late": (4, "逾期缴纳并加处罚款"),
    "closed": (80, "执行完毕结案"),
    "closed_major": (14, "重大案件结案（法制审核/听证/集体讨论）"),
    "no_penalty": (7, "不予处罚结案"),
    "transferred": (3, "移送司法机关结案"),
    "terminated": (5, "终止调查"),
    "withdrawn": (2, "撤销立案"),
    "summary_served": (6, "简易程序·已送达"),
    "summary_execution": (6, "简易程序·执行"),
    "summary_closed": (32, "简易程序·结案"),
}

# Fine tiers relative to the demo's trigger tables (org.HEARING_FINES / REVIEW_FINES): below the hearing
# threshold, between hearing and legal review, and at or above the legal-review threshold.
MINOR, HEARING, MAJOR = "minor", "hearing", "major"
TIER_OF = {"hearing": (HEARING, MAJOR), "discussion": (MAJOR,), "closed_major": (MAJOR, MAJOR, HEARING)}

# Where cases are handled: brigades mostly, a squadron, and the county departments during the transition.
TEAM_WEIGHTS = {
    "城关镇": 24, "城关镇中队": 8, "河西镇": 18, "东坝镇": 16, "青山乡": 12, "南湖镇": 14,
    "城市管理": 4, "自然资源": 2, "市场监管": 2,
}  # fmt: skip


@dataclass
class PartyData:
    kind: str
    name: str
    id_number: str
    address: str
    phone: str
    legal_representative: str = ""
    service_address_confirmed: bool = False
    electronic_service_consent: bool = False
    electronic_address: str = ""


@dataclass
class Plan:
    index: int
    scenario: str
    procedure: str
    team: Team
    officers: list
    matter: Matter
    town: str
    place: str
    party: PartyData
    tier: str
    penalty_types: list[str]
    fine: Decimal
    confiscation: Decimal
    steps: list[Step]
    options: dict = field(default_factory=dict)

    @property
    def overdue_rules(self) -> tuple[str, ...]:
        return OVERDUE_RULES.get(self.scenario, ())

    @property
    def with_flow(self) -> bool:
        return self.scenario not in WITHOUT_FLOW

    @property
    def first_day(self) -> dt.date:
        return self.steps[0].on

    def day_of(self, action: str) -> dt.date | None:
        return next((s.on for s in self.steps if s.action == action), None)


def quotas(total: int) -> dict[str, int]:
    """How many cases of each scenario: proportional to the weights, at least one each when there is room."""
    weight_sum = sum(w for w, _ in SCENARIOS.values())
    exact = {name: total * w / weight_sum for name, (w, _) in SCENARIOS.items()}
    counts = {name: int(x) for name, x in exact.items()}
    if total >= len(SCENARIOS):
        counts = {name: max(1, n) for name, n in counts.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - int(exact[name]), reverse=True)
    i = 0
    while sum(counts.values()) < total:
        counts[by_remainder[i % len(by_remainder)]] += 1
        i += 1
    while sum(counts.values()) > total:
        largest = max(counts, key=counts.get)
        counts[largest] -= 1
    return counts


class Planner:
    def __init__(
        self, *, rng: random.Random, county: County, days: Days, certificates: dict[int, list[tuple[dt.date, dt.date]]]
    ):
        self.rng = rng
        self.county = county
        self.days = days
        self.certificates = certificates  # officer id -> valid (from, to) intervals

    def r(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    # --- the procedure as gaps in working days ----------------------------------------------------------------

    def to_investigation(self, *, preserve: bool = False) -> list[tuple[str, int]]:
        gaps = [("clue", 0), ("file", self.r(0, 2)), ("inspect", self.r(0, 1))]
        if preserve:
            gaps.append(("preserve", 0))
        gaps.append(("inquire", self.r(1, 3)))
        if preserve:
            gaps.append(("dispose", self.r(0, 2)))
        return gaps

    def to_report(self) -> list[tuple[str, int]]:
        return [*self.to_investigation(preserve=self.rng.random() < 0.15), ("report", self.r(5, 20))]

    def to_notice(self) -> list[tuple[str, int]]:
        return [*self.to_report(), ("review", self.r(1, 3)), ("notice", self.r(1, 2)), ("serve_notice", self.r(0, 2))]

    def answer(self, tier: str, *, hearing_share: float = 0.5) -> tuple[list[tuple[str, int]], bool]:
        """The party's answer to the notice; returns the gaps and whether the statement period simply lapses."""
        if tier != MINOR and self.rng.random() < hearing_share:
            return [
                ("hearing_request", self.r(1, 4)),
                ("hearing_schedule", self.r(1, 2)),
                ("hearing_hold", self.r(7, 9)),
                ("post_review", self.r(1, 3)),
            ], False
        roll = self.rng.random()
        if roll < 0.3:
            return [("waiver", self.r(0, 3))], False
        if roll < 0.55:
            return [("statement", self.r(1, 4)), ("recheck", self.r(1, 2))], False
        return [], True

    def to_decision(self, tier: str) -> list[tuple[str, int]]:
        gaps = self.to_notice()
        answer, lapses = self.answer(tier)
        gaps += answer
        tail = [("discussion", self.r(1, 3))] if tier != MINOR else []
        tail.append(("decide", self.r(0, 2)))
        # Without an answer the statement period (5 working days after service) must run out first; with the
        # hearing right the hearing-request period runs as well unless a hearing was requested (APL Arts. 45, 64).
        hearing = any(action == "hearing_request" for action, _ in answer)
        if lapses or (tier != MINOR and not hearing):
            short = 6 - sum(g for _, g in answer) - sum(g for _, g in tail)
            if short > 0:
                tail[0] = (tail[0][0], tail[0][1] + short + self.r(0, 2))
        return gaps + tail

    def to_service(self, tier: str) -> list[tuple[str, int]]:
        return [*self.to_decision(tier), ("serve_decision", self.r(0, 3)), ("publish", self.r(0, 2))]

    # --- scenarios: the steps of each ---------------------------------------------------------------------------

    def steps_for(self, scenario: str, tier: str) -> tuple[list[Step], dict]:
        d, r, today = self.days, self.r, self.days.today
        ago = d.ago
        options: dict = {}
        if scenario == "clue":
            options["party"] = self.rng.random() < 0.7
            return d.ending(ago(r(0, 4)), [("clue", 0)]), options
        if scenario == "not_filed":
            return d.ending_between(self.rng, d.window_start, ago(1), [("clue", 0), ("decline", r(0, 3))]), options
        if scenario == "investigation":
            return d.ending(ago(r(0, 35)), self.to_investigation(preserve=self.rng.random() < 0.2)), options
        if scenario == "returned":
            return d.ending(ago(r(0, 6)), [*self.to_report(), ("review_return", r(1, 3))]), options
        if scenario == "extended":
            filed = d.roll_back(today - dt.timedelta(days=r(93, 110)))
            gaps = self.to_investigation()
            steps = d.chain(d.back(filed, sum(g for a, g in gaps[:2])), gaps)
            steps.append(Step("extend", d.roll_back(steps[1].on + dt.timedelta(days=r(80, 87)))))
            return steps, options
        if scenario == "overdue_investigation":
            filed = d.roll_back(today - dt.timedelta(days=r(100, 150)))
            gaps = self.to_investigation()
            return d.chain(d.back(filed, sum(g for a, g in gaps[:2])), gaps), options
        if scenario == "suspended":
            gaps = [*self.to_investigation(), ("suspend", r(3, 25))]
            return d.ending_between(self.rng, d.window_start, today, gaps), options
        if scenario == "review":
            return d.ending(ago(r(0, 5)), self.to_report()), options
        if scenario == "notice":
            gaps = self.to_notice()
            if self.rng.random() < 0.3:
                gaps.append(("statement", r(1, 3)))
            return d.ending(ago(r(0, 3)), gaps), options
        if scenario == "hearing":
            gaps = [*self.to_notice(), ("hearing_request", r(1, 4))]
            if self.rng.random() < 0.6:
                gaps.append(("hearing_schedule", r(1, 2)))
            return d.ending(ago(r(0, 3)), gaps), options
        if scenario == "discussion":
            answer, lapses = self.answer(MINOR)  # waiver, statement or lapse: no hearing
            gaps = [*self.to_notice(), *answer, ("discussion", r(6, 8) if lapses else r(1, 3))]
            return d.ending(ago(r(0, 3)), gaps), options
        if scenario == "decided":
            return d.ending(ago(r(0, 2)), self.to_decision(tier)), options
        if scenario == "decided_overdue":
            return d.ending(ago(r(9, 30)), self.to_decision(tier)), options
        if scenario == "served":
            gaps = self.to_service(tier)
            if self.rng.random() < 0.25:
                gaps.append(("challenge", r(1, 5)))
            return d.ending(ago(r(0, 7)), gaps), options
        if scenario == "undisclosed_overdue":
            return d.ending(ago(r(8, 20)), [*self.to_decision(tier), ("serve_decision", r(0, 2))]), options
        if scenario == "instalments":
            gaps = [*self.to_service(tier), ("deferment", r(1, 5)), ("pay_part", r(1, 5))]
            return d.ending(ago(r(0, 10)), gaps), options
        if scenario == "paid_late":
            return d.ending(ago(r(0, 8)), [*self.to_service(tier), ("pay_late", r(14, 20))]), options
        if scenario == "court":
            return self.court_steps(tier, options), options
        if scenario in ("closed", "closed_major"):
            gaps = [*self.to_service(tier), ("pay", r(1, 8)), ("close", r(1, 10))]
            return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
        if scenario == "no_penalty":
            gaps = [
                *self.to_report(),
                ("review", r(1, 3)),
                ("decide_no_penalty", r(1, 3)),
                ("serve_decision", r(0, 3)),
                ("close", r(1, 8)),
            ]
            return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
        if scenario == "transferred":
            # The referral is a decision: after the investigation report and its review (SAMR Arts. 48–60). Fixed
            # gaps for those two steps keep the random draws, and so the rest of the demo, as they were.
            gaps = [
                *self.to_investigation(),
                ("report", 2),
                ("review", 1),
                ("decide_transfer", r(2, 8)),
                ("serve_decision", r(0, 3)),
                ("close", r(1, 8)),
            ]
            return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
        if scenario == "terminated":
            gaps = [*self.to_investigation(), ("terminate", r(3, 20))]
            if self.rng.random() < 0.5:
                gaps.append(("close", r(1, 10)))
                return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
            return d.ending(ago(r(0, 8)), gaps), options
        if scenario == "withdrawn":
            gaps = [("clue", 0), ("file", r(0, 2)), ("inspect", r(0, 1)), ("withdraw", r(2, 10))]
            return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
        if scenario == "summary_served":
            return d.ending(ago(r(0, 4)), [("clue", 0), ("summary", 0), ("publish", r(0, 3))]), options
        if scenario == "summary_execution":
            options["collect"] = self.rng.random() < 0.5
            gaps = [("clue", 0), ("summary", 0), ("publish", r(0, 3)), ("pay", r(0, 5))]
            return d.ending(ago(r(0, 6)), gaps), options
        if scenario == "summary_closed":
            options["collect"] = self.rng.random() < 0.5
            gaps = [("clue", 0), ("summary", 0), ("publish", r(0, 3)), ("pay", r(0, 5)), ("close", r(1, 5))]
            return d.ending_between(self.rng, d.window_start, ago(1), gaps), options
        raise ValueError(f"unknown scenario {scenario}")

    def court_steps(self, tier: str, options: dict) -> list[Step]:
        """Unpaid fine: after the 复议/诉讼 periods (6 months from service) a reminder, then the court
        application within 3 months (行政强制法 Arts. 53–54)."""
        d = self.days
        gaps = self.to_service(tier)
        latest = d.roll_back(d.months_before(d.today, 6) - dt.timedelta(days=40))
        steps = d.ending_between(self.rng, d.window_start, latest, gaps)
        served = next(s.on for s in steps if s.action == "serve_decision")
        periods_end = d.months_after(served, 6)
        court = d.add(periods_end, self.r(3, 15))
        if court > d.today:
            raise Infeasible("court application would fall after today")
        options["reminder_served"] = d.back(court, self.r(10, 14))
        return [*steps, Step("reminder", d.back(options["reminder_served"], self.r(0, 2))), Step("court", court)]

    # --- who, what, how much ----------------------------------------------------------------------------------

    def plan(self, index: int, scenario: str) -> Plan:
        procedure = SUMMARY if scenario.startswith("summary") else ORDINARY
        for _attempt in range(20):
            tier = self.rng.choice(TIER_OF.get(scenario, (MINOR, MINOR, MINOR, MINOR, HEARING, MAJOR)))
            if scenario in ("no_penalty", "transferred", "returned", "clue", "not_filed", "withdrawn"):
                tier = MINOR
            team_key = self.rng.choices(list(TEAM_WEIGHTS), weights=list(TEAM_WEIGHTS.values()))[0]
            team = self.county.teams[team_key]
            choice = self.pick_matter(team_key, tier, procedure)
            if choice is None:
                continue
            matter, party_kind = choice
            try:
                steps, options = self.steps_for(scenario, tier)
            except Infeasible:
                continue
            officers = self.pick_officers(team, steps[0].on, max(s.on for s in steps))
            if officers is None:
                continue
            town = team_key[:3] if team_key[:3] in STREETS else self.rng.choice(list(STREETS))
            place = f"{town}{self.rng.choice(STREETS[town])}"
            types, fine, confiscation = self.penalty(matter, party_kind, tier, procedure, scenario)
            return Plan(
                index=index, scenario=scenario, procedure=procedure, team=team, officers=officers, matter=matter,
                town=town, place=place, party=self.party(party_kind, town), tier=tier, penalty_types=types, fine=fine,
                confiscation=confiscation, steps=steps, options=options,
            )  # fmt: skip
        if scenario != "closed":
            return self.plan(index, "closed")
        raise Infeasible("no plan found for a closed case; the date window is too short")

    def pick_matter(self, team_key: str, tier: str, procedure: str) -> tuple[Matter, str] | None:
        field_name = team_key if team_key in ("城市管理", "自然资源", "市场监管") else None
        candidates = []
        for matter in MATTERS:
            if field_name and matter.field != field_name:
                continue
            if not field_name and matter.field == "自然资源":
                continue
            for kind in matter.party_kinds:
                if procedure == SUMMARY:
                    if matter.summary_fines and kind != PartyKind.ORGANISATION:
                        candidates.append((matter, kind))
                elif self.band(matter, kind, tier) is not None:
                    candidates.append((matter, kind))
        return self.rng.choice(candidates) if candidates else None

    @staticmethod
    def band(matter: Matter, kind: str, tier: str) -> tuple[int, int] | None:
        """The matter's fine range for this party within the tier, or None when they do not overlap."""
        citizen = kind != PartyKind.ORGANISATION
        fines = matter.citizen_fines if citizen else matter.organisation_fines
        if fines is None:
            return None
        hearing = HEARING_FINES[0 if citizen else 1]
        review = REVIEW_FINES[0 if citizen else 1]
        lo, hi = {MINOR: (0, hearing - 1), HEARING: (hearing, review - 1), MAJOR: (review, 10**9)}[tier]
        lo, hi = max(lo, fines[0]), min(hi, fines[1])
        return (lo, hi) if lo <= hi else None

    def amount(self, lo: int, hi: int) -> Decimal:
        step = 50 if hi <= 1000 else 100 if hi <= 20000 else 1000
        value = self.rng.randint(lo, hi)
        value -= value % step
        return Decimal(max(lo, value))

    def penalty(self, matter: Matter, kind: str, tier: str, procedure: str, scenario: str):
        if scenario in ("clue", "not_filed", "withdrawn", "transferred"):
            return [], Decimal(0), Decimal(0)
        if procedure == SUMMARY:
            if matter.summary_fines and matter.summary_fines[1] <= 100 and self.rng.random() < 0.3:
                return [PenaltyType.WARNING], Decimal(0), Decimal(0)
            return [PenaltyType.FINE], self.amount(*matter.summary_fines), Decimal(0)
        lo, hi = self.band(matter, kind, tier)
        types = [PenaltyType.FINE]
        confiscation = Decimal(0)
        if matter.confiscation:
            types.append(PenaltyType.CONFISCATE_INCOME)
            confiscation = self.amount(*matter.confiscation)
        elif self.rng.random() < 0.2:
            types.insert(0, PenaltyType.WARNING)
        return types, self.amount(lo, hi), confiscation

    def pick_officers(self, team: Team, first: dt.date, last: dt.date) -> list | None:
        """Two or three officers whose certificates are valid from the first to the last act of the case."""
        valid = [
            o for o in team.officers
            if any(start <= first and last <= end for start, end in self.certificates.get(o.pk, []))
        ]  # fmt: skip
        if len(valid) < 2:
            return None
        return self.rng.sample(valid, 3 if len(valid) >= 3 and self.rng.random() < 0.25 else 2)

    def party(self, kind: str, town: str) -> PartyData:
        rng = self.rng
        address = f"{town}{rng.choice(STREETS[town])}{rng.randint(1, 199)}号"
        if kind == PartyKind.CITIZEN:
            data = PartyData(
                kind=kind, name=person_name(rng), id_number=citizen_id(rng), address=address, phone=phone(rng)
            )
        elif kind == PartyKind.INDIVIDUAL_BUSINESS:
            owner = person_name(rng)
            shop = rng.choice(SHOP_WORDS)
            data = PartyData(
                kind=kind, name=f"{town}{owner[0]}记{shop}", id_number=credit_code(rng, kind="2"), address=address,
                phone=phone(rng), legal_representative=owner,
            )  # fmt: skip
        else:
            brand = rng.choice("鑫华泰恒盛宏达兴远博通晟佳")
            brand += rng.choice("鑫华泰恒盛宏达兴远博通晟佳".replace(brand, ""))
            data = PartyData(
                kind=kind, name=f"示范县{brand}{rng.choice(COMPANY_WORDS)}有限公司", id_number=credit_code(rng), address=address,
                phone=phone(rng), legal_representative=person_name(rng),
            )  # fmt: skip
        data.service_address_confirmed = rng.random() < 0.6
        if data.service_address_confirmed and rng.random() < 0.4:
            data.electronic_service_consent = True
            data.electronic_address = data.phone
        return data
