"""Pages of the case-file evaluation (案卷评查): rounds, their results, scoring a file, the unit's self-score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from casemgmt.cases.models import ProcedureType
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.files.http import serve_verified
from casemgmt.jobs import start_job
from casemgmt.jobs.models import Job, JobState
from casemgmt.jobs.pages import start_and_follow
from casemgmt.org.models import LEADER_ROLES, Officer, Role, Unit, UnitKind
from casemgmt.org.selectors import role_unit_ids, scope_unit_ids, unit_subtree_ids

from .jobs import REPORT, REPORT_FORMATS, ROUND_CREATE, round_params
from .models import RoundStatus
from .rectification import rectification_close, rectification_create
from .results import round_results
from .rounds import (
    file_score,
    round_close,
    round_publish,
    round_set_bands,
    self_score_enter,
    unit_self_score_enter,
)
from .selectors import (
    file_case_pdf,
    file_get_for_user,
    files_visible_to,
    is_evaluation_office,
    results_visible,
    round_get_for_user,
    rounds_visible_to,
    self_score_units,
)

REFUSALS = (InputError, ConflictError, PermissionDenied)


def _date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{label}格式应为 YYYY-MM-DD") from None


@login_required
def round_list(request):
    office = is_evaluation_office(request.user)
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        p = request.POST
        try:
            size = p.get("sample_size", "").strip()
            params = round_params(
                title=p.get("title", ""),
                actor=request.user,
                units=list(Unit.objects.filter(pk__in=p.getlist("units"))),
                evaluators=list(Officer.objects.filter(pk__in=p.getlist("evaluators"))),
                period_from=_date(p.get("period_from"), "期间起始日期"),
                period_to=_date(p.get("period_to"), "期间截止日期"),
                deadline=_date(p.get("deadline"), "评查截止日期"),
                procedure=p.get("procedure", ""),
                sample_size=int(size) if size.isdigit() else None,
                seed=p.get("seed", "").strip(),
                commend_top=int(p.get("commend_top") or 3),
                warn_through_rank=int(p["warn_through_rank"]) if p.get("warn_through_rank", "").isdigit() else None,
                criticize_below=Decimal(p.get("criticize_below") or "80"),
            )
            return _job_started(request, ROUND_CREATE, params, "已开始抽取案卷，完成后可进入评查活动")
        except REFUSALS as exc:
            messages.error(request, str(exc))
        except (ArithmeticError, ValueError):
            messages.error(request, "名次或分数线格式不正确")
    context = {"rounds": rounds_visible_to(user=request.user), "office": office}
    if office:
        context.update(
            units=Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("name"),
            evaluators=Officer.objects.filter(memberships__role__in=(Role.SUPERVISOR, Role.OFFICER)).distinct(),
            procedures=ProcedureType.choices,
        )
    return render(request, "evaluation/rounds.html", context)


@login_required
def round_detail(request, pk):
    round_ = round_get_for_user(user=request.user, pk=pk)
    files = files_visible_to(user=request.user, round_=round_)
    context = {
        "round": round_,
        "files": files,
        "office": is_evaluation_office(request.user),
        "results": round_results(round_) if results_visible(user=request.user, round_=round_) else None,
        "rectifications": _rectifications_for(request.user, round_),
        "today": timezone.localdate(),
        "self_score_units": self_score_units(user=request.user, round_=round_),
        "bands": list(round_.bands.all()),
        "blank_bands": range(round_.bands.count(), round_.bands.count() + 2),
    }
    return render(request, "evaluation/round.html", context)


@login_required
@require_POST
def unit_self_score_view(request, pk):
    """单位自评得分, entered by the unit's leaders on the round page before publication."""
    round_ = round_get_for_user(user=request.user, pk=pk)
    unit = Unit.objects.filter(pk=request.POST.get("unit")).first()
    try:
        if unit is None:
            raise InputError("须选择被评查单位", field="unit")
        unit_self_score_enter(
            round_=round_,
            unit=unit,
            score=request.POST.get("score"),
            note=request.POST.get("note", ""),
            actor=request.user,
        )
        messages.success(request, f"{unit.name}的单位自评得分已保存")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


