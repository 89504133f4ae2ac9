"""Starting, running and reaping jobs, and deferring side effects.

Where work runs: with ``CELERY_BROKER_URL`` set, on a Celery worker (tasks in ``tasks.py``); unset, in-process —
``JOBS_INPROCESS = "thread"`` runs a started job in a background thread of the web process, ``"sync"`` runs it at
once in the caller (tests, management commands). Deferred side effects without a broker always run after the
commit in the caller, as they did before jobs existed, so the embedded SQLite default sees no extra writer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .errors import JobBusy, JobFailed, JobUnavailable
from .models import ACTIVE_STATES, Job, JobState
from .registry import spec_for

log = logging.getLogger("casemgmt.jobs")

UNAVAILABLE = "后台任务服务暂时无法连接，任务未能启动。请稍后再试；如持续出现，请联系系统管理员。"
GENERIC_FAILURE = "任务执行出错，已记录错误日志，请联系系统管理员。"
PROGRESS_EVERY = 1.0  # seconds between two progress writes (the last step is always written)

# Publishing: a few quick retries, then give up (the user gets JobUnavailable, a deferred effect runs in-process).
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


class JobContext:
    """What a job function gets: ``progress()`` for the bar and the heartbeat. For deferred work (no Job row)
    ``job_id`` is None and ``progress()`` does nothing."""

    def __init__(self, *, kind: str, job_id: int | None = None):
        self.kind = kind
        self.job_id = job_id
        self._written_at = 0.0

    def progress(self, done: int, total: int, message: str = "") -> None:
        if self.job_id is None:
            return
        now = time.monotonic()
        if done < total and now - self._written_at < PROGRESS_EVERY:
            return
        self._written_at = now
        Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
            progress_done=max(done, 0),
            progress_total=max(total, 0),
            message=message[:300],
            heartbeat_at=timezone.now(),
        )


# --- starting -----------------------------------------------------------------------------------------------------


def start_job(kind: str, *, user=None, unit=None, **params) -> Job:
    """Record a job (排队中) and dispatch it when the transaction commits. Raises ``JobBusy`` while a live job holds
    the same lock, ``JobUnavailable`` when the broker cannot be reached (no row is left queued)."""
    spec = spec_for(kind)
    _check_json(params)
    lock_key = spec.lock(params) if spec.lock else ""
    mode = _mode()
    if mode == "celery":
        _check_broker()
    if lock_key:
        reap_stale(lock_key=lock_key)
        _refuse_if_busy(lock_key)
    starter = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                title=spec.title,
                params=params,
                started_by=starter,
                unit=unit,
                lock_key=lock_key,
                heartbeat_at=timezone.now(),
            )
    except IntegrityError:  # another request took the lock between the check and the insert
        _refuse_if_busy(lock_key)
        raise
    log.info("job %s (%s) queued by %s", job.pk, kind, starter)
    transaction.on_commit(partial(_dispatch, job.pk, mode))
    return job


def _mode() -> str:
    if settings.CELERY_BROKER_URL:
        return "celery"
    return settings.JOBS_INPROCESS


def _check_json(params: dict) -> None:
    try:
        json.dumps(params)
    except TypeError as exc:
        raise TypeError(f"job parameters must be plain JSON values: {exc}") from None


def _refuse_if_busy(lock_key: str) -> None:
    busy = Job.objects.filter(lock_key=lock_key, state__in=ACTIVE_STATES).select_related("started_by").first()
    if busy is not None:
        raise JobBusy(busy_message(busy), job=busy)


def busy_message(busy: Job) -> str:
    who = _display_name(busy.started_by)
    when = timezone.localtime(busy.created_at)
    progress = f"，已完成 {busy.progress_done}/{busy.progress_total}" if busy.progress_total else ""
    return f"「{busy.title}」正在进行（{who}于 {when:%Y-%m-%d %H:%M} 发起{progress}），请等它完成后再试"


def _display_name(user) -> str:
    if user is None:
        return "系统"
    officer = getattr(user, "officer", None)
    return getattr(officer, "name", "") or user.get_full_name() or user.get_username()


def _dispatch(job_id: int, mode: str) -> None:
    if mode == "sync":
        execute(job_id, heartbeat=False)
    elif mode == "thread":
        _threads().submit(_execute_in_thread, job_id)
    else:
        try:
            _publish("casemgmt.jobs.run", job_id)
        except Exception as exc:
            Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
                state=JobState.FAILED, reason=UNAVAILABLE, finished_at=timezone.now()
            )
            log.error("job %s not dispatched, broker unreachable: %s", job_id, exc)
            raise JobUnavailable(UNAVAILABLE) from exc


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _threads() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.JOBS_THREADS, thread_name_prefix="job")
        return _pool


def _execute_in_thread(job_id: int) -> None:
    try:
        execute(job_id)
    except Exception:
        log.exception("job %s crashed in its thread", job_id)
    finally:
        connection.close()  # this thread's own connection


def _celery_app():
    from casemgmt.celery import app

    return app


def _check_broker() -> None:
    """Refuse before writing anything when the broker is down (a clear message instead of a stuck 排队中 row)."""
    try:
        with _celery_app().connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=3)
    except Exception as exc:
        log.error("broker unreachable, job refused: %s", exc)
        raise JobUnavailable(UNAVAILABLE) from exc


def _publish(task: str, *args) -> None:
    app = _celery_app()
    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        app.send_task(task, args=args, connection=conn, retry=True, retry_policy=PUBLISH_RETRY)


# --- running ------------------------------------------------------------------------------------------------------


def execute(job_id: int, *, heartbeat: bool = True) -> None:
    """Run job ``job_id`` once. A job that is not 排队中 any more (done, failed, or taken by another delivery of
    the same task) is left alone: delivering a task twice does nothing the second time."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        log.info("job %s is not queued any more; nothing to do", job_id)
        return
    job = Job.objects.get(pk=job_id)
    ctx = JobContext(kind=job.kind, job_id=job.pk)
    try:
        spec = spec_for(job.kind)
        with _heartbeat(job.pk, enabled=heartbeat):
            result = spec.fn(ctx, **job.params)
        result = json.loads(json.dumps(result, cls=DjangoJSONEncoder))
    except Exception as exc:
        reason = failure_reason(exc)
        if reason == GENERIC_FAILURE:
            log.exception("job %s (%s) failed", job.pk, job.kind)
        else:
            log.warning("job %s (%s) failed: %s", job.pk, job.kind, reason)
        _end(job.pk, state=JobState.FAILED, reason=reason)
        return
    _end(job.pk, state=JobState.DONE, result=result)
    log.info("job %s (%s) done", job.pk, job.kind)


