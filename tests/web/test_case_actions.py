"""Acting on a case through its forms: the service decides, the form reports refusals and conflicts."""

import datetime as dt

import pytest
from django.urls import reverse

from casemgmt.cases import models as m

from .conftest import register

pytestmark = pytest.mark.django_db


def filing_form(world, case, officers):
    return {
        "expected_version": case.version,
        "officers": [o.pk for o in officers],
        "lead": world.officer.pk,
        "approved_by": world.mayor.pk,
        "on": "2026-03-03",
        "violation_start": "2026-03-01",
        "violation_end": "2026-03-02",
        "violation_place": "人民路",
        "facts_summary": "占道经营",
    }


def test_filing_through_the_form_files_the_case_and_advances_its_flow(world, clue_case, login):
    client = login(world.head)
    response = client.post(
        reverse("web:case_action", args=[clue_case.pk, "file"]),
        filing_form(world, clue_case, [world.officer, world.colleague]),
    )

    assert response.status_code == 302
    clue_case.refresh_from_db()
    assert clue_case.status == m.CaseStatus.INVESTIGATION
    assert [t.flow_task.name for t in clue_case.process.task_set.filter(status="NEW")] == ["investigate"]


def test_a_refusal_page_headlines_the_chinese_rule_name_and_cites_no_samr_article_for_a_township_case(
    world, clue_case, login
):
    response = login(world.head).post(
        reverse("web:case_action", args=[clue_case.pk, "file"]), filing_form(world, clue_case, [world.officer])
    )

    page = response.content.decode()
    item = page[page.index("<li>", page.index('data-testid="rule-violations"')) :]
    assert item.startswith('<li><strong class="rule-name">两名持证执法人员</strong>')  # the name, not the code, leads
    assert "（《行政处罚法》第四十二条）" in page
    assert "市场监督管理行政处罚程序规定" not in page  # a 城管 case is not governed by the SAMR procedure rules


def test_refused_filing_shows_the_rule_name_code_and_article_and_changes_nothing(world, clue_case, login):
    client = login(world.head)
    events_before = clue_case.events.count()

    response = client.post(
        reverse("web:case_action", args=[clue_case.pk, "file"]), filing_form(world, clue_case, [world.officer])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert '<strong class="rule-name">两名持证执法人员</strong> 执法人员不得少于两人' in page  # the name first
    assert '<code class="rule-code">APL-42-TWO-CERTIFIED-OFFICERS</code>' in page  # the code for reference
    assert "《行政处罚法》第四十二条" in page
    before = clue_case.version
    clue_case.refresh_from_db()
    assert (clue_case.status, clue_case.version, clue_case.events.count()) == (m.CaseStatus.CLUE, before, events_before)
    assert not clue_case.officers.exists()
    assert clue_case.process.task_set.get(flow_task_type="HUMAN").status == "NEW"


def test_double_submit_with_the_same_version_reports_a_conflict(world, clue_case, login):
    client = login(world.officer)
    url = reverse("web:case_action", args=[clue_case.pk, "add_party"])
    data = {"expected_version": clue_case.version, "kind": m.PartyKind.CITIZEN, "name": "王某"}

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "案件已被他人更新" in second.content.decode()
    assert clue_case.parties.filter(name="王某").count() == 1


def test_input_error_is_shown_on_its_field(world, clue_case, login):
    client = login(world.officer)
    response = client.post(
        reverse("web:case_action", args=[clue_case.pk, "add_party"]),
        {"expected_version": clue_case.version, "kind": m.PartyKind.CITIZEN, "name": "王某", "id_number": "123"},
    )
    assert response.status_code == 200
    assert "格式或校验位不正确" in response.context["form"].errors["id_number"][0]


def test_action_not_open_in_the_current_status_redirects_with_a_message(world, clue_case, login):
    response = login(world.officer).get(reverse("web:case_action", args=[clue_case.pk, "decide"]), follow=True)
    assert "不能作出决定" in response.content.decode()


def test_case_page_shows_parties_timeline_and_next_actions(world, clue_case, login):
    page = login(world.officer).get(reverse("web:case_detail", args=[clue_case.pk])).content.decode()
    assert "陈某" in page
    assert "登记线索" in page
    assert 'data-action="file"' in page and 'data-action="add_party"' in page


def test_registering_a_clue_through_the_form_puts_filing_in_the_officers_inbox(world, login):
    client = login(world.officer)
    response = client.post(
        reverse("web:clue_new"),
        {
            "handling_unit": world.brigade.pk,
            "procedure": m.ProcedureType.ORDINARY,
            "source": m.ClueSource.COMPLAINT,
            "discovered_on": "2026-03-02",
            "cause": "噪声扰民",
            "summary": "群众投诉夜间施工噪声",
        },
    )
    assert response.status_code == 302
    case = m.Case.objects.get(cause="噪声扰民")
    inbox = client.get(reverse("web:home")).content.decode()
    assert "噪声扰民" in inbox and "立案审查" in inbox
    assert "噪声扰民" not in login(world.outsider).get(reverse("web:home")).content.decode()
    assert case.process.flow_class.__name__ == "OrdinaryProcedureFlow"


def test_case_page_shows_clock_states(world, clue_case, login):
    client = login(world.head)
    client.post(
        reverse("web:case_action", args=[clue_case.pk, "file"]),
        filing_form(world, clue_case, [world.officer, world.colleague]),
    )

    page = client.get(reverse("web:case_detail", args=[clue_case.pk])).content.decode()
    # Filed 2026-03-03 and nothing decided by today: the 90-day clock is overdue.
    assert "作出处理决定期限" in page
    assert "clock-red" in page and "超期" in page


def test_deadline_in_a_year_without_an_official_schedule_is_marked_provisional(world, login):
    case = register(world, discovered_on=dt.date(2026, 11, 19))
    client = login(world.head)
    form = filing_form(world, case, [world.officer, world.colleague]) | {
        "on": "2026-11-20",
        "violation_start": "2026-11-18",
        "violation_end": "2026-11-19",
    }
    client.post(reverse("web:case_action", args=[case.pk, "file"]), form)

    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    # 90 days from 2026-11-20 ends in 2027, whose holiday schedule is not published yet.
    assert "2027-02-18" in page and "暂定" in page and "clock-green" in page
