"""Request rates of the API: per signed-in user, per API token, and per address for anonymous calls.

Rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (API_THROTTLE_USER / _TOKEN / _ANON); counts are kept in the
default cache. A throttled call gets 429 with Retry-After (casemgmt.api.errors).
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import ApiToken


class UserThrottle(SimpleRateThrottle):
    """A person signed in through the web (session): each user on their own budget."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated or isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenThrottle(SimpleRateThrottle):
    """A device or integrator: each token on its own budget, so one busy device does not stop another."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonThrottle(AnonRateThrottle):
    scope = "anon"
