import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.workflows.helpers import do

pytestmark = pytest.mark.django_db


def reported(world, case):
    do(
        case,
        world.head.user,
        "file",
        s.case_file,
        officers=[world.officer, world.colleague],
        lead=world.officer,
        approved_by=world.mayor,
        on=dt.date(2026, 3, 3),
        violation_start=dt.date(2026, 3, 1),
        violation_end=dt.date(2026, 3, 2),
    )
    do(
        case,
        world.officer.user,
        "submit_report",
        s.report_submit,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="笔录",
        nature="违法",
        legal_basis="依据",
        discretion_reasons="一般情节",
        penalty_types=["fine"],
        fine_amount=Decimal("500"),
    )
    return case


def test_review_task_reaches_the_reviewer_not_the_officers(world, clue_case, login):
    reported(world, clue_case)

    reviewer_inbox = login(world.reviewer).get(reverse("web:home")).content.decode()
    assert "擅自占用城市道路经营" in reviewer_inbox and "审核" in reviewer_inbox

    officer_inbox = login(world.officer).get(reverse("web:home")).content.decode()
    assert "擅自占用城市道路经营" not in officer_inbox

    assert "擅自占用城市道路经营" not in login(world.evaluator).get(reverse("web:home")).content.decode()


def test_opening_a_task_leads_to_its_action_form(world, clue_case, login):
    reported(world, clue_case)
    task = clue_case.process.task_set.get(status="NEW", flow_task_type="HUMAN")
    response = login(world.reviewer).get(reverse("web:task", args=[task.pk]))
    assert response["Location"] == reverse("web:case_action", args=[clue_case.pk, "review"])


def test_header_shows_the_user_with_units_and_roles(world, login):
    page = login(world.reviewer).get(reverse("web:home")).content.decode()
    assert "孙审核" in page and "城关镇人民政府·法制审核人员" in page


def test_login_page_is_in_chinese(client):
    page = client.get(reverse("login")).content.decode()
    assert "用户名" in page and "密码" in page and "登录" in page


def test_filing_task_is_listed_once_in_the_officers_inbox(world, clue_case, login):
    assert m.Case.objects.count() == 1
    inbox = login(world.officer).get(reverse("web:home")).content.decode()
    assert inbox.count("<td>立案审查</td>") == 1  # one row (the task-type filter also names the step)
