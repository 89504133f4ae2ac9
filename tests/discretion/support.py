"""Matters, benchmarks and cases for the discretion tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.discretion import calc
from casemgmt.discretion.calc import Level
from casemgmt.discretion.services import benchmark_create
from casemgmt.powers.models import Matter


def road_matter(**kw) -> Matter:
    """占道经营: 《城市道路管理条例》第四十二条, fixed range (a township regulation may set a minimum)."""
    defaults = {
        "code": "T-CG-001",
        "name": "擅自占用城市道路从事经营活动",
        "field": "城市管理",
        "violated_clause": "《城市道路管理条例》第二十七条",
        "penalty_clause": "《城市道路管理条例》第四十二条",
        "penalty_types": ["warning", "fine"],
        "range_kind": "fixed",
        "min_amount": D("200"),
        "max_amount": D("20000"),
    }
    defaults.update(kw)
    return Matter.objects.create(**defaults)


def road_benchmark(matter: Matter, *, effective_from=dt.date(2025, 1, 1), version="2025版", effective_to=None):
    return benchmark_create(
        matter=matter,
        version=version,
        mode=calc.Mode.BANDS,
        effective_from=effective_from,
        effective_to=effective_to,
        source="城关镇综合行政执法裁量基准",
        item_number="2",
        tiers=[
            calc.TierSpec(Level.NO_PENALTY, "初次违法，危害后果轻微并及时改正"),
            calc.TierSpec(Level.MITIGATED, "有《行政处罚法》第三十二条情形", D("0"), D("200")),
            calc.TierSpec(Level.LENIENT, "经责令后及时改正", D("200"), D("2000")),
            calc.TierSpec(Level.ORDINARY, "经责令后逾期改正", D("2000"), D("10000")),
            calc.TierSpec(Level.HEAVIER, "拒不改正或者再次违法", D("10000"), D("20000")),
        ],
        circumstances=[
            calc.CircumstanceSpec("first", "初次违法且危害后果轻微并及时改正", level=Level.NO_PENALTY),
            calc.CircumstanceSpec("art32", "主动消除或者减轻违法行为危害后果", level=Level.MITIGATED),
            calc.CircumstanceSpec("corrected", "经责令后及时改正", level=Level.LENIENT),
            calc.CircumstanceSpec("refused", "拒不改正", level=Level.HEAVIER),
        ],
    )


def grant(world, matter: Matter):
    """The township holds the matter (赋权) since 2025, so the power gate (rule 25) passes."""
    from casemgmt.powers.holders import clear_catalogue_cache
    from casemgmt.powers.models import PowerGrant

    PowerGrant.objects.create(
        matter=matter,
        township=world.township,
        document_number="示政发〔2024〕1号",
        published_on=dt.date(2024, 12, 1),
        effective_from=dt.date(2025, 1, 1),
    )
    clear_catalogue_cache()


def set_matter(case: m.Case, matter: Matter) -> m.Case:
    """Test setup: the case's 案由 is ``matter`` (bypasses the powers routing, which is not under test here)."""
    m.Case.objects.filter(pk=case.pk).update(matter=matter, matter_code=matter.code)
    case.refresh_from_db()
    return case


def record_rationale(world, case, *, chosen, circumstances=("corrected",), deviation="", on=dt.date(2026, 3, 10)):
    from casemgmt.discretion.services import rationale_record

    return rationale_record(
        case=case,
        actor=world.officer.user,
        on=on,
        circumstances=list(circumstances),
        chosen_amount=D(chosen),
        reasons="当事人经责令后及时改正，依裁量基准从轻",
        deviation_reason=deviation,
    )


def legal_review(world, case, on: dt.date):
    """An approving legal review, then the collective discussion the county policy asks for after one."""
    review = s.review_record(
        case=case,
        actor=world.reviewer.user,
        kind=m.ReviewKind.LEGAL,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=on,
    )
    s.discussion_record(
        case=case, actor=world.mayor.user, held_on=on, participants="钱镇长、赵队长、孙审核", conclusion="同意"
    )
    return review
