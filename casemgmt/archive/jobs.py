"""Background jobs of the archive app (registered at startup by ``casemgmt.jobs``)."""

from __future__ import annotations

from casemgmt.jobs import JobContext, JobFailed, job

from .assembly import JOB_KIND, CaseFileNotBuilt, assemble_record_case_file, lock_key


@job(JOB_KIND, title="生成案卷", lock=lambda params: lock_key(params["case_id"]))
def assemble_case_file(ctx: JobContext, *, case_id: int, officer_id: int | None = None) -> dict:
    """The archived case's case-file PDF (SAMR Art. 78: 一案一卷), built after the archiving act."""
    try:
        return assemble_record_case_file(case_id=case_id, officer_id=officer_id, progress=ctx.progress)
    except CaseFileNotBuilt as exc:
        raise JobFailed(str(exc)) from exc
