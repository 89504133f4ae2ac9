"""The round rules: no scoring after the deadline or on a closed round, nothing changes on a published round, no
evaluator scores their own unit's file; each refusal names its rule, changes nothing, and the evaluators' read
grants end when the round closes (by the office, at publication, or the nightly closing after the deadline)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casemgmt.archive.services import archive_case
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import InputError
from casemgmt.evaluation.models import EvaluationRound, ItemScore, RoundStatus, UnitSelfScore
from casemgmt.evaluation.rounds import (
    RoundRefusal,
    file_assign,
    file_score,
    round_close,
    round_create,
    round_publish,
    rounds_close_expired,
    self_score_enter,
    unit_self_score_enter,
)
from casemgmt.org.models import Membership, Role
from tests.archive.conftest import closed_case
from tests.openapi import DocumentedAPIClient

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()  # Asia/Shanghai: from 16:00 UTC on, a day ahead of the machine's date


@pytest.fixture
def archived(world):
    cases = []
    for _ in range(2):
        case = closed_case(world)
        archive_case(case=case, actor=world.head.user, on=dt.date(2026, 4, 2))
        cases.append(case)
    return cases


def make_round(world, *, deadline=None, evaluators=None, seed="rules"):
    return round_create(
        title="案卷评查",
        actor=world.evaluator.user,
        units=[world.township],
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        evaluators=evaluators or [world.outsider],
        deadline=deadline or TODAY + dt.timedelta(days=10),
        seed=seed,
    )


def full_marks(file):
    return {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}


def rules_of(refused) -> list[str]:
    return [f.rule for f in refused.value.findings]


def visible_cases(world, round_) -> set[int]:
    sampled = round_.files.values_list("case_id", flat=True)
    return set(cases_visible_to(user=world.outsider.user).filter(pk__in=sampled).values_list("pk", flat=True))


def test_scoring_after_the_deadline_is_refused_under_its_rule(world, archived):
    round_ = make_round(world, deadline=TODAY)
    file = round_.files.first()
    late = time_machine.travel(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(9)), tick=False)
    with late, pytest.raises(RoundRefusal) as refused:
        file_score(file=file, actor=world.outsider.user, scores=full_marks(file))
    assert rules_of(refused) == ["EVAL-ROUND-DEADLINE"]
    assert "评查截止日期后不得再评分" in str(refused.value) and f"{TODAY:%Y年%m月%d日}" in str(refused.value)
    assert not ItemScore.objects.filter(file=file, item__code="S1", points__isnull=False).exists()
    file_score(file=file, actor=world.outsider.user, scores=full_marks(file))  # on the deadline day itself: fine
    file.refresh_from_db()
    assert file.total == 100


def test_a_deadline_in_the_past_is_refused_when_creating(world, archived):
    with pytest.raises(InputError) as refused:
        make_round(world, deadline=TODAY - dt.timedelta(days=1))
    assert "评查截止日期不得早于今日" in str(refused.value) and not EvaluationRound.objects.exists()


def test_closing_revokes_the_grants_and_ends_the_scoring(world, archived):
    round_ = make_round(world)
    assert visible_cases(world, round_) == {c.pk for c in archived}
    file = round_.files.first()
    with pytest.raises(PermissionDenied):  # only the office closes a round
        round_close(round_=round_, actor=world.head.user)
    round_close(round_=round_, actor=world.evaluator.user)
    assert EvaluationRound.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    assert visible_cases(world, round_) == set()
    with pytest.raises(RoundRefusal) as refused:
        file_score(file=file, actor=world.outsider.user, scores=full_marks(file))
    assert rules_of(refused) == ["EVAL-ROUND-CLOSED"]
    with pytest.raises(RoundRefusal) as refused:
        file_assign(file=file, evaluator=world.evaluator, actor=world.evaluator.user)
    assert rules_of(refused) == ["EVAL-ROUND-CLOSED"]
    self_score_enter(file=file, score="90", actor=world.head.user)  # units may still self-evaluate


def test_the_nightly_closing_ends_grants_of_rounds_past_their_deadline(world, archived):
    round_ = make_round(world, deadline=TODAY)
    later = make_round(world, deadline=TODAY + dt.timedelta(days=30), seed="later")
    assert rounds_close_expired(today=TODAY) == []
    with time_machine.travel(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(2)), tick=False):
        call_command("close_evaluation_rounds", verbosity=0)
    assert EvaluationRound.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    assert EvaluationRound.objects.get(pk=later.pk).status == RoundStatus.OPEN
    # The later round assigns the same files to the same evaluator: its grants stay until it closes too.
    assert visible_cases(world, later) == {c.pk for c in archived}
    round_close(round_=later, actor=world.evaluator.user)
    assert visible_cases(world, later) == set()


def test_a_published_round_refuses_every_change_under_its_rule(world, archived):
    round_ = make_round(world)
    first, second = round_.files.all()
    for f in (first, second):
        file_score(file=f, actor=world.outsider.user, scores=full_marks(f))
    unit_self_score_enter(round_=round_, unit=world.township, score="95", actor=world.mayor.user)
    round_publish(round_=round_, actor=world.evaluator.user)
    attempts = [
        lambda: file_score(file=first, actor=world.outsider.user, scores={"S1": {"points": 0, "reason": "x"}}),
        lambda: self_score_enter(file=first, score="80", actor=world.head.user),
        lambda: unit_self_score_enter(round_=round_, unit=world.township, score="80", actor=world.mayor.user),
        lambda: file_assign(file=first, evaluator=world.evaluator, actor=world.evaluator.user),
        lambda: round_close(round_=round_, actor=world.evaluator.user),
        lambda: round_publish(round_=round_, actor=world.evaluator.user),
    ]
    for attempt in attempts:
        with pytest.raises(RoundRefusal) as refused:
            attempt()
        assert rules_of(refused) == ["EVAL-ROUND-PUBLISHED-FINAL"]
        assert "评查结果公布后" in str(refused.value)
    assert ItemScore.objects.get(file=first, item__code="S1").points == 12
    assert UnitSelfScore.objects.get().score == Decimal("95")
    first.refresh_from_db()
    assert first.self_score is None and first.evaluator == world.outsider


def test_an_evaluator_who_joined_the_evaluated_unit_may_no_longer_score(world, archived):
    round_ = make_round(world)
    file = round_.files.first()
    Membership.objects.create(officer=world.outsider, unit=world.brigade, role=Role.OFFICER)
    user = get_user_model().objects.get(pk=world.outsider.user.pk)  # a new request: memberships read afresh
    with pytest.raises(RoundRefusal) as refused:
        file_score(file=file, actor=user, scores=full_marks(file))
    assert rules_of(refused) == ["EVAL-EVALUATOR-RECUSAL"]
    assert "应当回避" in str(refused.value)
    assert not ItemScore.objects.filter(file=file, points__isnull=False, item__rule_codes=[]).exists()


def test_the_api_answers_a_late_score_with_the_rule_and_the_page_shows_it(world, archived, client):
    round_ = make_round(world, deadline=TODAY)
    file = round_.files.first()
    api = DocumentedAPIClient()
    api.force_login(world.outsider.user)
    client.force_login(world.outsider.user)
    url = reverse("api:evaluation:round-file", args=[round_.pk, file.pk])
    page_url = reverse("evaluation:file", args=[round_.pk, file.pk])
    with time_machine.travel(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(9)), tick=False):
        response = api.post(url, {"scores": full_marks(file)}, format="json")
        page = client.post(page_url, {"S1-points": "12"}, follow=True).content.decode()
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "EVAL-ROUND-DEADLINE"
    assert "EVAL-ROUND-DEADLINE" in page and "评查截止日期后不得再评分" in page
    assert ItemScore.objects.get(file=file, item__code="S1").points is None
