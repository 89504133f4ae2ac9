"""Starting a job from a page's button: one behaviour for every page that has one."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .errors import JobBusy, JobUnavailable
from .models import Job
from .selectors import jobs_visible_to


def start_and_follow(request, start: Callable[[], Job], *, fallback: str, started: str) -> HttpResponse:
    """Run ``start()`` and show the new job's progress page with ``started`` as the message. A job already under
    way with the same lock is shown instead (when the user may see it), so a second click never starts a second
    job; with the broker unreachable the user goes back to ``fallback`` (a URL name or path) with the reason."""
    try:
        job = start()
    except JobBusy as exc:
        messages.info(request, str(exc))
        if exc.job is not None and jobs_visible_to(user=request.user).filter(pk=exc.job.pk).exists():
            return redirect("jobs:detail", exc.job.pk)
        return redirect(fallback)
    except JobUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(fallback)
    messages.success(request, started)
    return redirect("jobs:detail", job.pk)
