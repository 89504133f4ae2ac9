"""The input schema of every case action: one schema serves the web form and the API endpoint.

Each class parses one action's input (officers and records by id, ISO dates, choices) and hands it to the
service the action registry (``casemgmt.cases.actions``) binds. The API validates the JSON or multipart body with
it and OpenAPI describes it; the web page renders it as a form (``casemgmt.web.forms.ActionForm``) and validates
the posted form with the very same class, so a field, a limit or a label is written once. Legal rules are not
checked here: the services gate every act through the rulebook.

Hooks a schema may define:

- ``initial(case)`` — values to prefill on the web form, read from the recorded case;
- ``labels`` — Chinese labels for fields whose name is not in :data:`LABELS`;
- ``takes_case = False`` — the service acts on a stage record (a measure, notice, ...) instead of the case;
- ``renames`` — input field name → service argument name where they differ.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from casemgmt.cases import models as m
from casemgmt.cases.legaltext import performance_text, subject_remedy_text
from casemgmt.cases.models.penalty import SUMMARY_PENALTY_CHOICES
from casemgmt.cases.provisions import basis_choices, decision_basis_choices
from casemgmt.cases.rulebook._util import case_unit_chain
from casemgmt.cases.textlimits import limit_texts
from casemgmt.discretion.selectors import benchmark_in_force, violation_date
from casemgmt.discretion.serializers import DiscretionInputSerializer
from casemgmt.discretion.services import case_matter
from casemgmt.files.uploads import allowed_labels
from casemgmt.org.models import HANDLER_ROLES, LEADER_ROLES, Officer, Role, Unit
from casemgmt.org.selectors import memberships_of, unit_subtree_ids, units_visible_to
from casemgmt.powers.models import Matter
from casemgmt.strictinput import StrictSerializer

# Labels of the field names the actions share; a schema names the others in its ``labels``.
LABELS: dict[str, str] = {
    "on": "日期",
    "reason": "理由",
    "approved_by": "批准负责人",
    "officers": "执法人员",
    "lead": "主办人员",
    "kind": "类型",
    "facts": "违法事实",
    "legal_basis": "处罚依据",
    "penalty_types": "处罚种类",
    "fine_amount": "罚款金额（元）",
    "confiscation_amount": "没收金额（元）",
    "content": "内容",
    "place": "地点",
    "method": "送达方式",
    "recipient": "受送达人/签收人",
    "delivered_on": "送达/签收/公告日期",
    "witness": "见证人",
    "media_reference": "音像记录编号",
    "late_reason": "逾期原因",
    "note": "备注",
    "summary": "意见",
    "expected_version": "案件版本",
    "measure": "措施",
    "notice": "事先告知书",
    "statement": "陈述申辩",
    "hearing": "听证",
    "disclosure": "公示",
    "challenge": "复议/诉讼",
    "discussion": "依据的集体讨论",
    "violation_start": "违法行为发生日期",
    "violation_end": "违法行为终了日期",
    "matter": "执法事项（案由）",
    "days": "延长天数",
}

# --- fields -------------------------------------------------------------------------------------------------


class OfficerField(serializers.PrimaryKeyRelatedField):
    """An officer by id. Certificates and memberships come along: the rules read both.

    Any officer may be named (whether one may act or approve is the rulebook's decision, with its article);
    ``roles`` narrows the choices the web form offers to the holders of those roles on the case's units."""

    def __init__(self, roles: tuple[str, ...] = HANDLER_ROLES, **kwargs):
        self.roles = roles
        kwargs.setdefault("queryset", Officer.objects.prefetch_related("certificates", "memberships"))
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return OfficerListField(**list_kwargs)

    def choices_for(self, case: m.Case | None):
        """The officers the web form offers: holders of ``roles`` in the case's units, above and below them."""
        if case is None:
            return Officer.objects.none()
        units = unit_subtree_ids({case.handling_unit_id, case.enforcement_subject_id}) | case_unit_chain(case)
        return (
            Officer.objects.filter(Q(memberships__unit_id__in=units) & Q(memberships__role__in=self.roles))
            .distinct()
            .order_by("name")
        )


MAX_ID = 2**63 - 1


class OfficerListField(serializers.ManyRelatedField):
    """Officers by id, all fetched by one query (with their certificates and memberships) instead of one query
    per officer; the order and the repetitions of the input are kept, an unknown or malformed id is refused with
    the single field's message."""

    def to_internal_value(self, data):
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        pks = []
        for item in data:
            try:
                if isinstance(item, bool):
                    raise TypeError
                pks.append(int(str(item)))
            except (TypeError, ValueError):
                child.fail("incorrect_type", data_type=type(item).__name__)
            if not 0 < pks[-1] <= MAX_ID:  # beyond what the database can compare: no such officer
                child.fail("does_not_exist", pk_value=pks[-1])
        found = child.get_queryset().in_bulk(pks)
        missing = next((pk for pk in pks if pk not in found), None)
        if missing is not None:
            child.fail("does_not_exist", pk_value=missing)
        return [found[pk] for pk in pks]


class AgencyHeadField(OfficerField):
    """An officer by id; the web form offers the 行政机关负责人 of the case's enforcement subject (its agency heads
    and the members designated to act for them), whose approval the law requires (APL Art. 56; CE Arts. 18, 25)."""

    def choices_for(self, case: m.Case | None):
        if case is None:
            return Officer.objects.none()
        heads = Q(memberships__role=Role.AGENCY_HEAD) | Q(memberships__acts_for_head=True)
        return (
            Officer.objects.filter(Q(memberships__unit_id=case.enforcement_subject_id) & heads)
            .distinct()
            .order_by("name")
        )


@extend_schema_field(OpenApiTypes.INT)
class CaseRecordField(serializers.PrimaryKeyRelatedField):
    """A stage record (measure, notice, ...) of *this* case by id; ids of other cases do not exist here."""

    def __init__(self, model, *, pending: dict | None = None, **kwargs):
        self.model = model
        self.pending = pending or {}  # the records the action can still apply to (e.g. not yet served)
        super().__init__(**kwargs)

    def get_queryset(self):
        case = self.context.get("case")
        if case is None:
            return self.model.objects.none()
        return self.model.objects.filter(case=case)

    def choices_for(self, case: m.Case | None):
        return self.get_queryset().filter(**self.pending).order_by("-id")


@extend_schema_field(OpenApiTypes.INT)
class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit the user can see (others do not exist for them)."""

    def get_queryset(self):
        return units_visible_to(user=self.context["request"].user)


def amount(**kwargs) -> serializers.DecimalField:
    kwargs.setdefault("default", Decimal("0"))
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)


def penalty_types(**kwargs) -> serializers.ListField:
    choices = kwargs.pop("choices", m.PenaltyType.choices)
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), **kwargs)


def text(**kwargs) -> serializers.CharField:
    """Optional free text."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(**kwargs)


# --- base ---------------------------------------------------------------------------------------------------


class ActionInput(StrictSerializer):
    """Base of every action input. Context: ``case`` (fetched with ``case_get_for_user``) and ``request``."""

    takes_case: ClassVar[bool] = True
    renames: ClassVar[dict[str, str]] = {}
    labels: ClassVar[dict[str, str]] = {}

    expected_version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="客户端所见的案件版本；已被他人更新时返回 409"
    )

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if not field.label or field.label == name.replace("_", " ").capitalize():
                field.label = self.labels.get(name) or LABELS.get(name) or field.label
        limit_texts(fields)
        return fields

    @classmethod
    def initial(cls, case: m.Case) -> dict[str, Any]:
        """Values the web form starts from (read from the recorded case)."""
        return {}

    def service_kwargs(self) -> dict[str, Any]:
        data = {k: v for k, v in self.validated_data.items() if k != "expected_version"}
        return {self.renames.get(k, k): v for k, v in data.items()}

    def perform(self, *, service, case: m.Case, actor):
        """Call ``service`` (the registry's); the act skeleton holds the locks and has checked the version."""
        kwargs = self.service_kwargs()
        if self.takes_case:
            kwargs["case"] = case
        return service(actor=actor, **kwargs)

    def latest(self, attrs: dict, name: str, queryset, missing: str) -> dict:
        """Default an omitted record reference to the case's latest one."""
        if attrs.get(name) is None:
            attrs[name] = queryset.first()
            if attrs[name] is None:
                raise serializers.ValidationError({name: missing})
        return attrs


