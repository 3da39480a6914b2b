"""The passwords a user had, kept as hashes so the recent ones are not chosen again.

One door: a post_save receiver on User. Whatever set the password — the change-password page, the admin,
`createsuperuser`, `create_user` (which assigns the hash without set_password) — the saved hash differs
from the newest one recorded, and is recorded. Saves that name their fields without `password` (the
last-login stamp) cost nothing.
"""

from django.contrib.auth.hashers import is_password_usable
from django.db.models.signals import post_save

from dotpha.accounts.models import PasswordHistory, User

PREVIOUS_PASSWORDS = 5
KEPT = PREVIOUS_PASSWORDS + 1  # and the current one


def recent_hashes(user: User, count: int = KEPT) -> list[str]:
    return list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])


def record_password(sender, instance: User, update_fields=None, raw: bool = False, **kwargs) -> None:
    if raw or (update_fields is not None and "password" not in update_fields):
        return
    if not is_password_usable(instance.password) or recent_hashes(instance, 1) == [instance.password]:
        return
    PasswordHistory.objects.create(user=instance, password=instance.password)
    stale = PasswordHistory.objects.filter(user=instance).values_list("pk", flat=True)[KEPT:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def connect() -> None:
    post_save.connect(record_password, sender=User, dispatch_uid="dotpha.accounts.password_history")
