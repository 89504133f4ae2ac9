"""Pages of the case-handling UI. Thin: parse input, call a selector or a service, render.

Every case page fetches the case with ``case_get_for_user`` (404 for anyone who may not see it). Every action
runs through the act skeleton (``casemgmt.cases.services.act.perform_act``), so the case's flow advances with it, and the version posted with the
form is checked under the case lock, so a double submit is reported as a conflict instead of acting twice.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemgmt.archive.casesearch import case_marks
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import BY_CODE, allowed_actions
from casemgmt.cases.clocks import case_clocks
from casemgmt.cases.rulebook import RuleViolation, case_facts, case_findings
from casemgmt.cases.selectors import (
    case_get_for_user,
    cases_visible_to,
    evidence_download,
    evidence_file_get_for_user,
)
from casemgmt.cases.services.act import perform_act
from casemgmt.files.http import serve_verified
from casemgmt.org.selectors import COUNTY_WIDE_ROLES, roles_of
from workflows.inbox import Inbox, InboxFilter, inbox_for
from workflows.selectors import case_open_tasks

from .documents import stage_records
from .filters import CaseFilterForm
from .forms import ActionForm, ClueForm

PAGE_SIZE = 20


def is_read_only(user) -> bool:
    """The justice bureau (and administrators without a case role) see everything and change nothing."""
    if user.is_superuser:
        return False
    return not (roles_of(user) - set(COUNTY_WIDE_ROLES))


def case_url(case: m.Case) -> str:
    return reverse("web:case_detail", args=[case.pk])


@login_required
def home(request):
    """我的待办: 我的任务 and 本单位待认领, each sorted by the legal deadline its case runs against (workflows.inbox)."""
    filters = InboxFilter(request.GET, user=request.user)
    if filters.is_valid():
        inbox = inbox_for(
            user=request.user,
            today=timezone.localdate(),
            kind=filters.cleaned_data["kind"] or None,
            unit_id=filters.cleaned_data["unit"],
        )
        status = 200
    else:
        inbox, status = Inbox(), 400
    context = {"inbox": inbox, "filters": filters, "read_only": is_read_only(request.user)}
    return render(request, "web/home.html", context, status=status)


@login_required
def case_list(request):
    filters = CaseFilterForm(request.GET or None, user=request.user)
    cases = (
        filters.apply(cases_visible_to(user=request.user))
        .select_related("enforcement_subject", "handling_unit")
        .prefetch_related(Prefetch("parties", queryset=m.Party.objects.only("id", "case_id", "name")))
        .order_by("-id")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    if filters.terms:
        page.object_list = list(page.object_list)
        marks = case_marks(page.object_list, filters.terms)
        for case in page.object_list:
            case.marks = marks[case.pk]
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if filters.errors else 200
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "web/case_list.html", context, status=status)


@login_required
def case_detail(request, pk):
    case = case_get_for_user(user=request.user, pk=pk)
    # The facts and the findings are computed once for the page: the included cards read the same memo.
    facts = case_facts(case, today=timezone.localdate())
    context = {
        "case": case,
        "parties": facts.parties,
        "assignments": facts.assignments,
        "clocks": case_clocks(facts),
        "findings": case_findings(case, today=facts.today),
        "events": case.events.select_related("actor__officer").order_by("seq"),
        "documents": stage_records(facts),
        "actions": [] if is_read_only(request.user) else allowed_actions(case=case, user=request.user),
        "tasks": case_open_tasks(case=case),
        "read_only": is_read_only(request.user),
    }
    return render(request, "web/case_detail.html", context)


@login_required
def evidence_file(request, pk, item_pk):
    """An evidence file as uploaded, for whoever may open the case; refused when it no longer matches its
    SHA-256."""
    item = evidence_file_get_for_user(user=request.user, case_pk=pk, pk=item_pk)
    return serve_verified(request, item.file.name, item.sha256, **evidence_download(item))


@login_required
@require_http_methods(["GET", "POST"])
def clue_new(request):
    """案件来源登记: registers the clue and starts the procedure's flow."""
    if is_read_only(request.user):
        raise PermissionDenied
    form = ClueForm(request=request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = form.schema.perform(actor=request.user)
        except s.InputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "已登记案件线索")
            return redirect(case_url(case))
    return render(request, "web/clue_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, pk, code):
    """Any action of the registry: its form is rendered from the action's input schema and validated by it, and
    the act runs through the same skeleton as the API."""
    case = case_get_for_user(user=request.user, pk=pk)
    action = BY_CODE.get(code)
    if action is None:
        raise Http404("没有该操作")
    if is_read_only(request.user):
        raise PermissionDenied
    findings = []
    if request.method == "POST":
        form = ActionForm(action, case=case, request=request, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                # The version the user saw must still be current when the case row is locked.
                perform_act(
                    code,
                    case=case,
                    actor=request.user,
                    expected_version=form.expected,
                    call=lambda: form.submit(request.user),
                )
            except RuleViolation as refused:
                findings = refused.findings
            except s.ConflictError as conflict:
                if conflict.rule is not None:  # a legal-stage refusal: shown with its rule and article
                    findings = [conflict.finding()]
                else:
                    form.add_error(None, str(conflict))
            except s.InputError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"已完成：{action.label}")
                return redirect(case_url(case))
    else:
        if code not in {a.code for a in allowed_actions(case=case, user=request.user)}:
            messages.warning(request, f"案件当前状态为“{case.get_status_display()}”，您不能{action.label}")
            return redirect(case_url(case))
        form = ActionForm(action, case=case, request=request)
    return render(request, "web/case_action.html", {"case": case, "action": action, "form": form, "findings": findings})