def _bands_from_post(post) -> list[dict]:
    """The band rows of the round page's form (``label-N``, ``rank_from-N`` …); rows without a label are blank."""
    rows = []
    indexes = sorted({int(k.split("-", 1)[1]) for k in post if k.startswith("label-") and k[6:].isdigit()})
    for i in indexes:
        row = {key: post.get(f"{key}-{i}", "").strip() for key in ("label", "rank_from", "rank_to", "score_from")}
        row["score_below"] = post.get(f"score_below-{i}", "").strip()
        if any(row.values()):
            rows.append(row)
    return rows


@login_required
@require_POST
def round_bands_view(request, pk):
    """通报结果档次 of the round, edited by the justice bureau on the round's page until publication."""
    round_ = round_get_for_user(user=request.user, pk=pk)
    try:
        round_set_bands(round_=round_, bands=_bands_from_post(request.POST), actor=request.user)
        messages.success(request, "通报结果档次已保存")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


@login_required
@require_POST
def round_close_view(request, pk):
    round_ = round_get_for_user(user=request.user, pk=pk)
    try:
        round_close(round_=round_, actor=request.user)
        messages.success(request, "评查已结束，评查人员的案卷阅卷权限已收回")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


def _rectifications_for(user, round_):
    """The office sees every task; a unit its own (with a close form for its leaders)."""
    tasks = list(round_.rectifications.select_related("unit"))
    if is_evaluation_office(user):
        return tasks
    leads = role_unit_ids(user, LEADER_ROLES)
    own = scope_unit_ids(user)
    for t in tasks:
        t.can_close = bool(leads & unit_subtree_ids({t.unit_id})) and t.closed_on is None
    return [t for t in tasks if t.unit_id in own]


@login_required
@require_POST
def round_publish_view(request, pk):
    round_ = round_get_for_user(user=request.user, pk=pk)
    try:
        round_publish(round_=round_, actor=request.user)
        messages.success(request, "评查结果已公布，评查人员的案卷阅卷权限已收回")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


def _scores_from_post(file, post) -> dict[str, dict]:
    """The scoring form's fields (``<code>-points`` / ``<code>-failed``, ``-reason``, ``-comment``) by item."""
    scores = {}
    for s in file.scores.select_related("item"):
        code, entry = s.item.code, {}
        if s.item.veto:
            entry["failed"] = post.get(f"{code}-failed") == "1"
        elif post.get(f"{code}-points", "").strip():
            entry["points"] = post[f"{code}-points"].strip()
        entry["reason"] = post.get(f"{code}-reason", "")
        entry["comment"] = post.get(f"{code}-comment", "")
        scores[code] = entry
    return scores