def _latest(queryset):
    return queryset.order_by("-id").first()


def _party_names(case: m.Case) -> str:
    return "、".join(p.name for p in case.parties.all())


# --- clue (not a case action: the case does not exist yet) -------------------------------------------------


class ClueInput(StrictSerializer):
    """案件来源登记: opens a case in status 线索核查.

    The 案由 is chosen from the 执法事项清单 (``matter``): the case's 案由 is then the matter's name. ``cause`` is
    the 案由 typed where no listed matter applies. Both may be sent: a typed ``cause`` is kept as written (it
    wins), the matter still decides the enforcement subject; without either the clue is refused."""

    handling_unit = UnitField(label="承办单位", help_text="承办单位 id")
    procedure = serializers.ChoiceField(
        label="程序类型", choices=m.ProcedureType.choices, default=m.ProcedureType.ORDINARY
    )
    source = serializers.ChoiceField(label="案件来源", choices=m.ClueSource.choices)
    discovered_on = serializers.DateField(label="发现/受理日期")
    summary = serializers.CharField(label="线索内容")
    reporter = text(label="举报人/移送机关", max_length=100)
    matter = serializers.SlugRelatedField(
        label="案由",
        slug_field="code",
        queryset=Matter.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="从执法事项清单选择（执法事项编码）：案由即为事项名称，并按赋权事项清单确定执法主体"
        "（过渡期事项由县级部门主办、本大队协办）",
    )
    cause = serializers.CharField(
        label="清单未列明的案由",
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="仅在执法事项清单中没有对应事项时填写；选择了执法事项的留空，案由即为该事项名称（填写的以所填为准）",
    )
    locality = serializers.PrimaryKeyRelatedField(
        label="违法行为发生地乡镇",
        queryset=Unit.objects.filter(kind="township"),
        required=False,
        allow_null=True,
        default=None,
        help_text="违法行为发生地乡镇 id（县级部门登记时填写）",
    )

    def get_fields(self):
        fields = super().get_fields()
        limit_texts(fields)
        return fields

    def validate(self, attrs):
        attrs["cause"] = (attrs.get("cause") or "").strip()
        matter = attrs.get("matter")
        if not attrs["cause"]:
            if matter is None:
                raise serializers.ValidationError(
                    {"cause": "请从执法事项清单选择案由；清单中没有对应事项的，填写清单未列明的案由"}
                )
            limit = self.fields["cause"].max_length
            if len(matter.name) > limit:
                raise serializers.ValidationError({"cause": f"所选执法事项的名称超过{limit}字，请填写简明的案由"})
            attrs["cause"] = matter.name
        return attrs

    @staticmethod
    def handling_units(user):
        """The units the user may register a clue for: where they hold a handling role."""
        return Unit.objects.filter(pk__in={ms.unit_id for ms in memberships_of(user) if ms.role in HANDLER_ROLES})

    @classmethod
    def initial_for(cls, user) -> dict[str, Any]:
        units = list(cls.handling_units(user).values_list("pk", flat=True))
        return {"handling_unit": units[0]} if len(units) == 1 else {}

    def perform(self, *, actor) -> m.Case:
        from casemgmt.cases.services.act import register_clue

        return register_clue(actor=actor, **self.validated_data)


