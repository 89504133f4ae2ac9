"""The actions that once existed only in the API are done on their case pages: 处置/解除 of seized goods, 延长查封
扣押, 补报紧急措施 and 撤回公示. Their forms come from the same input schema as the API."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b
from tests.rules.support import take_measure

pytestmark = pytest.mark.django_db


def page(client, case, code):
    return reverse("web:case_action", args=[case.pk, code])


def test_case_page_offers_disposal_of_a_preservation_measure(world, login):
    case = b.filed(world)
    take_measure(world, case)
    response = login(world.officer).get(reverse("web:case_detail", args=[case.pk]))
    assert 'data-action="dispose_measure"' in response.content.decode()


def test_officer_disposes_of_preserved_goods_on_the_page(world, login):
    case = b.filed(world)
    measure = take_measure(world, case)
    client = login(world.officer)

    form = client.get(page(client, case, "dispose_measure"))
    assert form.status_code == 200
    html = form.content.decode()
    assert "处理结果" in html and "逾期未处理，自动解除" not in html  # the sweep's own outcome is not offered

    case.refresh_from_db()
    response = client.post(
        page(client, case, "dispose_measure"),
        {"expected_version": case.version, "measure": measure.pk, "disposal": "released", "on": "2026-03-09"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.disposal, measure.disposed_on) == (m.MeasureDisposal.RELEASED, dt.date(2026, 3, 9))
    assert case.events.filter(action="dispose_measure").count() == 1


def test_disposal_form_reports_a_missing_choice_in_chinese_and_changes_nothing(world, login):
    case = b.filed(world)
    measure = take_measure(world, case)
    case.refresh_from_db()
    response = login(world.officer).post(
        page(None, case, "dispose_measure"), {"expected_version": case.version, "measure": measure.pk, "on": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "该字段是必填项" in html or "这个字段是必填项" in html
    assert "日期格式错误" in html
    measure.refresh_from_db()
    assert measure.disposed_on is None


def test_head_extends_a_seizure_on_the_page(world, login):
    case = b.filed(world)
    measure = take_measure(world, case, kind=m.MeasureKind.SEIZURE)
    case.refresh_from_db()
    response = login(world.head).post(
        page(None, case, "extend_measure"),
        {
            "expected_version": case.version,
            "measure": measure.pk,
            "approved_by": world.mayor.pk,
            "days": 30,
            "on": "2026-03-20",
            "notice_served_on": "2026-03-20",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    measure.refresh_from_db()
    assert measure.extended_days == 30


def test_officer_reports_an_emergency_measure_on_the_page(world, login):
    case = b.filed(world)
    measure = take_measure(world, case, approved_by=None, emergency=True)
    case.refresh_from_db()
    response = login(world.officer).post(
        page(None, case, "report_emergency"),
        {
            "expected_version": case.version,
            "measure": measure.pk,
            "approved_by": world.mayor.pk,
            "reported_at": "2026-03-05T16:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    measure.refresh_from_db()
    assert measure.emergency_reported_at is not None


def test_officer_withdraws_a_publication_on_the_page(world, login):
    case = b.served(world)
    s.disclosure_publish(
        case=case, actor=world.officer.user, on=dt.date(2026, 3, 24), channel="县政府网站", content="处罚决定公示"
    )
    case.refresh_from_db()
    client = login(world.officer)
    assert client.get(page(None, case, "withdraw_disclosure")).status_code == 200
    response = client.post(
        page(None, case, "withdraw_disclosure"),
        {
            "expected_version": case.version,
            "change_recorded_on": "2026-04-01",
            "on": "2026-04-02",
            "reason": "处罚决定经行政复议被撤销",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert case.disclosures.get().withdrawn_on == dt.date(2026, 4, 2)


def test_outsider_gets_404_on_the_disposal_page(world, login):
    case = b.filed(world)
    take_measure(world, case)
    assert login(world.outsider).get(page(None, case, "dispose_measure")).status_code == 404
