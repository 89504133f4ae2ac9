from django import template

from casemgmt.cases.rulebook import case_facts, case_findings

from ..scoring import score_facts

register = template.Library()


@register.simple_tag
def case_selfcheck(case):
    """The predicted evaluation score of ``case`` under the active rubric (None without a rubric)."""
    # The case page's facts and findings (computed once per request), not a second run of the rulebook.
    return score_facts(case_facts(case), findings=case_findings(case))