# --- filing -------------------------------------------------------------------------------------------------


class FileInput(ActionInput):
    officers = OfficerField(
        label="承办人员", many=True, allow_empty=False, help_text="承办人员 id（不少于两名持有效执法证的人员）"
    )
    lead = OfficerField(label="主办人员", help_text="主办人员 id，须在承办人员之中")
    approved_by = OfficerField(LEADER_ROLES, label="立案审批负责人", help_text="批准立案的负责人 id")
    on = serializers.DateField(label="立案日期", help_text="负责人批准立案之日")
    violation_start = serializers.DateField(
        label="违法行为发生日期",
        required=False,
        allow_null=True,
        default=None,
        help_text="已查明的填写；追责期限自此起算",
    )
    violation_end = serializers.DateField(
        label="违法行为终了日期",
        required=False,
        allow_null=True,
        default=None,
        help_text="连续或继续状态的，为行为终了之日（行政处罚法第三十六条）",
    )
    violation_place = text(label="违法地点", max_length=200, help_text="违法行为发生的地点")
    facts_summary = text(label="违法事实（简要）", help_text="初步查明的违法事实，写入立案审批表")
    involves_safety_harm = serializers.BooleanField(
        label="涉及公民生命健康安全、金融安全且有危害后果",
        default=False,
        help_text="追责期限延长至五年（行政处罚法第三十六条）",
    )
    is_complex = serializers.BooleanField(
        label="情节复杂或重大违法", default=False, help_text="须集体讨论（行政处罚法第五十七条）"
    )
    major_public_interest = serializers.BooleanField(
        label="涉及重大公共利益", default=False, help_text="决定前须法制审核（行政处罚法第五十八条）"
    )
    multiple_legal_relations = serializers.BooleanField(
        label="案情疑难复杂、涉及多个法律关系", default=False, help_text="决定前须法制审核（行政处罚法第五十八条）"
    )
    matter = serializers.SlugRelatedField(
        label="执法事项（案由）",
        slug_field="code",
        queryset=Matter.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="执法事项编码（案由），默认为线索登记的事项",
    )

    @classmethod
    def initial(cls, case):
        """What the clue and the case already record; the 立案日期 defaults to today (the form). The officer
        checks and corrects every value: nothing is saved until the form is submitted."""
        clue = case.clue
        values = {
            "matter": case.matter.code if case.matter_id else None,
            "facts_summary": case.facts or clue.summary,
            "violation_place": case.violation_place,
            "violation_start": case.violation_start,
            "violation_end": case.violation_end,
        }
        if clue.registered_by_id:  # the officer who registered the clue, as one of the officers
            values["officers"] = [clue.registered_by_id]
            values["lead"] = clue.registered_by_id
        return {name: value for name, value in values.items() if value not in (None, "")}


