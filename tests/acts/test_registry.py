"""The action registry is whole: every action has a label, a service, one input schema that fits the service, a web
form, an API endpoint with an OpenAPI operation, and every flow task is completed by some action."""

import inspect
import json

import pytest
from django.core import checks
from django.urls import reverse

from casemgmt.acts.checks import action_registry_is_complete
from casemgmt.acts.inputs import ActionInput
from casemgmt.cases import models as m
from casemgmt.cases.actions import ACTIONS, BY_CODE, Action
from casemgmt.web.forms import ActionForm
from tests.web.conftest import register
from workflows.flows import FLOWS
from workflows.nodes import CaseTask

# Arguments the act skeleton supplies itself rather than reading them from the input.
SUPPLIED = {"case", "actor", "expected_version"}
CODES = sorted(BY_CODE)


def test_codes_are_unique():
    assert len(BY_CODE) == len(ACTIONS)


@pytest.mark.parametrize("code", CODES)
def test_action_has_a_chinese_label_a_service_and_an_input_schema(code):
    action = BY_CODE[code]
    assert action.label.strip()
    assert callable(action.service_fn)
    assert issubclass(action.input_schema, ActionInput)
    for name, field in action.input_schema().get_fields().items():
        assert field.label and not field.label.isascii(), (code, name, field.label)


@pytest.mark.parametrize("code", CODES)
def test_input_fields_match_the_service_arguments(code):
    action = BY_CODE[code]
    schema = action.input_schema
    params = inspect.signature(action.service_fn).parameters
    fields = {schema.renames.get(name, name) for name in schema().fields} - {"expected_version"}
    required = {name for name, p in params.items() if p.default is inspect.Parameter.empty} - SUPPLIED
    assert fields <= set(params), fields - set(params)
    if schema.takes_case:
        assert required <= fields, required - fields
    else:  # the record (measure, notice...) is a field; the service takes it instead of the case
        assert required - {"measure", "notice", "statement", "hearing", "disclosure"} <= fields
    assert ("case" in params) == schema.takes_case


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_action_has_a_web_form_and_an_api_endpoint(world, rf, code):
    case = register(world)
    request = rf.get("/")
    request.user = world.officer.user
    form = ActionForm(BY_CODE[code], case=case, request=request)
    assert form.fields, code
    assert "expected_version" in form.fields
    assert reverse("web:case_action", args=[case.pk, code])
    assert reverse(f"api:case-action-{code}", kwargs={"pk": case.pk})


@pytest.mark.django_db
def test_every_action_is_an_openapi_operation_with_its_label(world, client):
    client.force_login(world.officer.user)
    schema = json.loads(client.get(reverse("api:schema"), {"format": "json"}).content)
    for action in ACTIONS:
        operation = schema["paths"][f"/api/cases/{{id}}/actions/{action.code}/"]["post"]
        assert operation["summary"] == action.label


def test_every_flow_task_is_completed_by_some_action():
    for flow in FLOWS.values():
        for node in flow.instance.nodes():
            if isinstance(node, CaseTask):
                assert node.actions, f"{flow.__name__}.{node.name} has no action"
                assert all(code in BY_CODE for code in node.actions)


def test_registry_system_check_passes():
    assert action_registry_is_complete() == []


def test_system_check_refuses_an_entry_without_service_or_schema(monkeypatch):
    broken = Action(
        "broken", "", (m.CaseStatus.CLUE,), ("officer",), "casemgmt.cases.services.nope", "casemgmt.acts.inputs.Nope",
        tasks=("no_such_task",), documents=("no_such_doc",),
    )  # fmt: skip
    monkeypatch.setattr("casemgmt.acts.checks.ACTIONS", (*ACTIONS, broken))
    ids = {e.id for e in action_registry_is_complete() if isinstance(e, checks.Error)}
    assert {"acts.E002", "acts.E003", "acts.E004", "acts.E007", "acts.E008"} <= ids


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["dispose_measure", "extend_measure", "report_emergency", "withdraw_disclosure"])
def test_actions_once_only_in_the_api_are_in_the_case_menu(world, code):
    """处置/解除, 延长查封扣押, 补报紧急措施 and 撤回公示 are offered on the case page like every other action."""
    action = BY_CODE[code]
    assert action.statuses and action.roles
    assert any(status in action.statuses for status in (m.CaseStatus.INVESTIGATION, m.CaseStatus.DECIDED))
