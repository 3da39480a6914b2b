"""A rating's points per criteria group and in total, the one reading every output shows (the list page,
the Excel and Word lists, the API): general criteria from the authority's decision (`general_points`), task
results computed from the inputs the rating holds (`points.task_points`), so the page and the files can never
disagree. A year rated under an unscored scheme (Decree 90/2020, 2021–2025) has no groups and no total."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects

from dotpha.ratings.models import AnnualRating, CriteriaGroup, RatingScheme
from dotpha.ratings.points import TASK_GROUP, Breakdown, rating_breakdown

GENERAL_GROUP = "general"


@dataclass(frozen=True)
class GroupPoints:
    code: str
    name: str
    maximum: Decimal
    points: Decimal | None  # None: not scored yet (the general criteria before the authority decides)


@dataclass(frozen=True)
class RatingPoints:
    scheme_code: str
    scored: bool
    groups: list[GroupPoints]
    total: Decimal | None  # only when every group has its points

    def of(self, code: str) -> Decimal | None:
        return next((g.points for g in self.groups if g.code == code), None)


def scheme_groups(scheme: RatingScheme | None) -> list[CriteriaGroup]:
    """A scored scheme's groups in order (prefetched by `with_groups`); none for an unscored one."""
    if scheme is None or not scheme.scored:
        return []
    return sorted(scheme.groups.all(), key=lambda g: (g.order, g.pk))


def with_groups(ratings: Iterable[AnnualRating]) -> None:
    """Loads the criteria groups of the ratings' schemes in one query (the list asks each rating)."""
    schemes = [r.scheme for r in ratings if r.scheme is not None]
    prefetch_related_objects(schemes, "groups")


def _group_points(group: CriteriaGroup, rating: AnnualRating, breakdown: Breakdown | None) -> Decimal | None:
    if group.code == GENERAL_GROUP:
        return rating.general_points
    if group.code == TASK_GROUP:
        return breakdown.task_year_points if breakdown else None
    return None  # a group this version does not score


def rating_points(rating: AnnualRating) -> RatingPoints:
    """The task results are the year's as `points.rating_breakdown` computes them (the average of the
    quarters under Decree 335), the same figure the rating page shows."""
    scheme = rating.scheme
    groups = scheme_groups(scheme)
    if not groups:
        return RatingPoints(scheme.code if scheme else "", False, [], None)
    breakdown = rating_breakdown(rating)
    found = [
        GroupPoints(g.code, g.name, Decimal(g.points), _group_points(g, rating, breakdown)) for g in groups
    ]
    values = [g.points for g in found]
    total = sum((v for v in values if v is not None), Decimal(0)) if None not in values else None
    return RatingPoints(scheme.code if scheme else "", True, found, total)