@login_required
def file_detail(request, pk, file_pk):
    """The scoring screen: the case-file PDF beside the rubric's items, objective ones pre-filled from the
    rulebook, with a live total; the unit's leaders enter their self-score here too."""
    file = file_get_for_user(user=request.user, round_pk=pk, pk=file_pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "self_score":
                self_score_enter(file=file, score=request.POST.get("self_score"), actor=request.user)
                messages.success(request, "自评分已保存")
            else:
                file_score(file=file, actor=request.user, scores=_scores_from_post(file, request.POST))
                messages.success(request, "评分已保存")
            return redirect("evaluation:file", pk=pk, file_pk=file_pk)
        except REFUSALS as exc:
            messages.error(request, str(exc))
            file.refresh_from_db()
    round_ = file.round
    show_scores = results_visible(user=request.user, round_=round_)
    leads_unit = role_unit_ids(request.user, LEADER_ROLES)
    scores = list(file.scores.select_related("item__category")) if show_scores else None
    context = {
        "file": file,
        "round": round_,
        "scores": scores,
        "grades": [[str(t), label] for t, label in round_.rubric.grade_thresholds],
        "failing_grade": round_.rubric.failing_grade,
        "can_score": bool(
            file.evaluator and file.evaluator.user_id == request.user.pk and round_.status == RoundStatus.OPEN
        ),
        "past_deadline": timezone.localdate() > round_.deadline,
        "can_self_score": round_.status != RoundStatus.PUBLISHED
        and bool(leads_unit & {file.case.enforcement_subject_id, file.case.handling_unit_id}),
        "has_pdf": file_case_pdf(user=request.user, file=file) is not None,
    }
    return render(request, "evaluation/file.html", context)


@login_required
@xframe_options_sameorigin
def file_case_pdf_view(request, pk, file_pk):
    """The sampled file's case-file PDF, embedded in the scoring screen (same origin only); 404 unless the user
    may open both the sampled file and the case (an evaluator: only while the round's grant lasts). Refused when
    the stored file no longer matches its recorded SHA-256."""
    file = file_get_for_user(user=request.user, round_pk=pk, pk=file_pk)
    found = file_case_pdf(user=request.user, file=file)
    if found is None:
        raise Http404("该案卷没有归档的案卷PDF")
    name, sha256 = found
    return serve_verified(
        request, name, sha256, label=f"案卷{file.archive_number}", filename=f"{file.archive_number}.pdf"
    )


def _job_started(request, kind: str, params: dict, started: str, *, unit=None):
    """Start the job and show its progress page; a second click while it runs leads to the running job."""
    return start_and_follow(
        request,
        lambda: start_job(kind, user=request.user, unit=unit, **params),
        fallback=request.META.get("HTTP_REFERER") or "evaluation:rounds",
        started=started,
    )


def _report_view(fmt: str):
    @login_required
    @require_POST
    def start(request, pk):
        """评查结果 (.xlsx) or 评查情况通报 (PDF), built by a background job for whoever may see the results
        (units: once published); the job page links to the file when it is ready."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        if not results_visible(user=request.user, round_=round_):
            raise Http404("评查结果尚未公布")
        params = {"round_id": round_.pk, "fmt": fmt, "user_id": request.user.pk}
        return _job_started(request, REPORT, params, f"已开始生成{REPORT_FORMATS[fmt][1]}")

    return start


round_report = _report_view("xlsx")
round_report_pdf = _report_view("pdf")


@login_required
def report_download(request, pk, job_id):
    """A report built by a job, for the person who started it only (it holds exactly what they may see)."""
    round_ = round_get_for_user(user=request.user, pk=pk)
    job = Job.objects.filter(
        pk=job_id, kind=REPORT, state=JobState.DONE, started_by=request.user, params__round_id=round_.pk
    ).first()
    if job is None or not results_visible(user=request.user, round_=round_):
        raise Http404("报告不存在")
    fmt = job.params["fmt"]
    content_type, label = REPORT_FORMATS[fmt]
    return serve_verified(
        request,
        job.result["name"],
        job.result.get("sha256", ""),
        label=label,
        as_attachment=fmt == "xlsx",
        filename=f"evaluation-{round_.pk}.{fmt}",
        content_type=content_type,
    )


@login_required
@require_POST
def rectification_new(request, pk):
    round_ = round_get_for_user(user=request.user, pk=pk)
    try:
        rectification_create(
            round_=round_,
            unit=Unit.objects.filter(pk=request.POST.get("unit")).first() or _missing_unit(),
            findings=request.POST.get("findings", ""),
            deadline=_date(request.POST.get("deadline"), "整改期限"),
            actor=request.user,
        )
        messages.success(request, "已下达整改任务")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


@login_required
@require_POST
def rectification_done(request, pk, task_pk):
    round_ = round_get_for_user(user=request.user, pk=pk)
    task = round_.rectifications.filter(pk=task_pk).first()
    if task is None:
        raise Http404("整改任务不存在")
    try:
        rectification_close(
            task=task,
            evidence=request.POST.get("evidence", ""),
            on=_date(request.POST.get("on") or timezone.localdate().isoformat(), "完成日期"),
            actor=request.user,
        )
        messages.success(request, "整改情况已报送")
    except REFUSALS as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:round", pk=pk)


def _missing_unit():
    raise InputError("须选择整改单位", field="unit")
