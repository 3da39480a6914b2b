"""Writes on accounts. Views (and any later API or command) call these; none repeats their rules."""

from axes.models import AccessAttempt
from django.db import transaction

from dotpha.accounts.models import AccountUnlock, User
from dotpha.accounts.permissions import can_unlock_account
from dotpha.core.errors import ApplicationError, PermissionDeniedError


@transaction.atomic
def unlock_account(*, actor: User, account: User) -> AccountUnlock:
    """Clear every failed sign-in counted against `account`'s name, from every address, and record it."""
    if not can_unlock_account(actor, account):
        raise PermissionDeniedError("Bạn không có quyền mở khóa tài khoản này.")
    attempts = list(AccessAttempt.objects.select_for_update().filter(username=account.username))
    if not attempts:
        raise ApplicationError(f"Tài khoản “{account.username}” không bị khóa.", code="not_locked")
    AccessAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
    return AccountUnlock.objects.create(
        user=account,
        unlocked_by=actor,
        addresses=", ".join(sorted({a.ip_address or "?" for a in attempts})),
        failures=sum(a.failures_since_start for a in attempts),
    )
