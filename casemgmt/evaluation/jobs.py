"""Evaluation work that outlives a request, as background jobs: drawing a round's sample (every unit's
population, the rulebook's pre-scoring of each file, the evaluators' grants) and building the results report
(.xlsx, or the PDF 通报 through the document layout).

Both are idempotent per starter: the same round form submitted twice while the first is drawing, or a report
asked again while it is being built, leads to the running job (its lock), never to a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from casemgmt.jobs import JobFailed, job
from casemgmt.org.models import Officer, Unit

from .report import report_issuer, report_pdf, report_xlsx
from .results import round_results
from .rounds import round_check, round_create, round_draw, round_population_check
from .selectors import files_visible_to, results_visible, round_get_for_user

ROUND_CREATE = "evaluation.round_create"
REPORT = "evaluation.report"
REPORT_FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "评查结果"),
    "pdf": ("application/pdf", "评查情况通报"),
}


def round_lock(params: dict) -> str:
    """The same form by the same person: one drawing at a time (a double click joins the running job)."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
    return f"evaluation-round:{params['actor_id']}:{digest}"


def round_params(*, actor, units, evaluators, **form) -> dict:
    """The drawing job's parameters (plain JSON) from the form's values; checked first, so a wrong form is
    answered on the page instead of in a failed job."""
    round_check(actor=actor, units=units, evaluators=evaluators, **{k: v for k, v in form.items() if k != "seed"})
    round_population_check(
        units=units,
        procedure=form.get("procedure", ""),
        period_from=form["period_from"],
        period_to=form["period_to"],
        sample_size=form.get("sample_size"),
    )
    return {
        "actor_id": actor.pk,
        "unit_ids": sorted(u.pk for u in units),
        "evaluator_ids": sorted(o.pk for o in evaluators),
        **{key: _plain(value) for key, value in form.items()},
    }


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


@job(ROUND_CREATE, title="创建评查活动并抽取案卷", lock=round_lock)
def create_round(ctx, *, actor_id: int, unit_ids: list[int], evaluator_ids: list[int], **form) -> dict:
    actor = get_user_model().objects.get(pk=actor_id)
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("pk"))
    evaluators = list(Officer.objects.filter(pk__in=evaluator_ids).order_by("pk"))
    for key in ("period_from", "period_to", "deadline"):
        form[key] = dt.date.fromisoformat(form[key])
    if form.get("criticize_below") is not None:
        form["criticize_below"] = Decimal(form["criticize_below"])
    seed = form.pop("seed", None) or secrets.token_hex(8)
    drawn = round_draw(
        units=units,
        procedure=form.get("procedure", ""),
        period_from=form["period_from"],
        period_to=form["period_to"],
        sample_size=form.get("sample_size"),
        seed=seed,
        progress=ctx.progress,
    )
    ctx.progress(len(units), len(units) + 1, f"正在分配评查人员并预评分{len(drawn)}件案卷")
    round_ = round_create(actor=actor, units=units, evaluators=evaluators, seed=seed, drawn=drawn, **form)
    ctx.progress(len(units) + 1, len(units) + 1, "已完成")
    return {
        "round_id": round_.pk,
        "files": len(drawn),
        "url": reverse("evaluation:round", args=[round_.pk]),
        "summary": f"已创建评查活动并抽取案卷{len(drawn)}件（随机种子 {round_.seed}）",
    }


def report_lock(params: dict) -> str:
    return f"evaluation-report:{params['round_id']}:{params['fmt']}:{params['user_id']}"


@job(REPORT, title="生成评查结果报告", lock=report_lock)
def build_report(ctx, *, round_id: int, fmt: str, user_id: int) -> dict:
    """The report as the starter may read it (units: their own files only), stored for download by them."""
    user = get_user_model().objects.get(pk=user_id)
    round_ = round_get_for_user(user=user, pk=round_id)
    if not results_visible(user=user, round_=round_):
        raise JobFailed("评查结果尚未公布")
    ctx.progress(0, 2, "正在汇总评查结果")
    results = round_results(round_)
    ctx.progress(1, 2, f"正在生成{REPORT_FORMATS[fmt][1]}")
    if fmt == "pdf":
        content = report_pdf(results, issuer=report_issuer())
    else:
        visible = set(files_visible_to(user=user, round_=round_).values_list("pk", flat=True))
        content = report_xlsx(results, file_ids=visible)
    name = default_storage.save(f"evaluation/reports/round-{round_id}/{ctx.job_id}.{fmt}", ContentFile(content))
    ctx.progress(2, 2, "已完成")
    return {
        "name": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "url": reverse("evaluation:report_download", args=[round_id, ctx.job_id]),
        "summary": f"{REPORT_FORMATS[fmt][1]}已生成，可以下载",
    }
