"""Số liệu chốt: a closed period's figures, frozen (see `PeriodSnapshot`).

Closing a period (`programmes.services.period_close`) takes the snapshot in the same transaction: the
statistics of the programme's reporting root for that period (the province for a programme its standing
committee issued: `reporting_root`) (the board's tables), every unit's own figures
(its subtree, mergers followed as on the board), the task lines of the annexes and the parts other apps add
(`sections`), as the organizer who closed it sees them on the day. The content is canonical JSON; its
SHA-256 is stored beside it and printed on every file built from it, so anyone can check a quoted copy.

While the period stays closed, the year's Word and PDF report and the Excel statistics and annexes of that
period for that unit are built from the newest snapshot (`frozen_for`), with the snapshot's date in place of
today's: the same heading gives the same bytes whatever changes in the records later. The live board shows
beside each figure what changed since (`changes_since`).
"""

import dataclasses
import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.dispatch import receiver
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.programmes.models import Period
from dotpha.programmes.signals import period_closed
from dotpha.reports.annexes import TaskLine, task_lines
from dotpha.reports.heading import Heading, report_year
from dotpha.reports.models import PeriodSnapshot
from dotpha.reports.report import bounded_lists, compose_report
from dotpha.reports.sections import SectionRequest, report_sections
from dotpha.reports.selectors import (
    MEASURES,
    Dashboard,
    Figures,
    StatsFilter,
    StatsRow,
    UnitInfo,
    UnitMap,
    unit_map,
)
from dotpha.reports.selectors.dashboard import fetch_facts, fold
from dotpha.reports.selectors.figures import CadreSets
from dotpha.reports.selectors.lines import Facts, add_up
from dotpha.reports.selectors.scoping import placed

CONTENT_VERSION = 1
TABLES = ("units", "fields", "kinds", "levels")


def canonical(content: dict) -> bytes:
    """The bytes the hash is taken of: keys sorted, no spaces, UTF-8 (the same on SQLite and PostgreSQL,
    whose jsonb does not keep the order keys were written in)."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def verifies(snapshot: PeriodSnapshot) -> bool:
    """The stored content is the content that was hashed when the period was closed."""
    return content_hash(snapshot.content) == snapshot.content_hash


@receiver(period_closed, dispatch_uid="reports.snapshot_on_close")
def _on_period_closed(sender, *, period: Period, actor: User, **kwargs) -> None:
    snapshot_take(actor=actor, period=period)


def snapshot_take(*, actor: User, period: Period) -> PeriodSnapshot:
    """Freezes the period's figures (called by `period_close`)."""
    root = reporting_root(period.programme.issuing_unit)
    taken_at = timezone.now()
    content = snapshot_content(actor, period, root, today=timezone.localdate(taken_at))
    return PeriodSnapshot.objects.create(
        period=period,
        root=root,
        taken_at=taken_at,
        taken_by=actor,
        content=content,
        content_hash=content_hash(content),
    )


def reporting_root(issuing: Unit) -> Unit:
    """The unit whose statistics a programme's figures are: the top unit of the issuing unit's level. The
    province's standing committee issues for the whole province; a commune's committee for its commune."""
    paths = [issuing.path[:end] for end in range(Unit.steplen, len(issuing.path) + 1, Unit.steplen)]
    return Unit.objects.filter(path__in=paths, level_id=issuing.level_id).order_by("depth").first() or issuing


def snapshot_content(user: User, period: Period, root: Unit, *, today: datetime.date) -> dict:
    f = StatsFilter(programme=period.programme, period=period)
    umap = unit_map(root, on=today)
    facts = fetch_facts(user, umap, f, today=today)
    board = fold(root, umap, f, facts, today=today)
    year = report_year(f)
    sections = report_sections(SectionRequest(user=user, root=root, filter=f, year=year, today=today))
    content = {
        "version": CONTENT_VERSION,
        "period": {"id": period.pk, "name": period.name, "kind": period.kind},
        "programme": {"id": period.programme_id, "name": str(period.programme)},
        "root": {"id": root.pk, "name": root.name, "path": root.path},
        "taken_on": today.isoformat(),
        "year": year,
        "filters": ", ".join(f.describe()),
        "total": board.total.as_dict(),
        **{table: [row.as_dict() for row in getattr(board, table)] for table in TABLES},
        "unit_figures": _figures_by_unit(umap, f, facts),
        "lines": [dataclasses.asdict(line) for line in task_lines(user, root, f, today=today)],
        "sections": sections,
    }
    # through JSON once, so that what is hashed now is what the database gives back later
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


