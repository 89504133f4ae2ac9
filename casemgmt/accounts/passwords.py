"""The forced password change: an administrator-set password is a first password, to be replaced by its owner.

Whether a user must change the password is read once at login and kept in the session: an administrator who
resets the password of a signed-in user changes the password hash, which ends that user's sessions anyway.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.db import transaction

from .models import PasswordChangeDue

SESSION_KEY = "_accounts_password_change"
REQUIRED_CODE = "password_change_required"
REQUIRED_MESSAGE = "您的密码由管理员设置，请先修改密码后再继续使用系统"


@transaction.atomic
def password_change_require(*, user, by=None) -> None:
    """The next login of ``user`` goes to the password change page until the password is changed."""
    PasswordChangeDue.objects.update_or_create(user=user, defaults={"set_by": by})


def password_change_done(*, request) -> None:
    """The user chose a password: the requirement ends, in the database and in this session."""
    PasswordChangeDue.objects.filter(user=request.user).delete()
    request.session.pop(SESSION_KEY, None)


def password_change_mark_session(*, request, user) -> None:
    if PasswordChangeDue.objects.filter(user=user).exists():
        request.session[SESSION_KEY] = True


class OfficerSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's similarity check on the account's attributes, and on the officer's name (姓名) when there is one."""

    def validate(self, password, user=None):
        super().validate(password, user)
        officer = getattr(user, "officer", None) if user is not None and user.pk else None
        if officer is not None:
            UserAttributeSimilarityValidator(("name",), self.max_similarity).validate(password, officer)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule; its message in Chinese (Django's zh-hans catalogue lacks the current wording)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"
