"""After the decision: service, payment, remedies, enforcement, disclosure, closing."""

from __future__ import annotations

from django import forms

from casemgmt.cases import models as m
from casemgmt.cases import services as s

from .base import ActionForm, date_field, line, money, text
from .procedure import ServiceFields, _latest, _party_names


class ServeDecisionForm(ActionForm, ServiceFields):
    service = s.decision_serve
    note = text("备注", required=False, rows=2, help_text="公告送达须记录下落不明或无法以其他方式送达的原因和经过")
    late_reason = text("逾期原因", required=False, rows=2)

    def setup(self):
        self.fields["recipient"].initial = _party_names(self.case)


class PaymentForm(ActionForm):
    service = s.payment_record
    kind = forms.ChoiceField(label="款项", choices=m.PaymentKind.choices)
    amount = money("金额（元）", required=True)
    paid_on = date_field("缴纳日期")
    receipt_number = line("票据/缴款凭证号", required=False)

    def setup(self):
        decision = _latest(self.case.decisions)
        if decision is not None:
            self.fields["amount"].initial = decision.fine_amount


class DefermentForm(ActionForm):
    service = s.deferment_approve
    on = date_field("批准日期")
    until = date_field("延期/分期截止日期", today=False)
    instalments = forms.IntegerField(label="分期数", min_value=1, initial=1, help_text="1 表示延期缴纳")
    reason = text("申请理由")


class ChallengeForm(ActionForm):
    service = s.challenge_record
    kind = forms.ChoiceField(label="类型", choices=m.RemedyKind.choices)
    filed_on = date_field("提起日期")
    ended_on = date_field("审结日期", required=False)
    outcome = line("结果", required=False)


class ReminderForm(ActionForm):
    service = s.reminder_issue
    issued_on = date_field("催告日期")
    served_on = date_field("送达日期", required=False)
    content = text("催告内容")


class CourtForm(ActionForm):
    service = s.court_apply
    on = date_field("申请日期")
    court = line("受理法院")


class PublishForm(ActionForm):
    service = s.disclosure_publish
    on = date_field("公示日期")
    channel = line("公示平台", initial="县人民政府门户网站")
    content = text("公示内容", rows=4)
    late_reason = text("逾期原因", required=False, rows=2)

    def setup(self):
        decision = _latest(self.case.decisions)
        if decision is not None:
            self.fields["content"].initial = f"{self.case.number}：{self.case.cause}。{decision.get_kind_display()}"


class CloseForm(ActionForm):
    service = s.case_close
    ground = forms.ChoiceField(label="结案事由", choices=m.ClosingGround.choices)
    ground_on = date_field("结案事由发生日期")
    on = date_field("结案审批日期")
    summary = text("结案意见", required=False, rows=2)
    late_reason = text("逾期原因", required=False, rows=2)
