"""The dashboard of a unit (the board's is the province's): its figures by sub-unit, field, kind of task,
level and year, and by cadre on a unit's page.

A fixed number of queries whatever the number of tasks: the rollups' day (1), the unit map (2), the grouped
lines (`fetch_facts`: read from the rollups on their day for a viewer who sees every task they count, 4
with the check of the viewer's scope; otherwise counted from the tasks, 6: the grouped counts, the distinct
cadres, the trend's year periods, phases and phases' yearly reviews, whether the root is the only tree), the
field names
(1) and, with cadres, the counts by cadre (1, always counted). The database groups and counts; Python only
adds the grouped lines into rows (`fold`), placing each home unit under its row once (mergers followed, see
`selectors.units`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.programmes.models import Field, PeriodKind, TaskKind
from dotpha.reports.rollups import queue_rebuild
from dotpha.reports.selectors import rolled
from dotpha.reports.selectors.base import StatsFilter, with_states
from dotpha.reports.selectors.cadres import cadre_rows
from dotpha.reports.selectors.figures import CadreSets, StatsRow
from dotpha.reports.selectors.lines import Facts, add_up
from dotpha.reports.selectors.scoping import Rows, placed, stats_base, unit_row, unit_row_key
from dotpha.reports.selectors.units import UnitInfo, UnitMap, unit_map
from dotpha.tasks.models import TaskStatus

NO_FIELD = "Chưa xác định lĩnh vực"
# What each query groups by; the annotations (home unit, progress) are named here, not on the model.
LINE_FIELDS = [
    "home_unit",
    "field_id",
    "kind",
    "status",
    "progress",
    "year_grade",
    "year_ahead",
]
CADRE_FIELDS = ["home_unit", "assignee_cadre", "field_id", "kind"]
TREND_FIELDS = [
    "home_unit",
    "period__start_date__year",
    "status",
    "year_grade",
    "year_ahead",
]


@dataclass
class Dashboard:
    unit: Unit
    map: UnitMap
    filter: StatsFilter
    today: datetime.date
    total: StatsRow
    units: list[StatsRow] = field(default_factory=list)
    fields: list[StatsRow] = field(default_factory=list)
    kinds: list[StatsRow] = field(default_factory=list)
    levels: list[StatsRow] = field(default_factory=list)
    trend: list[StatsRow] = field(default_factory=list)
    cadres: list[StatsRow] = field(default_factory=list)

    @property
    def root(self) -> UnitInfo:
        return self.map.root

    def trend_in_filter(self) -> list[StatsRow]:
        """The years the filter selects. The chart shows every year around the one chosen (`trend`), but a
        table headed "Lọc: năm 2021" holds 2021 only; a chosen period is its own single line (the trend's
        lines are whole years of every programme, wider than one period)."""
        if self.filter.period is not None:
            period = self.filter.period
            row = StatsRow(
                key=f"period:{period.pk}",
                label=str(period.start_date.year),
                figures=self.total.figures,
                params={"period": str(period.pk)},
                note=period.name if period.name != str(period.start_date.year) else "",
            )
            return [row]
        if self.filter.year is not None:
            return [row for row in self.trend if row.label == str(self.filter.year)]
        return self.trend

    def tables(self) -> list[tuple[str, str, list[StatsRow]]]:
        """(code, title, rows) of every statistics table, in the order pages and files show them."""
        found = [
            ("units", "Theo đơn vị", self.units),
            ("fields", "Theo lĩnh vực", self.fields),
            ("kinds", "Theo loại việc", self.kinds),
            ("levels", "Theo cấp", self.levels),
            ("trend", "Theo năm", self.trend_in_filter()),
        ]
        if self.cadres:
            found.append(("cadres", "Theo cán bộ", self.cadres))
        return found


def fetch_facts(user: User, umap: UnitMap, f: StatsFilter, *, today: datetime.date) -> Facts:
    """From the rollups when they hold for `today` and the viewer sees every task they count under the root
    (`selectors.rolled.answers`);
    otherwise three grouped queries over the tasks (and a rebuild of the rollups is queued, once a day)."""
    as_of, queued_on, version = rolled.sums_state()
    if rolled.answers(user, umap, as_of, today):
        return rolled.cached_facts(version, umap, f, whole=whole_tree(umap, f))
    if as_of != today and queued_on != today and today == timezone.localdate():
        queue_rebuild(today)
    return counted_facts(user, umap, f, today=today)


def counted_facts(user: User, umap: UnitMap, f: StatsFilter, *, today: datetime.date) -> Facts:
    """Three grouped queries over the tasks the viewer sees."""
    lines = (
        with_states(stats_base(user, umap, f), today)
        .values_list(*LINE_FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    cadres = (
        stats_base(user, umap, f)
        .filter(status=TaskStatus.APPROVED, assignee_cadre__isnull=False)
        .values_list(*CADRE_FIELDS)
        .distinct()
        .order_by()
    )
    whole = whole_tree(umap, f)
    trend = (
        stats_base(user, umap, f, with_period=False)
        .filter(period__kind=PeriodKind.YEAR)
        .values_list(*(TREND_FIELDS[1:] if whole else TREND_FIELDS))
        .annotate(n=Count("pk"))
        .order_by()
    )
    trend_lines = [(umap.root.pk, *line) for line in trend] if whole else list(trend)
    trend_lines += phase_trend(user, umap, f, whole=whole)
    return Facts(lines=list(lines), cadres=list(cadres), trend=trend_lines)


def phase_trend(user: User, umap: UnitMap, f: StatsFilter, *, whole: bool) -> list[tuple]:
    """The trend's lines of phase tasks, in the trend's shape: a phase task counts in every year of its
    phase, graded by that year's review before the last year and by its evaluation in the last (what
    `base.year_result` says of one year). Two grouped queries: the phases' tasks, and their graded reviews."""
    base = stats_base(user, umap, f, with_period=False).filter(period__kind=PeriodKind.PHASE)
    home = [] if whole else ["home_unit"]
    tasks = (
        base.values_list(*home, "period__start_date__year", "period__end_date__year", *TREND_FIELDS[2:])
        .annotate(n=Count("pk"))
        .order_by()
    )
    reviews = (
        base.filter(
            status=TaskStatus.APPROVED,
            year_reviews__grade__gt="",
            year_reviews__year__gte=ExtractYear("period__start_date"),
            year_reviews__year__lt=ExtractYear("period__end_date"),
        )
        .values_list(*home, "year_reviews__year", "year_reviews__grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    root = [umap.root.pk] if whole else []
    lines: list[tuple] = []
    approved: dict[tuple, int] = {}  # (home, year) -> approved phase tasks in a year before the last
    for *where, start, end, status, grade, ahead, n in tasks:
        home_id = (root or where)[0]
        lines.append((home_id, end, status, grade, ahead, n))
        for year in range(start, end):
            if status == TaskStatus.APPROVED:
                approved[home_id, year] = approved.get((home_id, year), 0) + n
            else:
                lines.append((home_id, year, status, None, None, n))
    graded: dict[tuple, list[tuple[str, int]]] = {}
    for *where, year, grade, n in reviews:
        graded.setdefault(((root or where)[0], year), []).append((grade, n))
    for (home_id, year), n in approved.items():
        found = graded.get((home_id, year), [])
        for grade, k in found:
            lines.append((home_id, year, TaskStatus.APPROVED, grade, False, k))
        rest = n - sum(k for _grade, k in found)
        if rest:
            lines.append((home_id, year, TaskStatus.APPROVED, None, None, rest))
    return lines


def whole_tree(umap: UnitMap, f: StatsFilter) -> bool:
    """Every visible task counts: the root is the only tree's root and no level is chosen. The trend then
    need not find each task's home unit (the costliest part of the query, for every year). One query."""
    return (
        f.level is None
        and len(umap.root.path) == Unit.steplen
        and not Unit.objects.exclude(path__startswith=umap.root.path).exists()
    )


def _field_key(field_id: int | None) -> str:
    return f"field:{field_id or 'none'}"


def fold(unit: Unit, umap: UnitMap, f: StatsFilter, facts: Facts, *, today: datetime.date) -> Dashboard:
    """Adds the grouped lines into the dashboard's rows (one more query: the names of the fields met)."""
    tables = facts.tables or add_up(facts)
    total = StatsRow(key="total", label="Tổng cộng", params={})
    units, fields_, kinds, levels = Rows(), Rows(), Rows(), Rows()
    for child in umap.children():
        if not child.is_historical:
            unit_row(units, umap, child)
    kind_labels = dict(TaskKind.choices)
    for value, label in kind_labels.items():
        kinds.get(f"kind:{value}", str(label), {"kind": value})
    places: dict[int | None, tuple[UnitInfo, UnitInfo] | None] = {}

    def where(home: int | None) -> tuple[UnitInfo, UnitInfo] | None:
        if home not in places:
            places[home] = placed(umap, f, home)
        return places[home]

    def level_row(eff: UnitInfo) -> StatsRow:
        return levels.get(
            f"level:{eff.level_id}", eff.level_name, {"level": str(eff.level_id)}, order=eff.level_rank
        )

    for home, status, progress, grade, ahead, n in tables.homes:
        found = where(home)
        if found is not None:
            eff, row_unit = found
            for row in (total, unit_row(units, umap, row_unit), level_row(eff)):
                row.figures.add(status=status, progress=progress, grade=grade, ahead=ahead, n=n)
    for home, field_id, status, progress, grade, ahead, n in tables.fields:
        if where(home) is not None:
            row = fields_.get(_field_key(field_id), "", {})
            row.figures.add(status=status, progress=progress, grade=grade, ahead=ahead, n=n)
    for home, kind, status, progress, grade, ahead, n in tables.kinds:
        if where(home) is not None:
            row = kinds.get(f"kind:{kind}", kind_labels.get(kind, kind), {"kind": kind})
            row.figures.add(status=status, progress=progress, grade=grade, ahead=ahead, n=n)
    sets = CadreSets()
    for home, cadre_id in tables.cadre_homes:
        found = where(home)
        if found is not None:
            eff, row_unit = found
            for key in ("total", unit_row_key(umap, row_unit), f"level:{eff.level_id}"):
                sets.add(key, cadre_id)
    for home, field_id, cadre_id in tables.cadre_fields:
        if where(home) is not None:
            sets.add(_field_key(field_id), cadre_id)
    for home, kind, cadre_id in tables.cadre_kinds:
        if where(home) is not None:
            sets.add(f"kind:{kind}", cadre_id)
    for row in [
        total,
        *units.rows.values(),
        *fields_.rows.values(),
        *kinds.rows.values(),
        *levels.rows.values(),
    ]:
        sets.apply(row)
    _name_fields(fields_)
    return Dashboard(
        unit=unit,
        map=umap,
        filter=f,
        today=today,
        total=total,
        units=_ordered_units(units, umap),
        fields=sorted(fields_.rows.values(), key=lambda r: (r.label == NO_FIELD, -r.figures.total, r.label)),
        kinds=list(kinds.rows.values()),
        levels=sorted(levels.rows.values(), key=lambda r: r.order),
        trend=_trend(umap, f, facts.trend),
    )


def _name_fields(rows: Rows) -> None:
    ids = [int(key.split(":")[1]) for key in rows.rows if not key.endswith(":none")]
    names = dict(Field.objects.filter(pk__in=ids).values_list("pk", "name"))
    for key, row in rows.rows.items():
        field_id = key.split(":")[1]
        if field_id == "none":
            row.label, row.params = NO_FIELD, {"nofield": "1"}
        else:
            row.label, row.params = names[int(field_id)], {"field": field_id}


def _ordered_units(units: Rows, umap: UnitMap) -> list[StatsRow]:
    """The root's own row first, then sub-units in force in tree order, then historical ones with tasks."""
    order = {child.pk: i for i, child in enumerate(umap.children())}
    rows = list(units.rows.values())
    return sorted(rows, key=lambda r: -1 if r.key == "unit:direct" else order.get(r.unit_id or 0, 10**9))


def _trend(umap: UnitMap, f: StatsFilter, lines: list[tuple]) -> list[StatsRow]:
    rows = Rows()
    for home, year, status, grade, ahead, n in lines:
        if placed(umap, f, home) is None:
            continue
        row = rows.get(f"year:{year}", str(year), {"year": str(year), "period": ""})
        row.figures.add(status=status, progress=None, grade=grade, ahead=ahead, n=n)
    return sorted(rows.rows.values(), key=lambda r: r.label)


def dashboard(
    user: User, unit: Unit, f: StatsFilter, *, today: datetime.date, with_cadres: bool = False
) -> Dashboard:
    umap = unit_map(unit, on=today)
    facts = fetch_facts(user, umap, f, today=today)
    result = fold(unit, umap, f, facts, today=today)
    if with_cadres:
        sums = facts.tables is not None  # read from the rollups
        result.cadres = cadre_rows(user, umap, f, today=today, total=result.total, sums=sums)
    return result
