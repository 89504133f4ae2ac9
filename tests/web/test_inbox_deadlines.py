"""我的待办 sorted by the legal deadline: 我的任务 vs 本单位待认领, working days left, filters, the JSON API, scoping
and a statement ceiling that does not grow with the number of tasks."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from casemgmt.cases import services as s
from casemgmt.org.models import Role
from casemgmt.org.services import membership_add
from tests.factories import make_officer
from tests.perf.support import count_statements
from tests.web.conftest import register
from tests.workflows.helpers import do

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TASKS = "/api/tasks/"


def on(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI), tick=False)


def filed(world, *, filed_on: str, officers, unit=None, party="陈某", cause="擅自占用城市道路经营"):
    """A case filed on ``filed_on`` (its 90-day decision clock runs from then), waiting for the investigation."""
    day = dt.date.fromisoformat(filed_on)
    head, mayor = world.head, world.mayor
    if unit == world.other_brigade:  # 河西镇's own head and agency head approve its filing
        head = make_officer(world.other_brigade, Role.APPROVER)
        mayor = make_officer(world.other_township, Role.AGENCY_HEAD, certified=False)
    case = register(
        world, officer=officers[0], unit=unit, party=party, cause=cause, discovered_on=day - dt.timedelta(days=2)
    )
    do(
        case,
        head.user,
        "file",
        s.case_file,
        officers=officers,
        lead=officers[0],
        approved_by=mayor,
        on=day,
        violation_start=day - dt.timedelta(days=3),
        violation_end=day - dt.timedelta(days=2),
    )
    return case


@pytest.fixture
def three(world):
    """C: filed 01-05, decision due 04-07 (04-05 is 清明, rolled past the holiday); A: filed 02-05, due 05-06
    (right after the 劳动节 holiday); B: filed 03-03, due 06-01, handled by the colleague and the third officer."""
    c = filed(world, filed_on="2026-01-05", officers=[world.officer, world.colleague], party="丙商店")
    a = filed(world, filed_on="2026-02-05", officers=[world.officer, world.colleague], party="甲商店")
    b = filed(world, filed_on="2026-03-03", officers=[world.colleague, world.third], party="乙商店")
    return a, b, c


def test_my_cases_come_first_overdue_then_fewest_working_days_and_others_wait_in_the_queue(world, three, client_for):
    a, b, c = three
    api = client_for(world.officer)
    with on("2026-04-30"):
        body = api.get(TASKS).json()
    mine, queue = body["mine"], body["queue"]
    assert [r["case_id"] for r in mine] == [c.pk, a.pk]
    assert [r["case_id"] for r in queue] == [b.pk]
    overdue, next_up = mine
    assert overdue["overdue"] is True and overdue["working_days_left"] < 0
    assert overdue["clock"]["code"] == "decision" and overdue["clock"]["deadline"] == "2026-04-07"
    # 05-01 … 05-05 are the 劳动节 holiday: of the six calendar days to 05-06 only 05-06 is a working day
    assert next_up["clock"]["deadline"] == "2026-05-06" and next_up["working_days_left"] == 1
    assert next_up["overdue"] is False
    assert next_up["parties"] == ["甲商店"] and next_up["cause"] == "擅自占用城市道路经营"
    assert next_up["case_number"] == a.number and next_up["title"] == "调查取证并提交调查终结报告"
    assert {r["status"] for r in mine} == {"承办案件，待办理"} and queue[0]["status"] == "待认领"
    assert queue[0]["claimed"] is False

    # the colleague handles all three: the same order, nothing in the queue
    with on("2026-04-30"):
        body = client_for(world.colleague).get(TASKS).json()
    assert [r["case_id"] for r in body["mine"]] == [c.pk, a.pk, b.pk] and body["queue"] == []


def test_working_days_left_skip_the_weekend(world, three, client_for):
    a, b, c = three
    with on("2026-05-29"):  # a Friday: 05-30 and 05-31 are the weekend, B is due Monday 06-01
        queue = client_for(world.officer).get(TASKS).json()["queue"]
    assert queue[0]["case_id"] == b.pk and queue[0]["clock"]["deadline"] == "2026-06-01"
    assert queue[0]["working_days_left"] == 1


def test_inbox_page_shows_both_sections_with_deadlines_and_true_statuses(world, three, login):
    a, b, c = three
    client = login(world.officer)
    with on("2026-04-30"):
        page = client.get(reverse("web:home")).content.decode()
    mine_part, queue_part = page.split("本单位待认领")[0], page.split("本单位待认领")[1]
    assert "我的任务（2）" in mine_part and "本单位待认领（1）" in page
    assert mine_part.index(c.number) < mine_part.index(a.number)
    assert "已超期" in mine_part and "inbox-overdue" in mine_part
    assert "2026-05-06" in mine_part and "1 个工作日" in mine_part and "甲商店" in mine_part
    assert "待认领" not in mine_part.split("<table")[1]
    assert b.number in queue_part and "乙商店" in queue_part and "待认领" in queue_part
    assert b.number not in mine_part


def test_filters_by_task_type_and_unit_and_refuse_unknown_values(world, three, client_for, login):
    a, b, c = three
    api = client_for(world.officer)
    with on("2026-04-30"):
        assert len(api.get(TASKS, {"kind": "investigate"}).json()["mine"]) == 2
        none = api.get(TASKS, {"kind": "review"}).json()
        assert none == {"mine": [], "queue": []}
        assert len(api.get(TASKS, {"unit": world.brigade.pk}).json()["queue"]) == 1

        bad = api.get(TASKS, {"kind": "nonsense"})
        assert bad.status_code == 400 and "无此待办类型" in bad.content.decode()
        foreign = api.get(TASKS, {"unit": world.other_brigade.pk})
        assert foreign.status_code == 400 and "您不属于该单位" in foreign.content.decode()

        page = login(world.officer).get(reverse("web:home"), {"kind": "nonsense"})
        assert page.status_code == 400 and "无此待办类型" in page.content.decode()
        only_review = login(world.officer).get(reverse("web:home"), {"kind": "review"}).content.decode()
        assert a.number not in only_review and "暂无我的任务" in only_review


def test_unit_filter_for_someone_in_two_units(world, three, client_for):
    a, b, c = three
    membership_add(officer=world.officer, unit=world.other_brigade, role=Role.OFFICER)
    other = filed(world, filed_on="2026-03-10", officers=[world.outsider, world.officer], unit=world.other_brigade)
    api = client_for(world.officer)
    with on("2026-04-30"):
        everything = api.get(TASKS).json()
        here = api.get(TASKS, {"unit": world.brigade.pk}).json()
        there = api.get(TASKS, {"unit": world.other_brigade.pk}).json()
    assert other.pk in {r["case_id"] for r in everything["mine"]}
    assert other.pk not in {r["case_id"] for r in here["mine"] + here["queue"]}
    assert [r["case_id"] for r in there["mine"]] == [other.pk] and there["queue"] == []


def test_another_townships_tasks_never_appear(world, three, client_for, login):
    second = make_officer(world.other_brigade, name="吴外镇")
    theirs = filed(
        world, filed_on="2026-03-10", officers=[world.outsider, second], unit=world.other_brigade, party="外镇商户"
    )
    with on("2026-04-30"):
        body = client_for(world.officer).get(TASKS).json()
        page = login(world.officer).get(reverse("web:home")).content.decode()
        outsider = client_for(world.outsider).get(TASKS).json()
    assert theirs.pk not in {r["case_id"] for r in body["mine"] + body["queue"]}
    assert "外镇商户" not in page and theirs.number not in page
    assert [r["case_id"] for r in outsider["mine"]] == [theirs.pk] and outsider["queue"] == []


def test_the_inbox_costs_the_same_statements_for_two_cases_or_four(world, client_for, login):
    filed(world, filed_on="2026-02-05", officers=[world.officer, world.colleague])
    filed(world, filed_on="2026-03-03", officers=[world.colleague, world.third])
    api = client_for(world.officer)
    page = login(world.officer)
    with on("2026-04-30"):
        api.get(TASKS)  # the first request of the process fills the calendar and policy caches
        api_few = count_statements(lambda: api.get(TASKS))
        page_few = count_statements(lambda: page.get(reverse("web:home")))
    filed(world, filed_on="2026-02-06", officers=[world.officer, world.colleague])
    filed(world, filed_on="2026-03-04", officers=[world.colleague, world.third])
    with on("2026-04-30"):
        api_more = count_statements(lambda: api.get(TASKS))
        page_more = count_statements(lambda: page.get(reverse("web:home")))
    assert api_few.status == page_few.status == 200
    assert api_more.statements == api_few.statements, api_more.by_table() - api_few.by_table()
    assert page_more.statements == page_few.statements, page_more.by_table() - page_few.by_table()
    assert api_more.statements <= 45, api_more.by_table()
    assert page_more.statements <= 60, page_more.by_table()
