"""Background jobs: user-started work with a state, progress and a lock (``start_job``), and fire-and-forget side
effects after a commit (``defer``). With ``CELERY_BROKER_URL`` set both run on Celery workers; unset, the same
functions run in-process, so the embedded default needs no broker.

    from casemgmt.jobs import job, start_job, defer, JobBusy, JobUnavailable, JobContext

Job functions are registered with ``@job`` in a module named ``jobs.py`` (or ``tasks.py``) of an installed app,
which is imported at startup in every process (web and worker).
"""

from .errors import JobBusy, JobFailed, JobUnavailable
from .registry import job

__all__ = ["job", "start_job", "defer", "JobBusy", "JobFailed", "JobUnavailable", "JobContext"]


def __getattr__(name: str):
    # The runner needs the models; importing it lazily keeps this package importable before the app registry is
    # ready (INSTALLED_APPS imports it first).
    if name in ("start_job", "defer", "JobContext"):
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
