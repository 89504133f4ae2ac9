"""One input serializer per case action: it parses the body (officers and records by id, ISO dates) and calls
the service. Legal rules are not checked here: the services gate every action through the rulebook."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.discretion.serializers import DiscretionInputSerializer
from casemgmt.org.models import Officer, Unit
from casemgmt.org.selectors import units_visible_to
from casemgmt.powers.models import Matter

# --- fields -------------------------------------------------------------------------------------------------


class OfficerField(serializers.PrimaryKeyRelatedField):
    """An officer by id. Certificates and memberships come along: the rules read both."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Officer.objects.prefetch_related("certificates", "memberships"))
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class CaseRecordField(serializers.PrimaryKeyRelatedField):
    """A stage record (measure, notice, ...) of *this* case by id; ids of other cases do not exist here."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.filter(case=self.context["case"])


@extend_schema_field(OpenApiTypes.INT)
class UnitField(serializers.PrimaryKeyRelatedField):
    """A unit the user can see (others do not exist for them)."""

    def get_queryset(self):
        return units_visible_to(user=self.context["request"].user)


def amount(**kwargs) -> serializers.DecimalField:
    kwargs.setdefault("default", Decimal("0"))
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0"), **kwargs)


def penalty_types(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=m.PenaltyType.choices), **kwargs)


def text(**kwargs) -> serializers.CharField:
    """Optional free text."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    return serializers.CharField(**kwargs)


# --- base ---------------------------------------------------------------------------------------------------


class ActionSerializer(serializers.Serializer):
    """Base of every action body. Context: ``case`` (fetched with ``case_get_for_user``) and ``request``."""

    code: ClassVar[str]
    service: ClassVar[Any]
    # Services that act on a stage record (a measure, notice, ...) take it instead of the case.
    takes_case: ClassVar[bool] = True
    # Map body field names to service argument names where they differ.
    renames: ClassVar[dict[str, str]] = {}

    expected_version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="客户端所见的案件版本；已被他人更新时返回 409"
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = {k: v for k, v in self.validated_data.items() if k != "expected_version"}
        return {self.renames.get(k, k): v for k, v in data.items()}

    def perform(self, *, case: m.Case, actor):
        """Call the service; the caller holds the case row lock and has checked ``expected_version``."""
        kwargs = self.service_kwargs()
        if self.takes_case:
            kwargs["case"] = case
        return type(self).service(actor=actor, **kwargs)

    def latest(self, attrs: dict, name: str, queryset, missing: str) -> dict:
        """Default an omitted record reference to the case's latest one."""
        if attrs.get(name) is None:
            attrs[name] = queryset.first()
            if attrs[name] is None:
                raise serializers.ValidationError({name: missing})
        return attrs


# --- filing -------------------------------------------------------------------------------------------------


class ClueRegisterSerializer(serializers.Serializer):
    """案件来源登记: opens a case in status 线索核查."""

    handling_unit = UnitField(help_text="承办单位 id")
    source = serializers.ChoiceField(choices=m.ClueSource.choices)
    summary = serializers.CharField()
    discovered_on = serializers.DateField()
    cause = serializers.CharField(max_length=200)
    procedure = serializers.ChoiceField(choices=m.ProcedureType.choices, default=m.ProcedureType.ORDINARY)
    reporter = text(max_length=100)
    matter = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Matter.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="执法事项编码（案由）；按赋权事项清单确定执法主体",
    )
    locality = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind="township"),
        required=False,
        allow_null=True,
        default=None,
        help_text="违法行为发生地乡镇 id（县级部门登记时用于适用赋权清单）",
    )

    def perform(self, *, actor) -> m.Case:
        from django.db import transaction

        from workflows import engine

        with transaction.atomic():
            case = s.clue_register(actor=actor, **self.validated_data)
            engine.start_for_case(case)
        return case


