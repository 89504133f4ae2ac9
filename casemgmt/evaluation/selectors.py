"""Who sees which evaluation round: the justice bureau every round; an evaluator the rounds they evaluate in; a
unit's members the rounds that sampled their files (their own files, for the self-evaluation; the results only
once published). Everyone else: 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from casemgmt.archive.models import ArchiveRecord
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.org.models import LEADER_ROLES, Role, Unit
from casemgmt.org.selectors import officer_of, role_unit_ids, roles_of, scope_unit_ids

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
    self-evaluation while open). An evaluator of a round that is not yet published sees only the files assigned
    to them, never their own unit's (回避), whatever their membership."""
    files = round_.files.select_related("case", "unit", "evaluator", "round__rubric")
    if is_evaluation_office(user):
        return files
    officer = officer_of(user)
    if officer is None:
        return files.none()
    if round_.status != RoundStatus.PUBLISHED and round_.evaluators.filter(pk=officer.pk).exists():
        return files.filter(evaluator=officer)
    units = scope_unit_ids(user)
    own = Q(case__enforcement_subject_id__in=units) | Q(case__handling_unit_id__in=units)
    return files.filter(Q(evaluator=officer) | own)


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


def file_case_pdf(*, user, file: SampledFile) -> tuple[str, str] | None:
    """The storage name and recorded SHA-256 of the sampled file's archived case-file PDF when ``user`` may open
    the case (the case selector: an evaluator through the round's grant, revoked when the round closes); else
    ``None``. Whether the stored bytes still match is checked when the file is read (``casemgmt.files``)."""
    if not cases_visible_to(user=user).filter(pk=file.case_id).exists():
        return None
    found = (
        ArchiveRecord.objects.filter(case_id=file.case_id, withdrawn_at__isnull=True)
        .exclude(case_file_sha256="")
        .values_list("case_file_name", "case_file_sha256")
        .first()
    )
    return found if found and found[0] else None


def self_score_units(*, user, round_: EvaluationRound) -> list[dict]:
    """The round's units whose overall self-score ``user`` may enter (their leaders, until publication), with the
    score entered so far."""
    if round_.status == RoundStatus.PUBLISHED:
        return []
    leads = role_unit_ids(user, LEADER_ROLES)
    if not leads:
        return []
    pairs = set(round_.files.values_list("unit_id", "case__handling_unit_id"))
    unit_ids = {u for u, h in pairs if {u, h} & leads}
    entered = dict(round_.unit_self_scores.values_list("unit_id", "score"))
    return [
        {"unit": unit, "score": entered.get(unit.pk)} for unit in Unit.objects.filter(pk__in=unit_ids).order_by("name")
    ]