class DeclineFilingInput(ActionInput):
    approved_by = OfficerField(LEADER_ROLES, label="审批负责人")
    on = serializers.DateField(label="决定日期")
    reason = serializers.CharField(label="不予立案理由")


class AssignOfficersInput(ActionInput):
    add = OfficerField(label="加入", many=True, required=False, default=list)
    release = OfficerField(label="退出（回避或调整）", many=True, required=False, default=list)
    on = serializers.DateField()
    reason = serializers.CharField()


class AddPartyInput(ActionInput):
    kind = serializers.ChoiceField(choices=m.PartyKind.choices)
    name = serializers.CharField(label="姓名/名称", max_length=100)
    id_number = text(label="身份证号/统一社会信用代码", max_length=30)
    legal_representative = text(label="法定代表人/负责人", max_length=50)
    address = text(label="住所/地址", max_length=200)
    phone = text(label="联系电话", max_length=30)
    service_address = text(label="送达地址", max_length=200)
    service_address_confirmed = serializers.BooleanField(label="已签署送达地址确认书", default=False)
    electronic_service_consent = serializers.BooleanField(label="同意电子送达", default=False)
    electronic_address = text(label="电子送达地址", max_length=100)


class SuspendInput(ActionInput):
    kind = serializers.ChoiceField(
        label="事由类型", choices=m.SuspensionKind.choices, default=m.SuspensionKind.INVESTIGATION
    )
    approved_by = OfficerField(LEADER_ROLES)
    on = serializers.DateField(label="中止日期")
    reason = serializers.CharField()


class ResumeInput(ActionInput):
    on = serializers.DateField(label="恢复日期")


class TerminateInput(ActionInput):
    approved_by = OfficerField(LEADER_ROLES)
    on = serializers.DateField()
    reason = serializers.CharField()


class WithdrawInput(TerminateInput):
    pass


# --- investigation ------------------------------------------------------------------------------------------


class AddRecordInput(ActionInput):
    kind = serializers.ChoiceField(label="笔录类型", choices=m.RecordKind.choices)
    started_at = serializers.DateTimeField(label="开始时间")
    ended_at = serializers.DateTimeField(label="结束时间")
    place = serializers.CharField(max_length=200)
    interviewee = text(label="被询问人/在场人", max_length=100)
    content = serializers.CharField(label="笔录内容")
    signers = OfficerField(label="签名执法人员", many=True, allow_empty=False, help_text="签名并注明执法证号")
    pages = serializers.IntegerField(label="页数", min_value=1, default=1)
    party_signed_pages = serializers.IntegerField(label="当事人逐页签名页数", min_value=0, default=0)
    rights_told = serializers.BooleanField(label="已告知陈述、申辩、申请回避权利", default=False)
    party_refused = serializers.BooleanField(label="当事人拒绝签名或不在场", default=False)
    refusal_note = text(label="拒签情况说明", max_length=200)
    witness = text(max_length=100)
    media_reference = text(max_length=100)

    @classmethod
    def initial(cls, case):
        return {"party_signed_pages": 1}


class AddEvidenceInput(ActionInput):
    """multipart/form-data: ``file`` plus the fields; ``collected_by`` repeated once per officer."""

    renames: ClassVar[dict[str, str]] = {"file": "upload"}

    evidence_type = serializers.ChoiceField(label="证据种类", choices=m.EvidenceType.choices)
    title = serializers.CharField(label="证据名称", max_length=200)
    description = text(label="证明对象/说明")
    collected_at = serializers.DateTimeField(label="取证时间")
    place = serializers.CharField(label="取证地点", max_length=200)
    collected_by = OfficerField(
        label="取证人员", many=True, allow_empty=False, help_text="取证人员 id（multipart 中重复此字段）"
    )
    source = text(label="提供人/来源", max_length=200)
    file = serializers.FileField(
        label="文件",
        required=False,
        allow_null=True,
        default=None,
        use_url=False,
        help_text=f"按文件内容识别：{allowed_labels()}",
    )


class TakeMeasureInput(ActionInput):
    kind = serializers.ChoiceField(label="措施", choices=m.MeasureKind.choices)
    items = serializers.CharField(label="物品清单")
    started_on = serializers.DateField(label="采取日期")
    taken_at = serializers.DateTimeField(label="实施时间")
    approved_by = AgencyHeadField(
        LEADER_ROLES, allow_null=True, required=False, default=None, help_text="情况紧急当场实施的，事后补报"
    )
    emergency = serializers.BooleanField(label="情况紧急，当场实施", default=False)


