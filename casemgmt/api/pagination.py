"""Page-number pagination that refuses a bad ``page`` or ``page_size`` with 400 in Chinese.

DRF silently falls back to the default page size for ``page_size=AAA`` or ``page_size=0``, caps one above the
maximum without saying so, and answers ``page=0`` / ``page=abc`` with an English "Invalid page.".
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def positive_int(params, name: str, *, maximum: int | None = None, message: str) -> int | None:
    """The query parameter ``name`` as an integer in 1..maximum, None when absent; 400 otherwise."""
    if name not in params:
        return None
    raw = params.get(name, "").strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        raise ValidationError({name: [message]})
    return int(raw)


class StrictPageNumberPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        size = positive_int(
            request.query_params,
            self.page_size_query_param,
            maximum=self.max_page_size,
            message=f"每页条数应为 1 到 {self.max_page_size} 之间的整数",
        )
        return size or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        positive_int(request.query_params, self.page_query_param, message="页码应为正整数")
        return super().paginate_queryset(queryset, request, view)
