"""Index maintenance for administrators: the state of the search index and starting a rebuild as a job."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from casemgmt.cases.models import Case
from casemgmt.jobs import start_job
from casemgmt.jobs.models import Job

from .backends import get_backend
from .models import BuildState, IndexBuild, IndexTask, SearchDoc

REINDEX_JOB = "archive.reindex"


def may_rebuild(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.has_perm("archive.add_indexbuild")
    )


def reindex_start(*, actor, batch_size: int = 200) -> Job:
    """Start a rebuild of the whole search index as a background job (searches stay complete meanwhile). Raises
    ``JobBusy`` while one is queued or running, ``JobUnavailable`` when the queue is down."""
    if not may_rebuild(actor):
        raise PermissionDenied("只有系统管理员可以重建检索索引")
    return start_job(REINDEX_JOB, user=actor, batch_size=batch_size)


@dataclass
class IndexState:
    backend: str
    cases: int
    indexed: int
    failed_tasks: int
    building: IndexBuild | None
    recent: list[IndexBuild]
    job: Job | None


def index_state() -> IndexState:
    builds = list(IndexBuild.objects.all()[:5])
    job = Job.objects.filter(kind=REINDEX_JOB).order_by("-created_at").first()
    return IndexState(
        backend=get_backend().label,
        cases=Case.objects.count(),
        indexed=SearchDoc.objects.count(),
        failed_tasks=IndexTask.objects.count(),
        building=next((b for b in builds if b.state == BuildState.BUILDING), None),
        recent=builds,
        job=job,
    )
