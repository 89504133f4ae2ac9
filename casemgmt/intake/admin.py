from django import forms
from django.contrib import admin, messages

from casemgmt.api.tokens import api_token_revoke
from casemgmt.cases.services import InputError

from .models import IntakeAttachment, IntakeClue, Platform
from .services import TOKEN_SCOPE, platform_create, platform_issue_token


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = ("name", "kind", "units", "is_active")


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    """对接平台: created here with their service account and a first token (shown once, in the confirmation
    message); "签发新令牌" issues another, "吊销全部令牌" cuts a platform off at once."""

    form = PlatformForm
    list_display = ("name", "kind", "unit_names", "is_active", "token_count", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("units",)
    actions = ("issue_token", "revoke_tokens")

    @admin.display(description="可接收线索的单位")
    def unit_names(self, obj):
        return "、".join(u.name for u in obj.units.all())

    @admin.display(description="有效令牌")
    def token_count(self, obj):
        return sum(1 for t in obj.service_user.api_tokens.all() if t.usable())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("units", "service_user__api_tokens")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        try:
            created = platform_create(
                name=obj.name, kind=obj.kind, units=form.cleaned_data["units"], is_active=obj.is_active
            )
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from None
        obj.pk, obj.service_user, obj.created_at = created.pk, created.service_user, created.created_at
        obj._state.adding = False
        token, key = platform_issue_token(platform=created)
        messages.warning(request, f"对接平台“{created.name}”已创建，接口令牌只显示这一次，请立即复制并交给平台：{key}")

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.action(description="为所选平台签发新接口令牌")
    def issue_token(self, request, queryset):
        for platform in queryset:
            _token, key = platform_issue_token(platform=platform)
            messages.warning(request, f"“{platform.name}”的新接口令牌（只显示这一次）：{key}")

    @admin.action(description="吊销所选平台的全部接口令牌")
    def revoke_tokens(self, request, queryset):
        for platform in queryset:
            for token in platform.service_user.api_tokens.filter(scope=TOKEN_SCOPE, revoked_at__isnull=True):
                api_token_revoke(token=token)
        messages.success(request, "所选平台的接口令牌已全部吊销")


class AttachmentInline(admin.TabularInline):
    model = IntakeAttachment
    extra = 0
    can_delete = False
    fields = ("original_name", "content_type", "size", "sha256", "sanitized_note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IntakeClue)
class IntakeClueAdmin(admin.ModelAdmin):
    """What the platforms delivered: read-only (the clue itself is handled on its case)."""

    list_display = ("source_id", "platform", "receiving_unit", "received_at", "case", "duplicate_of")
    list_filter = ("platform",)
    search_fields = ("source_id", "address")
    inlines = (AttachmentInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