def _figures_by_unit(umap: UnitMap, f: StatsFilter, facts: Facts) -> dict[str, dict[str, int]]:
    """Every unit's own figures: the tasks whose effective unit lies in its subtree."""
    by_path = {info.path: info.pk for info in umap.units.values()}
    figures: dict[int, Figures] = {}
    cadres = CadreSets()

    def holders(home: int | None) -> list[int]:
        where = placed(umap, f, home)
        if where is None:
            return []
        path = where[0].path
        prefixes = (path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen))
        return [by_path[p] for p in prefixes if p in by_path]

    tables = facts.tables or add_up(facts)
    for home, status, progress, grade, ahead, n in tables.homes:
        for pk in holders(home):
            figures.setdefault(pk, Figures()).add(
                status=status, progress=progress, grade=grade, ahead=ahead, n=n
            )
    for home, cadre_id in tables.cadre_homes:
        for pk in holders(home):
            cadres.add(str(pk), cadre_id)
    for pk, figure in figures.items():
        figure.cadres = len(cadres.sets.get(str(pk), ()))
    return {str(pk): figure.as_dict() for pk, figure in sorted(figures.items())}


def frozen_for(root: Unit, f: StatsFilter) -> PeriodSnapshot | None:
    """The snapshot a file about `root` under filter `f` is built from: the newest of a closed period, when
    the filter asks for that period and nothing narrower (a narrower file is read live), taken for `root`."""
    snapshot = snapshot_of(f)
    return snapshot if snapshot is not None and snapshot.root_id == root.pk else None


def snapshot_of(f: StatsFilter) -> PeriodSnapshot | None:
    """The newest snapshot of the closed period the filter asks for, with nothing narrower."""
    period = f.period
    if period is None or not period.is_closed:
        return None
    if f.year or f.level or f.field or f.kind or f.status:
        return None
    if f.programme is not None and f.programme.pk != period.programme_id:
        return None
    return (
        PeriodSnapshot.objects.filter(period=period)
        .select_related("taken_by")
        .order_by("-taken_at", "-pk")
        .first()
    )


def taken_on(snapshot: PeriodSnapshot) -> datetime.date:
    return datetime.date.fromisoformat(snapshot.content["taken_on"])


def frozen_row(data: dict) -> StatsRow:
    return StatsRow(
        key=data["key"],
        label=data["label"],
        note=data["note"],
        unit_id=data["unit_id"],
        is_historical=data["is_historical"],
        figures=Figures(**data["figures"]),
    )


def frozen_lines(snapshot: PeriodSnapshot) -> list[TaskLine]:
    return [TaskLine(**line) for line in snapshot.content["lines"]]


def frozen_board(snapshot: PeriodSnapshot, f: StatsFilter) -> Dashboard:
    """The board as it stood, for the Excel statistics (only what the files read is filled)."""
    content = snapshot.content
    root = UnitInfo(
        pk=content["root"]["id"],
        path=content["root"]["path"],
        name=content["root"]["name"],
        kind_name="",
        level_id=0,
        level_name="",
        level_rank=0,
        valid_to=None,
    )
    tables = {table: [frozen_row(row) for row in content[table]] for table in TABLES}
    return Dashboard(
        unit=snapshot.root,
        map=UnitMap(root=root, units={root.pk: root}),
        filter=f,
        today=taken_on(snapshot),
        total=frozen_row(content["total"]),
        **tables,
    )


def stamp(snapshot: PeriodSnapshot) -> dict[str, str]:
    """What the files print of the snapshot: its date and hash."""
    return {"taken_on": f"{taken_on(snapshot):%d/%m/%Y}", "hash": snapshot.content_hash}


def frozen_report_context(snapshot: PeriodSnapshot, heading: Heading, *, annex_filename: str = "") -> dict:
    """The report of a closed period; beyond the report's bound its list is the annex's (`annex_filename`)."""
    content = snapshot.content
    context = compose_report(
        frozen_row(content["total"]),
        [frozen_row(row) for row in content["units"]],
        [frozen_row(row) for row in content["fields"]],
        bounded_lists(frozen_lines(snapshot), annex_filename),
        content["sections"],
        heading,
        year=content["year"],
        today=taken_on(snapshot),
    )
    return context | {
        "scope": content["root"]["name"],
        "filters": content["filters"],
        "snapshot": stamp(snapshot),
    }


@dataclasses.dataclass(frozen=True)
class Change:
    measure: str
    label: str
    then: int
    now: int


def changes_since(snapshot: PeriodSnapshot, unit_id: int, now: Figures) -> list[Change]:
    """The figures of `unit_id` (its subtree) that differ from the snapshot's."""
    then = snapshot.content["unit_figures"].get(str(unit_id), {})
    return [
        Change(code, label, then.get(code, 0), getattr(now, code))
        for code, label in MEASURES
        if then.get(code, 0) != getattr(now, code)
    ]


def mark_changes(snapshot: PeriodSnapshot, board: Dashboard) -> bool:
    """Marks on the board's total and unit rows the figures that differ from the snapshot's (a later
    correction is then visible, not silent); whether any did. A unit the snapshot does not hold (out of
    the root it was taken for) is not compared."""
    held = snapshot.content["unit_figures"]
    changed = False
    rows = [(board.unit.pk, board.total)]
    rows += [(row.unit_id, row) for row in board.units if row.unit_id and row.key != "unit:direct"]
    for unit_id, row in rows:
        if str(unit_id) not in held and unit_id != snapshot.root_id:
            continue
        row.frozen = {c.measure: c.then for c in changes_since(snapshot, unit_id, row.figures)}
        changed = changed or bool(row.frozen)
    return changed
