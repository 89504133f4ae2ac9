"""Web pages of the powers app: transfer / referral / assistance forms on a case, the inbox of incoming
transfers and assistance requests, and the "who holds this matter" query. Thin: forms → services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casemgmt.cases.rulebook import RuleViolation
from casemgmt.cases.selectors import case_get_for_user
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.org.models import Unit, UnitKind
from casemgmt.org.selectors import scope_unit_ids

from . import services
from .models import Matter, TransferStatus
from .selectors import (
    assistance_get_for_user,
    assistance_visible_to,
    holder_on,
    transfer_get_for_user,
    transfers_visible_to,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


def _units():
    return Unit.objects.filter(
        kind__in=[UnitKind.COUNTY_DEPARTMENT, UnitKind.BRIGADE, UnitKind.SQUADRON], is_active=True
    )


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="接收单位", queryset=Unit.objects.none())
    reason = forms.CharField(label="移送理由", widget=forms.Textarea(attrs={"rows": 3}))
    found_at = forms.DateTimeField(label="发现不属本单位管辖时间", widget=DATETIME)
    is_major = forms.BooleanField(label="重大案件（24小时内移送）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = _units()


class ReferralForm(forms.Form):
    organ = forms.CharField(label="接收的司法机关", initial="示范县公安局")
    reason = forms.CharField(label="涉嫌犯罪的事实和理由", widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="移送日期", widget=DATE)


class AssistanceForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="被请求单位", queryset=Unit.objects.none())
    request = forms.CharField(label="协助事项", widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="请求日期", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = _units()


class AcceptForm(forms.Form):
    on = forms.DateField(label="接收日期", widget=DATE)
    receipt_number = forms.CharField(label="回执编号", required=False)
    matter = forms.ModelChoiceField(
        label="执法事项（案由）", queryset=Matter.objects.filter(is_active=True), required=False
    )


class DesignationRequestForm(forms.Form):
    on = forms.DateField(label="报请日期", widget=DATE)
    reason = forms.CharField(label="对管辖的异议", widget=forms.Textarea(attrs={"rows": 2}))


class DesignateForm(forms.Form):
    unit = forms.ModelChoiceField(label="指定管辖单位", queryset=Unit.objects.none())
    on = forms.DateField(label="指定日期", widget=DATE)
    document_number = forms.CharField(label="指定管辖文书文号")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()


class ReplyForm(forms.Form):
    on = forms.DateField(label="答复日期", widget=DATE)
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}))
    delay_reason = forms.CharField(label="逾期理由", required=False)


class HolderForm(forms.Form):
    matter = forms.ModelChoiceField(label="执法事项", queryset=Matter.objects.all())
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), required=False
    )
    on = forms.DateField(label="日期", widget=DATE)


def _run(request, form, call) -> list:
    """Call the service; errors go back onto the form (or as rule findings). Returns findings."""
    try:
        call(**form.cleaned_data)
    except RuleViolation as refused:
        return refused.findings
    except (ConflictError, PermissionDenied) as exc:
        form.add_error(None, str(exc) or "您没有执行该操作的权限")
    except InputError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    return []


CASE_FORMS = {
    "transfer": ("移送案件", TransferForm, lambda case, user, **d: services.transfer_send(case=case, actor=user, **d)),
    "referral": (
        "涉嫌犯罪案件移送",
        ReferralForm,
        lambda case, user, **d: services.referral_send(case=case, actor=user, **d),
    ),
    "assistance": (
        "请求协助调查",
        AssistanceForm,
        lambda case, user, **d: services.assistance_request(case=case, actor=user, **d),
    ),
}


def _case_form(request, pk, kind):
    case = case_get_for_user(user=request.user, pk=pk)
    title, form_class, service = CASE_FORMS[kind]
    findings = []
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        findings = _run(request, form, lambda **d: service(case, request.user, **d))
        if not findings and not form.errors:
            messages.success(request, f"已完成：{title}")
            return redirect(reverse("web:case_detail", args=[case.pk]))
    return render(request, "powers/form.html", {"title": title, "case": case, "form": form, "findings": findings})


@login_required
def case_transfer(request, pk):
    return _case_form(request, pk, "transfer")


@login_required
def case_referral(request, pk):
    return _case_form(request, pk, "referral")


@login_required
def case_assistance(request, pk):
    return _case_form(request, pk, "assistance")


@login_required
def inbox(request):
    """Transfers and assistance requests of the user's units, incoming and outgoing."""
    units = scope_unit_ids(request.user)
    transfers = transfers_visible_to(user=request.user)[:100]
    assistance = assistance_visible_to(user=request.user)[:100]
    today = timezone.localdate()
    return render(
        request,
        "powers/inbox.html",
        {
            "transfers": transfers,
            "assistance": assistance,
            "units": units,
            "accept_form": AcceptForm(initial={"on": today}),
            "designation_form": DesignationRequestForm(initial={"on": today}),
            "designate_form": DesignateForm(initial={"on": today}),
            "reply_form": ReplyForm(initial={"on": today}),
            "sent": TransferStatus.SENT,
            "requested": TransferStatus.DESIGNATION_REQUESTED,
        },
    )


TRANSFER_FORMS = {
    "accept": ("接收移送", AcceptForm, services.transfer_accept),
    "request-designation": ("报请指定管辖", DesignationRequestForm, services.transfer_request_designation),
    "designate": ("指定管辖", DesignateForm, services.transfer_designate),
}


@login_required
@require_POST
def transfer_action(request, pk, action):
    transfer = transfer_get_for_user(user=request.user, pk=pk)
    if action not in TRANSFER_FORMS:
        raise PermissionDenied
    title, form_class, service = TRANSFER_FORMS[action]
    form = form_class(request.POST)
    findings = []
    if form.is_valid():
        findings = _run(request, form, lambda **d: service(transfer=transfer, actor=request.user, **d))
        if not findings and not form.errors:
            messages.success(request, f"已完成：{title}")
            return redirect("powers:inbox")
    return render(request, "powers/form.html", {"title": title, "form": form, "findings": findings})


@login_required
@require_POST
def assistance_reply(request, pk):
    req = assistance_get_for_user(user=request.user, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        _run(request, form, lambda **d: services.assistance_reply(request=req, actor=request.user, **d))
        if not form.errors:
            messages.success(request, "已答复协助调查")
            return redirect("powers:inbox")
    return render(request, "powers/form.html", {"title": "答复协助调查", "form": form, "findings": []})


@login_required
def holder(request):
    form = HolderForm(request.GET or None)
    answer = None
    if request.GET and form.is_valid():
        answer = holder_on(**form.cleaned_data)
    return render(request, "powers/holder.html", {"form": form, "answer": answer})
