"""Background jobs of the archive: rebuilding the search index (started by an administrator, with progress) and
indexing cases after an act (deferred, retried with backoff)."""

from __future__ import annotations

from casemgmt.jobs import JobContext, JobFailed, job

from .generations import Rebuild, RebuildBusy
from .indexing import index_cases as _index_cases


@job("archive.reindex", title="重建检索索引", lock=lambda params: "archive.reindex")
def reindex(ctx: JobContext, *, batch_size: int = 200) -> dict:
    """Rebuild the whole index into a new generation and switch to it; searches stay complete meanwhile."""
    try:
        outcome = Rebuild(batch_size=batch_size, progress=ctx.progress).run()
    except RebuildBusy as exc:
        raise JobFailed(str(exc)) from exc
    return {
        "cases": outcome.cases,
        "replayed": outcome.replayed,
        "seconds": round(outcome.seconds, 1),
        "rate": round(outcome.rate, 1),
        "build": outcome.build.pk,
        "fulltext": outcome.fulltext,
    }


@job("archive.index_cases", title="更新检索索引")
def index_cases(ctx: JobContext, *, case_ids: list[int]) -> dict:
    """Index the cases an act changed (idempotent); a failure is recorded in IndexTask and raised for a retry."""
    return {"indexed": _index_cases(case_ids)}