def _end(job_id: int, *, state: str, reason: str = "", result=None) -> None:
    now = timezone.now()
    fields = {"state": state, "reason": reason, "finished_at": now, "heartbeat_at": now}
    if state == JobState.DONE:
        fields["result"] = result
    Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(**fields)


def failure_reason(exc: BaseException) -> str:
    """The Chinese reason a user sees: the message of an expected refusal, else a generic one (details go to the
    log, never to the page)."""
    from casemgmt.cases.services.base import ConflictError, InputError

    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    if isinstance(exc, (JobFailed, PermissionDenied, ConflictError, InputError)) and str(exc):
        return str(exc)
    return GENERIC_FAILURE


def heartbeat_interval() -> float:
    return max(settings.JOBS_STALE_AFTER / 6, 0.5)


@contextmanager
def _heartbeat(job_id: int, *, enabled: bool):
    """Beat while the job runs, even through a long step without progress: the beat stops only when the process
    dies, which is exactly what the reaper looks for."""
    if not enabled:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(heartbeat_interval()):
                Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(heartbeat_at=timezone.now())
        except Exception:
            log.exception("heartbeat of job %s stopped", job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


# --- reaping ------------------------------------------------------------------------------------------------------


def died_reason() -> str:
    minutes = _minutes(settings.JOBS_STALE_AFTER)
    return f"执行进程已中止（超过 {minutes}没有心跳），任务未完成，锁已释放，请重新发起。"


def never_started_reason() -> str:
    minutes = _minutes(settings.JOBS_QUEUED_STALE_AFTER)
    return f"任务排队超过 {minutes}仍未开始执行（后台执行进程可能未运行），已取消，请重新发起或联系系统管理员。"


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} 分钟" if seconds >= 60 else f"{seconds} 秒"


def reap_stale(*, lock_key: str | None = None, job_id: int | None = None) -> int:
    """Mark failed the jobs whose worker died (no heartbeat for JOBS_STALE_AFTER) and those never picked up
    (queued for JOBS_QUEUED_STALE_AFTER); this releases their locks. Returns how many were reaped."""
    now = timezone.now()
    jobs = Job.objects.all()
    if lock_key is not None:
        jobs = jobs.filter(lock_key=lock_key)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    died = jobs.filter(
        state=JobState.RUNNING, heartbeat_at__lt=now - dt.timedelta(seconds=settings.JOBS_STALE_AFTER)
    ).update(state=JobState.FAILED, reason=died_reason(), finished_at=now)
    never = jobs.filter(
        state=JobState.QUEUED, created_at__lt=now - dt.timedelta(seconds=settings.JOBS_QUEUED_STALE_AFTER)
    ).update(state=JobState.FAILED, reason=never_started_reason(), finished_at=now)
    if died or never:
        log.warning("reaped %s dead and %s never-started jobs", died, never)
    return died + never


# --- deferred side effects ----------------------------------------------------------------------------------------


def defer(kind: str, **params) -> None:
    """Run ``kind`` after the transaction commits, without a Job row (index, snapshot, statistics after an act).

    With a broker: a Celery task retried with backoff. If the broker cannot be reached the work runs in-process
    right away (and is logged) — the effect is idempotent and small, and doing it late in the request loses
    nothing, whereas a record waiting for a periodic task would wait for the very broker that is down."""
    spec_for(kind)  # a typo fails in the caller, not later in a worker
    _check_json(params)
    transaction.on_commit(partial(_dispatch_deferred, kind, params))


def _dispatch_deferred(kind: str, params: dict) -> None:
    if settings.CELERY_BROKER_URL:
        try:
            _publish("casemgmt.jobs.deferred", kind, params)
            return
        except Exception as exc:
            log.warning("broker unreachable, running deferred %s in-process: %s", kind, exc)
    run_deferred(kind, params, raise_errors=settings.JOBS_INPROCESS == "sync")


def run_deferred(kind: str, params: dict, *, raise_errors: bool = True) -> None:
    try:
        spec_for(kind).fn(JobContext(kind=kind), **params)
    except Exception:
        if raise_errors:
            raise
        log.exception("deferred %s failed (%s)", kind, params)
