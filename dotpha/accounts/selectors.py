"""Scoped reads of accounts: the locked ones an organizer may unlock, and the unlocks done."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from dotpha.accounts.models import AccountUnlock, User
from dotpha.accounts.permissions import can_manage_account


@dataclass
class LockedAccount:
    """One account locked from one address: the unit an organizer unlocks."""

    user: User
    address: str | None
    failures: int = 0
    until: datetime | None = None


def cool_off() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def locked_accounts_visible_to(actor: User) -> list[LockedAccount]:
    """The (account, address) pairs at the failure limit within the cool-off whose account `actor` may
    unlock, one row each. Names no account has are an attacker's noise and not listed."""
    since = timezone.now() - cool_off()
    pairs = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("username", "ip_address")
    )
    by_name: dict[str, list[dict]] = {}
    for pair in pairs:
        by_name.setdefault(pair["username"], []).append(pair)
    users = User.objects.filter(username__in=by_name).select_related("cadre").order_by("username")
    return [
        LockedAccount(
            user=user, address=row["ip_address"], failures=row["failures"], until=row["last"] + cool_off()
        )
        for user in users
        if can_manage_account(actor, user)
        for row in by_name[user.username]
    ]


def recent_unlocks_visible_to(actor: User, limit: int = 20) -> list[AccountUnlock]:
    rows = AccountUnlock.objects.select_related("user", "unlocked_by").order_by("-unlocked_at", "-pk")
    return [row for row in rows[: limit * 5] if can_manage_account(actor, row.user)][:limit]
