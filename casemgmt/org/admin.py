"""Administrator tables for units, people, memberships and certificates.

Memberships go through ``membership_add``/``membership_remove`` so the per-unit role groups (which carry the
django-guardian permissions viewflow reads) stay in step with the table.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Certificate, Membership, Officer, Unit
from .services import membership_add, membership_remove

admin.site.site_header = "综合行政执法案件办理 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "基础数据维护"


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "field", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "parent", "field", "credit_code", "address", "is_active"]}),
        (
            "执法文书",
            {
                "fields": ["seal_name", "number_prefix", "reconsideration_body", "court"],
                "description": "执法主体（乡镇人民政府、县级部门）的文书落款、文号代字和告知的救济机关",
            },
        ),
    ]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    fields = ["number", "issuing_body", "fields_covered", "valid_from", "valid_to", "status"]


class MembershipInline(admin.TabularInline):
    """Shown for reference; memberships are added and removed on their own page (role groups follow)."""

    model = Membership
    extra = 0
    fields = ["unit", "role", "acts_for_head"]
    readonly_fields = ["unit", "role", "acts_for_head"]
    can_delete = False
    verbose_name_plural = "任职（在“任职”页面维护）"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "phone", "has_legal_qualification"]
    search_fields = ["name", "user__username", "legal_qualification_no"]
    raw_id_fields = ["user"]
    inlines = [MembershipInline, CertificateInline]

    @admin.display(description="法律职业资格", boolean=True)
    def has_legal_qualification(self, obj: Officer) -> bool:
        return obj.has_legal_qualification


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["officer", "unit", "role", "acts_for_head"]
    list_filter = ["role", "acts_for_head", "unit"]
    fields = ["officer", "unit", "role", "acts_for_head", "designation_ref"]
    search_fields = ["officer__name", "unit__name"]
    autocomplete_fields = ["officer", "unit"]

    def save_model(self, request, obj, form, change):
        if change:
            previous = Membership.objects.get(pk=obj.pk)
            membership_remove(membership=previous)
        saved = membership_add(
            officer=obj.officer,
            unit=obj.unit,
            role=obj.role,
            acts_for_head=obj.acts_for_head,
            designation_ref=obj.designation_ref,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_remove(membership=membership)


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ["number", "officer", "issuing_body", "valid_from", "valid_to", "status"]
    list_filter = ["status", "issuing_body"]
    search_fields = ["number", "officer__name"]
    autocomplete_fields = ["officer"]
