"""The passwords a user had, kept as hashes so the recent ones are not chosen again.

One door: a post_save receiver on User, recording when a password was actually set: the user was created
(`create_user`, `createsuperuser`, which assign the hash without set_password) or `set_password` was called
since the last save (the change-password page, the admin, a reset). Django marks the latter itself: the
raw password waits in `_password` until the save has run `password_changed`, and the hasher upgrade at
login (same password, new hash) clears that mark before saving because it is no change. Recording every
new hash instead would let five logins after a hasher upgrade push the real old passwords out.
"""

from django.contrib.auth.hashers import is_password_usable
from django.db.models.signals import post_save

from dotpha.accounts.models import PasswordHistory, User

PREVIOUS_PASSWORDS = 5
KEPT = PREVIOUS_PASSWORDS + 1  # and the current one


def recent_hashes(user: User, count: int = KEPT) -> list[str]:
    return list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])


def password_was_set(instance: User, created: bool) -> bool:
    return created or getattr(instance, "_password", None) is not None


def record_password(
    sender, instance: User, created: bool = False, update_fields=None, raw: bool = False, **kwargs
) -> None:
    if raw or (update_fields is not None and "password" not in update_fields):
        return
    if not password_was_set(instance, created):
        return
    if not is_password_usable(instance.password) or recent_hashes(instance, 1) == [instance.password]:
        return
    PasswordHistory.objects.create(user=instance, password=instance.password)
    stale = PasswordHistory.objects.filter(user=instance).values_list("pk", flat=True)[KEPT:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def connect() -> None:
    post_save.connect(record_password, sender=User, dispatch_uid="dotpha.accounts.password_history")
