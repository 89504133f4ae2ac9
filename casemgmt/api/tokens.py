"""Create, revoke and check API tokens; the DRF authentication class ``Authorization: Token <key>``.

``Bearer <key>`` is accepted too (what most HTTP clients and gateways send). The last-used time is written at
most once a minute per token, so a device polling every second does not write on every call.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from casemgmt.cases.services.base import InputError

from .models import ApiToken, token_digest

KEY_PREFIX = "cm_"
KEYWORDS = ("token", "bearer")
LAST_USED_EVERY = dt.timedelta(minutes=1)
INVALID = "接口令牌无效、已过期或已被吊销"
OUT_OF_SCOPE = "该接口令牌仅限用于对接平台推送和查询线索（/api/intake/），不能调用其他接口"
NEEDS_SCOPE = "该接口只接受对接平台的接口令牌"


@transaction.atomic
def api_token_create(
    *, user, name: str, expires_at: dt.datetime | None = None, scope: str = ""
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the key, which is never stored and cannot be shown again.
    ``scope`` limits it to the operations of that scope (see ``ApiToken.scope``)."""
    name = name.strip()
    if not name:
        raise InputError("须填写令牌名称（用途）", field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise InputError("有效期须晚于当前时间", field="expires_at")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[:10], digest=token_digest(key), expires_at=expires_at, scope=scope
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The usable token with this key (its user active), or None."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None or not token.usable() or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    """Record use at most once per LAST_USED_EVERY; the conditional update also keeps concurrent calls to one."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = now - LAST_USED_EVERY
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>`` or ``Bearer <key>``; any other scheme is left to the next class."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Authorization 头格式应为：Token <令牌>")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID)
        # A scoped token (a platform's) calls only the views of its scope, and such views only scoped tokens: the
        # view is known here (DRF's parser context), so no view can forget the check.
        view = (getattr(request, "parser_context", None) or {}).get("view")
        needed = getattr(view, "token_scope", "")
        if token.scope != needed:
            raise exceptions.PermissionDenied(OUT_OF_SCOPE if token.scope else NEEDS_SCOPE)
        touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the token scheme, so /api/docs/ offers "Authorize" with a token."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "接口令牌：请求头 `Authorization: Token <令牌>`（或 `Bearer <令牌>`）。令牌由管理员在"
            "“系统管理 › 接口令牌”中或用 `manage.py create_api_token` 创建，只在创建时显示一次。",
        }
