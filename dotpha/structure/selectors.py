"""Reads of the organisation for its pages and the apps above: posts held on a day, a unit's children,
predecessors and appointments, search; what the viewer may see comes from `dotpha.accounts.access`."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from dotpha.accounts.access import cadres_visible_to, units_visible_to
from dotpha.accounts.models import User
from dotpha.core.collation import name_order
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Unit, UnitMerger
from dotpha.org.unit_order import unit_order


def in_post_on(day: datetime.date, prefix: str = "") -> Q:
    """Appointments held on `day` (the last day of a post included, as `Appointment.is_current_on`)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def _main_post_on(day: datetime.date) -> QuerySet[Appointment]:
    """The posts of the outer cadre on `day`, the highest position first (as lists rank them)."""
    return Appointment.objects.filter(in_post_on(day), cadre=OuterRef("pk")).order_by(
        "position__rank", "-start_date", "pk"
    )


def in_post(cadres: QuerySet[Cadre], day: datetime.date) -> QuerySet[Cadre]:
    """Only the cadres holding a post on `day`."""
    return cadres.filter(Exists(_main_post_on(day)))


def with_main_post(cadres: QuerySet[Cadre], day: datetime.date) -> QuerySet[Cadre]:
    """Each cadre annotated with their main post on `day` (`post_name`, `post_unit_name`; empty for one
    without a post), so a picker tells two namesakes apart ("Hoàng Công Phong — Phó Giám đốc, Sở Tài
    chính") in the same query."""
    posts = _main_post_on(day)
    return cadres.annotate(
        post_name=Subquery(posts.values("position__name")[:1]),
        post_unit_name=Subquery(posts.values("unit__name")[:1]),
    )


def unit_children(unit: Unit, *, on: datetime.date | None = None) -> QuerySet[Unit]:
    """Sub-units; with `on`, only those in force on that day."""
    qs = (
        Unit.objects.get_children(unit)
        .select_related("kind", "level")
        .annotate(current_cadres=Count("appointments", filter=Q(appointments__end_date__isnull=True)))
    )
    if on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return qs.order_by("valid_to", *unit_order())


def unit_predecessors(unit: Unit) -> list[Unit]:
    """Every unit merged into this one, directly or through earlier mergers, oldest last."""
    found: list[Unit] = []
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        mergers = UnitMerger.objects.filter(successor_id__in=frontier).select_related("predecessor__kind")
        frontier = []
        for merger in mergers:
            if merger.predecessor_id not in seen:
                seen.add(merger.predecessor_id)
                found.append(merger.predecessor)
                frontier.append(merger.predecessor_id)
    return found


def unit_lineage_q(unit: Unit, prefix: str = "unit__") -> Q:
    """Rows held by this unit's subtree or by the subtree of any predecessor."""
    q = Q(**{f"{prefix}path__startswith": unit.path})
    for predecessor in unit_predecessors(unit):
        q |= Q(**{f"{prefix}path__startswith": predecessor.path})
    return q


def unit_appointments(user: User, unit: Unit, *, current: bool) -> QuerySet[Appointment]:
    """Appointments in the unit itself, and (for history) in the units merged into it."""
    unit_ids = [unit.pk, *(p.pk for p in unit_predecessors(unit))]
    qs = (
        Appointment.objects.filter(unit_id__in=unit_ids, cadre__in=cadres_visible_to(user))
        .select_related("cadre", "position", "unit")
        .order_by("position__rank", "cadre__full_name")
    )
    if current:
        return qs.filter(end_date__isnull=True)
    return qs.filter(end_date__isnull=False).order_by("-end_date")


def unit_cadre_count(unit: Unit) -> int:
    """Distinct cadres ever appointed in the subtree, predecessors included, each counted once."""
    return (
        Cadre.objects.filter(appointments__in=Appointment.objects.filter(unit_lineage_q(unit)))
        .distinct()
        .count()
    )


def unit_mergers(unit: Unit) -> dict[str, QuerySet[UnitMerger]]:
    """The outgoing ones in the order the statistics read them: a split's first is its main successor."""
    return {
        "incoming": UnitMerger.objects.filter(successor=unit).select_related("predecessor"),
        "outgoing": UnitMerger.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("effective_date", "pk"),
    }


def cadre_appointments(cadre: Cadre) -> QuerySet[Appointment]:
    return cadre.appointments.select_related("position", "unit", "unit__kind").order_by("-start_date")


def search_units(user: User, query: str, *, limit: int = 30) -> QuerySet[Unit]:
    needle = normalize_search(query)
    return (
        units_visible_to(user)
        .filter(search_text__contains=needle)
        .order_by("valid_to", *unit_order())[:limit]
    )


def search_cadres(user: User, query: str, *, limit: int = 30) -> QuerySet[Cadre]:
    needle = normalize_search(query)
    current = Appointment.objects.filter(end_date__isnull=True).select_related("position", "unit")
    return (
        cadres_visible_to(user)
        .filter(search_text__contains=needle)
        .prefetch_related(Prefetch("appointments", queryset=current, to_attr="current_appointments"))
        .order_by(*name_order(), "pk")[:limit]
    )
