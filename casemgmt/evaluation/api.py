"""JSON API of case-file evaluation (案卷评查, mounted at /api/supervision/): a case's self-check score, rubrics,
evaluation rounds (create, score, self-scores per file and per unit, close, publish) and their results report."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casemgmt.api.serializers import JobStatusSerializer
from casemgmt.cases.models import ProcedureType
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services.base import InputError
from casemgmt.jobs import start_job
from casemgmt.org.models import Officer, Unit
from casemgmt.strictinput import StrictSerializer, refuse_unknown_fields

from .jobs import ROUND_CREATE, round_params
from .results import COMMEND, CRITICIZE, WARN, round_results
from .rounds import (
    file_score,
    round_close,
    round_publish,
    round_set_bands,
    self_score_enter,
    unit_self_score_enter,
)
from .rubrics import ROUND_TRIP_KEYS, SPEC_KEYS, active_rubric, rubric_create_version
from .scoring import score_facts
from .selectors import file_get_for_user, files_visible_to, results_visible, round_get_for_user, rounds_visible_to

# --- response shapes (documentation: the views build plain dicts, these say what they hold) -------------------


@extend_schema_field(
    {
        "type": "array",
        "items": {"oneOf": [{"type": "number"}, {"type": "string"}]},
        "minItems": 2,
        "maxItems": 2,
        "description": '[最低分, 等次]，如 [90, "优秀"]',
    }
)
class GradeThresholdField(serializers.JSONField):
    """One stored ``[points, grade]`` pair of ``Rubric.grade_thresholds``."""


class RubricCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField(help_text="立卷 / 实体 / 程序")
    points = serializers.CharField(help_text="分值，十进制字符串")


class RubricVetoSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField(), help_text="对应的规则编码")


class RubricItemSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="所属类别代码")
    code = serializers.CharField()
    title = serializers.CharField()
    points = serializers.CharField(help_text="分值")
    deduction = serializers.CharField(allow_null=True, help_text="每处扣分；null 为整项扣完")
    rules = serializers.ListField(child=serializers.CharField(), help_text="对应的规则编码；空为主观项")


class RubricBonusSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    points = serializers.CharField()


class RubricSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    is_active = serializers.BooleanField()
    grade_thresholds = serializers.ListField(child=GradeThresholdField(), help_text="等次划分，按分数从高到低")
    failing_grade = serializers.CharField(help_text="不合格等次")
    categories = RubricCategorySerializer(many=True)
    veto = RubricVetoSerializer(many=True, help_text="一票否决项")
    items = RubricItemSerializer(many=True, help_text="评分项")
    bonus = RubricBonusSerializer(many=True, help_text="加分项")
    bonus_max = serializers.CharField(help_text="加分上限")


class DefectSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="评查项目代码")
    title = serializers.CharField()
    group = serializers.CharField(help_text="一票否决 / 立卷 / 实体 / 程序")
    veto = serializers.BooleanField()
    points_lost = serializers.CharField(help_text="扣分，十进制字符串")
    rule = serializers.CharField()
    message = serializers.CharField()
    article = serializers.CharField()
    detail = serializers.CharField()
    fix_url = serializers.CharField(help_text="可补正该问题的办案页面，无则为空")


class PendingItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    title = serializers.CharField()
    veto = serializers.BooleanField()


class SelfCheckSerializer(serializers.Serializer):
    rubric = serializers.CharField()
    rubric_id = serializers.IntegerField()
    final = serializers.BooleanField(help_text="案件已办结：得分为最终预测；办理中的案件只列出已发现的问题")
    stage = serializers.CharField(help_text="办理中的案件所处阶段")
    to_come = serializers.ListField(child=serializers.CharField(), help_text="尚待完成的步骤")
    total = serializers.CharField(allow_null=True, help_text="预测得分（办结前为 null）")
    grade = serializers.CharField(allow_null=True, help_text="预测等次（办结前为 null）")
    vetoed = serializers.BooleanField()
    defects = DefectSerializer(many=True)
    items = serializers.DictField(child=serializers.CharField(), help_text="各评查项目的预测得分：项目代码 → 分数")
    pending_subjective = PendingItemSerializer(many=True, help_text="须由评查人员判断的主观项")


def rubric_json(rubric) -> dict:
    categories = list(rubric.categories.all())
    items = list(rubric.items.all())
    return {
        "id": rubric.pk,
        "name": rubric.name,
        "version": rubric.version,
        "is_active": rubric.is_active,
        "grade_thresholds": rubric.grade_thresholds,
        "failing_grade": rubric.failing_grade,
        "categories": [{"code": c.code, "name": c.name, "group": c.group, "points": str(c.points)} for c in categories],
        "veto": [{"code": i.code, "title": i.title, "rules": i.rule_codes} for i in items if i.veto],
        "items": [
            {
                "category": next(c.code for c in categories if c.pk == i.category_id),
                "code": i.code,
                "title": i.title,
                "points": str(i.points),
                "deduction": None if i.deduction is None else str(i.deduction),
                "rules": i.rule_codes,
            }
            for i in items
            if not i.veto and not i.bonus
        ],
        "bonus": [{"code": i.code, "title": i.title, "points": str(i.points)} for i in items if i.bonus],
        "bonus_max": str(rubric.bonus_max),
    }


class SelfCheckView(APIView):
    @extend_schema(tags=["supervision"], responses={200: SelfCheckSerializer})
    def get(self, request, pk: int):
        """归档前自查: the case's predicted score and grade under the active rubric, with every defect."""
        case = case_get_for_user(user=request.user, pk=pk)
        score = score_facts(load_facts(case))
        if score is None:
            raise Http404("未设置现行评查标准")
        return Response(score.as_dict())