class ReportEmergencyInput(ActionInput):
    takes_case = False

    measure = CaseRecordField(
        m.Measure, label="紧急措施", pending={"emergency": True, "emergency_reported_at__isnull": True}
    )
    approved_by = AgencyHeadField(LEADER_ROLES, label="报告并批准的负责人")
    reported_at = serializers.DateTimeField(label="报告时间")


class DisposeMeasureInput(ActionInput):
    takes_case = False

    measure = CaseRecordField(m.Measure, pending={"disposed_on__isnull": True})
    disposal = serializers.ChoiceField(
        label="处理结果",
        choices=[(v, label) for v, label in m.MeasureDisposal.choices if v != m.MeasureDisposal.AUTO_RELEASED],
    )
    on = serializers.DateField(label="处理日期")


class ExtendMeasureInput(ActionInput):
    takes_case = False

    measure = CaseRecordField(
        m.Measure, pending={"disposed_on__isnull": True, "kind__in": (m.MeasureKind.SEIZURE, m.MeasureKind.DETENTION)}
    )
    approved_by = AgencyHeadField(LEADER_ROLES, label="延长批准负责人")
    days = serializers.IntegerField(min_value=1, help_text="不得超过程序规定中查封扣押可延长的天数")
    on = serializers.DateField(label="批准日期")
    notice_served_on = serializers.DateField(
        label="延长决定告知当事人日期", allow_null=True, required=False, default=None
    )

    @classmethod
    def initial(cls, case):
        return {"days": m.ProcedurePolicy.for_unit(case.enforcement_subject).seizure_extension_days}


# --- report, review, notice, statement, hearing, discussion -------------------------------------------------


class SubmitReportInput(ActionInput):
    on = serializers.DateField(label="报告日期")
    facts = serializers.CharField(label="查明的事实")
    evidence_summary = serializers.CharField(label="主要证据")
    nature = serializers.CharField(label="违法性质")
    legal_basis = serializers.CharField(label="处理依据")
    discretion_reasons = serializers.CharField(label="裁量理由")
    penalty_types = penalty_types(label="拟处罚种类", default=list)
    fine_amount = amount(label="拟罚款金额（元）")
    confiscation_amount = amount(label="拟没收金额（元）")
    proposes_reduction = serializers.BooleanField(label="拟减轻处罚", default=False)
    reduction_ground = text(label="减轻处罚法定依据")
    proposes_no_penalty = serializers.BooleanField(label="拟不予处罚", default=False)

    @classmethod
    def initial(cls, case):
        return {"facts": case.facts}


class ReviewInput(ActionInput):
    kind = serializers.ChoiceField(label="审核类型", choices=m.ReviewKind.choices)
    result = serializers.ChoiceField(label="审核意见", choices=m.ReviewResult.choices)
    opinion = serializers.CharField(label="审核意见书内容")
    on = serializers.DateField(label="审核日期")


class IssueNoticeInput(ActionInput):
    on = serializers.DateField(label="告知日期")
    facts_and_reasons = serializers.CharField(label="事实、理由及依据")
    penalty_types = penalty_types(label="拟处罚种类", min_length=1)
    fine_amount = amount(label="拟罚款金额（元）")
    confiscation_amount = amount(label="拟没收金额（元）")
    includes_hearing_right = serializers.BooleanField(label="告知听证权利", default=False)

    @classmethod
    def initial(cls, case):
        report = _latest(case.investigationreports)
        if report is None:
            return {}
        return {
            "penalty_types": report.penalty_types,
            "fine_amount": report.fine_amount,
            "confiscation_amount": report.confiscation_amount,
            "facts_and_reasons": f"{report.facts}\n依据：{report.legal_basis}",
        }


class ServiceInput(ActionInput):
    """The fields of a 送达 (service of a document on the party)."""

    method = serializers.ChoiceField(choices=m.ServiceMethod.choices)
    recipient = serializers.CharField(max_length=100)
    delivered_on = serializers.DateField()
    witness = text(max_length=100)
    media_reference = text(max_length=100)
    public_reason = serializers.ChoiceField(
        label="公告送达原因",
        choices=m.PublicServiceReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="仅公告送达填写",
    )
    public_process = text(label="公告送达前查找受送达人、尝试其他送达方式的经过", help_text="仅公告送达填写")

    @classmethod
    def initial(cls, case):
        return {"recipient": _party_names(case)}


