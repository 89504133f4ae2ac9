"""Rule names for templates that hold only a rule's code (scoring defects, dashboard rows, archived self-checks).

A :class:`~casemgmt.cases.rulebook.Finding` carries its name (``f.name``); these filters look the name up in the
rulebook when all a template has is the code, so findings recorded before rules had names still show one.
"""

from django import template

from casemgmt.cases.rulebook import RULES

register = template.Library()


@register.filter
def rule_name(code: str) -> str:
    """The rule's short Chinese name (名称), or an empty string for a code that is not a rule."""
    r = RULES.get(code)
    return r.name if r else ""


@register.filter
def rule_family(code: str) -> str:
    """The rule's law family (法律渊源), or an empty string for a code that is not a rule."""
    r = RULES.get(code)
    return str(r.family) if r else ""
