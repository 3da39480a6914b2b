"""A year's rating list as the standing committee reviews it: the rows the user sees on /ratings/ for that
year (their scope), each with its points (`scoring.rating_points`), and the quota table with the exceptions
stated. The page, the Excel and Word files and the API all read this, so they show the same list."""

from dataclasses import dataclass
from decimal import Decimal

from dotpha.accounts.models import User
from dotpha.ratings.models import RatingLevel, RatingScheme
from dotpha.ratings.scoring import RatingPoints, rating_points, scheme_groups, with_groups
from dotpha.ratings.selectors import QuotaRow, RatingLine, quota_table, rating_lines, ratings_visible_to


@dataclass(frozen=True)
class ListRow:
    number: int
    line: RatingLine
    points: RatingPoints

    @property
    def proposed_label(self) -> str:
        level = self.line.rating.proposed_level
        return str(RatingLevel(level).label) if level else ""

    @property
    def level_label(self) -> str:
        level = self.line.rating.level
        return str(RatingLevel(level).label) if level else ""


@dataclass(frozen=True)
class QuotaLine:
    row: QuotaRow
    exceptions: list[tuple[str, str]]  # (cadre, the exception the authority stated) for those confirmed

    @property
    def over_by(self) -> int:
        return max(0, self.row.excellent - self.row.allowed)


@dataclass(frozen=True)
class GroupColumn:
    code: str
    name: str
    maximum: Decimal


@dataclass(frozen=True)
class YearList:
    year: int
    scheme: RatingScheme | None
    groups: list[GroupColumn]  # empty for an unscored year
    rows: list[ListRow]
    quota: list[QuotaLine]

    @property
    def scored(self) -> bool:
        return bool(self.groups)


def _quota(lines: list[RatingLine]) -> list[QuotaLine]:
    stated: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for line in lines:
        r = line.rating
        if r.level == RatingLevel.EXCELLENT and r.quota_exception:
            key = (r.authority_unit.name, r.duty_group)
            stated.setdefault(key, []).append((r.cadre.full_name, r.quota_exception))
    return [QuotaLine(row, stated.get((row.unit_name, row.group), [])) for row in quota_table(lines)]


def build_year_list(lines: list[RatingLine], year: int) -> YearList:
    with_groups(line.rating for line in lines)
    rows = [ListRow(n, line, rating_points(line.rating)) for n, line in enumerate(lines, start=1)]
    scheme = lines[0].rating.scheme if lines else None
    groups = [GroupColumn(g.code, g.name, Decimal(g.points)) for g in scheme_groups(scheme)]
    return YearList(year=year, scheme=scheme, groups=groups, rows=rows, quota=_quota(lines))


def year_list(user: User, year: int) -> YearList:
    """The year's list in `user`'s scope (callers check `can_read_reports` first, as the page does)."""
    return build_year_list(rating_lines(ratings_visible_to(user).filter(year=year)), year)
