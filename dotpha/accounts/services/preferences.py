"""A person's own settings: whether they receive the daily digest of their inbox, and the language their
mail is written in. Only the person changes them (an organizer resets passwords, never these); each change
is a history row with the person as its actor."""

from django.conf import settings
from django.utils.translation import gettext as _

from dotpha.accounts.errors import AccountRefusal
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor


def _check_language(language: str) -> None:
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ApplicationError(
            _("Ngôn ngữ “%(language)s” không có trong hệ thống.") % {"language": language},
            code=AccountRefusal.BAD_LANGUAGE,
        )


def _save(account: User, reason: str, fields: list[str]) -> None:
    as_actor(account, account)
    account._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history's reason field
    account.save(update_fields=fields)


def update_preferences(*, actor: User, account: User, digest_enabled: bool, language: str) -> User:
    if actor.pk != account.pk:
        raise PermissionDeniedError(_("Chỉ chính người dùng được đổi cài đặt của tài khoản mình."))
    _check_language(language)
    if account.digest_enabled == digest_enabled and account.language == language:
        return account
    account.digest_enabled = digest_enabled
    account.language = language
    _save(account, "Đổi cài đặt tài khoản", ["digest_enabled", "language"])
    return account


def remember_language(*, actor: User, language: str) -> User:
    """The language switch of every page: the chosen language is also the one of the person's mail."""
    _check_language(language)
    if actor.language != language:
        actor.language = language
        _save(actor, "Đổi ngôn ngữ", ["language"])
    return actor
