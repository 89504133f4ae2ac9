"""A user whose password was set by an administrator reaches nothing but the password change page."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .passwords import REQUIRED_CODE, REQUIRED_MESSAGE, SESSION_KEY

# What a user who must change the password may still open: the change page itself, logging out, static files.
OPEN_PATHS = ("accounts:password_change", "logout", "login")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            required = request.session.get(SESSION_KEY)
        except DatabaseError:  # the view answers 503 (casemgmt.ops.dbdown)
            required = False
        if required and not self._open(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "errors": [
                            {"rule": "PASSWORD_CHANGE_REQUIRED", "code": REQUIRED_CODE, "message": REQUIRED_MESSAGE}
                        ]
                    },
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(f"/{settings.STATIC_URL.lstrip('/')}") or path in {reverse(name) for name in OPEN_PATHS}
