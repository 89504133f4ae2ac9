import datetime as dt

import pytest
from django.core.management import call_command

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.checks import legal_records_have_history
from casemgmt.legalcal.calendar import load_official_schedule
from tests import builders as b


@pytest.mark.django_db
def test_sweep_releases_lapsed_preservation_and_lists_overdue_decision(world, capsys):
    case = b.filed(world)  # filed 2026-03-03
    s.measure_take(
        case=case,
        actor=world.officer.user,
        kind=m.MeasureKind.PRESERVATION,
        items="三轮车一辆",
        started_on=dt.date(2026, 3, 4),
        taken_at=b.at(dt.date(2026, 3, 4)),
        approved_by=world.mayor,
    )
    call_command("sweep_deadlines", "--date", "2026-06-15")
    out = capsys.readouterr().out
    assert "自动解除：" in out
    assert "作出处理决定期限" in out and "已超期" in out
    measure = case.measures.get()
    assert measure.disposal == m.MeasureDisposal.AUTO_RELEASED
    # 7 working days from Wed 2026-03-04 end on Fri 03-13; the measure lapses the next day.
    assert measure.disposed_on == dt.date(2026, 3, 14)
    assert case.events.filter(action="measure_lapsed").exists()


@pytest.mark.django_db
def test_sweep_leaves_measures_within_their_period(world, capsys):
    case = b.filed(world)
    s.measure_take(
        case=case,
        actor=world.officer.user,
        kind=m.MeasureKind.PRESERVATION,
        items="三轮车一辆",
        started_on=dt.date(2026, 3, 4),
        taken_at=b.at(dt.date(2026, 3, 4)),
        approved_by=world.mayor,
    )
    call_command("sweep_deadlines", "--date", "2026-03-13")
    assert case.measures.get().disposed_on is None
    assert "先行登记保存处理期限" in capsys.readouterr().out


@pytest.mark.django_db
def test_sweep_rejects_malformed_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="日期格式不正确"):
        call_command("sweep_deadlines", "--date", "2026-13-45")


@pytest.mark.django_db(transaction=True)
def test_loading_official_schedule_records_recomputed_clocks_on_open_cases(world):
    # Filed 2026-11-20: the 90-day decision deadline falls in February 2027, a provisional year today.
    case = b.clue(world, discovered_on=dt.date(2026, 11, 19))
    s.case_file(
        case=case,
        actor=world.officer.user,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.mayor,
        on=dt.date(2026, 11, 20),
        violation_start=dt.date(2026, 11, 18),
        violation_end=dt.date(2026, 11, 18),
    )
    load_official_schedule(
        year=2027, holidays=[(dt.date(2027, 2, 18), "春节")], workdays=[], source="国办发明电〔2026〕1号"
    )
    event = case.events.get(action="clocks_recomputed")
    assert "2027年" in event.summary and "作出处理决定期限" in event.summary


def test_every_case_record_model_is_tracked_by_history():
    assert legal_records_have_history() == []
