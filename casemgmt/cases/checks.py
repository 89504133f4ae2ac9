"""Project invariants that code can check (Django system checks)."""

from django.apps import apps
from django.core.checks import Error, register

from casemgmt.cases.models.case import CaseActor

# Models that are legal records but deliberately not tracked: the event log is append-only and hash-chained, its
# heads and anchors are its own integrity records.
UNTRACKED = {"cases.CaseEvent", "cases.CaseLogHead", "cases.LogAnchor", "cases.LogAnchorEntry"}


@register()
def legal_records_have_history(app_configs=None, **kwargs):
    """Every legal-record model (a case record) is tracked by simple-history (全过程记录, APL Art. 47)."""
    errors = []
    for model in apps.get_app_config("cases").get_models():
        label = model._meta.label
        if label in UNTRACKED or label.split(".")[1].startswith("Historical"):
            continue
        if not hasattr(model, "history") and (issubclass(model, CaseActor) or model._meta.app_label == "cases"):
            errors.append(
                Error(
                    f"{label} is a legal record but has no simple-history HistoricalRecords",
                    hint="Add `history = HistoricalRecords()` to the model.",
                    obj=model,
                    id="casemgmt.E001",
                )
            )
    return errors


@register()
def rules_are_complete(app_configs=None, **kwargs):
    """Every rule has a code, a Chinese message and an article."""
    from casemgmt.cases.rulebook import RULES

    errors = []
    for code, rule in RULES.items():
        if not (rule.message and rule.article and rule.gates is not None):
            errors.append(Error(f"rule {code} lacks a message or an article", id="casemgmt.E002"))
    return errors