class ServeNoticeInput(ServiceInput):
    takes_case = False

    notice = CaseRecordField(
        m.Notice,
        required=False,
        allow_null=True,
        pending={"served_on__isnull": True},
        help_text="告知书 id；省略时为最新的告知书",
    )

    def validate(self, attrs):
        notices = self.context["case"].notices.order_by("-issued_on", "-id")
        return self.latest(attrs, "notice", notices, "本案尚无事先告知书")


class RecordStatementInput(ActionInput):
    kind = serializers.ChoiceField(
        choices=[c for c in m.StatementKind.choices if c[0] != m.StatementKind.WAIVER],
        help_text="书面放弃陈述申辩或听证另有“书面放弃陈述申辩/听证”操作",
    )
    received_on = serializers.DateField(label="提出日期")
    content = text()


class WaiveRightsInput(ActionInput):
    """The party's written waiver; the signed waiver is first registered (and uploaded) as evidence."""

    received_on = serializers.DateField(label="放弃书签署日期")
    waives_statement = serializers.BooleanField(label="放弃陈述申辩", default=False)
    waives_hearing = serializers.BooleanField(label="放弃听证", default=False)
    signed_document = CaseRecordField(
        m.EvidenceItem,
        label="当事人签名的书面放弃书（证据）",
        help_text="已登记并上传的放弃书证据 id",
    )
    content = text(label="放弃书内容摘要")

    def validate(self, attrs):
        if not (attrs.get("waives_statement") or attrs.get("waives_hearing")):
            raise serializers.ValidationError({"waives_statement": "须选择放弃的权利（陈述申辩、听证或二者）"})
        return attrs


class RecheckInput(ActionInput):
    takes_case = False

    statement = CaseRecordField(
        m.Statement,
        required=False,
        allow_null=True,
        pending={"kind": m.StatementKind.STATEMENT, "rechecked_on__isnull": True},
        help_text="陈述申辩 id；省略时为最新一份未复核的",
    )
    recheck = serializers.CharField(label="复核意见")
    adopted = serializers.BooleanField(label="采纳")
    on = serializers.DateField(label="复核日期")

    def validate(self, attrs):
        pending = self.context["case"].statements.filter(kind=m.StatementKind.STATEMENT, rechecked_on__isnull=True)
        return self.latest(attrs, "statement", pending.order_by("-received_on", "-id"), "没有待复核的陈述申辩")


class ScheduleHearingInput(ActionInput):
    presider = OfficerField(label="听证主持人", help_text="听证主持人 id（非本案调查人员）")
    notice_served_on = serializers.DateField(label="听证通知送达日期")
    scheduled_on = serializers.DateField(label="听证日期")


class HoldHearingInput(ActionInput):
    takes_case = False

    hearing = CaseRecordField(
        m.Hearing,
        required=False,
        allow_null=True,
        pending={"held_on__isnull": True},
        help_text="听证 id；省略时为最新安排的听证",
    )
    held_on = serializers.DateField(label="举行日期")
    ended_on = serializers.DateField(label="结束日期")
    party_absent = serializers.BooleanField(label="当事人无正当理由未到场（视为放弃）", default=False)
    report = text(label="听证报告")

    def validate(self, attrs):
        return self.latest(attrs, "hearing", self.context["case"].hearings.order_by("-id"), "本案尚未安排听证")


class DiscussionInput(ActionInput):
    held_on = serializers.DateField(label="讨论日期")
    participants = serializers.CharField(label="参加人员")
    conclusion = serializers.CharField(label="讨论结论")
    new_deadline = serializers.DateField(
        label="确定的办案期限", allow_null=True, required=False, default=None, help_text="延长办案期限时填写"
    )


class ExtendDeadlineInput(ActionInput):
    on = serializers.DateField(label="批准日期")
    days = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="省略时为程序规定中经批准可延长的天数"
    )
    discussion = CaseRecordField(
        m.CollectiveDiscussion,
        required=False,
        allow_null=True,
        default=None,
        help_text="经集体讨论延长时的讨论 id（超过负责人可批准的延长期限的，须经集体讨论）",
    )
    reason = serializers.CharField()

    @classmethod
    def initial(cls, case):
        return {"days": m.ProcedurePolicy.for_unit(case.enforcement_subject).extension_days}


# --- decision and service -----------------------------------------------------------------------------------


