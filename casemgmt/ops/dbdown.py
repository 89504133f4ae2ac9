"""The database cannot be reached: a Chinese 503 page (or JSON for the API) instead of Django's English 500.

Only connection failures qualify: the server refused or dropped the connection, is shutting down, or the SQLite
file cannot be opened. A deadlock, a constraint or a syntax error stays a 500 — it is a bug, not an outage, and
"try again later" would hide it. The page is rendered from a static template without the request (no context
processors, no user menu), because any query would fail again. Nothing is lost: the failed statement rolled
back with its transaction, and the 503 tells the client to repeat the request later (``Retry-After``).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("casemgmt.ops")

RETRY_AFTER_SECONDS = 30
MESSAGE = "数据库暂时无法连接，请稍后重试。"
CODE = "database_unavailable"
TEMPLATE = "ops/database_unavailable.html"
# SQLSTATE classes of a lost or refused connection: 08 connection exception, 57P0x operator intervention
# (admin/crash shutdown, cannot connect now).
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
_SQLITE_OUTAGES = ("unable to open database file", "disk i/o error")


def is_connection_failure(exc: BaseException) -> bool:
    """True when ``exc`` means the database is unreachable rather than that a statement failed."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc.__context__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if cause is not None and type(cause).__module__.startswith(("psycopg", "psycopg2")):
        return sqlstate is None or sqlstate.startswith(_CONNECTION_SQLSTATES)
    return any(text in str(exc).lower() for text in _SQLITE_OUTAGES)


def wants_json(request) -> bool:
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def database_unavailable_response(request) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse(
            {"detail": MESSAGE, "code": CODE, "errors": [{"rule": CODE.upper(), "message": MESSAGE}]},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(loader.render_to_string(TEMPLATE, {"retry_after": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a connection failure raised by a view (or while rendering its template) into the 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_connection_failure(exception):
            return None
        logger.error("database unavailable: %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable_response(request)
