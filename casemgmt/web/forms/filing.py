"""Clue intake, parties, filing and the decisions that stop or pause a case."""

from __future__ import annotations

from django import forms

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.org.models import Unit
from casemgmt.org.selectors import memberships_of
from casemgmt.powers.models import Matter

from .base import HANDLERS, LEADERS, ActionForm, date_field, flag, line, officers_of, text


class ClueForm(forms.Form):
    """案件来源登记 (not a case action: the case does not exist yet)."""

    handling_unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())
    procedure = forms.ChoiceField(label="程序类型", choices=m.ProcedureType.choices, initial=m.ProcedureType.ORDINARY)
    source = forms.ChoiceField(label="案件来源", choices=m.ClueSource.choices)
    discovered_on = date_field("发现/受理日期")
    cause = line("案由")
    summary = text("线索内容")
    reporter = line("举报人/移送机关", required=False)
    matter = forms.ModelChoiceField(
        label="执法事项（案由）",
        queryset=Matter.objects.filter(is_active=True),
        required=False,
        help_text="按赋权事项清单确定执法主体（过渡期事项由县级部门主办、本大队协办）",
    )
    locality = forms.ModelChoiceField(
        label="违法行为发生地乡镇",
        queryset=Unit.objects.filter(kind="township"),
        required=False,
        help_text="县级部门登记时填写",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = {ms.unit_id for ms in memberships_of(user) if ms.role in HANDLERS}
        self.fields["handling_unit"].queryset = Unit.objects.filter(pk__in=units)
        if len(units) == 1:
            self.fields["handling_unit"].initial = next(iter(units))


class PartyForm(ActionForm):
    service = s.party_add
    kind = forms.ChoiceField(label="类型", choices=m.PartyKind.choices)
    name = line("姓名/名称")
    id_number = line("身份证号/统一社会信用代码", required=False)
    legal_representative = line("法定代表人/负责人", required=False)
    address = line("住所/地址", required=False)
    phone = line("联系电话", required=False)
    service_address = line("送达地址", required=False)
    service_address_confirmed = flag("已签署送达地址确认书")
    electronic_service_consent = flag("同意电子送达")
    electronic_address = line("电子送达地址", required=False)


class FileForm(ActionForm):
    service = s.case_file
    officers = forms.ModelMultipleChoiceField(
        label="承办人员", queryset=None, widget=forms.CheckboxSelectMultiple, help_text="不少于两名持有效执法证的人员"
    )
    lead = forms.ModelChoiceField(label="主办人员", queryset=None)
    approved_by = forms.ModelChoiceField(label="立案审批负责人", queryset=None)
    on = date_field("立案日期")
    violation_start = date_field("违法行为发生日期", required=False)
    violation_end = date_field("违法行为终了日期", required=False)
    violation_place = line("违法地点", required=False)
    facts_summary = text("违法事实（简要）", required=False)
    involves_safety_harm = flag("涉及公民生命健康安全、金融安全且有危害后果")
    is_complex = flag("情节复杂或重大违法")
    major_public_interest = flag("涉及重大公共利益")
    multiple_legal_relations = flag("案情疑难复杂、涉及多个法律关系")
    matter = forms.ModelChoiceField(
        label="执法事项（案由）", queryset=Matter.objects.filter(is_active=True), required=False
    )

    def setup(self):
        handlers = officers_of(self.case, HANDLERS)
        self.fields["officers"].queryset = handlers
        self.fields["lead"].queryset = handlers
        self.fields["approved_by"].queryset = officers_of(self.case, LEADERS)


class DeclineFilingForm(ActionForm):
    service = s.case_decline_filing
    approved_by = forms.ModelChoiceField(label="审批负责人", queryset=None)
    on = date_field("决定日期")
    reason = text("不予立案理由")

    def setup(self):
        self.fields["approved_by"].queryset = officers_of(self.case, LEADERS)


class AssignOfficersForm(ActionForm):
    service = s.case_assign_officers
    add = forms.ModelMultipleChoiceField(
        label="加入", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    release = forms.ModelMultipleChoiceField(
        label="退出（回避或调整）", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    on = date_field("日期")
    reason = text("理由")

    def setup(self):
        self.fields["add"].queryset = officers_of(self.case, HANDLERS)
        current = self.case.officers.filter(released_at__isnull=True).values_list("officer_id", flat=True)
        self.fields["release"].queryset = officers_of(self.case).filter(pk__in=list(current))


class ApprovedStepForm(ActionForm):
    approved_by = forms.ModelChoiceField(label="批准负责人", queryset=None)
    on = date_field("日期")
    reason = text("理由")

    def setup(self):
        self.fields["approved_by"].queryset = officers_of(self.case, LEADERS)


class SuspendForm(ApprovedStepForm):
    service = s.case_suspend
    kind = forms.ChoiceField(label="事由类型", choices=m.SuspensionKind.choices)


class ResumeForm(ActionForm):
    service = s.case_resume
    on = date_field("恢复日期")


class TerminateForm(ApprovedStepForm):
    service = s.case_terminate


class WithdrawForm(ApprovedStepForm):
    service = s.case_withdraw
