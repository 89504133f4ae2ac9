"""Pages of the supervision dashboard (监督看板): the board, the on-demand check, the yearly .xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casemgmt.cases.clocks import ClockStatus
from casemgmt.cases.selectors import cases_visible_to
from casemgmt.cases.services.base import InputError
from casemgmt.jobs.pages import start_and_follow

from .charts import grouped_bars, stacked_bar
from .export import statistics_xlsx
from .selectors import can_run_sweep, dashboard_for, parse_filters
from .services import sweep_start
from .stats import Stat, statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _charts(board) -> dict:
    months = dict(board.stats.by_month)
    shown = [board.filters.month] if board.filters.month else list(range(1, 13))
    rows = [months.get(mon, Stat()) for mon in shown]
    return {
        "monthly": grouped_bars(
            f"{board.filters.year}年各月立案数与结案数",
            [f"{mon}月" for mon in shown],
            [("立案", "#1d4ed8", [s.filed for s in rows]), ("结案", "#067647", [s.closed for s in rows])],
        ),
        "clocks": stacked_bar(
            "在办案件期限状态",
            [
                ("已超期", "#b42318", board.clocks[ClockStatus.RED]),
                ("临近届满", "#b54708", board.clocks[ClockStatus.YELLOW]),
                ("正常", "#067647", board.clocks[ClockStatus.GREEN]),
            ],
        ),
    }


@login_required
@require_GET
def board(request):
    today = timezone.localdate()
    try:
        filters = parse_filters(request.GET, today=today)
    except InputError as exc:
        return render(request, "supervision/board.html", {"error": str(exc)}, status=400)
    data = dashboard_for(user=request.user, filters=filters, today=today)
    context = {
        "board": data,
        "charts": _charts(data),
        "can_sweep": can_run_sweep(request.user),
        "months": range(1, 13),
        "years": range(today.year, today.year - 6, -1),
    }
    return render(request, "supervision/board.html", context)


@login_required
@require_POST
def sweep(request):
    """Start 立即检查 as a background job and show its progress; a check already under way is shown instead."""
    try:
        return start_and_follow(
            request,
            lambda: sweep_start(actor=request.user),
            fallback="dashboard:board",
            started="已开始检查，完成后可返回监督看板查看结果",
        )
    except PermissionDenied as exc:
        return render(request, "supervision/board.html", {"error": str(exc)}, status=403)


def statistics_response(*, user, params) -> HttpResponse:
    """The yearly statistics of the user's visible cases as .xlsx; a bad year is a 400 with the reason."""
    today = timezone.localdate()
    try:
        filters = parse_filters({"year": params.get("year", "")}, today=today)
    except InputError as exc:
        return HttpResponse(f"无法导出：{exc}", status=400, content_type="text/plain; charset=utf-8")
    data = statistics_xlsx(statistics(visible=cases_visible_to(user=user), year=filters.year))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statistics-{filters.year}.xlsx"'
    return response


@login_required
@require_GET
def statistics_export(request):
    return statistics_response(user=request.user, params=request.GET)
