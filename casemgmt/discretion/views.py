"""Pages of the discretion app: the fine calculator, the benchmark screens with the same-violation distribution,
benchmark import/export, and a case's rationale and 首违不罚 review. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services import ConflictError, InputError
from casemgmt.web.views import is_read_only

from . import calc, imports, services
from .forms import CalculatorForm, ImportForm, NoPenaltyReviewForm, RationaleForm
from .models import Benchmark
from .selectors import benchmark_in_force, distribution, violation_date


@login_required
def calculator(request):
    """裁量计算器: GET with the matter and date shows the circumstances; the result comes with the distribution."""
    form = CalculatorForm(request.GET or None)
    context = {"form": form}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        benchmark = form.benchmark
        if benchmark is None:
            form.add_error("matter", f"{data['violation_on']}没有施行中的该事项裁量基准")
        else:
            codes = data["circumstances"]
            try:
                _, result = services.fine_calculate(
                    matter=data["matter"],
                    violation_on=data["violation_on"],
                    party_kind=data["party_kind"],
                    circumstances=codes,
                    base_amount=data.get("base_amount"),
                    quantity=data.get("quantity"),
                )
            except InputError as error:
                form.add_error(None, str(error))
            else:
                dist = distribution(matter_id=benchmark.matter_id, tier=result.tier)
                context.update(benchmark=benchmark, result=result, dist=dist, outlier=dist.is_outlier(result.suggested))
    return render(request, "discretion/calculator.html", context)


@login_required
def benchmark_list(request):
    benchmarks = Benchmark.objects.select_related("matter").order_by("matter__code", "-effective_from")
    return render(request, "discretion/benchmark_list.html", {"benchmarks": benchmarks})


@login_required
def benchmark_detail(request, pk):
    benchmark = get_object_or_404(
        Benchmark.objects.select_related("matter").prefetch_related("tiers", "circumstances"), pk=pk
    )
    levels = list(dict.fromkeys(t.level for t in benchmark.tiers.all())) or list(calc.Level.GRADED)
    rows = [
        {"level": calc.Level.LABELS[level], "dist": distribution(matter_id=benchmark.matter_id, tier=level)}
        for level in levels
    ]
    return render(
        request,
        "discretion/benchmark_detail.html",
        {
            "benchmark": benchmark,
            "statutory": benchmark.spec().statutory.describe(),
            "distributions": rows,
            "gaps": calc.warnings_of(benchmark.spec()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_import(request):
    if not (request.user.is_staff or request.user.is_superuser):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = imports.benchmarks_import(data=upload.read(), filename=upload.name)
        except imports.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, f"已导入{len(created)}个裁量基准")
            for warning in created.warnings:
                messages.warning(request, f"提示：{warning}")
            return redirect("discretion:benchmarks")
    return render(request, "discretion/benchmark_import.html", {"form": form, "errors": errors})


@login_required
def benchmark_export(request):
    if request.GET.get("type") == "csv":
        return HttpResponse(
            imports.export_csv(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="benchmarks.csv"'},
        )
    return HttpResponse(
        imports.export_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="benchmarks.xlsx"'},
    )


def _case_form(request, pk, form_class, service, template, *, form_kwargs):
    case = case_get_for_user(user=request.user, pk=pk)
    if is_read_only(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"expected_version": case.version}, **form_kwargs(case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            service(case=case, actor=request.user, **data)
        except InputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except ConflictError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存")
            return redirect(reverse("web:case_detail", args=[case.pk]))
    return render(request, template, {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def rationale(request, pk):
    def kwargs(case):
        on = violation_date(case)
        matter = services.case_matter(case)
        return {"benchmark": benchmark_in_force(matter=matter, on=on) if matter and on else None}

    def record(*, case, actor, circumstances, **data):
        return services.rationale_record(case=case, actor=actor, circumstances=list(circumstances), **data)

    return _case_form(request, pk, RationaleForm, record, "discretion/rationale_form.html", form_kwargs=kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def no_penalty_review(request, pk):
    return _case_form(
        request,
        pk,
        NoPenaltyReviewForm,
        services.no_penalty_review,
        "discretion/no_penalty_review_form.html",
        form_kwargs=lambda case: {},
    )
