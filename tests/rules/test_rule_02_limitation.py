"""Rule 2: a violation not discovered within 2 years (5 with safety harm) is not punished (APL Art. 36)."""

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b

from .support import d, refused, self_check

pytestmark = pytest.mark.django_db

LIMITATION = "APL-36-LIMITATION"


def file(world, *, discovered_on, violation_end, harm=False, violation_start=None):
    case = b.clue(world, discovered_on=discovered_on)
    return case, lambda: s.case_file(
        case=case,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.head,
        on=discovered_on,
        violation_start=violation_start or violation_end,
        violation_end=violation_end,
        involves_safety_harm=harm,
    )


def test_discovered_on_the_second_anniversary_may_be_filed(world):
    _, do = file(world, discovered_on=d("2026-03-02"), violation_end=d("2024-03-02"))
    assert do().status == m.CaseStatus.INVESTIGATION


def test_discovered_one_day_after_the_second_anniversary_is_refused(world):
    case, do = file(world, discovered_on=d("2026-03-02"), violation_end=d("2024-03-01"))
    with refused(case, LIMITATION) as caught:
        do()
    assert "已超过2年" in caught.value.findings[0].detail


def test_a_continuing_violation_counts_from_its_end(world):
    _, do = file(world, discovered_on=d("2026-03-02"), violation_start=d("2023-01-01"), violation_end=d("2025-12-31"))
    assert do().status == m.CaseStatus.INVESTIGATION


def test_violation_ending_on_29_february_runs_to_28_february(world):
    # 2024-02-29 + 2 years has no 29 February: the period ends on the last day of that month (民法典 Art. 202).
    _, do = file(world, discovered_on=d("2026-02-28"), violation_end=d("2024-02-29"))
    assert do().status == m.CaseStatus.INVESTIGATION


def test_violation_ending_on_29_february_discovered_on_1_march_is_refused(world):
    case, do = file(world, discovered_on=d("2026-03-01"), violation_end=d("2024-02-29"))
    with refused(case, LIMITATION):
        do()


def test_safety_harm_extends_the_period_to_five_years(world):
    _, do = file(world, discovered_on=d("2026-03-02"), violation_end=d("2021-03-02"), harm=True)
    assert do().involves_safety_harm


def test_safety_harm_discovered_one_day_after_the_fifth_anniversary_is_refused(world):
    case, do = file(world, discovered_on=d("2026-03-02"), violation_end=d("2021-03-01"), harm=True)
    with refused(case, LIMITATION) as caught:
        do()
    assert "已超过5年" in caught.value.findings[0].detail


def test_without_safety_harm_three_years_is_too_late(world):
    case, do = file(world, discovered_on=d("2026-03-02"), violation_end=d("2023-03-02"))
    with refused(case, LIMITATION):
        do()


def test_filing_without_any_violation_date_is_refused(world):
    case = b.clue(world)
    with refused(case, LIMITATION):
        s.case_file(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            lead=world.officer,
            approved_by=world.head,
            on=d("2026-03-03"),
            violation_start=None,
            violation_end=None,
        )


def test_summary_penalty_out_of_time_is_refused(world):
    case = b.clue(world, procedure=m.ProcedureType.SUMMARY)
    with refused(case, LIMITATION):
        s.summary_decide(
            case=case,
            actor=world.officer.user,
            officers=[world.officer, world.colleague],
            on=d("2026-03-02"),
            violation_start=d("2024-03-01"),
            facts="占道经营",
            legal_basis="《城市道路管理条例》第四十二条",
            penalty_types=["warning"],
        )


def test_self_check_flags_a_recorded_case_out_of_time(world):
    case = b.filed(world)
    assert self_check(case, today=d("2026-03-20"), prefix="APL-36") == []

    m.Case.objects.filter(pk=case.pk).update(violation_end=d("2023-01-01"))  # e.g. corrected by data migration
    assert [f.rule for f in self_check(case, today=d("2026-03-20"), prefix="APL-36")] == [LIMITATION]
