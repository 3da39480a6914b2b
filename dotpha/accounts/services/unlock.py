"""Writes on accounts. Views (and any later API or command) call these; none repeats their rules."""

import ipaddress

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _

from dotpha.accounts.access import can_manage_account
from dotpha.accounts.errors import AccountRefusal
from dotpha.accounts.models import AccountUnlock, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError


def parse_address(address: str) -> str | None:
    """The address as the lockout stored it; "" names failures recorded without one (no REMOTE_ADDR)."""
    address = address.strip()
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        raise ApplicationError(
            _("“%(address)s” không phải là địa chỉ máy hợp lệ.") % {"address": address},
            code=AccountRefusal.BAD_ADDRESS,
        ) from None


@transaction.atomic
def unlock_account(*, actor: User, account: User, address: str) -> AccountUnlock:
    """Clear the failed sign-ins counted against `account`'s name from one client `address`, and record it.

    One address only: the organizer picks the one the owner signs in from. Clearing every address would
    hand whoever locked the name from elsewhere a fresh set of guesses."""
    if not can_manage_account(actor, account):
        raise PermissionDeniedError(_("Bạn không có quyền mở khóa tài khoản này."))
    ip_address = parse_address(address)
    attempts = list(
        AccessAttempt.objects.select_for_update().filter(username=account.username, ip_address=ip_address)
        if ip_address
        else AccessAttempt.objects.select_for_update().filter(username=account.username, ip_address=None)
    )
    if not attempts:
        raise ApplicationError(
            _("Tài khoản “%(username)s” không bị khóa từ địa chỉ %(address)s.")
            % {"username": account.username, "address": ip_address or "?"},
            code=AccountRefusal.NOT_LOCKED,
        )
    AccessAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
    return AccountUnlock.objects.create(
        user=account,
        unlocked_by=actor,
        addresses=ip_address or "?",
        failures=sum(a.failures_since_start for a in attempts),
    )