class FileSerializer(ActionSerializer):
    code = "file"
    service = staticmethod(s.case_file)

    officers = OfficerField(many=True, allow_empty=False, help_text="承办人员 id（不少于两名持证人员）")
    lead = OfficerField(help_text="主办人员 id，须在承办人员之中")
    approved_by = OfficerField(help_text="批准立案的负责人 id")
    on = serializers.DateField(help_text="立案日期")
    violation_start = serializers.DateField(required=False, allow_null=True, default=None)
    violation_end = serializers.DateField(required=False, allow_null=True, default=None)
    facts_summary = text()
    violation_place = text(max_length=200)
    involves_safety_harm = serializers.BooleanField(default=False)
    is_complex = serializers.BooleanField(default=False)
    major_public_interest = serializers.BooleanField(default=False)
    multiple_legal_relations = serializers.BooleanField(default=False)
    matter = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Matter.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="执法事项编码（案由）",
    )


class DeclineFilingSerializer(ActionSerializer):
    code = "decline_filing"
    service = staticmethod(s.case_decline_filing)

    approved_by = OfficerField()
    on = serializers.DateField()
    reason = serializers.CharField()


class AssignOfficersSerializer(ActionSerializer):
    code = "assign_officers"
    service = staticmethod(s.case_assign_officers)

    add = OfficerField(many=True, required=False, default=list)
    release = OfficerField(many=True, required=False, default=list)
    on = serializers.DateField()
    reason = serializers.CharField()


class AddPartySerializer(ActionSerializer):
    code = "add_party"
    service = staticmethod(s.party_add)

    kind = serializers.ChoiceField(choices=m.PartyKind.choices)
    name = serializers.CharField(max_length=100)
    id_number = text(max_length=30)
    legal_representative = text(max_length=50)
    address = text(max_length=200)
    phone = text(max_length=30)
    service_address = text(max_length=200)
    service_address_confirmed = serializers.BooleanField(default=False)
    electronic_service_consent = serializers.BooleanField(default=False)
    electronic_address = text(max_length=100)


class SuspendSerializer(ActionSerializer):
    code = "suspend"
    service = staticmethod(s.case_suspend)

    approved_by = OfficerField()
    on = serializers.DateField()
    kind = serializers.ChoiceField(choices=m.SuspensionKind.choices, default=m.SuspensionKind.INVESTIGATION)
    reason = serializers.CharField()


class ResumeSerializer(ActionSerializer):
    code = "resume"
    service = staticmethod(s.case_resume)

    on = serializers.DateField()


class TerminateSerializer(ActionSerializer):
    code = "terminate"
    service = staticmethod(s.case_terminate)

    approved_by = OfficerField()
    on = serializers.DateField()
    reason = serializers.CharField()


class WithdrawSerializer(TerminateSerializer):
    code = "withdraw"
    service = staticmethod(s.case_withdraw)


# --- investigation ------------------------------------------------------------------------------------------


class AddRecordSerializer(ActionSerializer):
    code = "add_record"
    service = staticmethod(s.record_add)

    kind = serializers.ChoiceField(choices=m.RecordKind.choices)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    content = serializers.CharField()
    signers = OfficerField(many=True, allow_empty=False, help_text="签名的执法人员 id")
    pages = serializers.IntegerField(min_value=1, default=1)
    party_signed_pages = serializers.IntegerField(min_value=0, default=0)
    interviewee = text(max_length=100)
    party_refused = serializers.BooleanField(default=False)
    refusal_note = text(max_length=200)
    witness = text(max_length=100)
    media_reference = text(max_length=100)
    rights_told = serializers.BooleanField(default=False)


class AddEvidenceSerializer(ActionSerializer):
    """multipart/form-data: ``file`` plus the fields; ``collected_by`` repeated once per officer."""

    code = "add_evidence"
    service = staticmethod(s.evidence_add)
    renames: ClassVar[dict[str, str]] = {"file": "upload"}

    evidence_type = serializers.ChoiceField(choices=m.EvidenceType.choices)
    title = serializers.CharField(max_length=200)
    collected_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    collected_by = OfficerField(many=True, allow_empty=False, help_text="取证人员 id（multipart 中重复此字段）")
    description = text()
    source = text(max_length=200)
    file = serializers.FileField(required=False, allow_null=True, default=None, use_url=False)


