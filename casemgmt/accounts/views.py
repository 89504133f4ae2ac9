"""Pages of one's own account (password change) and the administrators' login history with unlocking."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.paginator import Paginator
from django.db.models import BooleanField, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from .passwords import SESSION_KEY as PASSWORD_CHANGE_KEY
from .passwords import password_change_done

PAGE_SIZE = 50
OUTCOMES = {"success": "登录成功", "failure": "密码错误", "locked": "已锁定"}


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change form (the old password is required, the validators apply); ends a forced change."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "password_rules": password_validators_help_texts(),
            "change_required": bool(self.request.session.get(PASSWORD_CHANGE_KEY)),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_done(request=self.request)
        messages.success(self.request, "密码已修改")
        return response


password_change = PasswordChangeView.as_view()


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page's answer once a user name or an address is locked (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _require_history_access(user) -> None:
    if not (user.is_authenticated and user.is_staff and user.has_perm("axes.view_accesslog")):
        raise Http404


def _attempts(*, username: str, outcome: str):
    fields = ("attempt_time", "username", "ip_address", "user_agent", "path_info")
    successes = AccessLog.objects.values(*fields).annotate(
        succeeded=Value(True, BooleanField()), locked_out=Value(False, BooleanField())
    )
    failures = AccessFailureLog.objects.values(*fields, "locked_out").annotate(succeeded=Value(False, BooleanField()))
    failures = failures.values(*fields, "succeeded", "locked_out")
    if username:
        successes = successes.filter(username=username)
        failures = failures.filter(username=username)
    if outcome == "success":
        return successes.order_by("-attempt_time")
    if outcome == "failure":
        return failures.filter(locked_out=False).order_by("-attempt_time")
    if outcome == "locked":
        return failures.filter(locked_out=True).order_by("-attempt_time")
    return successes.union(failures, all=True).order_by("-attempt_time")


@login_required
def login_history(request):
    _require_history_access(request.user)
    username = request.GET.get("username", "").strip()
    outcome = request.GET.get("outcome", "")
    if outcome not in OUTCOMES:
        outcome = ""
    page = Paginator(_attempts(username=username, outcome=outcome), PAGE_SIZE).get_page(request.GET.get("page"))
    lockouts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by(
        "-attempt_time"
    )
    return render(
        request,
        "accounts/login_history.html",
        {
            "page": page,
            "username": username,
            "outcome": outcome,
            "outcomes": OUTCOMES,
            "lockouts": lockouts,
            "can_unlock": request.user.has_perm("axes.delete_accessattempt"),
        },
    )


@require_POST
@login_required
def login_unlock(request, pk: int):
    _require_history_access(request.user)
    if not request.user.has_perm("axes.delete_accessattempt"):
        raise Http404
    attempt = AccessAttempt.objects.filter(pk=pk).first()
    if attempt is None:
        raise Http404
    # Unlocking clears the failures counted against this user name and against this address.
    # (axes' reset() with neither argument would clear every record: each is passed only when present.)
    if attempt.username:
        reset(username=attempt.username)
    if attempt.ip_address:
        reset(ip=attempt.ip_address)
    messages.success(request, f"已解除锁定：{attempt.username or '（无用户名）'}，{attempt.ip_address}")
    return redirect("accounts:login_history")
