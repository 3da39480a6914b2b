"""Making and revoking API tokens. A user manages only their own tokens."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.api.errors import ApiRefusal
from dotpha.api.models import ApiToken
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor

TOKEN_PREFIX = "dp_"
MAX_ACTIVE_TOKENS = 10


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: User, name: str, expires_on: datetime.date | None = None, today: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """Returns the token row and the token itself, which is never stored and cannot be shown again."""
    today = today or timezone.localdate()
    name = name.strip()
    if not name:
        raise ApplicationError(
            _("Hãy đặt tên gợi nhớ cho mã (ví dụ: Hệ thống quản lý văn bản)."), code=ApiRefusal.NAME_REQUIRED
        )
    if expires_on is not None and expires_on <= today:
        raise ApplicationError(_("Ngày hết hạn phải sau hôm nay."), code=ApiRefusal.EXPIRY_IN_PAST)
    # The user's row is locked before counting: with no token yet there is no token row to lock, and
    # fifteen requests at once would all count zero. The others wait here and then count the new rows.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            _("Mỗi người dùng có tối đa %(max_active_tokens)s mã đang dùng; hãy thu hồi mã không cần nữa.")
            % {"max_active_tokens": MAX_ACTIVE_TOKENS},
            code=ApiRefusal.TOO_MANY_TOKENS,
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, prefix=raw[:10], digest=token_digest(raw), expires_on=expires_on)
    as_actor(token, actor).save()
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise PermissionDeniedError()
    if token.revoked_at is not None:
        raise ApplicationError(_("Mã này đã bị thu hồi trước đó."), code=ApiRefusal.ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    as_actor(token, actor).save(update_fields=["revoked_at", "updated_at"])
    return token


def token_user(raw: str, *, today: datetime.date | None = None) -> User | None:
    """The active user a presented token acts for, or None. Records when the token was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    today = today or timezone.localdate()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_on is not None and token.expires_on < today):
        return None
    # One cheap UPDATE, without a history row: usage is not a change of the token.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
