from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordChangeDue(models.Model):
    """A user who must choose a new password before anything else: the administrator set the current one
    (a new account, or a password reset in 系统管理). The row is deleted when the user changes the password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_change_due",
    )
    since = models.DateTimeField("要求时间", auto_now=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "待修改初始密码"
        verbose_name_plural = "待修改初始密码"

    def __str__(self) -> str:
        return str(self.user)
