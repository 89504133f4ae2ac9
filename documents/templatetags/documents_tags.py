from django import template

from casemgmt.cases.rulebook import case_facts
from casemgmt.cases.rulebook.documents import case_documents

register = template.Library()


@register.simple_tag
def documents_of(case):
    """The case's enforcement documents for the documents section of the case page, in case-file order: the rows
    the page's rulebook run already read (one query per request, not one more)."""
    return sorted(case_documents(case_facts(case)), key=lambda d: (d.document_type.file_order, d.pk))
