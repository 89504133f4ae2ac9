"""Background jobs of the archive (registered at startup by ``casemgmt.jobs``): the case-file PDF built after the
archiving act, rebuilding the search index (started by an administrator, with progress) and indexing cases after
an act (deferred, retried with backoff)."""

from __future__ import annotations

from casemgmt.jobs import JobContext, JobFailed, job

from .assembly import JOB_KIND, CaseFileNotBuilt, assemble_record_case_file, lock_key
from .generations import Rebuild, RebuildBusy
from .indexing import index_cases as _index_cases


@job(JOB_KIND, title="生成案卷", lock=lambda params: lock_key(params["case_id"]))
def assemble_case_file(ctx: JobContext, *, case_id: int, officer_id: int | None = None) -> dict:
    """The archived case's case-file PDF (SAMR Art. 78: 一案一卷), built after the archiving act."""
    try:
        return assemble_record_case_file(case_id=case_id, officer_id=officer_id, progress=ctx.progress)
    except CaseFileNotBuilt as exc:
        raise JobFailed(str(exc)) from exc


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
