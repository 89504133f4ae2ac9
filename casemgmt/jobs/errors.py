"""What starting or running a job can raise; every message is Chinese and shown to the user as it is."""

from __future__ import annotations


class JobBusy(Exception):
    """A job with the same lock key is queued or running (and alive); ``job`` is that job."""

    def __init__(self, message: str, *, job=None):
        self.job = job
        super().__init__(message)


class JobUnavailable(Exception):
    """The task queue (broker) cannot be reached: the job was not started."""


class JobFailed(Exception):
    """Raised by a job function to fail with this Chinese reason (shown to the user as it is)."""
