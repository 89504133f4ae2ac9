"""The page of the yearly statistics (行政执法数据统计年报) under the dashboard: pick the year and the unit, download
the .xlsx or the JSON. A township's people get their own enforcement subject; the justice bureau and the
administrators any subject or the whole county; anyone else, or another unit, a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from casemgmt.cases.services.base import InputError

from .annual import (
    FIGURES,
    FIRST_YEAR,
    annual_statistics,
    may_see_county,
    parse_year,
    resolve_scope,
    statistics_units_for,
)
from .annual_export import annual_json, annual_xlsx, filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": (XLSX, annual_xlsx), "json": ("application/json; charset=utf-8", annual_json)}


def _choices(user) -> tuple[list, bool]:
    units = statistics_units_for(user)
    county = may_see_county(user)
    if not units and not county:
        raise Http404("您没有可查看的统计")
    return units, county


@login_required
@require_GET
def annual_page(request):
    units, county = _choices(request.user)
    today = timezone.localdate()
    context = {
        "units": units,
        "county": county,
        "years": range(today.year, max(FIRST_YEAR, today.year - 10) - 1, -1),
        "year": request.GET.get("year") or str(today.year - 1 if today.month < 7 else today.year),
        "unit": request.GET.get("unit", "county" if county else (str(units[0].pk) if units else "")),
        "figures": FIGURES,
    }
    return render(request, "supervision/annual.html", context)


@login_required
@require_GET
def annual_download(request):
    """The tables as .xlsx or JSON; bad input is a 400 with the reason, a unit the user may not have a 404."""
    _choices(request.user)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return _bad("格式须为 xlsx 或 json")
    try:
        year = parse_year(request.GET.get("year", ""))
        unit = resolve_scope(request.user, request.GET.get("unit", ""))
    except InputError as exc:
        return _bad(str(exc))
    except PermissionDenied:
        raise Http404("该执法主体不存在或您无权查看其统计") from None
    annual = annual_statistics(year=year, unit=unit)
    content_type, render_file = FORMATS[fmt]
    response = HttpResponse(render_file(annual), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(annual, fmt)}"'
    return response


def _bad(message: str) -> HttpResponse:
    return HttpResponse(f"无法生成统计：{message}", status=400, content_type="text/plain; charset=utf-8")
