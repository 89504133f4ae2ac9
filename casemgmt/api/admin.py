from django.contrib import admin, messages

from .models import ApiToken
from .tokens import api_token_create, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created here (the key is shown once, in the confirmation message) and revoked, never edited."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "usable")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    raw_id_fields = ("user",)
    actions = ("revoke",)

    def get_fields(self, request, obj=None):
        return ("user", "name", "expires_at") if obj is None else (*self.readonly_fields, "user", "name", "expires_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else (*self.readonly_fields, "user", "name", "expires_at")

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = api_token_create(user=obj.user, name=obj.name, expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.digest, obj.created_at = token.pk, token.prefix, token.digest, token.created_at
        obj._state.adding = False
        messages.warning(request, f"接口令牌“{token.name}”已创建。令牌只显示这一次，请立即复制保存：{key}")

    @admin.action(description="吊销所选接口令牌")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
        messages.success(request, "所选接口令牌已吊销，使用它们的请求将被拒绝")
