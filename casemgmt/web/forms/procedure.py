"""From the investigation report to the decision: review, notice, statement, hearing, discussion, decision."""

from __future__ import annotations

from django import forms

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.discretion.forms import DiscretionDecisionFields

from .base import HANDLERS, ActionForm, date_field, flag, line, money, officers_of, penalty_types, text


def _latest(qs):
    return qs.order_by("-id").first()


def _party_names(case: m.Case) -> str:
    return "、".join(p.name for p in case.parties.all())


class ReportForm(ActionForm):
    service = s.report_submit
    on = date_field("报告日期")
    facts = text("查明的事实", rows=4)
    evidence_summary = text("主要证据")
    nature = text("违法性质", rows=2)
    legal_basis = text("处理依据", rows=2)
    discretion_reasons = text("裁量理由", rows=2)
    penalty_types = penalty_types("拟处罚种类")
    fine_amount = money("拟罚款金额（元）")
    confiscation_amount = money("拟没收金额（元）")
    proposes_reduction = flag("拟减轻处罚")
    reduction_ground = text("减轻处罚法定依据", required=False, rows=2)
    proposes_no_penalty = flag("拟不予处罚")

    def setup(self):
        self.fields["facts"].initial = self.case.facts


class ReviewForm(ActionForm):
    service = s.review_record
    kind = forms.ChoiceField(label="审核类型", choices=m.ReviewKind.choices)
    result = forms.ChoiceField(label="审核意见", choices=m.ReviewResult.choices)
    opinion = text("审核意见书内容")
    on = date_field("审核日期")


class NoticeForm(ActionForm):
    service = s.notice_issue
    on = date_field("告知日期")
    facts_and_reasons = text("事实、理由及依据", rows=4)
    penalty_types = penalty_types("拟处罚种类")
    fine_amount = money("拟罚款金额（元）")
    confiscation_amount = money("拟没收金额（元）")
    includes_hearing_right = flag("告知听证权利")

    def setup(self):
        report = _latest(self.case.investigationreports)
        if report is not None:
            self.fields["penalty_types"].initial = report.penalty_types
            self.fields["fine_amount"].initial = report.fine_amount
            self.fields["confiscation_amount"].initial = report.confiscation_amount
            self.fields["facts_and_reasons"].initial = f"{report.facts}\n依据：{report.legal_basis}"


class ServiceFields(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=m.ServiceMethod.choices)
    recipient = line("受送达人/签收人")
    delivered_on = date_field("送达/签收/公告日期")
    witness = line("见证人", required=False)
    media_reference = line("音像记录编号", required=False)


class ServeNoticeForm(ActionForm, ServiceFields):
    service = s.notice_serve

    def setup(self):
        self.fields["recipient"].initial = _party_names(self.case)

    def submit(self):
        notice = _latest(self.case.notices.filter(served_on__isnull=True))
        if notice is None:
            raise s.ConflictError("没有待送达的告知书")
        return s.notice_serve(notice=notice, actor=self.user, **self.service_kwargs())


class StatementForm(ActionForm):
    service = s.statement_record
    kind = forms.ChoiceField(label="类型", choices=m.StatementKind.choices)
    received_on = date_field("提出日期")
    content = text("内容", required=False)


class RecheckForm(ActionForm):
    service = s.statement_recheck
    statement = forms.ModelChoiceField(label="陈述申辩", queryset=None)
    recheck = text("复核意见")
    adopted = flag("采纳")
    on = date_field("复核日期")

    def setup(self):
        self.fields["statement"].queryset = self.case.statements.filter(
            kind=m.StatementKind.STATEMENT, rechecked_on__isnull=True
        )
        self.fields["statement"].label_from_instance = lambda st: f"{st.received_on} {st.content[:30]}"

    def submit(self):
        data = self.service_kwargs()
        return s.statement_recheck(actor=self.user, **data)


class ScheduleHearingForm(ActionForm):
    service = s.hearing_schedule
    presider = forms.ModelChoiceField(label="听证主持人", queryset=None, help_text="非本案调查人员")
    notice_served_on = date_field("听证通知送达日期")
    scheduled_on = date_field("听证日期")

    def setup(self):
        self.fields["presider"].queryset = officers_of(self.case)


