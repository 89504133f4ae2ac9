"""How long a signed-in session lasts: SESSION_IDLE_TIMEOUT without a request, SESSION_MAX_AGE after login.

The login time and the last activity are kept in the session (seconds since the epoch). The last activity is
written at most once per ACTIVITY_EVERY (60 s), so a page does not write its session on every request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import logout
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .passwords import password_change_mark_session

LOGIN_AT = "_accounts_login_at"
SEEN_AT = "_accounts_seen_at"
EXPIRED_MESSAGE = "长时间未操作，已自动退出，请重新登录"
ACTIVITY_EVERY = 60  # seconds


def session_start(sender, request, user, **kwargs) -> None:
    """user_logged_in: the session's clocks start now; a password set by an administrator must be changed."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    password_change_mark_session(request=request, user=user)


def session_expired(session, *, now: int) -> bool:
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return False
    return now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_MAX_AGE


class SessionLifetimeMiddleware:
    """Logs out a session idle too long or older than its lifetime; pages go to the login page with a notice,
    API calls continue unauthenticated (and get 401)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        try:
            signed_in = session.get(AUTH_SESSION_KEY) is not None
        except DatabaseError:
            # The session cannot be read: the view's own query fails too and answers 503 (casemgmt.ops.dbdown).
            return self.get_response(request)
        if signed_in:
            now = int(time.time())
            if session_expired(session, now=now):
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.warning(request, EXPIRED_MESSAGE)
                    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            else:
                # A session from before this middleware (no clocks) starts them now.
                session.setdefault(LOGIN_AT, now)
                if now - session.get(SEEN_AT, 0) >= ACTIVITY_EVERY:
                    session[SEEN_AT] = now
        return self.get_response(request)
