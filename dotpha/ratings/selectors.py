"""Reads of annual ratings, scoped: the reporting roles see the ratings of the cadres they see; a cadre sees
their own. Who may propose and decide is in `permissions`."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from dotpha.accounts.models import User
from dotpha.org.models import Appointment
from dotpha.org.selectors import cadres_visible_to
from dotpha.programmes.models import Grade
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.reports.permissions import can_read_reports


def ratings_visible_to(user: User) -> QuerySet[AnnualRating]:
    if not user.is_authenticated or not user.is_active:
        return AnnualRating.objects.none()
    q = Q(cadre_id=user.cadre_id) if user.cadre_id else Q(pk__in=[])
    if can_read_reports(user):
        q |= Q(cadre__in=cadres_visible_to(user).values("pk"))
    return AnnualRating.objects.filter(q).select_related("cadre", "authority_unit", "decided_by")


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
            level.label,
            sum(1 for line in lines if line.rating.proposed_level == level),
            sum(1 for line in lines if line.rating.level == level),
        )
        for level in RatingLevel
    ]


def rating_years(qs: QuerySet[AnnualRating]) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)