class TakeMeasureSerializer(ActionSerializer):
    code = "take_measure"
    service = staticmethod(s.measure_take)

    kind = serializers.ChoiceField(choices=m.MeasureKind.choices)
    items = serializers.CharField()
    started_on = serializers.DateField()
    taken_at = serializers.DateTimeField()
    approved_by = OfficerField(allow_null=True, required=False, default=None)
    emergency = serializers.BooleanField(default=False)


class ReportEmergencySerializer(ActionSerializer):
    code = "report_emergency"
    service = staticmethod(s.measure_report_emergency)
    takes_case = False

    measure = CaseRecordField(m.Measure)
    approved_by = OfficerField()
    reported_at = serializers.DateTimeField()


class DisposeMeasureSerializer(ActionSerializer):
    code = "dispose_measure"
    service = staticmethod(s.measure_dispose)
    takes_case = False

    measure = CaseRecordField(m.Measure)
    disposal = serializers.ChoiceField(choices=m.MeasureDisposal.choices)
    on = serializers.DateField()


class ExtendMeasureSerializer(ActionSerializer):
    code = "extend_measure"
    service = staticmethod(s.measure_extend)
    takes_case = False

    measure = CaseRecordField(m.Measure)
    approved_by = OfficerField()
    days = serializers.IntegerField(min_value=1)
    on = serializers.DateField()
    notice_served_on = serializers.DateField(allow_null=True, required=False, default=None)


# --- report, review, notice, statement, hearing, discussion -------------------------------------------------


class SubmitReportSerializer(ActionSerializer):
    code = "submit_report"
    service = staticmethod(s.report_submit)

    on = serializers.DateField()
    facts = serializers.CharField()
    evidence_summary = serializers.CharField()
    nature = serializers.CharField()
    legal_basis = serializers.CharField()
    discretion_reasons = serializers.CharField()
    penalty_types = penalty_types(default=list)
    fine_amount = amount()
    confiscation_amount = amount()
    proposes_reduction = serializers.BooleanField(default=False)
    reduction_ground = text()
    proposes_no_penalty = serializers.BooleanField(default=False)


class ReviewSerializer(ActionSerializer):
    code = "review"
    service = staticmethod(s.review_record)

    kind = serializers.ChoiceField(choices=m.ReviewKind.choices)
    result = serializers.ChoiceField(choices=m.ReviewResult.choices)
    opinion = serializers.CharField()
    on = serializers.DateField()


class IssueNoticeSerializer(ActionSerializer):
    code = "issue_notice"
    service = staticmethod(s.notice_issue)

    on = serializers.DateField()
    facts_and_reasons = serializers.CharField()
    penalty_types = penalty_types(min_length=1)
    fine_amount = amount()
    confiscation_amount = amount()
    includes_hearing_right = serializers.BooleanField(default=False)


class ServeNoticeSerializer(ActionSerializer):
    code = "serve_notice"
    service = staticmethod(s.notice_serve)
    takes_case = False

    notice = CaseRecordField(m.Notice, required=False, allow_null=True, help_text="告知书 id；省略时为最新的告知书")
    method = serializers.ChoiceField(choices=m.ServiceMethod.choices)
    recipient = serializers.CharField(max_length=100)
    delivered_on = serializers.DateField()
    witness = text(max_length=100)
    media_reference = text(max_length=100)

    def validate(self, attrs):
        notices = self.context["case"].notices.order_by("-issued_on", "-id")
        return self.latest(attrs, "notice", notices, "本案尚无事先告知书")


class RecordStatementSerializer(ActionSerializer):
    code = "record_statement"
    service = staticmethod(s.statement_record)

    kind = serializers.ChoiceField(choices=m.StatementKind.choices)
    received_on = serializers.DateField()
    content = text()


