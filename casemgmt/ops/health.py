"""Health endpoint for the load balancer (django-health-check 4.8 checks, our own report).

``/health/`` probes every service a request may need — database, cache, the Celery broker when one is
configured, file storage (write, read, delete) and the search index (the database index, or Elasticsearch when
``ELASTICSEARCH_URL`` is set) — and answers 200 when all pass, 503 otherwise. The body names each component with
``ok`` or ``failed`` and nothing else: no host names, versions or error texts reach an anonymous caller (the
reasons go to the log). ``/health/live/`` answers without touching any service, so a process is not restarted
because the database is down.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from casemgmt.archive.backends import Scope, SearchRequest, SearchUnavailable, get_backend

OK, FAILED = "ok", "failed"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (any kombu transport: Redis, RabbitMQ)."""

    url: str = dataclasses.field(repr=False)
    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)

    def run(self) -> None:
        from kombu import Connection

        try:
            with Connection(self.url, connect_timeout=self.timeout.total_seconds()) as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:  # noqa: BLE001 - every transport raises its own errors; all mean "down"
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class SearchIndex(HealthCheck):
    """The search backend answers a one-hit search over every case (the database index or Elasticsearch)."""

    def run(self) -> None:
        backend = get_backend()
        try:
            backend.ping()
            backend.search(SearchRequest(page_size=1, with_facets=False), scope=Scope(everything=True))
        except SearchUnavailable as exc:
            raise ServiceUnavailable("search backend unreachable") from exc
        except DatabaseError as exc:
            raise ServiceUnavailable("search index unreadable") from exc
        finally:
            # The check runs in an executor thread: close that thread's connection, or it idles until restart.
            connections["default"].close()


def broker_check(url: str) -> HealthCheck:
    if url.startswith(("redis://", "rediss://", "unix://")):
        from health_check.contrib.redis import Redis
        from redis.asyncio import Redis as RedisClient

        return Redis(client_factory=lambda: RedisClient.from_url(url, socket_connect_timeout=3, socket_timeout=3))
    return Broker(url=url)


def health_checks() -> list[tuple[str, HealthCheck]]:
    """The probes of this deployment, by component name (the broker only when Celery is configured)."""
    checks: list[tuple[str, HealthCheck]] = [
        ("database", Database()),
        ("cache", Cache()),
        ("storage", Storage()),
        ("search", SearchIndex()),
    ]
    broker_url = getattr(settings, "CELERY_BROKER_URL", "")
    if broker_url:
        checks.insert(2, ("broker", broker_check(broker_url)))
    return checks


class HealthView(HealthCheckView):
    """GET /health/: 200 when every component answers, 503 otherwise; JSON for ``Accept: application/json``
    (or ``?format=json``), one ``name: ok|failed`` line per component otherwise."""

    async def get(self, request, *args, **kwargs):
        named = health_checks()
        results = await asyncio.gather(*(check.get_result() for _name, check in named))
        components = {
            name: OK if result.error is None else FAILED for (name, _check), result in zip(named, results, strict=True)
        }
        healthy = all(state == OK for state in components.values())
        status = 200 if healthy else 503
        if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"status": OK if healthy else FAILED, "components": components}, status=status)
        lines = [f"status: {OK if healthy else FAILED}", *(f"{name}: {state}" for name, state in components.items())]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=status)


@never_cache
def live(request):
    """GET /health/live/: the process serves requests (no database, cache or broker is touched)."""
    return JsonResponse({"status": OK})
