"""One id per request, in the response header and in every log record written while the request runs.

The reverse proxy may send its own ``X-Request-ID`` so its access log and ours join on one key; a value that is
too long or has characters outside a safe set is replaced, never echoed (log and header injection). Background
jobs started in the request carry the id in their Celery message headers and log under it too.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
CELERY_HEADER = "request_id"
NO_REQUEST = "-"
_SAFE = re.compile(r"[A-Za-z0-9._:-]{8,64}")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)


def valid_request_id(value: str | None) -> str | None:
    """The proxy's id when it is 8–64 characters of letters, digits and ``._:-``; else None."""
    if value and _SAFE.fullmatch(value):
        return value
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    """Outermost middleware: sets the id before anything logs and puts it on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = valid_request_id(request.META.get(META_KEY)) or new_request_id()
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware chain returns. The
        # request_finished signal clears it once the response is closed.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _request_finished(**_kwargs) -> None:
    request_id_var.set(NO_REQUEST)


request_finished.connect(_request_finished, dispatch_uid="casemgmt-request-id-finished")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request) so both formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def _stamp_message(headers=None, **_kwargs) -> None:
    request_id = request_id_var.get()
    if headers is not None and request_id != NO_REQUEST:
        headers.setdefault(CELERY_HEADER, request_id)


def _task_started(task=None, **_kwargs) -> None:
    request = getattr(task, "request", None)
    # A worker merges custom message headers into the request; an eager apply keeps them under ``headers``.
    request_id = getattr(request, CELERY_HEADER, None) or (getattr(request, "headers", None) or {}).get(CELERY_HEADER)
    request_id_var.set(valid_request_id(request_id) or NO_REQUEST)


def _task_finished(**_kwargs) -> None:
    request_id_var.set(NO_REQUEST)


def connect_celery_signals() -> None:
    """A task published inside a request carries its id; the worker logs the task under that id."""
    from celery import signals

    signals.before_task_publish.connect(_stamp_message, weak=False, dispatch_uid="casemgmt-request-id-publish")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="casemgmt-request-id-prerun")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="casemgmt-request-id-postrun")
