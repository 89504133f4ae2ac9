from django import template

from casemgmt.org.selectors import memberships_of, officer_of

register = template.Library()

CLOCK_LABELS = {"green": "正常", "yellow": "临近", "red": "超期", "done": "已完成"}


@register.inclusion_tag("web/_user_header.html")
def user_header(user):
    officer = officer_of(user)
    return {
        "name": officer.name if officer else user.get_username(),
        "memberships": memberships_of(user),
    }


@register.filter
def clock_label(status: str) -> str:
    return CLOCK_LABELS.get(status, status)
