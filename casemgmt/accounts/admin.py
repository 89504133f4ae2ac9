"""Accounts an administrator creates, or whose password an administrator sets, start with a forced change."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from .models import PasswordChangeDue
from .passwords import password_change_require

User = get_user_model()


@admin.register(PasswordChangeDue)
class PasswordChangeDueAdmin(admin.ModelAdmin):
    list_display = ["user", "since", "set_by"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "set_by"]


class AccountUserAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            password_change_require(user=obj, by=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        # Called once the admin's “修改密码” form of another user is saved: that password is a first password again
        # (an administrator changing their own password here is not forced).
        if isinstance(form, AdminPasswordChangeForm) and form.user != request.user and form.user.has_usable_password():
            password_change_require(user=form.user, by=request.user)
        return super().construct_change_message(request, form, formsets, add)


admin.site.unregister(User)
admin.site.register(User, AccountUserAdmin)
