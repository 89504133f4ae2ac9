"""Who sees which evaluation round: the justice bureau every round; an evaluator the rounds they evaluate in; a
unit's members the rounds that sampled their files (their own files, for the self-evaluation; the results only
once published). Everyone else: 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from casemgmt.org.models import Role
from casemgmt.org.selectors import officer_of, roles_of, scope_unit_ids

from .models import EvaluationRound, RoundStatus, SampledFile


def is_evaluation_office(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or Role.SUPERVISOR in roles_of(user)


def rounds_visible_to(*, user) -> QuerySet[EvaluationRound]:
    if not getattr(user, "is_authenticated", False):
        return EvaluationRound.objects.none()
    if is_evaluation_office(user):
        return EvaluationRound.objects.all()
    officer = officer_of(user)
    units = scope_unit_ids(user)
    visible = Q(evaluators=officer) if officer else Q(pk__in=[])
    visible |= Q(files__case__enforcement_subject_id__in=units) | Q(files__case__handling_unit_id__in=units)
    return EvaluationRound.objects.filter(visible).distinct()


def round_get_for_user(*, user, pk) -> EvaluationRound:
    try:
        return rounds_visible_to(user=user).select_related("rubric").get(pk=pk)
    except (EvaluationRound.DoesNotExist, ValueError, TypeError):
        raise Http404("评查活动不存在") from None


def files_visible_to(*, user, round_: EvaluationRound) -> QuerySet[SampledFile]:
    """The office sees every file; an evaluator their assigned ones; a unit its own (published or for its
    self-evaluation while open)."""
    files = round_.files.select_related("case", "unit", "evaluator")
    if is_evaluation_office(user):
        return files
    officer = officer_of(user)
    units = scope_unit_ids(user)
    own = Q(case__enforcement_subject_id__in=units) | Q(case__handling_unit_id__in=units)
    return files.filter(Q(evaluator=officer) | own) if officer else files.none()


def results_visible(*, user, round_: EvaluationRound) -> bool:
    """The results (scores, ranking) of an open round are for the office and its evaluators only."""
    if round_.status == RoundStatus.PUBLISHED or is_evaluation_office(user):
        return True
    officer = officer_of(user)
    return officer is not None and round_.evaluators.filter(pk=officer.pk).exists()


def file_get_for_user(*, user, round_pk, pk) -> SampledFile:
    round_ = round_get_for_user(user=user, pk=round_pk)
    try:
        return files_visible_to(user=user, round_=round_).get(pk=pk)
    except (SampledFile.DoesNotExist, ValueError, TypeError):
        raise Http404("案卷不存在") from None