class DecideInput(ActionInput):
    kind = serializers.ChoiceField(label="决定类型", choices=m.DecisionKind.choices)
    on = serializers.DateField(label="决定日期")
    facts = serializers.CharField(label="违法事实和证据")
    legal_basis = serializers.CharField(
        label="处罚依据",
        help_text="从本案执法事项的违法条款、罚则条款中选择；不属于本案执法事项的条款不予接受",
    )
    penalty_types = penalty_types(default=list)
    fine_amount = amount()
    confiscation_amount = amount()
    performance = text(label="履行方式和期限")
    remedy = text(label="救济途径和期限")
    statement_handling = text(label="陈述申辩采纳情况及理由")
    discretion_tier = text(label="裁量档次", max_length=20)
    benchmark_ref = text(label="适用裁量基准", max_length=200)
    is_reduction = serializers.BooleanField(label="减轻处罚", default=False)
    reduction_ground = text(label="减轻处罚法定依据")
    handed_over_on_announcement = serializers.BooleanField(label="宣告后当场交付", default=False)
    transfer_to = text(label="移送机关", max_length=100)
    correction_order = text(
        label="责令改正内容", help_text="给予行政处罚的，责令当事人改正或者限期改正违法行为（行政处罚法第二十八条）"
    )
    correction_notice_on = serializers.DateField(
        label="责令改正通知书送达日期",
        required=False,
        allow_null=True,
        default=None,
        help_text="已另行送达责令（限期）改正通知书的，填写其送达日期",
    )
    correction_exemption = serializers.ChoiceField(
        label="不责令改正的情形",
        choices=m.CorrectionExemption.choices,
        required=False,
        allow_blank=True,
        default="",
    )
    correction_exemption_reason = text(label="不责令改正的事实和理由")
    discretion = DiscretionInputSerializer(
        label="裁量说明",
        required=False,
        allow_null=True,
        default=None,
        help_text="填写裁量理由后，按违法行为发生之日施行的裁量基准保存裁量说明",
    )

    @classmethod
    def initial(cls, case):
        values: dict[str, Any] = {"facts": case.facts}
        notice = _latest(case.notices)
        if notice is not None:
            values |= {
                "penalty_types": notice.penalty_types,
                "fine_amount": notice.fine_amount,
                "confiscation_amount": notice.confiscation_amount,
            }
        report = _latest(case.investigationreports)
        if report is not None:
            values["legal_basis"] = report.legal_basis
        choices = basis_choices(case_matter(case)) if case_matter(case) else []
        if choices:  # the basis is chosen from the matter's provisions, not copied from the report's text
            values["legal_basis"] = choices[-1][0]
        return values | decision_texts(case)

    @classmethod
    def field_choices(cls, case) -> dict[str, list]:
        """The circumstances to tick are those of the benchmark in force on the case's violation date."""
        matter, on = case_matter(case), violation_date(case)
        benchmark = benchmark_in_force(matter=matter, on=on) if matter and on else None
        circumstances = [(c.code, c.label) for c in benchmark.circumstances.all()] if benchmark else []
        # Cases before the catalogue have no matter: their basis stays a text field.
        bases = decision_basis_choices(matter) if matter is not None else None
        return {"discretion.circumstances": circumstances, **({"legal_basis": bases} if bases else {})}

    def to_internal_value(self, data):
        # A web form posts the rationale's fields even when left empty: no reasons (or no penalty), no rationale.
        no_rationale = not (data.get("discretion.reasons") or "").strip() or data.get("kind") != m.DecisionKind.PENALTY
        if hasattr(data, "getlist"):
            data = data.copy()
            if no_rationale:
                for key in [k for k in data if k.startswith("discretion.")]:
                    del data[key]
            elif not (data.get("discretion.chosen_amount") or "").strip():
                # The rationale's amount on a decision is the decision's fine.
                data["discretion.chosen_amount"] = data.get("fine_amount") or "0"
        return super().to_internal_value(data)


def decision_texts(case: m.Case) -> dict[str, str]:
    """The performance and remedy sentences a decision starts from, with the periods of the case's procedure
    policy and the 复议机关 and court of its enforcement subject (``casemgmt.org.issuer``)."""
    policy = m.ProcedurePolicy.for_unit(case.enforcement_subject)
    return {"performance": performance_text(policy), "remedy": subject_remedy_text(case.enforcement_subject)}


class SummaryDecideInput(ActionInput):
    officers = OfficerField(many=True, allow_empty=False)
    on = serializers.DateField(label="决定日期")
    violation_start = serializers.DateField()
    facts = serializers.CharField()
    legal_basis = serializers.CharField(label="处罚依据", help_text="从本案执法事项的违法条款、罚则条款中选择")
    penalty_types = penalty_types(min_length=1, choices=SUMMARY_PENALTY_CHOICES)
    fine_amount = amount()
    statement_heard = text(label="当事人陈述申辩及采纳情况")
    collected_on_spot = serializers.BooleanField(label="当场收缴罚款", default=False)
    on_spot_ground = serializers.ChoiceField(
        label="当场收缴事由", choices=m.OnSpotGround.choices, required=False, allow_blank=True, default=""
    )
    receipt_number = text(label="专用票据号码", max_length=50)

    @classmethod
    def initial(cls, case):
        choices = basis_choices(case_matter(case)) if case_matter(case) else []
        return {"facts": case.cause, **({"legal_basis": choices[-1][0]} if choices else {})}

    @classmethod
    def field_choices(cls, case) -> dict[str, list]:
        """The on-the-spot decision's basis is chosen from the matter's provisions too."""
        matter = case_matter(case)
        choices = basis_choices(matter) if matter is not None else []
        return {"legal_basis": choices} if choices else {}


