"""JSON API of the supervision dashboard (mounted at /api/dashboard/)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.serializers import JobStatusSerializer
from casemgmt.strictinput import refuse_unknown_fields

from .models import CaseClock, SweepRun
from .selectors import Dashboard, dashboard_for, parse_filters
from .services import sweep_start
from .stats import Statistics
from .views import statistics_response

PERIOD = [
    OpenApiParameter("year", OpenApiTypes.INT, description="统计年度（默认本年）"),
    OpenApiParameter("month", OpenApiTypes.INT, description="统计月份 1–12（默认全年）"),
]


# --- response shapes (documentation: the views build plain dicts, these say what they hold) -------------------


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="案号（未立案时为案件名称）")
    unit = serializers.CharField(help_text="执法主体")


class ClockRowSerializer(serializers.Serializer):
    case = CaseRefSerializer()
    code = serializers.CharField()
    label = serializers.CharField()
    deadline = serializers.DateField()
    provisional = serializers.BooleanField(help_text="该年度节假日安排尚未载入，期限为暂定")
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="green 正常 / yellow 临近 / red 逾期 / done 已完成")
    remaining_working_days = serializers.IntegerField(allow_null=True)


class LastRunSerializer(serializers.Serializer):
    finished_at = serializers.DateTimeField()
    trigger = serializers.CharField()


class FreshnessSerializer(serializers.Serializer):
    oldest_snapshot = serializers.DateTimeField(allow_null=True, help_text="最早的检查结果时间")
    newest_snapshot = serializers.DateTimeField(allow_null=True)
    open_cases_unchecked = serializers.IntegerField(help_text="尚未检查的未结案件数")
    last_run = LastRunSerializer(allow_null=True, help_text="最近一次完成的全面检查")


class OpenCasesSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_stage = serializers.DictField(child=serializers.IntegerField(), help_text="案件状态 → 件数")


class ClockCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField(help_text="逾期")
    yellow = serializers.IntegerField(help_text="临近")
    green = serializers.IntegerField(help_text="正常")


class RuleCountSerializer(serializers.Serializer):
    rule = serializers.CharField()
    number = serializers.IntegerField(allow_null=True, help_text="规则序号")
    message = serializers.CharField()
    article = serializers.CharField()
    n = serializers.IntegerField(help_text="件数")


class ProblemRowSerializer(serializers.Serializer):
    case = CaseRefSerializer()
    rule = serializers.CharField()
    message = serializers.CharField()
    article = serializers.CharField()
    detail = serializers.CharField()


class ProblemsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_rule = RuleCountSerializer(many=True)
    list = ProblemRowSerializer(many=True, help_text="最新案件的问题在前（有上限）")


class SelfCheckOpenSerializer(serializers.Serializer):
    vetoed = serializers.IntegerField(help_text="存在一票否决问题的未结案件数")


class SelfCheckFinishedSerializer(serializers.Serializer):
    mean_score = serializers.CharField(allow_null=True, help_text="已办结案卷的自查平均分")
    files = serializers.IntegerField()


class DisclosureSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="待公示")
    late_pending = serializers.IntegerField(help_text="逾期未公示")
    late_published = serializers.IntegerField(help_text="逾期后已公示")
    problems = serializers.IntegerField()
    late = ClockRowSerializer(many=True)


class RectificationRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField()
    round = serializers.CharField(help_text="评查活动")
    deadline = serializers.DateField()
    findings = serializers.CharField(help_text="整改问题")


class StatSerializer(serializers.Serializer):
    filed = serializers.IntegerField()
    closed = serializers.IntegerField()
    average_handling_days = serializers.CharField(allow_null=True)
    decided = serializers.IntegerField()
    ordinary_decided = serializers.IntegerField()
    fines_decided = serializers.CharField(help_text="罚款决定金额（元），十进制字符串")
    fines_collected = serializers.CharField(help_text="罚没款收缴金额（元）")
    legal_review_rate = serializers.CharField(allow_null=True, help_text="法制审核率（%）")
    hearing_rate = serializers.CharField(allow_null=True, help_text="听证率（%）")
    no_penalty_rate = serializers.CharField(allow_null=True, help_text="不予处罚率（%）")
    mean_selfcheck_score = serializers.CharField(allow_null=True)
    selfcheck_scored = serializers.IntegerField()


class UnitStatSerializer(StatSerializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()


class MatterStatSerializer(StatSerializer):
    matter_id = serializers.IntegerField(allow_null=True, help_text="执法事项；未确定事项的案件为 null")
    matter = serializers.CharField()


class MonthStatSerializer(StatSerializer):
    month = serializers.IntegerField(min_value=1, max_value=12)


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True, help_text="null 为全年")
    total = StatSerializer()
    by_unit = UnitStatSerializer(many=True)
    by_matter = MatterStatSerializer(many=True)
    by_month = MonthStatSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    today = serializers.DateField()
    all_units = serializers.BooleanField(help_text="是否为全县（司法局）视图")
    freshness = FreshnessSerializer()
    open_cases = OpenCasesSerializer()
    clocks = ClockCountsSerializer(help_text="未完成期限按状态计数")
    overdue = ClockRowSerializer(many=True)
    due_soon = ClockRowSerializer(many=True)
    problems = ProblemsSerializer()
    selfcheck_open = SelfCheckOpenSerializer()
    selfcheck_finished = SelfCheckFinishedSerializer()
    disclosure = DisclosureSerializer()
    overdue_rectifications = RectificationRowSerializer(many=True)
    statistics = StatisticsSerializer()


def _case(case) -> dict:
    return {"id": case.pk, "number": str(case), "unit": case.enforcement_subject.name}


def _clock(c: CaseClock) -> dict:
    return {
        "case": _case(c.case),
        "code": c.code,
        "label": c.label,
        "deadline": c.deadline.isoformat(),
        "provisional": c.provisional,
        "done_on": c.done_on.isoformat() if c.done_on else None,
        "status": c.status,
        "remaining_working_days": c.remaining_working_days,
    }


def run_json(run: SweepRun | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "trigger": run.trigger,
        "scope": run.scope,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "state": run.state,
        "cases_checked": run.cases_checked,
        "problems_found": run.problems_found,
        "clocks_red": run.clocks_red,
        "clocks_yellow": run.clocks_yellow,
    }


def stats_json(stats: Statistics) -> dict:
    return {
        "year": stats.year,
        "month": stats.month,
        "total": stats.total.as_dict(),
        "by_unit": [{"unit_id": pk, "unit": name, **s.as_dict()} for pk, name, s in stats.by_unit],
        "by_matter": [{"matter_id": pk, "matter": name, **s.as_dict()} for pk, name, s in stats.by_matter],
        "by_month": [{"month": mon, **s.as_dict()} for mon, s in stats.by_month],
    }


def dashboard_json(board: Dashboard) -> dict:
    f = board.freshness
    return {
        "today": board.today.isoformat(),
        "all_units": board.everything,
        "freshness": {
            "oldest_snapshot": f.oldest.isoformat() if f.oldest else None,
            "newest_snapshot": f.newest.isoformat() if f.newest else None,
            "open_cases_unchecked": f.unchecked,
            "last_run": {"finished_at": f.last_run.finished_at.isoformat(), "trigger": f.last_run.trigger}
            if f.last_run
            else None,
        },
        "open_cases": {"total": board.open_total, "by_stage": {s: n for s, _, n in board.open_by_stage}},
        "clocks": board.clocks,
        "overdue": [_clock(c) for c in board.overdue],
        "due_soon": [_clock(c) for c in board.due_soon],
        "problems": {
            "total": board.problem_total,
            "by_rule": board.problems_by_rule,
            "list": [
                {"case": _case(p.case), "rule": p.rule, "message": p.message, "article": p.article, "detail": p.detail}
                for p in board.problems
            ],
        },
        "selfcheck_open": {"vetoed": board.vetoed_open},  # open cases get no score, only their defects
        "selfcheck_finished": {
            "mean_score": None if board.finished_mean_score is None else str(board.finished_mean_score),
            "files": board.finished_scored,
        },
        "disclosure": {**board.disclosure, "late": [_clock(c) for c in board.disclosure_late]},
        "overdue_rectifications": [
            {
                "id": t.pk,
                "unit": t.unit.name,
                "round": t.round.title,
                "deadline": t.deadline.isoformat(),
                "findings": t.findings,
            }
            for t in board.rectifications
        ],
        "statistics": stats_json(board.stats),
    }


class DashboardView(APIView):
    @extend_schema(
        tags=["dashboard"],
        parameters=PERIOD,
        responses={200: DashboardSerializer, 400: OpenApiResponse(description="年份或月份无效")},
    )
    def get(self, request):
        """监督看板: open cases by stage, clocks, the rulebook's problem list, disclosure, overdue rectifications and
        the statistics of the period, over the cases the user may see (the justice bureau: every unit)."""
        today = timezone.localdate()
        filters = parse_filters(request.query_params, today=today, strict=True)
        return Response(dashboard_json(dashboard_for(user=request.user, filters=filters, today=today)))


class SweepView(APIView):
    @extend_schema(
        tags=["dashboard"],
        request=None,
        responses={
            202: JobStatusSerializer,
            403: OpenApiResponse(description="无权发起检查"),
            409: OpenApiResponse(description="已有检查正在进行"),
            503: OpenApiResponse(description="后台任务服务暂时无法连接"),
        },
    )
    def post(self, request):
        """立即检查: start a background check (rulebook and clocks) of the open cases the user may see (justice
        bureau and unit leaders only). Returns the job's status; poll ``status_url`` until ``finished``."""
        refuse_unknown_fields(request.data, ())
        started = sweep_start(actor=request.user)
        body = started.as_status() | {"status_url": reverse("jobs:status", args=[started.pk])}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class StatisticsExportView(APIView):
    @extend_schema(
        tags=["dashboard"],
        parameters=PERIOD[:1],
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        """年度统计 .xlsx of the user's visible cases (unit × month, matters, months)."""
        year = {"year": request.query_params["year"]} if "year" in request.query_params else {}
        parse_filters(year, today=timezone.localdate(), strict=True)  # the API's JSON 400
        return statistics_response(user=request.user, params=request.query_params)
