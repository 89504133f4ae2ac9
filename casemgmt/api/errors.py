"""One error shape for the whole API: ``{"errors": [{"rule": ..., "message": ..., ...}, ...]}``.

- a refused action (RuleViolation) → 422, one item per broken rule with its article;
- a state or version conflict (ConflictError) → 409;
- unusable input (InputError, model ValidationError, serializer errors) → 400, each item with its ``field``;
- PermissionDenied → 403 (only reachable after ``case_get_for_user``: outsiders get 404 first);
- a job already under way (JobBusy) → 409 with its id; the task queue down (JobUnavailable) → 503;
- too many requests (Throttled) → 429 with Retry-After;
- Http404 → 404, with nothing that tells whether the object exists;
- a stored file that is missing (FileMissing) → 404, or whose content no longer matches its recorded SHA-256
  (FileTampered) → 409: the file is refused, never served.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.services import ConflictError, InputError
from casemgmt.files import FileMissing, StoredFileError
from casemgmt.jobs import JobBusy, JobUnavailable

INVALID = "INVALID_INPUT"
NON_FIELD = "non_field_errors"


def _field_errors(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    """Flatten DRF's nested error detail into items; nested fields read ``officers.1`` or ``file``."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = NON_FIELD if key in (NON_FIELD, NON_FIELD_ERRORS) and field is None else key
            items.extend(_field_errors(value, f"{field}.{name}" if field else str(name)))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                items.extend(_field_errors(value, f"{field}.{index}" if field else str(index)))
            else:
                items.extend(_field_errors(value, field))
        return items
    return [
        {
            "rule": INVALID,
            "field": field or NON_FIELD,
            "message": str(detail),
            "code": getattr(detail, "code", "invalid"),
        }
    ]


def _django_validation_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {
                "rule": INVALID,
                "field": NON_FIELD if name == NON_FIELD_ERRORS else name,
                "message": message,
                "code": "invalid",
            }
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"rule": INVALID, "field": NON_FIELD, "message": message, "code": "invalid"} for message in exc.messages]


def error_response(errors: list[dict[str, Any]], status_code: int, headers: dict | None = None) -> Response:
    return Response({"errors": errors}, status=status_code, headers=headers)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]. Anything not listed here is a server error (500)."""
    if isinstance(exc, RuleViolation):
        response = error_response(exc.as_list(), status.HTTP_422_UNPROCESSABLE_ENTITY)
    elif isinstance(exc, ConflictError):
        response = error_response([exc.as_dict()], status.HTTP_409_CONFLICT)
    elif isinstance(exc, JobBusy):
        item = {"rule": "JOB_BUSY", "message": str(exc), "job": exc.job.pk if exc.job else None}
        response = error_response([item], status.HTTP_409_CONFLICT)
    elif isinstance(exc, JobUnavailable):
        response = error_response(
            [{"rule": "JOB_UNAVAILABLE", "message": str(exc)}],
            status.HTTP_503_SERVICE_UNAVAILABLE,
            {"Retry-After": "30"},
        )
    elif isinstance(exc, InputError):
        item = {"rule": INVALID, "field": exc.field or NON_FIELD, "message": str(exc), "code": "invalid"}
        response = error_response([item], status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, DjangoValidationError):
        response = error_response(_django_validation_errors(exc), status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, StoredFileError):
        code = status.HTTP_404_NOT_FOUND if isinstance(exc, FileMissing) else status.HTTP_409_CONFLICT
        response = error_response([{"rule": exc.code, "message": str(exc)}], code)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        response = error_response([{"rule": "NOT_FOUND", "message": "未找到"}], status.HTTP_404_NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or exceptions.PermissionDenied.default_detail
        response = error_response([{"rule": "FORBIDDEN", "message": message}], status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, exceptions.ValidationError):
        response = error_response(_field_errors(exc.detail), status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        item = {"rule": "THROTTLED", "message": f"请求过于频繁，请在 {wait} 秒后重试"}
        response = error_response([item], status.HTTP_429_TOO_MANY_REQUESTS, {"Retry-After": str(wait)})
    elif isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        rule = "FORBIDDEN" if isinstance(exc, exceptions.PermissionDenied) else str(exc.default_code).upper()
        response = error_response([{"rule": rule, "message": str(exc.detail)}], exc.status_code, headers)
    else:
        return None
    set_rollback()
    return response
