"""``manage.py check`` refuses an action registry entry that cannot be used everywhere it is derived to."""

from __future__ import annotations

from django.core import checks
from rest_framework import serializers

from casemgmt.cases.actions import ACTIONS


@checks.register()
def action_registry_is_complete(app_configs=None, **kwargs):
    from documents.catalogue import SPECS
    from workflows.flows import FLOWS

    from .inputs import ActionInput

    errors: list[checks.CheckMessage] = []
    task_names = {node.name for flow in FLOWS.values() for node in flow.instance.nodes()}
    document_codes = {spec.code for spec in SPECS}
    seen: set[str] = set()

    def error(action, msg: str, id_: str):
        errors.append(checks.Error(f"action {action.code!r}: {msg}", obj="casemgmt.cases.actions", id=id_))

    for action in ACTIONS:
        if action.code in seen:
            error(action, "declared twice", "acts.E001")
        seen.add(action.code)
        if not action.label.strip():
            error(action, "has no Chinese label", "acts.E002")
        try:
            service = action.service_fn
        except (ImportError, AttributeError) as exc:
            error(action, f"service {action.service} does not exist ({exc})", "acts.E003")
        else:
            if not callable(service):
                error(action, f"service {action.service} is not callable", "acts.E003")
        try:
            schema = action.input_schema
        except (ImportError, AttributeError) as exc:
            error(action, f"input schema {action.input} does not exist ({exc})", "acts.E004")
        else:
            if not (isinstance(schema, type) and issubclass(schema, ActionInput)):
                error(action, f"input schema {action.input} is not an ActionInput", "acts.E004")
            else:
                for name, field in schema().get_fields().items():
                    if not isinstance(field, serializers.Serializer) and not field.label:
                        error(action, f"input field {name!r} has no label", "acts.E005")
        if not action.statuses or not action.roles or not action.procedures:
            error(action, "declares no status, role or procedure it is allowed in", "acts.E006")
        for task in action.tasks:
            if task not in task_names:
                error(action, f"flow task {task!r} is in no flow", "acts.E007")
        for code in action.documents:
            if code not in document_codes:
                error(action, f"document {code!r} is not in the document catalogue", "acts.E008")
    return errors
