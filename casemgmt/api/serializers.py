"""Read side of the API: case list rows, the case detail, and the error shape (for the schema)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from casemgmt.cases import models as m
from casemgmt.cases.clocks import decision_served_on
from casemgmt.cases.rulebook import LawFamily
from casemgmt.intake.selectors import duplicate_visible, intake_for_case
from casemgmt.jobs.models import JobState
from casemgmt.org.models import Membership, Officer, Unit

# --- errors (documentation only: errors.py builds them) ------------------------------------------------------


class ErrorItemSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="规则编码，如 SAMR-57-STATEMENT-PERIOD、CONFLICT、INVALID_INPUT")
    name = serializers.CharField(required=False, help_text="规则名称，如 陈述申辩期限（规则被违反时）")
    family = serializers.ChoiceField(
        choices=LawFamily.choices, required=False, help_text="规则所属的法律渊源（规则被违反时）"
    )
    message = serializers.CharField()
    article = serializers.CharField(required=False, help_text="法律依据（规则被违反时）")
    detail = serializers.CharField(required=False, help_text="本案的具体情况（规则被违反时）")
    field = serializers.CharField(required=False, help_text="出错的字段（输入错误时）")
    code = serializers.CharField(required=False)


class ErrorSerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)


# --- small pieces -------------------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class MembershipSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()

    class Meta:
        model = Membership
        fields = ["unit", "role"]


class OfficerSerializer(serializers.ModelSerializer):
    """A person others can name in an action (承办人员, 批准人, 主持人...)."""

    memberships = MembershipSerializer(many=True)
    certified = serializers.SerializerMethodField(help_text="今天是否持有有效执法证")

    class Meta:
        model = Officer
        fields = ["id", "name", "memberships", "certified"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_certified(self, officer: Officer) -> bool:
        return officer.valid_certificate(self.context["today"]) is not None  # certificates prefetched


class ClueSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Clue
        fields = ["id", "source", "summary", "discovered_on", "reporter", "registered_at", "registered_via"]


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Party
        fields = [
            "id",
            "kind",
            "name",
            "id_number",
            "legal_representative",
            "address",
            "phone",
            "service_address",
            "service_address_confirmed",
            "electronic_service_consent",
            "electronic_address",
        ]


class CaseOfficerSerializer(serializers.ModelSerializer):
    officer_id = serializers.IntegerField(source="officer.id")
    name = serializers.CharField(source="officer.name")

    class Meta:
        model = m.CaseOfficer
        fields = ["officer_id", "name", "role", "certificate_number", "assigned_at", "released_at"]


class ClockSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    deadline = serializers.DateField()
    provisional = serializers.BooleanField(help_text="该年度节假日安排尚未载入，期限为暂定")
    binds = serializers.ChoiceField(
        choices=[("party", "约束当事人"), ("agency", "约束行政机关")],
        help_text="期限约束谁：暂定年度中，约束当事人的期限取可能的最晚日期，约束行政机关的期限取可能的最早日期",
    )
    latest_possible = serializers.DateField(
        help_text="任一可能的节假日安排下期限的最晚日期（非暂定时同 deadline）；行政机关超过该日才确定逾期"
    )
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="green 正常 / yellow 临近 / red 逾期 / done 已完成")
    remaining_working_days = serializers.IntegerField(allow_null=True)


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    name = serializers.CharField(help_text="规则名称")
    family = serializers.ChoiceField(choices=LawFamily.choices, help_text="规则所属的法律渊源")
    message = serializers.CharField()
    article = serializers.CharField()
    detail = serializers.CharField()
    number = serializers.IntegerField(allow_null=True)
    severity = serializers.CharField()


class AllowedActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = m.CaseEvent
        fields = ["seq", "action", "summary", "actor", "at", "reason", "hash"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, event: m.CaseEvent) -> str:
        officer = getattr(event.actor, "officer", None)
        return officer.name if officer else event.actor.get_username()


# --- stage records (ids are what the action endpoints take, e.g. ``measure`` or ``notice``) ----------------


@extend_schema_field(
    serializers.ListField(child=serializers.CharField(), help_text="处罚种类代码，如 warning、fine、confiscate_income")
)
class PenaltyTypesField(serializers.JSONField):
    """A stored list of penalty type codes (``PenaltyType``), rendered as stored and documented as such."""


def _stage(model, field_names):
    meta = type("Meta", (), {"model": model, "fields": ["id", *field_names]})
    declared = {"penalty_types": PenaltyTypesField(read_only=True)} if "penalty_types" in field_names else {}
    return type(f"{model.__name__}StageSerializer", (serializers.ModelSerializer,), {"Meta": meta, **declared})


PENALTY = ["penalty_types", "fine_amount", "confiscation_amount"]
RecordStage = _stage(
    m.Record, ["kind", "started_at", "ended_at", "place", "interviewee", "pages", "party_signed_pages"]
)
EvidenceStage = _stage(
    m.EvidenceItem,
    [
        "evidence_type",
        "title",
        "collected_at",
        "place",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "original_sha256",
        "sanitized_note",
    ],
)
MeasureStage = _stage(
    m.Measure, ["kind", "items", "started_on", "approved_by", "emergency", "extended_days", "disposal", "disposed_on"]
)
ReportStage = _stage(m.InvestigationReport, ["submitted_on", *PENALTY, "proposes_reduction", "proposes_no_penalty"])
ReviewStage = _stage(m.ReviewOpinion, ["kind", "round", "reviewer", "reviewed_on", "result", "opinion"])
NoticeStage = _stage(m.Notice, ["issued_on", "served_on", "includes_hearing_right", *PENALTY, "supersedes"])
StatementStage = _stage(m.Statement, ["notice", "kind", "received_on", "content", "rechecked_on", "adopted"])
HearingStage = _stage(
    m.Hearing, ["request", "presider", "notice_served_on", "scheduled_on", "held_on", "ended_on", "party_absent"]
)
DiscussionStage = _stage(m.CollectiveDiscussion, ["held_on", "chair", "conclusion", "new_deadline"])
ExtensionStage = _stage(m.DeadlineExtension, ["approved_by", "approved_on", "days", "discussion", "reason"])
SuspensionStage = _stage(m.Suspension, ["kind", "reason", "started_on", "ended_on"])
DecisionStage = _stage(
    m.Decision,
    ["kind", "decided_on", "decided_by", *PENALTY, "is_reduction", "handed_over_on_announcement", "transfer_to"],
)
ServiceStage = _stage(m.ServiceRecord, ["document", "method", "recipient", "delivered_on", "served_on"])
PaymentStage = _stage(m.Payment, ["kind", "amount", "paid_on", "receipt_number"])
DefermentStage = _stage(m.Deferment, ["approved_on", "until", "instalments"])
ChallengeStage = _stage(m.RemedyChallenge, ["kind", "filed_on", "ended_on", "outcome"])
ReminderStage = _stage(m.Reminder, ["issued_on", "served_on"])
CourtStage = _stage(m.CourtApplication, ["applied_on", "court", "outcome"])
DisclosureStage = _stage(m.Disclosure, ["published_on", "channel", "change_recorded_on", "withdrawn_on"])
ClosingStage = _stage(m.Closing, ["ground", "ground_on", "approved_by", "approved_on"])


class StagesSerializer(serializers.Serializer):
    """Every stage record, read from the already loaded ``CaseFacts`` (plus evidence): no query per row."""

    records = RecordStage(many=True)
    evidence = EvidenceStage(many=True)
    measures = MeasureStage(many=True)
    reports = ReportStage(many=True)
    reviews = ReviewStage(many=True)
    notices = NoticeStage(many=True)
    statements = StatementStage(many=True)
    hearings = HearingStage(many=True)
    discussions = DiscussionStage(many=True)
    extensions = ExtensionStage(many=True)
    suspensions = SuspensionStage(many=True)
    decisions = DecisionStage(many=True)
    services = ServiceStage(many=True)
    payments = PaymentStage(many=True)
    deferments = DefermentStage(many=True)
    challenges = ChallengeStage(many=True)
    reminders = ReminderStage(many=True)
    court_applications = CourtStage(many=True)
    disclosures = DisclosureStage(many=True)
    closings = ClosingStage(many=True)


# --- cases --------------------------------------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    procedure_display = serializers.CharField(source="get_procedure_display")
    enforcement_subject = UnitRefSerializer()
    handling_unit = UnitRefSerializer()
    party_names = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = m.Case
        fields = [
            "id",
            "url",
            "number",
            "cause",
            "status",
            "status_display",
            "procedure",
            "procedure_display",
            "enforcement_subject",
            "handling_unit",
            "party_names",
            "discovered_on",
            "filed_on",
            "decided_on",
            "closed_on",
            "version",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_party_names(self, case: m.Case) -> list[str]:
        return [p.name for p in sorted(case.parties.all(), key=lambda p: p.pk)]  # prefetched

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, case: m.Case) -> str:
        return reverse("api:case-detail", kwargs={"pk": case.pk}, request=self.context.get("request"))


class KeyDatesSerializer(serializers.Serializer):
    discovered_on = serializers.DateField()
    filed_on = serializers.DateField(allow_null=True)
    filing_approved_at = serializers.DateTimeField(allow_null=True)
    notice_served_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_served_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class IntakeAttachmentRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class IntakeSourceSerializer(serializers.Serializer):
    platform = serializers.CharField(help_text="对接平台名称")
    platform_kind = serializers.CharField(help_text="hotline、grid、transfer、other")
    source_id = serializers.CharField(help_text="12345工单号、网格事件编号或移送函文号")
    received_at = serializers.DateTimeField()
    address = serializers.CharField()
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    latitude = serializers.DecimalField(max_digits=8, decimal_places=6, allow_null=True)
    coordinate_system = serializers.CharField(allow_blank=True)
    suspected_duplicate = serializers.BooleanField(help_text="疑似重复（只提示，不自动合并）")
    duplicate_of = serializers.IntegerField(allow_null=True, help_text="疑似重复的未办结案件 id（有权查看时）")
    duplicate_reason = serializers.CharField(allow_blank=True)
    attachments = IntakeAttachmentRefSerializer(many=True)


class CaseDetailSerializer(CaseListSerializer):
    """The case with everything a field device needs to show it and to act on it.

    Context: ``facts`` (CaseFacts, loaded once), ``evidence``, ``events``, ``clocks``, ``findings``, ``actions``.
    """

    clue = ClueSerializer()
    parties = serializers.SerializerMethodField()
    officers = serializers.SerializerMethodField()
    key_dates = serializers.SerializerMethodField()
    stages = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    intake = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "clue",
            "matter_code",
            "facts",
            "violation_place",
            "violation_start",
            "violation_end",
            "involves_safety_harm",
            "is_complex",
            "major_public_interest",
            "multiple_legal_relations",
            "not_filed_reason",
            "parties",
            "officers",
            "key_dates",
            "stages",
            "clocks",
            "findings",
            "allowed_actions",
            "events",
            "intake",
        ]

    @extend_schema_field(IntakeSourceSerializer(allow_null=True))
    def get_intake(self, case: m.Case) -> dict | None:
        """The 对接平台 delivery the clue came from (null for a clue typed in by hand), with the 疑似重复 flag."""
        # Only a clue a platform delivered has a delivery: the clue is loaded for ``clue`` already.
        intake = intake_for_case(case) if case.clue.registered_via else None
        if intake is None:
            return None
        request = self.context["request"]
        shown = duplicate_visible(intake, user=request.user)
        return IntakeSourceSerializer(
            {
                "platform": intake.platform.name,
                "platform_kind": intake.platform.kind,
                "source_id": intake.source_id,
                "received_at": intake.received_at,
                "address": intake.address,
                "longitude": intake.longitude,
                "latitude": intake.latitude,
                "coordinate_system": intake.coordinate_system,
                "suspected_duplicate": intake.duplicate_of_id is not None,
                "duplicate_of": intake.duplicate_of_id if shown else None,
                "duplicate_reason": intake.duplicate_reason,
                "attachments": [
                    {"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                    for a in intake.attachments.all()
                ],
            }
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_party_names(self, case: m.Case) -> list[str]:
        return [p.name for p in self.context["facts"].parties]

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, case: m.Case):
        return PartySerializer(self.context["facts"].parties, many=True).data

    @extend_schema_field(CaseOfficerSerializer(many=True))
    def get_officers(self, case: m.Case):
        return CaseOfficerSerializer(self.context["facts"].assignments, many=True).data

    @extend_schema_field(KeyDatesSerializer)
    def get_key_dates(self, case: m.Case):
        facts = self.context["facts"]
        notice = facts.latest_notice
        return KeyDatesSerializer(
            {
                "discovered_on": case.discovered_on,
                "filed_on": case.filed_on,
                "filing_approved_at": case.filing_approved_at,
                "notice_served_on": notice.served_on if notice else None,
                "decided_on": case.decided_on,
                "decision_served_on": decision_served_on(facts),
                "closed_on": case.closed_on,
            }
        ).data

    @extend_schema_field(StagesSerializer)
    def get_stages(self, case: m.Case):
        facts = self.context["facts"]
        names = [name for name in StagesSerializer._declared_fields if name != "evidence"]
        return StagesSerializer({"evidence": self.context["evidence"], **{n: getattr(facts, n) for n in names}}).data

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, case: m.Case):
        return [clock.as_dict() for clock in self.context["clocks"]]

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, case: m.Case):
        return [finding.as_dict() for finding in self.context["findings"]]

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, case: m.Case):
        request = self.context.get("request")
        return [
            {
                "code": action.code,
                "label": action.label,
                "url": reverse(f"api:case-action-{action.code}", kwargs={"pk": case.pk}, request=request),
            }
            for action in self.context["actions"]
        ]

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, case: m.Case):
        return EventSerializer(self.context["events"], many=True).data


class CreatedRecordSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="记录类型（模型名），如 notice、decision、evidenceitem")
    id = serializers.IntegerField()


class ActionResultSerializer(serializers.Serializer):
    """What an action returns: the case's new state and the record it created (if any)."""

    case = serializers.IntegerField()
    url = serializers.CharField()
    number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    version = serializers.IntegerField()
    created = CreatedRecordSerializer(
        allow_null=True, help_text='新建记录，如 {"type": "notice", "id": 3}；未新建记录时为 null'
    )


# --- background jobs ----------------------------------------------------------------------------------------


class JobStatusSerializer(serializers.Serializer):
    """What an operation that starts a background job answers (202), and what ``status_url`` answers while the job
    runs (``Job.as_status``)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=JobState.choices)
    state_label = serializers.CharField()
    finished = serializers.BooleanField(help_text="已完成或失败")
    done = serializers.IntegerField(help_text="已处理件数")
    total = serializers.IntegerField(help_text="总件数（未知时为0）")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    message = serializers.CharField(help_text="当前进展")
    reason = serializers.CharField(help_text="失败原因")
    summary = serializers.CharField(help_text="完成后的结果摘要")
    result_url = serializers.CharField(help_text="完成后结果页面的地址")
    status_url = serializers.CharField(help_text="轮询任务进度的地址，直到 finished 为真")
