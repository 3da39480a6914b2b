"""Scoped reads of accounts: those an organizer manages, the locked ones they may unlock, the unlocks done."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Max, Q, QuerySet, Sum
from django.utils import timezone

from dotpha.accounts.access import can_manage_account, grant_paths
from dotpha.accounts.models import AccountUnlock, Role, RoleGrant, User, grant_in_force
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Unit


def managed_units(user: User) -> QuerySet[Unit]:
    """The units an organizer grants roles on: the subtrees of their organizer grants."""
    if user.is_superuser:
        return Unit.objects.order_by("path")
    q = Q(pk__in=[])
    for path in grant_paths(user).get(Role.ORGANIZER, ()):
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q).order_by("path")


def grants_of(account: User) -> QuerySet[RoleGrant]:
    """Every grant of `account`, ended and future ones too, newest first, each with `in_force` today."""
    in_force = ExpressionWrapper(grant_in_force(timezone.localdate()), output_field=BooleanField())
    return (
        RoleGrant.all_objects.filter(user=account)
        .select_related("unit")
        .annotate(in_force=in_force)
        .order_by("-start_date", "role")
    )


def accounts_managed_by(
    user: User, *, q: str = "", unit: Unit | None = None, role: str = ""
) -> QuerySet[User]:
    """The accounts `can_manage_account` lets `user` manage, as one query: every unit they act for (grants,
    ended ones too, and current posts) lies in the user's subtrees. Filtered by name or login, by a unit's
    subtree, by a role in force."""
    accounts = User.objects.select_related("cadre").order_by("username")
    if not user.is_superuser:
        units = managed_units(user).order_by().values("pk")
        posts = Appointment.objects.filter(end_date__isnull=True)
        accounts = (
            accounts.filter(is_superuser=False)
            .filter(
                Q(pk__in=RoleGrant.all_objects.filter(unit__in=units).values("user_id"))
                | Q(cadre__in=posts.filter(unit__in=units).values("cadre_id"))
            )
            .exclude(pk__in=RoleGrant.all_objects.exclude(unit__in=units).values("user_id"))
            .exclude(cadre__in=posts.exclude(unit__in=units).values("cadre_id"))
        )
    if q.strip():
        folded = normalize_search(q)
        accounts = accounts.filter(Q(username__icontains=q.strip()) | Q(cadre__search_text__contains=folded))
    if unit is not None:
        in_unit = Q(path__startswith=unit.path)
        accounts = accounts.filter(
            Q(pk__in=RoleGrant.objects.filter(unit__in=Unit.objects.filter(in_unit)).values("user_id"))
            | Q(
                cadre__in=Appointment.objects.filter(
                    end_date__isnull=True, unit__path__startswith=unit.path
                ).values("cadre_id")
            )
        )
    if role:
        accounts = accounts.filter(pk__in=RoleGrant.objects.filter(role=role).values("user_id"))
    return accounts


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