class RubricView(APIView):
    @extend_schema(tags=["supervision"], responses={200: RubricSerializer})
    def get(self, request):
        """The active rubric (评查标准)."""
        rubric = active_rubric()
        if rubric is None:
            raise Http404("未设置现行评查标准")
        return Response(rubric_json(rubric))

    @extend_schema(tags=["supervision"], request=OpenApiTypes.OBJECT, responses={201: RubricSerializer})
    def post(self, request):
        """A new version of a rubric (administrators only); refused whole when its points do not add up."""
        if not isinstance(request.data, dict):
            raise InputError("评查标准应为JSON对象", field="rubric")
        refuse_unknown_fields(request.data, SPEC_KEYS + ROUND_TRIP_KEYS)
        rubric = rubric_create_version(spec=request.data, actor=request.user)
        return Response(rubric_json(rubric), status=status.HTTP_201_CREATED)


# --- the results report (评查结果) ------------------------------------------------------------------------------


class FileResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    archive_number = serializers.CharField()
    unit = serializers.CharField()
    evaluator = serializers.CharField()
    self_score = serializers.CharField(allow_null=True, help_text="自评分")
    total = serializers.CharField(allow_null=True, help_text="评查得分")
    difference = serializers.CharField(allow_null=True, help_text="评查得分减自评分")
    grade = serializers.CharField()
    vetoed = serializers.BooleanField()


class UnitResultSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    files = serializers.IntegerField()
    rank = serializers.IntegerField(allow_null=True, help_text="名次（同分同名次）")
    mean = serializers.CharField(allow_null=True, help_text="评查平均分")
    self_score = serializers.CharField(allow_null=True, help_text="自评得分：单位自评得分，未填报时为案卷自评平均分")
    unit_self_score = serializers.CharField(allow_null=True, help_text="单位填报的自评得分")
    self_mean = serializers.CharField(allow_null=True, help_text="案卷自评平均分")
    difference = serializers.CharField(allow_null=True, help_text="评查平均分减自评得分")
    grades = serializers.DictField(child=serializers.IntegerField(), help_text="等次分布：等次 → 件数")
    band = serializers.CharField(help_text="所在档次的结果（通报表扬 / 工作警示 / 通报批评 …），无则为空")


class OutcomeBandSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=f"结果，如{COMMEND}、{WARN}、{CRITICIZE}")
    condition = serializers.CharField(help_text="条件，如排名前7位、排名第8至12名、得分低于80分")
    rank_from = serializers.IntegerField(allow_null=True)
    rank_to = serializers.IntegerField(allow_null=True)
    score_from = serializers.CharField(allow_null=True)
    score_below = serializers.CharField(allow_null=True)
    position = serializers.IntegerField(help_text="匹配顺序：单位取其符合的第一个档次")


class BandSerializer(OutcomeBandSerializer):
    units = serializers.ListField(child=serializers.CharField(), help_text="该档次的单位，按名次排列")


class ProblemSerializer(serializers.Serializer):
    item = serializers.CharField()
    title = serializers.CharField()
    files = serializers.IntegerField(help_text="涉及案卷数")
    points_lost = serializers.CharField(help_text="扣分合计")
    comments = serializers.ListField(child=serializers.CharField(), help_text="评查意见")


class ProblemGroupSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="一票否决 / 立卷 / 实体 / 程序")
    problems = ProblemSerializer(many=True)


class RoundRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    seed = serializers.CharField()


class RoundSummarySerializer(RoundRefSerializer):
    rubric = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class RoundResultsSerializer(serializers.Serializer):
    round = RoundSummarySerializer()
    files = FileResultSerializer(many=True)
    units = UnitResultSerializer(many=True, help_text="按名次排列")
    bands = BandSerializer(many=True, help_text="通报结果档次及各档单位")
    problems = ProblemGroupSerializer(many=True, help_text="典型问题，按一票否决、立卷、实体、程序分组")


class GroupedProblemSerializer(ProblemSerializer):
    group = serializers.CharField(help_text="一票否决 / 立卷 / 实体 / 程序")


class RoundDetailResultsSerializer(serializers.Serializer):
    """The results inside a round's detail (the same figures as ``/results/``, problems keyed by group)."""

    round = RoundRefSerializer()
    files = FileResultSerializer(many=True)
    units = UnitResultSerializer(many=True, help_text="按名次排列")
    bands = BandSerializer(many=True, help_text="通报结果档次及各档单位")
    problems = serializers.DictField(
        child=GroupedProblemSerializer(many=True), help_text="典型问题：分组（一票否决 / 立卷 / 实体 / 程序）→ 问题"
    )


class RoundDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    rubric = serializers.CharField(help_text="所用评查标准")
    period_from = serializers.DateField(help_text="抽取范围：结案日期自")
    period_to = serializers.DateField(help_text="抽取范围：结案日期至")
    procedure = serializers.CharField(help_text="程序类型；空为全部")
    sample_size = serializers.IntegerField(allow_null=True, help_text="每单位抽取件数；null 为全部")
    seed = serializers.CharField(help_text="随机种子（可复核抽样）")
    deadline = serializers.DateField()
    units = serializers.ListField(child=serializers.CharField(), help_text="被评查单位")
    evaluators = serializers.ListField(child=serializers.CharField(), help_text="评查人员")
    bands = OutcomeBandSerializer(many=True, help_text="通报结果档次")
    results = RoundDetailResultsSerializer(required=False, help_text="评查结果：本人可见时才有（单位在公布后）")


class FindingRefSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.CharField()


class ItemScoreSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="评查项目代码")
    title = serializers.CharField()
    veto = serializers.BooleanField()
    bonus = serializers.BooleanField()
    max_points = serializers.CharField(help_text="分值")
    objective = serializers.BooleanField(help_text="客观项：由规则检查预评分")
    suggested = serializers.CharField(allow_null=True, help_text="系统预评分")
    suggested_failed = serializers.BooleanField(help_text="系统认定否决")
    findings = FindingRefSerializer(many=True, help_text="规则发现")
    points = serializers.CharField(allow_null=True, help_text="得分")
    failed = serializers.BooleanField(help_text="否决")
    reason = serializers.CharField(help_text="改分理由")
    comment = serializers.CharField(help_text="评查意见")


class SampledFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    case_number = serializers.CharField()
    archive_number = serializers.CharField()
    unit = serializers.CharField()
    evaluator = serializers.CharField(help_text="评查人员，未分配为空")
    self_score = serializers.CharField(allow_null=True, help_text="自评分")
    # Only when the results are visible to the caller (the justice bureau; the unit after publication):
    total = serializers.CharField(allow_null=True, required=False, help_text="评查得分（结果可见时）")
    grade = serializers.CharField(required=False, help_text="等次（结果可见时）")
    vetoed = serializers.BooleanField(required=False, help_text="一票否决（结果可见时）")
    items = ItemScoreSerializer(many=True, required=False, help_text="各项得分（结果可见时）")


# --- evaluation rounds (评查活动) ----------------------------------------------------------------------------


class RoundInput(StrictSerializer):
    title = serializers.CharField(max_length=200)
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True)
    evaluators = serializers.PrimaryKeyRelatedField(queryset=Officer.objects.all(), many=True)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    deadline = serializers.DateField()
    procedure = serializers.ChoiceField(choices=[("", "全部"), *ProcedureType.choices], required=False, default="")
    sample_size = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="每单位件数，空为全部"
    )
    seed = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    commend_top = serializers.IntegerField(
        required=False, default=3, min_value=0, help_text="无 bands 时：通报表扬前N名"
    )
    warn_through_rank = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, help_text="无 bands 时：工作警示至第几名"
    )
    criticize_below = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, default=Decimal("80"), help_text="无 bands 时：通报批评分数线"
    )
    bands = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="通报结果档次，按顺序匹配：[{label, rank_from, rank_to, score_from, score_below}]",
    )


def round_json(round_, *, user) -> dict:
    body = {
        "id": round_.pk,
        "title": round_.title,
        "status": round_.status,
        "rubric": str(round_.rubric),
        "period_from": round_.period_from,
        "period_to": round_.period_to,
        "procedure": round_.procedure,
        "sample_size": round_.sample_size,
        "seed": round_.seed,
        "deadline": round_.deadline,
        "units": [u.name for u in round_.units.all()],
        "evaluators": [o.name for o in round_.evaluators.all()],
        "bands": [b.as_dict() for b in round_.bands.all()],
    }
    if results_visible(user=user, round_=round_):
        results = round_results(round_).as_dict()
        visible = set(files_visible_to(user=user, round_=round_).values_list("pk", flat=True))
        body["results"] = {**results, "files": [f for f in results["files"] if f["id"] in visible]}
    return body


def file_json(file, *, user) -> dict:
    body = {
        "id": file.pk,
        "case_id": file.case_id,
        "case_number": file.case.number,
        "archive_number": file.archive_number,
        "unit": file.unit.name,
        "evaluator": file.evaluator.name if file.evaluator else "",
        "self_score": None if file.self_score is None else str(file.self_score),
    }
    if results_visible(user=user, round_=file.round):
        body["total"] = None if file.total is None else str(file.total)
        body["grade"] = file.grade
        body["vetoed"] = file.vetoed
        body["items"] = [
            {
                "item": s.item.code,
                "title": s.item.title,
                "veto": s.item.veto,
                "bonus": s.item.bonus,
                "max_points": str(s.item.points),
                "objective": bool(s.item.rule_codes),
                "suggested": None if s.suggested is None else str(s.suggested),
                "suggested_failed": s.suggested_failed,
                "findings": s.findings,
                "points": None if s.points is None else str(s.points),
                "failed": s.failed,
                "reason": s.reason,
                "comment": s.comment,
            }
            for s in file.scores.select_related("item")
        ]
    return body


class RoundRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    deadline = serializers.DateField()


class RoundListView(APIView):
    @extend_schema(
        tags=["supervision"], operation_id="supervision_rounds_list", responses={200: RoundRowSerializer(many=True)}
    )
    def get(self, request):
        """评查活动 the user may see."""
        rounds = rounds_visible_to(user=request.user).select_related("rubric")
        return Response([{"id": r.pk, "title": r.title, "status": r.status, "deadline": r.deadline} for r in rounds])

    @extend_schema(
        tags=["supervision"],
        request=RoundInput,
        responses={
            202: JobStatusSerializer,
            409: OpenApiResponse(description="同一评查活动正在抽取（返回进行中的任务编号）"),
            503: OpenApiResponse(description="后台任务服务暂时无法连接"),
        },
    )
    def post(self, request):
        """Create a round: the input is checked at once (400), then a background job draws the sample, assigns
        and pre-scores the files (justice bureau only). Returns the job's status; poll ``status_url`` until it is
        finished: its ``result`` holds ``round_id`` and ``url``."""
        data = RoundInput(data=request.data)
        data.is_valid(raise_exception=True)
        params = round_params(actor=request.user, **data.validated_data)
        started = start_job(ROUND_CREATE, user=request.user, **params)
        body = started.as_status() | {"status_url": reverse("jobs:status", args=[started.pk])}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class RoundDetailView(APIView):
    @extend_schema(tags=["supervision"], responses={200: RoundDetailSerializer})
    def get(self, request, pk: int):
        """A round with its results (per file, per unit, ranking, bands, typical problems) once visible."""
        return Response(round_json(round_get_for_user(user=request.user, pk=pk), user=request.user))


class RoundPublishView(APIView):
    @extend_schema(tags=["supervision"], request=None, responses={200: RoundDetailSerializer})
    def post(self, request, pk: int):
        """公布评查结果: every file scored; evaluators' read grants end."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        refuse_unknown_fields(request.data, ())
        round_ = round_publish(round_=round_, actor=request.user)
        return Response(round_json(round_, user=request.user))


class FileScoreInput(StrictSerializer):
    """The body of a file's scoring, for the schema (the view reads ``scores`` itself and refuses other fields)."""

    scores = serializers.DictField(
        child=serializers.DictField(), help_text="项目代码 → {points 或 failed, reason, comment}"
    )


class SelfScoreInput(StrictSerializer):
    """The body of a self-score, for the schema (the view reads ``self_score`` itself and refuses other fields)."""

    self_score = serializers.DecimalField(max_digits=5, decimal_places=1, help_text="自评分")


class FileView(APIView):
    @extend_schema(tags=["supervision"], responses={200: SampledFileSerializer})
    def get(self, request, pk: int, file_pk: int):
        file = file_get_for_user(user=request.user, round_pk=pk, pk=file_pk)
        return Response(file_json(file, user=request.user))

    @extend_schema(tags=["supervision"], request=FileScoreInput, responses={200: SampledFileSerializer})
    def post(self, request, pk: int, file_pk: int):
        """Score items: ``{"scores": {"S1": {"points": 10, "comment": "..."}, "V5": {"failed": false}}}``."""
        file = file_get_for_user(user=request.user, round_pk=pk, pk=file_pk)
        refuse_unknown_fields(request.data, ("scores",))
        scores = request.data.get("scores") if isinstance(request.data, dict) else None
        if not isinstance(scores, dict) or not all(isinstance(v, dict) for v in scores.values()):
            raise InputError("scores 应为 {项目代码: {points|failed, reason, comment}}", field="scores")
        file = file_score(file=file, actor=request.user, scores=scores)
        return Response(file_json(file, user=request.user))