class RecheckSerializer(ActionSerializer):
    code = "recheck"
    service = staticmethod(s.statement_recheck)
    takes_case = False

    statement = CaseRecordField(
        m.Statement, required=False, allow_null=True, help_text="陈述申辩 id；省略时为最新一份未复核的"
    )
    recheck = serializers.CharField()
    adopted = serializers.BooleanField()
    on = serializers.DateField()

    def validate(self, attrs):
        pending = self.context["case"].statements.filter(kind=m.StatementKind.STATEMENT, rechecked_on__isnull=True)
        return self.latest(attrs, "statement", pending.order_by("-received_on", "-id"), "没有待复核的陈述申辩")


class ScheduleHearingSerializer(ActionSerializer):
    code = "schedule_hearing"
    service = staticmethod(s.hearing_schedule)

    presider = OfficerField(help_text="听证主持人 id（非本案调查人员）")
    notice_served_on = serializers.DateField(help_text="听证通知送达日期")
    scheduled_on = serializers.DateField()


class HoldHearingSerializer(ActionSerializer):
    code = "hold_hearing"
    service = staticmethod(s.hearing_hold)
    takes_case = False

    hearing = CaseRecordField(m.Hearing, required=False, allow_null=True, help_text="听证 id；省略时为最新安排的听证")
    held_on = serializers.DateField()
    ended_on = serializers.DateField()
    report = text()
    party_absent = serializers.BooleanField(default=False)

    def validate(self, attrs):
        return self.latest(attrs, "hearing", self.context["case"].hearings.order_by("-id"), "本案尚未安排听证")


class DiscussionSerializer(ActionSerializer):
    code = "discussion"
    service = staticmethod(s.discussion_record)

    held_on = serializers.DateField()
    participants = serializers.CharField()
    conclusion = serializers.CharField()
    new_deadline = serializers.DateField(allow_null=True, required=False, default=None)


class ExtendDeadlineSerializer(ActionSerializer):
    code = "extend_deadline"
    service = staticmethod(s.deadline_extend)

    on = serializers.DateField()
    reason = serializers.CharField()
    days = serializers.IntegerField(min_value=1, default=30)
    discussion = CaseRecordField(
        m.CollectiveDiscussion, required=False, allow_null=True, default=None, help_text="经集体讨论延长时的讨论 id"
    )


# --- decision and service -----------------------------------------------------------------------------------


class DecideSerializer(ActionSerializer):
    code = "decide"
    service = staticmethod(s.decision_make)

    kind = serializers.ChoiceField(choices=m.DecisionKind.choices)
    on = serializers.DateField()
    facts = serializers.CharField()
    legal_basis = serializers.CharField()
    penalty_types = penalty_types(default=list)
    fine_amount = amount()
    confiscation_amount = amount()
    performance = text()
    remedy = text()
    statement_handling = text()
    discretion_tier = text(max_length=20)
    benchmark_ref = text(max_length=200)
    is_reduction = serializers.BooleanField(default=False)
    reduction_ground = text()
    handed_over_on_announcement = serializers.BooleanField(default=False)
    transfer_to = text(max_length=100)
    discretion = DiscretionInputSerializer(required=False, allow_null=True, default=None, help_text="裁量说明")


class SummaryDecideSerializer(ActionSerializer):
    code = "summary_decide"
    service = staticmethod(s.summary_decide)

    officers = OfficerField(many=True, allow_empty=False)
    on = serializers.DateField()
    violation_start = serializers.DateField()
    facts = serializers.CharField()
    legal_basis = serializers.CharField()
    penalty_types = penalty_types(min_length=1)
    fine_amount = amount()
    statement_heard = text()
    collected_on_spot = serializers.BooleanField(default=False)
    on_spot_ground = serializers.ChoiceField(
        choices=m.OnSpotGround.choices, required=False, allow_blank=True, default=""
    )
    receipt_number = text(max_length=50)


class ServeDecisionSerializer(ActionSerializer):
    code = "serve_decision"
    service = staticmethod(s.decision_serve)

    method = serializers.ChoiceField(choices=m.ServiceMethod.choices)
    recipient = serializers.CharField(max_length=100)
    delivered_on = serializers.DateField()
    witness = text(max_length=100)
    media_reference = text(max_length=100)
    note = text()
    late_reason = text()


