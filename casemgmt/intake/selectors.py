"""Reads about delivered clues for the officers (the case page, the API case detail)."""

from __future__ import annotations

from django.http import Http404

from casemgmt.cases.selectors import case_get_for_user, cases_visible_to

from .models import IntakeAttachment, IntakeClue


def intake_for_case(case) -> IntakeClue | None:
    """The delivery a case came from (with its platform, attachments and suspected duplicate), or None."""
    return (
        IntakeClue.objects.select_related("platform", "duplicate_of")
        .prefetch_related("attachments")
        .filter(case_id=case.pk)
        .first()
    )


def duplicate_visible(intake: IntakeClue, *, user) -> bool:
    """Whether ``user`` may open the case the clue seems to repeat (else the flag does not name it)."""
    return intake.duplicate_of_id is not None and cases_visible_to(user=user).filter(pk=intake.duplicate_of_id).exists()


def attachment_get_for_user(*, user, pk) -> IntakeAttachment:
    """An attachment of a delivered clue whose case ``user`` may open; 404 otherwise, like the case."""
    try:
        attachment = IntakeAttachment.objects.select_related("intake").get(pk=pk)
    except (IntakeAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404("附件不存在") from None
    if attachment.intake.case_id is None:
        raise Http404("附件不存在")
    case_get_for_user(user=user, pk=attachment.intake.case_id)
    return attachment
