"""The rulebook: every legal rule the system enforces, in one place.

Each rule has a stable code, a short Chinese name, a Chinese message, the article it comes from and the law
family (:class:`LawFamily`) that article belongs to. The same rules serve as
**gates** (a service calls :func:`enforce` before it writes, and the action is refused with every broken rule),
as the **self-check** before archiving (:func:`check_case` runs every rule over the recorded case), and as the
input of evaluation and supervision. Rules are never re-implemented in views, flows, templates or the API.

Rule checks are small functions ``check(facts, attempt) -> iterable of detail strings``: ``attempt`` is the
action being tried (``None`` in a self-check, where the rule inspects what was recorded).
"""

# Importing the rule modules registers their rules.
from . import (  # noqa: F401, I001
    acts,
    approval,
    archive,
    closing,
    dates,
    deadlines,
    discretion,
    documents,
    execution,
    filing,
    hearing,
    investigation,
    notice,
    people,
    powers,
    required,
    review,
    service,
    summary,
)
from .core import (
    RULES,
    Attempt,
    Finding,
    LawFamily,
    Rule,
    RuleViolation,
    check_case,
    enforce,
    findings_for,
    rule,
)
from .facts import CaseFacts, load_facts, load_facts_many
from .memo import case_facts, case_findings

__all__ = [
    "RULES",
    "Attempt",
    "CaseFacts",
    "Finding",
    "LawFamily",
    "Rule",
    "case_facts",
    "case_findings",
    "RuleViolation",
    "check_case",
    "enforce",
    "findings_for",
    "load_facts",
    "load_facts_many",
    "rule",
]