# --- execution and closing ----------------------------------------------------------------------------------


class RecordPaymentSerializer(ActionSerializer):
    code = "record_payment"
    service = staticmethod(s.payment_record)

    kind = serializers.ChoiceField(choices=m.PaymentKind.choices, default=m.PaymentKind.FINE)
    amount = amount(default=serializers.empty)
    paid_on = serializers.DateField()
    receipt_number = text(max_length=50)


class DefermentSerializer(ActionSerializer):
    code = "deferment"
    service = staticmethod(s.deferment_approve)

    on = serializers.DateField()
    until = serializers.DateField()
    instalments = serializers.IntegerField(min_value=1, default=1)
    reason = serializers.CharField()


class ChallengeSerializer(ActionSerializer):
    code = "challenge"
    service = staticmethod(s.challenge_record)

    kind = serializers.ChoiceField(choices=m.RemedyKind.choices)
    filed_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True, required=False, default=None)
    outcome = text(max_length=200)


class ReminderSerializer(ActionSerializer):
    code = "reminder"
    service = staticmethod(s.reminder_issue)

    issued_on = serializers.DateField()
    served_on = serializers.DateField(allow_null=True, required=False, default=None)
    content = serializers.CharField()


class ApplyCourtSerializer(ActionSerializer):
    code = "apply_court"
    service = staticmethod(s.court_apply)

    on = serializers.DateField()
    court = serializers.CharField(max_length=100)


class PublishSerializer(ActionSerializer):
    code = "publish"
    service = staticmethod(s.disclosure_publish)

    on = serializers.DateField()
    channel = serializers.CharField(max_length=100)
    content = serializers.CharField()
    late_reason = text()


class WithdrawDisclosureSerializer(ActionSerializer):
    code = "withdraw_disclosure"
    service = staticmethod(s.disclosure_withdraw)
    takes_case = False

    disclosure = CaseRecordField(
        m.Disclosure, required=False, allow_null=True, help_text="公示 id；省略时为当前有效的公示"
    )
    change_recorded_on = serializers.DateField()
    on = serializers.DateField()
    reason = serializers.CharField()
    late_reason = text()

    def validate(self, attrs):
        current = self.context["case"].disclosures.filter(withdrawn_on__isnull=True).order_by("-published_on", "-id")
        return self.latest(attrs, "disclosure", current, "本案没有正在公示的决定")


class CloseSerializer(ActionSerializer):
    code = "close"
    service = staticmethod(s.case_close)

    ground = serializers.ChoiceField(choices=m.ClosingGround.choices)
    ground_on = serializers.DateField()
    on = serializers.DateField()
    summary = text()
    late_reason = text()


ACTION_SERIALIZERS: dict[str, type[ActionSerializer]] = {
    cls.code: cls
    for cls in (
        FileSerializer,
        DeclineFilingSerializer,
        AssignOfficersSerializer,
        AddPartySerializer,
        AddRecordSerializer,
        AddEvidenceSerializer,
        TakeMeasureSerializer,
        ReportEmergencySerializer,
        DisposeMeasureSerializer,
        ExtendMeasureSerializer,
        SuspendSerializer,
        ResumeSerializer,
        TerminateSerializer,
        WithdrawSerializer,
        SubmitReportSerializer,
        ReviewSerializer,
        IssueNoticeSerializer,
        ServeNoticeSerializer,
        RecordStatementSerializer,
        RecheckSerializer,
        ScheduleHearingSerializer,
        HoldHearingSerializer,
        DiscussionSerializer,
        ExtendDeadlineSerializer,
        DecideSerializer,
        SummaryDecideSerializer,
        ServeDecisionSerializer,
        RecordPaymentSerializer,
        DefermentSerializer,
        ChallengeSerializer,
        ReminderSerializer,
        ApplyCourtSerializer,
        PublishSerializer,
        WithdrawDisclosureSerializer,
        CloseSerializer,
    )
}
