"""整改: after publication the justice bureau sets a unit a rectification task; the unit's leader closes it with
evidence; an open task past its deadline is overdue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.evaluation.models import Rectification
from casemgmt.evaluation.rectification import overdue_rectifications, rectification_close, rectification_create
from casemgmt.evaluation.rounds import file_score, round_publish
from tests.evaluation.conftest import archived_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(world):
    return archived_round(world, title="评查", seed="r")


def publish(world, round_):
    file = round_.files.get()
    scores = {s.item.code: {"points": s.item.points} for s in file.scores.select_related("item") if not s.item.veto}
    file_score(file=file, actor=world.evaluator.user, scores={**scores, "F4": {"points": 2}})
    return round_publish(round_=round_, actor=world.evaluator.user)


def test_a_task_is_set_only_after_publication_and_closed_with_evidence(world, round_):
    deadline = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(ConflictError):
        rectification_create(
            round_=round_, unit=world.township, findings="卷内目录", deadline=deadline, actor=world.evaluator.user
        )
    round_ = publish(world, round_)
    with pytest.raises(PermissionDenied):
        rectification_create(
            round_=round_, unit=world.township, findings="卷内目录", deadline=deadline, actor=world.head.user
        )
    with pytest.raises(InputError):
        rectification_create(
            round_=round_, unit=world.other_township, findings="x", deadline=deadline, actor=world.evaluator.user
        )
    task = rectification_create(
        round_=round_,
        unit=world.township,
        findings="卷内目录页码与实际不符",
        deadline=deadline,
        actor=world.evaluator.user,
    )
    with pytest.raises(ConflictError):
        rectification_create(
            round_=round_, unit=world.township, findings="再次", deadline=deadline, actor=world.evaluator.user
        )
    with pytest.raises(PermissionDenied):
        rectification_close(task=task, evidence="已重编目录", on=timezone.localdate(), actor=world.outsider.user)
    with pytest.raises(InputError):
        rectification_close(task=task, evidence=" ", on=timezone.localdate(), actor=world.mayor.user)
    task.refresh_from_db()
    assert task.closed_on is None
    closed = rectification_close(
        task=task, evidence="已重编卷内目录，附整改报告", on=timezone.localdate(), actor=world.mayor.user
    )
    assert closed.closed_on == timezone.localdate() and closed.closed_by == world.mayor.user
    with pytest.raises(ConflictError):
        rectification_close(task=task, evidence="again", on=timezone.localdate(), actor=world.mayor.user)


def test_an_open_task_past_its_deadline_is_overdue(world, round_):
    round_ = publish(world, round_)
    deadline = timezone.localdate() + dt.timedelta(days=10)
    task = rectification_create(
        round_=round_, unit=world.township, findings="目录", deadline=deadline, actor=world.evaluator.user
    )
    assert not overdue_rectifications(today=deadline).exists()
    assert list(overdue_rectifications(today=deadline + dt.timedelta(days=1))) == [task]
    rectification_close(task=task, evidence="已整改", on=timezone.localdate(), actor=world.mayor.user)
    assert not overdue_rectifications(today=deadline + dt.timedelta(days=1)).exists()
    assert Rectification.objects.get().is_overdue(deadline + dt.timedelta(days=1)) is False
