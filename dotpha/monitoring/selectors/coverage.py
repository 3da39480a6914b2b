"""Coverage at any date, derived from assignments and the cadres' posts, never stored. Two queries.

A commune in force on the day is, first match wins:
1. uncovered: no assignment covers the day;
2. cadre_left: its cadre's post has ended (retired, transferred), from the post's last day;
3. shared: its cadre follows more than one commune that day (allowed only by decision, and flagged);
4. covered.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dotpha.core.collation import collated
from dotpha.monitoring.models import MonitoringAssignment, MonitoringProgramme
from dotpha.org.models import Cadre, Unit


class CoverageStatus(models.TextChoices):
    UNCOVERED = "uncovered", _("Chưa có cán bộ theo dõi")
    CADRE_LEFT = "cadre_left", _("Cán bộ theo dõi đã nghỉ, chuyển công tác")
    SHARED = "shared", _("Cán bộ theo dõi từ 2 xã")
    COVERED = "covered", _("Có cán bộ theo dõi")


GAP_STATUSES = (CoverageStatus.UNCOVERED, CoverageStatus.CADRE_LEFT)
_ORDER = {status: rank for rank, status in enumerate(CoverageStatus)}


@dataclass(frozen=True)
class CommuneCoverage:
    commune: Unit
    status: CoverageStatus
    assignment: MonitoringAssignment | None
    cadre_load: int = 0

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES

    @property
    def agency(self) -> Unit | None:
        return self.assignment.appointment.unit if self.assignment else None


@dataclass
class Coverage:
    day: datetime.date
    programme: MonitoringProgramme
    rows: list[CommuneCoverage]
    counts: Counter = field(default_factory=Counter)  # by status value ("uncovered", ...)

    @property
    def gaps(self) -> list[CommuneCoverage]:
        return [row for row in self.rows if row.is_gap]

    @property
    def covered_count(self) -> int:
        return self.counts[CoverageStatus.COVERED.value] + self.counts[CoverageStatus.SHARED.value]

    @property
    def shared_cadres(self) -> dict[Cadre, list[Unit]]:
        found: dict[Cadre, list[Unit]] = {}
        for row in self.rows:
            if row.status == CoverageStatus.SHARED and row.assignment is not None:
                found.setdefault(row.assignment.cadre, []).append(row.commune)
        return found


def communes_in_force(programme: MonitoringProgramme, day: datetime.date) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(path__startswith=programme.scope_unit.path, level__code="commune")
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


def assignments_on(programme: MonitoringProgramme, day: datetime.date) -> QuerySet[MonitoringAssignment]:
    return (
        MonitoringAssignment.objects.filter(programme=programme, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("cadre", "appointment", "appointment__unit", "appointment__position")
    )


def coverage_on(
    programme: MonitoringProgramme, day: datetime.date, *, communes: QuerySet[Unit] | None = None
) -> Coverage:
    """The status of every commune in force on `day` (restricted to `communes` when given), gaps first."""
    commune_qs = communes_in_force(programme, day)
    if communes is not None:
        commune_qs = commune_qs.filter(pk__in=communes.values("pk"))
    commune_list = list(commune_qs.select_related("kind").order_by(collated("name"), "pk"))
    active = list(assignments_on(programme, day))
    present = [a for a in active if a.cadre_present_on(day)]
    load = Counter(a.cadre_id for a in present)
    by_commune: dict[int, MonitoringAssignment] = {}
    for each in sorted(active, key=lambda a: a.start_date):
        by_commune[each.commune_id] = each
    rows = []
    for commune in commune_list:
        assignment = by_commune.get(commune.pk)
        if assignment is None:
            status = CoverageStatus.UNCOVERED
        elif not assignment.cadre_present_on(day):
            status = CoverageStatus.CADRE_LEFT
        elif load[assignment.cadre_id] > 1:
            status = CoverageStatus.SHARED
        else:
            status = CoverageStatus.COVERED
        rows.append(
            CommuneCoverage(
                commune=commune,
                status=status,
                assignment=assignment,
                cadre_load=load[assignment.cadre_id] if assignment else 0,
            )
        )
    rows.sort(key=lambda r: _ORDER[r.status])
    return Coverage(day=day, programme=programme, rows=rows, counts=Counter(r.status.value for r in rows))