class HoldHearingForm(ActionForm):
    service = s.hearing_hold
    held_on = date_field("举行日期")
    ended_on = date_field("结束日期")
    party_absent = flag("当事人无正当理由未到场（视为放弃）")
    report = text("听证报告", required=False, rows=4)

    def submit(self):
        hearing = _latest(self.case.hearings.filter(held_on__isnull=True))
        if hearing is None:
            raise s.ConflictError("没有待举行的听证")
        return s.hearing_hold(hearing=hearing, actor=self.user, **self.service_kwargs())


class DiscussionForm(ActionForm):
    service = s.discussion_record
    held_on = date_field("讨论日期")
    participants = text("参加人员", rows=2)
    conclusion = text("讨论结论")
    new_deadline = date_field("确定的办案期限", required=False, help_text="延长办案期限时填写")


class ExtendDeadlineForm(ActionForm):
    service = s.deadline_extend
    on = date_field("批准日期")
    days = forms.IntegerField(label="延长天数", min_value=1, initial=30)
    discussion = forms.ModelChoiceField(
        label="依据的集体讨论", queryset=None, required=False, help_text="超过三十日的须经集体讨论"
    )
    reason = text("理由")

    def setup(self):
        self.fields["discussion"].queryset = self.case.collectivediscussions.all()
        self.fields["discussion"].label_from_instance = lambda d: f"{d.held_on} {d.conclusion[:30]}"


class DecideForm(DiscretionDecisionFields, ActionForm):  # discretion issue: the rationale with the decision
    service = s.decision_make
    kind = forms.ChoiceField(label="决定类型", choices=m.DecisionKind.choices)
    on = date_field("决定日期")
    facts = text("违法事实和证据", rows=4)
    legal_basis = text("处罚依据", rows=2)
    penalty_types = penalty_types()
    fine_amount = money("罚款金额（元）")
    confiscation_amount = money("没收金额（元）")
    performance = text(
        "履行方式和期限", required=False, rows=2, initial="自收到本决定书之日起十五日内到指定银行缴纳罚款"
    )
    remedy = text(
        "救济途径和期限",
        required=False,
        rows=2,
        initial="如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼",
    )
    statement_handling = text("陈述申辩采纳情况及理由", required=False, rows=2)
    discretion_tier = line("裁量档次", required=False)
    benchmark_ref = line("适用裁量基准", required=False)
    is_reduction = flag("减轻处罚")
    reduction_ground = text("减轻处罚法定依据", required=False, rows=2)
    handed_over_on_announcement = flag("宣告后当场交付")
    transfer_to = line("移送机关", required=False)

    def setup(self):
        notice = _latest(self.case.notices)
        if notice is not None:
            self.fields["penalty_types"].initial = notice.penalty_types
            self.fields["fine_amount"].initial = notice.fine_amount
            self.fields["confiscation_amount"].initial = notice.confiscation_amount
        self.fields["facts"].initial = self.case.facts
        report = _latest(self.case.investigationreports)
        if report is not None:
            self.fields["legal_basis"].initial = report.legal_basis


class SummaryDecideForm(ActionForm):
    service = s.summary_decide
    officers = forms.ModelMultipleChoiceField(label="执法人员", queryset=None, widget=forms.CheckboxSelectMultiple)
    on = date_field("决定日期")
    violation_start = date_field("违法行为发生日期")
    facts = text("违法事实", rows=3)
    legal_basis = text("处罚依据", rows=2)
    penalty_types = penalty_types(choices=[(m.PenaltyType.WARNING, "警告"), (m.PenaltyType.FINE, "罚款")])
    fine_amount = money("罚款金额（元）")
    statement_heard = text("当事人陈述申辩及采纳情况", required=False, rows=2)
    collected_on_spot = flag("当场收缴罚款")
    on_spot_ground = forms.ChoiceField(
        label="当场收缴事由", choices=[("", "—")] + list(m.OnSpotGround.choices), required=False
    )
    receipt_number = line("专用票据号码", required=False)

    def setup(self):
        self.fields["officers"].queryset = officers_of(self.case, HANDLERS)
        self.fields["facts"].initial = self.case.cause
