"""No copy of a case in any cache: ``Cache-Control: no-store`` on every response but static files and health.

Case pages, the API, downloads (evidence, issued PDFs, case files, exports) and the public verification page of
a document all show case data, and a shared office computer or a proxy must not keep them. One rule for every
response is simpler and safer than marking each view: the only responses worth caching are the static files
(served by the proxy in production) and nothing under ``/health/`` is case data (its own view already says
``no-cache``). The middleware reads nothing from the database, so it holds for the 503 of ``dbdown`` too.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import add_never_cache_headers

HEALTH_PREFIX = "/health/"


def may_be_cached(path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    return path.startswith((static, HEALTH_PREFIX))


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_be_cached(request.path_info):
            # max-age=0, no-cache, no-store, must-revalidate, private; Expires in the past.
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches
        return response


# A PDF opened in the browser is shown by its built-in viewer, which the page's own policy must let load
# (object-src), and the scoring screen frames the case-file PDF beside its form (frame-ancestors, same origin).
PDF_POLICY = {"object-src": ["'self'"], "frame-ancestors": ["'self'"]}


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the site policy, relaxed for PDF responses as ``PDF_POLICY`` says."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if response.get("Content-Type", "").startswith("application/pdf"):
            parts.replace = {**PDF_POLICY, **(parts.replace or {})}
        return parts
