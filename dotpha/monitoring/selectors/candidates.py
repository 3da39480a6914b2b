"""Who could take over a commune, and whom to choose as a monitoring cadre.

`successor_candidates` is the rule of a reassignment (Kết luận 1016-KL/TU: one leader per commune): the
cadres holding a leadership post (`Position.is_leadership`) in a provincial agency on the first day of
the new assignment (not leaving that very day), other than the outgoing cadre, who follow no commune from
that day on. The page proposes exactly
these and `assignment_reassign` accepts exactly these, so a proposed cadre is never refused.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from dotpha.core.search import normalize_search
from dotpha.monitoring.models import MonitoringAssignment
from dotpha.org.models import Appointment

AGENCY_LEVEL = "province"


@dataclass(frozen=True)
class Candidate:
    appointment: Appointment
    load: int  # communes the cadre already follows on that day

    @property
    def is_free(self) -> bool:
        return self.load == 0


def _current_on(day: datetime.date) -> Q:
    """Holding the post on `day` and not leaving that day (the last day of a post is already a gap)."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def _loads(cadre_ids: list[int], day: datetime.date) -> dict[int, int]:
    rows = (
        MonitoringAssignment.objects.filter(cadre_id__in=cadre_ids, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("cadre_id")
        .annotate(n=Count("pk"))
    )
    return {row["cadre_id"]: row["n"] for row in rows}


def busy_from(cadre_ids: list[int], day: datetime.date) -> dict[int, list[MonitoringAssignment]]:
    """The assignments each cadre holds on `day` or later (also one starting after it): a cadre with any
    is not free to take over a commune from `day`. One query."""
    rows = (
        MonitoringAssignment.objects.filter(cadre_id__in=cadre_ids)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("commune")
        .order_by("start_date", "pk")
    )
    found: dict[int, list[MonitoringAssignment]] = {}
    for row in rows:
        found.setdefault(row.cadre_id, []).append(row)
    return found


def leadership_posts_on(day: datetime.date):
    """The leadership posts held in provincial agencies on `day`: who may follow a commune."""
    return Appointment.objects.filter(
        _current_on(day), unit__level__code=AGENCY_LEVEL, position__is_leadership=True
    )


def successor_candidates(assignment: MonitoringAssignment, *, on: datetime.date) -> list[Candidate]:
    """Every cadre who may take over `assignment`'s commune from `on` (see the module): the outgoing
    cadre's agency first, then by agency, position rank and name; one post per cadre. Two queries."""
    posts = list(
        leadership_posts_on(on)
        .exclude(cadre_id=assignment.cadre_id)
        .select_related("cadre", "position", "unit")
        .order_by("position__rank", "cadre__full_name", "pk")
    )
    busy = busy_from([p.cadre_id for p in posts], on)
    seen: set[int] = set()
    found = []
    for post in posts:
        if post.cadre_id in seen or post.cadre_id in busy:
            continue
        seen.add(post.cadre_id)
        found.append(Candidate(appointment=post, load=0))
    agency = assignment.appointment.unit_id
    return sorted(
        found,
        key=lambda c: (
            c.appointment.unit_id != agency,
            normalize_search(c.appointment.unit.name),
            c.appointment.position.rank,
            normalize_search(c.appointment.cadre.full_name),
        ),
    )


def reassignment_candidates(assignment: MonitoringAssignment, *, on: datetime.date) -> list[Candidate]:
    """The successor candidates from the outgoing cadre's own agency: whom the alert proposes."""
    agency = assignment.appointment.unit_id
    return [c for c in successor_candidates(assignment, on=on) if c.appointment.unit_id == agency]


def leader_posts(*, on: datetime.date) -> list[Candidate]:
    """Every leadership post in a provincial agency on `on`, for choosing a monitoring cadre. Two queries."""
    posts = list(
        leadership_posts_on(on)
        .select_related("cadre", "position", "unit")
        .order_by("unit__name", "position__rank", "cadre__full_name")
    )
    loads = _loads([p.cadre_id for p in posts], on)
    return [Candidate(appointment=p, load=loads.get(p.cadre_id, 0)) for p in posts]
