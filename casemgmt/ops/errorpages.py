"""Error pages in Chinese: the handler400/403/404/500 views, the CSRF failure view, and JSON for the API.

Pages are rendered from ``templates/<status>.html`` without the request: no context processors run, so no
error page reads the database (a 500 may be the database failing) and none shows the user menu. Under
``/api/`` (and for clients that accept only JSON) the answer is the API's error shape instead,
``{"detail": ..., "code": ..., "errors": [{"rule": ..., "message": ...}]}``, as the 503 of ``dbdown`` gives.

With ``DEBUG=true`` Django answers an unknown URL or an uncaught exception with its technical HTML pages and never
calls the handlers; ``ApiErrorJsonMiddleware`` replaces such HTML under ``/api/`` by the same JSON, so an API
client never parses an HTML page in development either.
"""

from __future__ import annotations

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader

from casemgmt.ops.dbdown import database_unavailable_response, is_connection_failure, wants_json

API_PREFIX = "/api/"

# status: (rule, message shown to the caller, template)
ERRORS = {
    400: ("BAD_REQUEST", "请求无效，请检查后重试。", "400.html"),
    403: ("FORBIDDEN", "您没有执行此操作的权限。", "403.html"),
    404: ("NOT_FOUND", "未找到", "404.html"),
    500: ("SERVER_ERROR", "服务器内部错误，请稍后重试；如反复出现，请联系系统管理员。", "500.html"),
}
CSRF_RULE = "CSRF_FAILED"
CSRF_MESSAGE = "页面已过期，请刷新后重试。"
CSRF_TEMPLATE = "403_csrf.html"


def error_json(status: int, rule: str | None = None, message: str | None = None) -> JsonResponse:
    default_rule, default_message, _template = ERRORS.get(status, ERRORS[500])
    rule, message = rule or default_rule, message or default_message
    return JsonResponse(
        {"detail": message, "code": rule.lower(), "errors": [{"rule": rule, "message": message}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _page(request, status: int, message: str = "") -> HttpResponse:
    if wants_json(request):
        return error_json(status, message=message or None)
    return HttpResponse(loader.render_to_string(ERRORS[status][2], {"message": message}), status=status)


def bad_request(request, exception=None):
    return _page(request, 400)


def permission_denied(request, exception=None):
    """Our services refuse with a Chinese reason (``PermissionDenied("只有…可以…")``): the page shows it."""
    return _page(request, 403, str(exception or ""))


def page_not_found(request, exception=None):
    return _page(request, 404)


def server_error(request):
    """handler500. A database connection failure raised outside a view (a middleware reading the session or the
    user) is the Chinese 503 of ``dbdown``; anything else is the 500 page."""
    exc = sys.exc_info()[1]
    if exc is not None and is_connection_failure(exc):
        return database_unavailable_response(request)
    return _page(request, 500)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the form's token expired (session ended, page left open) or the cookie is missing."""
    if wants_json(request):
        return error_json(403, CSRF_RULE, CSRF_MESSAGE)
    return HttpResponse(loader.render_to_string(CSRF_TEMPLATE), status=403)


class ApiErrorJsonMiddleware:
    """An HTML error response under ``/api/`` (Django's debug 404/500 pages, a 400 for a bad Host) becomes the
    API's JSON error with the same status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            status = response.status_code
            replaced = error_json(status if status in ERRORS else (400 if status < 500 else 500))
            replaced.status_code = status
            for header in ("Retry-After", "WWW-Authenticate", "Allow"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response
