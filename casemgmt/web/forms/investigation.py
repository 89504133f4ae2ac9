"""Investigation: 笔录, evidence and measures."""

from __future__ import annotations

from django import forms

from casemgmt.cases import models as m
from casemgmt.cases import services as s

from .base import HANDLERS, LEADERS, ActionForm, date_field, datetime_field, flag, line, officers_of, text


class RecordForm(ActionForm):
    service = s.record_add
    kind = forms.ChoiceField(label="笔录类型", choices=m.RecordKind.choices)
    started_at = datetime_field("开始时间")
    ended_at = datetime_field("结束时间")
    place = line("地点")
    interviewee = line("被询问人/在场人", required=False)
    content = text("笔录内容", rows=6)
    signers = forms.ModelMultipleChoiceField(
        label="签名执法人员", queryset=None, widget=forms.CheckboxSelectMultiple, help_text="签名并注明执法证号"
    )
    pages = forms.IntegerField(label="页数", min_value=1, initial=1)
    party_signed_pages = forms.IntegerField(label="当事人逐页签名页数", min_value=0, initial=1)
    rights_told = flag("已告知陈述、申辩、申请回避权利")
    party_refused = flag("当事人拒绝签名或不在场")
    refusal_note = line("拒签情况说明", required=False)
    witness = line("见证人", required=False)
    media_reference = line("音像记录编号", required=False)

    def setup(self):
        self.fields["signers"].queryset = officers_of(self.case, HANDLERS)


class EvidenceForm(ActionForm):
    service = s.evidence_add
    evidence_type = forms.ChoiceField(label="证据种类", choices=m.EvidenceType.choices)
    title = line("证据名称")
    description = text("证明对象/说明", required=False)
    collected_at = datetime_field("取证时间")
    place = line("取证地点")
    collected_by = forms.ModelMultipleChoiceField(label="取证人员", queryset=None, widget=forms.CheckboxSelectMultiple)
    source = line("提供人/来源", required=False)
    file = forms.FileField(label="文件", required=False, help_text="PDF、JPG、PNG、MP4、MP3、WAV、TXT")

    def setup(self):
        self.fields["collected_by"].queryset = officers_of(self.case, HANDLERS)

    def service_kwargs(self):
        data = super().service_kwargs()
        data["upload"] = data.pop("file")
        return data


class MeasureForm(ActionForm):
    service = s.measure_take
    kind = forms.ChoiceField(label="措施", choices=m.MeasureKind.choices)
    items = text("物品清单")
    started_on = date_field("采取日期")
    taken_at = datetime_field("实施时间")
    approved_by = forms.ModelChoiceField(
        label="批准负责人", queryset=None, required=False, help_text="情况紧急当场实施的，事后补报"
    )
    emergency = flag("情况紧急，当场实施")

    def setup(self):
        self.fields["approved_by"].queryset = officers_of(self.case, LEADERS)
