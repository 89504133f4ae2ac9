from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .runner import reap_stale
from .selectors import job_for_user, jobs_started_by


def _current(request, job_id: int):
    job = job_for_user(user=request.user, job_id=job_id)
    if not job.finished and reap_stale(job_id=job.pk):  # a dead worker shows as failed on the next poll
        job.refresh_from_db()
    return job


@login_required
@never_cache
def detail(request, job_id: int):
    return render(request, "jobs/detail.html", {"job": _current(request, job_id)})


@login_required
@never_cache
def status(request, job_id: int):
    return JsonResponse(_current(request, job_id).as_status())


@login_required
def mine(request):
    return render(request, "jobs/mine.html", {"jobs": jobs_started_by(user=request.user)[:50]})
