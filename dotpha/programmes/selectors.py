"""Reads of programmes, periods, fields and decisions."""

import datetime

from django.db.models import Q, QuerySet

from dotpha.accounts.access import role_paths, scope_of
from dotpha.accounts.models import Role, User
from dotpha.org.models import Appointment, Cadre, Unit
from dotpha.programmes.authority import can_issue_decisions, committees_acted_for
from dotpha.programmes.models import Decision, Field, Period, Programme, RoutineDuty


def _issuer_q(user: User, prefix: str) -> Q:
    scope = scope_of(user)
    if scope.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    """Programmes issued inside the user's subtrees, plus those a cadre may register under: the programmes
    of the unit that manages them, of their units and of any ancestor of those units."""
    q = _issuer_q(user, "issuing_unit__")
    if user.is_authenticated and user.cadre_id:
        paths = set(
            Appointment.objects.filter(cadre_id=user.cadre_id, end_date__isnull=True).values_list(
                "unit__path", flat=True
            )
        )
        managing = (
            Cadre.objects.filter(pk=user.cadre_id).values_list("managing_unit__path", flat=True).first()
        )
        if managing:
            paths.add(managing)
        step = Unit.steplen
        ancestors = {path[:i] for path in paths for i in range(step, len(path) + 1, step)}
        if ancestors:
            q |= Q(issuing_unit__path__in=ancestors)
    return Programme.objects.filter(q).select_related("issuing_unit")


def issuing_units_for(user: User) -> QuerySet[Unit]:
    """The units in force whose programmes the user may open (`permissions.can_run_programme`): those
    under their organizer grants, and their own unit and below for a unit's leadership."""
    units = Unit.objects.filter(valid_to__isnull=True).select_related("kind", "level").order_by("path")
    if user.is_superuser:
        return units
    q = Q(pk__in=[])
    for role in (Role.ORGANIZER, Role.UNIT_MANAGER):
        for path in role_paths(user, role):
            q |= Q(path__startswith=path)
    return units.filter(q)


def programme_units(programme: Programme) -> QuerySet[Unit]:
    """The units in force a programme covers: the tier it is issued at, i.e. everything under the highest
    ancestor of the issuing unit at its level (a province's standing committee issues for the whole
    province, whose departments sit under the people's committee, not under the standing committee)."""
    issuer = programme.issuing_unit
    step = Unit.steplen
    ancestors = [issuer.path[:i] for i in range(step, len(issuer.path) + 1, step)]
    top = (
        Unit.objects.filter(path__in=ancestors, level_id=issuer.level_id).order_by("depth").values("path")[:1]
    )
    root = top[0]["path"] if top else issuer.path
    return Unit.objects.filter(path__startswith=root, valid_to__isnull=True).order_by("path")


def routine_duties_by_unit(programme: Programme) -> dict[Unit, list[RoutineDuty]]:
    """The programme's routine duties, grouped by unit (units by name)."""
    grouped: dict[Unit, list[RoutineDuty]] = {}
    for duty in programme.routine_duties.select_related("unit"):  # type: ignore[attr-defined]
        grouped.setdefault(duty.unit, []).append(duty)
    return grouped


def programme_periods(programme: Programme) -> QuerySet[Period]:
    return programme.periods.all().order_by("-start_date")


def open_periods(programme: Programme, *, on: datetime.date) -> QuerySet[Period]:
    """Periods not closed whose dates include `on`."""
    return programme.periods.filter(closed_at__isnull=True, start_date__lte=on, end_date__gte=on)


def registration_is_open(period: Period, *, on: datetime.date) -> bool:
    opens, closes = period.registration_window()
    return opens <= on <= closes and not period.is_closed


def active_fields() -> QuerySet[Field]:
    return Field.objects.filter(is_active=True)


def decisions_visible_to(user: User) -> QuerySet[Decision]:
    """Decisions issued inside the user's subtrees; for a grant on a standing committee, also those filed
    under its party committee (`committees_acted_for`): both are the same body's decisions."""
    q = _issuer_q(user, "issuing_unit__")
    if not scope_of(user).is_superuser:
        q |= Q(issuing_unit__path__in=committees_acted_for(scope_of(user).paths))
    return Decision.objects.filter(q).select_related("programme", "period", "issuing_unit")


def open_decisions(
    user: User, *, programme: Programme | None = None, period: Period | None = None
) -> QuerySet[Decision]:
    """Decisions the user may still add tasks to: visible, issued by a body the user issues for
    (can_issue_decisions), without their signed scan; of one programme and period when given."""
    qs = decisions_visible_to(user).filter(scan_uploaded_at__isnull=True)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if period is not None:
        qs = qs.filter(period=period)
    bodies = Unit.objects.filter(pk__in=qs.values("issuing_unit")).select_related("kind")
    issuing = [unit.pk for unit in bodies if can_issue_decisions(user, unit)]  # one check per body
    return qs.filter(issuing_unit__in=issuing).order_by("-signed_on", "-pk")
