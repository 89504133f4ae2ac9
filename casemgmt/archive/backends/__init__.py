"""Search backends behind one interface; ``get_backend()`` picks Elasticsearch when ELASTICSEARCH_URL is set."""

from __future__ import annotations

from django.conf import settings

from .base import Scope, SearchBackend, SearchRequest, SearchResult, SearchUnavailable

_cache: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    key = url or "embedded"
    if key not in _cache:
        if url:
            from .es import ElasticsearchBackend

            _cache[key] = ElasticsearchBackend(url=url, index=settings.ELASTICSEARCH_INDEX)
        else:
            from .db import EmbeddedBackend

            _cache[key] = EmbeddedBackend()
    return _cache[key]


__all__ = ["SearchBackend", "SearchRequest", "SearchResult", "SearchUnavailable", "Scope", "get_backend"]
