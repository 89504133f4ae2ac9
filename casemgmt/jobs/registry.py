"""The registry of job functions: one ``@job`` declaration per kind of background work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobSpec:
    kind: str
    title: str
    fn: Callable
    lock: Callable[[dict], str] | None = None


_registry: dict[str, JobSpec] = {}


def job(kind: str, *, title: str, lock: Callable[[dict], str] | None = None):
    """Register ``fn(ctx, **params)`` as the job ``kind``.

    ``title`` is the Chinese name users see (立即检查); ``lock(params)`` returns a key: while a job with that key is
    queued or running, starting another raises ``JobBusy``. The function must be idempotent (a task can be
    delivered twice) and return a JSON-serialisable result (a ``url`` key becomes a 查看结果 link, a ``summary`` key the
    Chinese sentence shown when it is done)."""

    def register(fn: Callable) -> Callable:
        existing = _registry.get(kind)
        if existing is not None and existing.fn.__qualname__ != fn.__qualname__:
            raise ValueError(f"job kind {kind!r} is already registered by {existing.fn.__module__}")
        _registry[kind] = JobSpec(kind=kind, title=title, fn=fn, lock=lock)
        return fn

    return register


def spec_for(kind: str) -> JobSpec:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"no job registered as {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_registry)