class SelfScoreView(APIView):
    @extend_schema(tags=["supervision"], request=SelfScoreInput, responses={200: SampledFileSerializer})
    def post(self, request, pk: int, file_pk: int):
        """自评分 of the unit for one sampled file, before publication."""
        file = file_get_for_user(user=request.user, round_pk=pk, pk=file_pk)
        refuse_unknown_fields(request.data, ("self_score",))
        file = self_score_enter(file=file, score=request.data.get("self_score"), actor=request.user)
        return Response(file_json(file, user=request.user))


class UnitSelfScoreInput(StrictSerializer):
    score = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="单位自评得分（0–100，评查标准设有加分项时至100加加分上限）"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class UnitSelfScoreOutput(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    score = serializers.CharField()
    note = serializers.CharField()


class UnitSelfScoreView(APIView):
    @extend_schema(
        tags=["supervision"],
        operation_id="supervision_round_unit_self_score",
        request=UnitSelfScoreInput,
        responses={200: UnitSelfScoreOutput},
    )
    def post(self, request, pk: int, unit_pk: int):
        """单位自评得分: the unit's overall self-evaluation score of the round, by its leaders, before publication."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        unit = Unit.objects.filter(pk=unit_pk).first()
        if unit is None:
            raise Http404("单位不存在")
        data = UnitSelfScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = unit_self_score_enter(round_=round_, unit=unit, actor=request.user, **data.validated_data)
        return Response({"unit_id": unit.pk, "unit": unit.name, "score": str(entry.score), "note": entry.note})


class BandInput(StrictSerializer):
    label = serializers.CharField(max_length=20, help_text="结果，如通报表扬、工作警示、通报批评")
    rank_from = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="名次自")
    rank_to = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="名次至")
    score_from = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, help_text="平均分不低于"
    )
    score_below = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, help_text="平均分低于"
    )


class BandsInput(StrictSerializer):
    bands = BandInput(many=True)


class RoundBandsView(APIView):
    @extend_schema(
        tags=["supervision"],
        operation_id="supervision_round_bands",
        request=BandsInput,
        responses={200: RoundDetailSerializer},
    )
    def put(self, request, pk: int):
        """通报结果档次: replace the round's outcome bands until publication (justice bureau only). The first band
        (in the order given) whose every condition a unit meets gives its label; tied units share a band."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        data = BandsInput(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = round_set_bands(round_=round_, bands=data.validated_data["bands"], actor=request.user)
        return Response(round_json(round_, user=request.user))


class RoundCloseView(APIView):
    @extend_schema(tags=["supervision"], request=None, responses={200: RoundDetailSerializer})
    def post(self, request, pk: int):
        """结束评查: scoring ends and the evaluators' read grants on the sampled files are revoked."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        refuse_unknown_fields(request.data, ())
        round_ = round_close(round_=round_, actor=request.user)
        return Response(round_json(round_, user=request.user))


class RoundResultsView(APIView):
    @extend_schema(
        tags=["supervision"], operation_id="supervision_round_results", responses={200: RoundResultsSerializer}
    )
    def get(self, request, pk: int):
        """评查结果: per file and per unit (self-score vs evaluated score), ranking, outcome bands and typical
        problems by 立卷 / 实体 / 程序. Units see it once published (404 before); files limited to those visible."""
        round_ = round_get_for_user(user=request.user, pk=pk)
        if not results_visible(user=request.user, round_=round_):
            raise Http404("评查结果尚未公布")
        results = round_results(round_)
        data = results.as_dict()
        visible = set(files_visible_to(user=request.user, round_=round_).values_list("pk", flat=True))
        body = {
            "round": {
                "id": round_.pk,
                "title": round_.title,
                "status": round_.status,
                "seed": round_.seed,
                "rubric": str(round_.rubric),
                "published_at": round_.published_at,
            },
            "files": [f for f in data["files"] if f["id"] in visible],
            "units": data["units"],
            "bands": results.bands(),
            "problems": [{"group": g, "problems": ps} for g, ps in data["problems"].items()],
        }
        return Response(RoundResultsSerializer(body).data)
