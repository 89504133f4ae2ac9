from django import template

from documents.selectors import case_documents

register = template.Library()


@register.simple_tag
def documents_of(case):
    """The case's enforcement documents for the documents section of the case page."""
    return list(case_documents(case))
