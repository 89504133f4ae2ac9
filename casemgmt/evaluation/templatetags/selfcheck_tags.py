from django import template

from casemgmt.cases.rulebook import load_facts

from ..scoring import score_facts

register = template.Library()


@register.simple_tag
def case_selfcheck(case):
    """The predicted evaluation score of ``case`` under the active rubric (None without a rubric)."""
    return score_facts(load_facts(case))
