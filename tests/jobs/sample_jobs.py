"""Job functions used by the jobs tests (imported by the tests and by the worker subprocess)."""

from __future__ import annotations

import time
from pathlib import Path

from casemgmt.jobs import JobFailed, job

CALLS: list[dict] = []


@job("tests.count", title="测试计数", lock=lambda params: f"count:{params['unit_id']}")
def count(ctx, *, unit_id: int, n: int = 3) -> dict:
    for i in range(n):
        ctx.progress(i + 1, n, f"正在处理第 {i + 1}/{n} 项")
    CALLS.append({"unit_id": unit_id, "n": n})
    return {"counted": n, "url": "/done/"}


@job("tests.refuse", title="测试拒绝")
def refuse(ctx, *, why: str) -> None:
    raise JobFailed(why)


@job("tests.crash", title="测试出错")
def crash(ctx) -> None:
    raise RuntimeError("internal detail that users must not see")


@job("tests.slow", title="测试长任务", lock=lambda params: "slow")
def slow(ctx, *, seconds: float, marker: str = "") -> dict:
    """Signals it started (marker file), then works for ``seconds`` with progress."""
    if marker:
        Path(marker).write_text("started")
    steps = max(int(seconds * 10), 1)
    for i in range(steps):
        time.sleep(0.1)
        ctx.progress(i + 1, steps)
    return {"slept": seconds}


@job("tests.touch", title="测试副作用")
def touch(ctx, *, path: str, text: str) -> None:
    """A deferred side effect: idempotent (writes the same content whatever the number of runs)."""
    Path(path).write_text(text)