class ServeDecisionInput(ServiceInput):
    note = text(help_text="公告送达须记录下落不明或无法以其他方式送达的原因和经过")
    late_reason = text()


# --- execution and closing ----------------------------------------------------------------------------------


class RecordPaymentInput(ActionInput):
    kind = serializers.ChoiceField(label="款项", choices=m.PaymentKind.choices, default=m.PaymentKind.FINE)
    amount = amount(label="金额（元）", default=serializers.empty)
    paid_on = serializers.DateField(label="缴纳日期")
    receipt_number = text(label="票据/缴款凭证号", max_length=50)

    @classmethod
    def initial(cls, case):
        decision = _latest(case.decisions)
        return {"amount": decision.fine_amount} if decision is not None else {}


class DefermentInput(ActionInput):
    on = serializers.DateField(label="批准日期")
    until = serializers.DateField(label="延期/分期截止日期")
    instalments = serializers.IntegerField(label="分期数", min_value=1, default=1, help_text="1 表示延期缴纳")
    reason = serializers.CharField(label="申请理由")


class ChallengeInput(ActionInput):
    kind = serializers.ChoiceField(choices=m.RemedyKind.choices)
    filed_on = serializers.DateField(label="提起日期")
    ended_on = serializers.DateField(label="审结日期", allow_null=True, required=False, default=None)
    result = serializers.ChoiceField(
        label="审结结果", choices=m.RemedyResult.choices, required=False, allow_blank=True, default=""
    )
    outcome = text(label="结果", max_length=200)


class ConcludeChallengeInput(ActionInput):
    takes_case = False

    challenge = CaseRecordField(
        m.RemedyChallenge,
        required=False,
        allow_null=True,
        pending={"ended_on__isnull": True},
        help_text="复议/诉讼 id；省略时为最近登记的未审结的一件",
    )
    ended_on = serializers.DateField(label="审结日期")
    result = serializers.ChoiceField(label="审结结果", choices=m.RemedyResult.choices)
    outcome = text(label="结果说明", max_length=200)

    def validate(self, attrs):
        pending = self.context["case"].remedychallenges.filter(ended_on__isnull=True).order_by("-filed_on", "-id")
        return self.latest(attrs, "challenge", pending, "本案没有未审结的复议或诉讼")


class ReminderInput(ActionInput):
    issued_on = serializers.DateField(label="催告日期")
    served_on = serializers.DateField(label="送达日期", allow_null=True, required=False, default=None)
    content = serializers.CharField(label="催告内容")


class ApplyCourtInput(ActionInput):
    on = serializers.DateField(label="申请日期")
    court = serializers.CharField(label="受理法院", max_length=100)


class PublishInput(ActionInput):
    on = serializers.DateField(label="公示日期")
    channel = serializers.CharField(label="公示平台", max_length=100)
    content = serializers.CharField(label="公示内容")
    late_reason = text()

    @classmethod
    def initial(cls, case):
        values = {"channel": "县人民政府门户网站"}
        decision = _latest(case.decisions)
        if decision is not None:
            values["content"] = f"{case.number}：{case.cause}。{decision.get_kind_display()}"
        return values


class WithdrawDisclosureInput(ActionInput):
    takes_case = False

    disclosure = CaseRecordField(
        m.Disclosure,
        required=False,
        allow_null=True,
        pending={"withdrawn_on__isnull": True},
        help_text="公示 id；省略时为当前有效的公示",
    )
    change_recorded_on = serializers.DateField(label="决定被变更、撤销或确认违法/无效的日期")
    on = serializers.DateField(label="撤回日期")
    reason = serializers.CharField()
    late_reason = text()

    def validate(self, attrs):
        current = self.context["case"].disclosures.filter(withdrawn_on__isnull=True).order_by("-published_on", "-id")
        return self.latest(attrs, "disclosure", current, "本案没有正在公示的决定")


class CloseInput(ActionInput):
    ground = serializers.ChoiceField(label="结案事由", choices=m.ClosingGround.choices)
    ground_on = serializers.DateField(label="结案事由发生日期")
    on = serializers.DateField(label="结案审批日期")
    summary = text(label="结案意见")
    late_reason = text()
