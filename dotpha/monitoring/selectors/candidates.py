"""Who could take over a commune: the leaders of the same agency, free ones first."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

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


def _ranked(posts: list[Appointment], day: datetime.date) -> list[Candidate]:
    loads = _loads([p.cadre_id for p in posts], day)
    seen: set[int] = set()
    found = []
    for post in posts:
        if post.cadre_id in seen:
            continue
        seen.add(post.cadre_id)
        found.append(Candidate(appointment=post, load=loads.get(post.cadre_id, 0)))
    return sorted(
        found,
        key=lambda c: (c.load, c.appointment.position.rank, c.appointment.cadre.full_name),
    )


def reassignment_candidates(assignment: MonitoringAssignment, *, on: datetime.date) -> list[Candidate]:
    """Leaders of the agency the outgoing cadre served in, holding their post on `on`; those following
    no commune first, then by position rank and name. Two queries."""
    posts = list(
        Appointment.objects.filter(_current_on(on), unit_id=assignment.appointment.unit_id)
        .exclude(cadre_id=assignment.cadre_id)
        .select_related("cadre", "position", "unit")
        .order_by("position__rank", "cadre__full_name")
    )
    return _ranked(posts, on)


def leader_posts(*, on: datetime.date) -> list[Candidate]:
    """Every post in a provincial agency on `on`, for choosing a monitoring cadre. Two queries."""
    posts = list(
        Appointment.objects.filter(_current_on(on), unit__level__code=AGENCY_LEVEL)
        .select_related("cadre", "position", "unit")
        .order_by("unit__name", "position__rank", "cadre__full_name")
    )
    loads = _loads([p.cadre_id for p in posts], on)
    return [Candidate(appointment=p, load=loads.get(p.cadre_id, 0)) for p in posts]
