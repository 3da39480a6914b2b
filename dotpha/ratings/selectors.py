"""Reads of annual ratings, scoped: the reporting roles see the ratings of the cadres they see; a cadre sees
their own. Who may propose and decide is in `permissions`."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dotpha.accounts.access import cadres_visible_to, role_paths
from dotpha.accounts.models import Role, User
from dotpha.org.models import Appointment
from dotpha.programmes.models import Grade
from dotpha.ratings.clauses import excellent_allowed
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating, DutyGroup, RatingLevel, RatingScheme
from dotpha.reports.permissions import can_read_reports


def ratings_visible_to(user: User) -> QuerySet[AnnualRating]:
    if not user.is_authenticated or not user.is_active:
        return AnnualRating.objects.none()
    q = Q(cadre_id=user.cadre_id) if user.cadre_id else Q(pk__in=[])
    if can_read_reports(user):
        q |= Q(cadre__in=cadres_visible_to(user).values("pk"))
    return AnnualRating.objects.filter(q).select_related("cadre", "authority_unit", "decided_by", "scheme")


def ratings_to_decide(user: User) -> QuerySet[AnnualRating]:
    """The visible ratings still without a level that the user decides: `permissions.can_decide` in SQL (an
    approver over the unit managing the cadre now, else the one when proposed; never about themself)."""
    undecided = ratings_visible_to(user).filter(level="")
    if not user.is_superuser:
        q = Q(pk__in=[])
        for path in role_paths(user, Role.APPROVER):
            q |= Q(cadre__managing_unit__path__startswith=path) | Q(
                cadre__managing_unit__isnull=True, authority_unit__path__startswith=path
            )
        undecided = undecided.filter(q)
    if user.cadre_id:
        undecided = undecided.exclude(cadre_id=user.cadre_id)
    return undecided


@dataclass
class RatingLine:
    rating: AnnualRating
    position: str
    inputs: list[RatingInput]
    counts: dict[str, int] = field(default_factory=dict)
    ahead: int = 0

    @property
    def graded(self) -> int:
        return sum(self.counts.values())


def rating_lines(qs: QuerySet[AnnualRating]) -> list[RatingLine]:
    """Ratings with the cadre's current post and the tally of their inputs: two queries."""
    ratings = list(qs.order_by("cadre__full_name", "pk"))
    posts: dict[int, str] = {}
    rows = (
        Appointment.objects.filter(cadre_id__in=[r.cadre_id for r in ratings], end_date__isnull=True)
        .order_by("cadre_id", "position__rank", "-start_date")
        .values_list("cadre_id", "position__name", "unit__name")
    )
    for cadre_id, position, unit in rows:
        posts.setdefault(cadre_id, f"{position}, {unit}")
    lines = []
    for rating in ratings:
        inputs = [RatingInput.from_json(item) for item in rating.inputs]
        counts = {g: sum(1 for i in inputs if i.grade == g) for g in Grade.values}
        lines.append(
            RatingLine(
                rating=rating,
                position=posts.get(rating.cadre_id, ""),
                inputs=inputs,
                counts=counts,
                ahead=sum(1 for i in inputs if i.ahead_of_plan),
            )
        )
    lines.sort(key=lambda line: (_given(line.rating.cadre.full_name), line.rating.cadre.full_name))
    return lines


def _given(name: str) -> str:
    return name.split()[-1] if name else ""


def level_tally(lines: list[RatingLine]) -> list[tuple[str, str, int, int]]:
    """(code, label, proposed, decided) per level."""
    return [
        (
            level.value,
            str(level.label),
            sum(1 for line in lines if line.rating.proposed_level == level),
            sum(1 for line in lines if line.rating.level == level),
        )
        for level in RatingLevel
    ]


def rating_years(qs: QuerySet[AnnualRating]) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def scheme_for_year(year: int) -> RatingScheme | None:
    """The scheme in force for `year` (2021–2025: Decree 90/2020; from 2026: 366-QĐ/TW and 335/2025)."""
    return (
        RatingScheme.objects.filter(valid_from_year__lte=year)
        .filter(Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))
        .prefetch_related("groups")
        .order_by("-valid_from_year")
        .first()
    )


@dataclass
class QuotaRow:
    """One unit's and group's "excellent" count against the quota (a decided level, else the proposed one):
    Decree 335 counts it in the same unit and in each group of similar duties."""

    unit_name: str
    group: str
    good: int
    excellent: int
    allowed: int
    excellent_cadres: list[str]

    @property
    def over(self) -> bool:
        return self.excellent > self.allowed

    @property
    def group_label(self) -> str:
        return str(DutyGroup(self.group).label) if self.group else "—"


def quota_rows(scheme: RatingScheme, levels: Iterable[tuple[AnnualRating, str]]) -> list[QuotaRow]:
    """Per unit and group of similar duties, in the order first met: how many "good" and "excellent", and
    how many the quota allows."""
    rows: dict[tuple[int, str], QuotaRow] = {}
    for rating, level in levels:
        unit = rating.authority_unit
        key = (unit.pk, rating.duty_group)
        row = rows.setdefault(key, QuotaRow(unit.name, rating.duty_group, 0, 0, 0, []))
        if level == RatingLevel.GOOD:
            row.good += 1
        elif level == RatingLevel.EXCELLENT:
            row.excellent += 1
            row.excellent_cadres.append(rating.cadre.full_name)
    for row in rows.values():
        row.allowed = excellent_allowed(scheme, row.good)
    return sorted(rows.values(), key=lambda r: (r.unit_name, r.group))


def quota_table(lines: list[RatingLine]) -> list[QuotaRow]:
    """The quota rows of a year's list, when the year is rated under a scored scheme."""
    scheme = lines[0].rating.scheme if lines else None
    if scheme is None or not scheme.scored:
        return []
    return quota_rows(
        scheme, ((line.rating, line.rating.level or line.rating.proposed_level) for line in lines)
    )
