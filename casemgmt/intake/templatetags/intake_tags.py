from django import template

from ..selectors import duplicate_visible, intake_for_case

register = template.Library()


@register.inclusion_tag("intake/case_source.html", takes_context=True)
def intake_source(context, case):
    """The 对接平台 card of a case page: which platform delivered the clue, its work-order number and attachments,
    and the 疑似重复 flag. Renders nothing for a clue typed in by hand."""
    # Only a clue a platform delivered has a delivery (no query for a clue typed in by hand: the case page loads the
    # clue with the case).
    intake = intake_for_case(case) if case.clue.registered_via else None
    user = context["request"].user
    return {
        "intake": intake,
        "duplicate_visible": intake is not None and duplicate_visible(intake, user=user),
    }
