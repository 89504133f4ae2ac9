"""Who may see a job: the person who started it, and those who may see its unit (404 for everyone else)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from casemgmt.org.selectors import scope_unit_ids, sees_everything

from .models import Job


def jobs_visible_to(*, user) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    jobs = Job.objects.select_related("started_by", "unit")
    if sees_everything(user):
        return jobs
    return jobs.filter(Q(started_by=user) | Q(unit_id__in=scope_unit_ids(user)))


def job_for_user(*, user, job_id: int) -> Job:
    return get_object_or_404(jobs_visible_to(user=user), pk=job_id)


def jobs_started_by(*, user) -> QuerySet[Job]:
    return Job.objects.filter(started_by=user).select_related("unit")
