"""The rules a new password must meet, with their messages in Vietnamese.

Django's own validators do the checking (length, common list, all digits, likeness to the account) but
their messages have no Vietnamese translation, so each is restated here. Two rules are the product's own:
no login name or product name inside the password, and none of the recent passwords again.
"""

import re

from django.contrib.auth import password_validation as django_rules
from django.contrib.auth.hashers import check_password, is_password_usable
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dotpha.accounts.password_history import PREVIOUS_PASSWORDS, recent_hashes
from dotpha.core.search import normalize_search

PRODUCT_NAMES = ("dotpha",)  # "Đột phá", "dot-pha", "ĐỘT PHÁ"… once folded


def _folded(text: str) -> str:
    """Lower case, no diacritics (đ → d), letters and digits only: "Đột-Phá" and "dotpha" compare equal."""
    return re.sub(r"[\W_]+", "", normalize_search(text))


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán ra.")

    def get_help_text(self) -> str:
        return _("Không dùng mật khẩu phổ biến.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Mật khẩu không chỉ gồm chữ số.")


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống thông tin tài khoản của bạn (%(verbose_name)s).")

    def get_help_text(self) -> str:
        return _("Mật khẩu không giống thông tin cá nhân của bạn.")


class NoNameValidator:
    """Neither the login name nor the product's name inside the password, in any case or diacritics."""

    def validate(self, password: str, user=None) -> None:
        folded = _folded(password)
        username = _folded(getattr(user, "username", "") or "")
        if len(username) >= 3 and username in folded:
            raise ValidationError(_("Mật khẩu không được chứa tên đăng nhập."), code="password_has_username")
        if any(name in folded for name in PRODUCT_NAMES):
            raise ValidationError(
                _("Mật khẩu không được chứa tên hệ thống “Đột phá”."), code="password_has_product_name"
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu không chứa tên đăng nhập hay tên hệ thống “Đột phá”.")


class PasswordHistoryValidator:
    """Not the current password, nor one of the five set before it (recorded by password_history)."""

    keep = PREVIOUS_PASSWORDS

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        # hashers.check_password, not user.check_password: checking must not upgrade and save the hash.
        if is_password_usable(user.password) and check_password(password, user.password):
            raise ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), code="password_is_current")
        if any(check_password(password, old) for old in recent_hashes(user, self.keep + 1)):
            raise ValidationError(
                _("Mật khẩu này đã được dùng gần đây; không dùng lại %(keep)d mật khẩu trước.")
                % {"keep": self.keep},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu khác mật khẩu hiện tại và %(keep)d mật khẩu trước đó.") % {"keep": self.keep}
