"""Administration of the catalogue: document types, 文号 patterns and template versions. An edited template is
saved as the next version (issued documents keep the version they used); versions are never deleted."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from casemgmt.cases.services import InputError

from . import services as ds
from .models import AllocatedNumber, DocumentType, NumberingClass, TemplateVersion


@admin.register(NumberingClass)
class NumberingClassAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "pattern")
    # The model field's validator refuses patterns that cannot produce unique numbers.

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "stage", "numbering_class", "external", "volume", "file_order", "is_active")
    list_filter = ("stage", "volume", "external", "is_active")
    list_editable = ("file_order", "is_active")
    readonly_fields = ("code",)

    def has_delete_permission(self, request, obj=None):
        return False


class TemplateVersionForm(forms.ModelForm):
    class Meta:
        model = TemplateVersion
        fields = ("document_type", "variant", "body", "note")

    def clean_body(self):
        from django.template import TemplateSyntaxError

        from .layout import render_text

        body = self.cleaned_data["body"]
        try:
            render_text(body, {})
        except TemplateSyntaxError as exc:
            raise ValidationError(f"模板语法错误：{exc}") from None
        return body


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    form = TemplateVersionForm
    list_display = ("document_type", "variant", "version", "created_at", "created_by", "note")
    list_filter = ("variant", "document_type__stage")
    search_fields = ("document_type__name",)

    def get_readonly_fields(self, request, obj=None):
        return ("document_type", "variant", "version", "created_by", "created_at") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            new = ds.template_revise(
                document_type=obj.document_type, variant=obj.variant, body=obj.body, actor=request.user, note=obj.note
            )
        except (InputError, PermissionDenied) as exc:
            raise ValidationError(str(exc)) from None
        obj.pk, obj.version, obj.created_at, obj.created_by = new.pk, new.version, new.created_at, new.created_by


@admin.register(AllocatedNumber)
class AllocatedNumberAdmin(admin.ModelAdmin):
    list_display = ("text", "subject", "numbering_class", "year", "seq", "voided", "allocated_at")
    list_filter = ("voided", "numbering_class", "year")
    search_fields = ("text",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
