"""The client address that login lockout counts by (AXES_CLIENT_IP_CALLABLE).

Behind TRUSTED_PROXY_COUNT reverse proxies the address is the one the outermost trusted proxy saw: that many
entries from the right of X-Forwarded-For. Entries further left are whatever the client sent and are ignored;
without proxies REMOTE_ADDR is the client (a forged header changes nothing).
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
