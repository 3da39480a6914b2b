"""The annexes an office attaches to its report, as plain rows the Excel, Word and PDF files all print:
- Phụ lục: danh sách việc được giao theo cán bộ (the approved tasks, grouped by cadre, then collectives);
- Phụ lục: kết quả đánh giá theo mức (the approved tasks grouped by grade, with counts and shares).
The rows are the drill-down list of the "approved" figure, so their number is that figure."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import batched

from django.db.models import Count, Q, QuerySet

from dotpha.accounts.models import User
from dotpha.org.models import Appointment, Unit
from dotpha.programmes.models import Grade, TaskKind
from dotpha.reports.annex_order import CADRE_ORDER, GRADE_CODES, GRADE_ORDER
from dotpha.reports.formatting import vn_date, vn_pct
from dotpha.reports.selectors import StatsFilter
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
from dotpha.reports.selectors.units import UnitMap
from dotpha.tasks.models import Task
from dotpha.tasks.selectors import ProgressState

Progress = Callable[[int, int], None]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
NOT_EVALUATED = "Chưa đánh giá"


@dataclass
class TaskLine:
    pk: int
    title: str
    assignee: str
    cadre_id: int | None
    unit: str
    field: str
    kind: str
    deadline: str
    progress: str
    grade_code: str
    grade: str
    ahead: bool
    stt: int = 0
    position: str = ""

    @property
    def ahead_mark(self) -> str:
        return "x" if self.ahead else ""


@dataclass
class Group:
    number: str
    label: str
    note: str = ""
    tasks: list[TaskLine] = field(default_factory=list)
    count: int = 0
    rate: str = ""


def count_approved(user: User, root: Unit, f: StatsFilter, *, today: datetime.date) -> int:
    qs, _umap = drill_tasks(user, Drill(root=root, filter=f, measure="approved"), today=today)
    return qs.count()


# what a line prints, read as plain values (no model instances: a province's annex has 100,000 rows)
COLUMNS = (
    "pk",
    "title",
    "assignee_cadre_id",
    "assignee_cadre__full_name",
    "assignee_unit__name",
    "home_unit",
    "field__name",
    "kind",
    "deadline",
    "progress",
    "year_grade",
    "year_ahead",
)
CHUNK = 2000
KIND_LABELS = dict(TaskKind.choices)
PROGRESS_LABELS = dict(ProgressState.choices)
GRADE_LABELS = dict(Grade.choices)


def _line(row: tuple, umap: UnitMap) -> TaskLine:
    pk, title, cadre_id, cadre_name, unit_name, home_unit, field_name, kind, deadline, state, grade, ahead = (
        row
    )
    effective = umap.effective(home_unit)
    grade = grade or ""  # the grade the figures count: the evaluation, or a phase task's review of the year
    return TaskLine(
        pk=pk,
        title=title,
        assignee=cadre_name if cadre_id else unit_name,
        cadre_id=cadre_id,
        unit=effective.name if effective else "",
        field=field_name or "",
        # labels are lazy (translated): the line holds the text, in the language the file is built in
        kind=str(KIND_LABELS.get(kind, kind)),
        deadline=vn_date(deadline) if deadline else "",
        progress=str(PROGRESS_LABELS[state]) if state else "",
        grade_code=grade,
        grade=str(GRADE_LABELS[grade]) if grade else NOT_EVALUATED,
        ahead=bool(ahead),
    )


def _approved(user: User, root: Unit, f: StatsFilter, today: datetime.date) -> tuple[QuerySet[Task], UnitMap]:
    return drill_tasks(user, Drill(root=root, filter=f, measure="approved"), today=today)


def _stream(rows: QuerySet, umap: UnitMap, progress: Progress | None, total: int) -> Iterator[list[TaskLine]]:
    """The lines of one query, a chunk at a time (a server-side cursor on PostgreSQL), with about twenty
    progress reports whatever the size."""
    step = max(1, total // 20)
    done = 0
    for chunk in batched(rows.iterator(chunk_size=CHUNK), CHUNK, strict=False):
        lines = [_line(row, umap) for row in chunk]
        if progress is not None:  # at every multiple of `step` this chunk passes
            for i in range((done // step + 1) * step, done + len(lines) + 1, step):
                progress(i, total)
        done += len(lines)
        yield lines


def task_lines(
    user: User, root: Unit, f: StatsFilter, *, today: datetime.date, progress: Progress | None = None
) -> list[TaskLine]:
    """The approved tasks behind the figures, in one query (plus one for the cadres' posts)."""
    qs, umap = _approved(user, root, f, today)
    total = qs.count() if progress is not None else 0
    # by title inside each group (`by_cadre`, `by_grade` sort the groups), as `annex_order` reads them
    rows = qs.order_by("title", "pk").values_list(*COLUMNS)
    lines = [line for chunk in _stream(rows, umap, progress, total) for line in chunk]
    posts = _posts({line.cadre_id for line in lines if line.cadre_id})
    for line in lines:
        line.position = posts.get(line.cadre_id or 0, "")
    return lines


def _posts(cadre_ids: set[int]) -> dict[int, str]:
    """Each cadre's current post, "position, unit" (the highest ranked, then the latest)."""
    posts: dict[int, str] = {}
    rows = (
        Appointment.objects.filter(cadre_id__in=cadre_ids, end_date__isnull=True)
        .order_by("cadre_id", "position__rank", "-start_date")
        .values_list("cadre_id", "position__name", "unit__name")
    )
    for cadre_id, position, unit in rows:
        posts.setdefault(cadre_id, f"{position}, {unit}")
    return posts


def items_of(groups: list[Group]) -> Iterator[Group | TaskLine]:
    """Groups built in memory (from a closed period's snapshot) as the rows of their annex."""
    for group in groups:
        yield group
        yield from group.tasks


def cadre_annex_items(
    user: User, root: Unit, f: StatsFilter, *, today: datetime.date, progress: Progress | None = None
) -> Iterator[Group | TaskLine]:
    """`by_cadre(task_lines(...))` row after row, as the file is written: each group, then its tasks. One
    query in the groups' order (`annex_order`), read in chunks, and one per chunk for the cadres' posts.
    A group's `count` is not known when it starts and stays 0 (the annex does not print it)."""
    qs, umap = _approved(user, root, f, today)
    total = qs.count() if progress is not None else 0
    key: tuple | None = None
    number = stt = 0
    for lines in _stream(qs.order_by(*CADRE_ORDER).values_list(*COLUMNS), umap, progress, total):
        posts = _posts({line.cadre_id for line in lines if line.cadre_id})
        for line in lines:
            this = (line.cadre_id,) if line.cadre_id else ("", line.assignee)
            if this != key:
                key, number, stt = this, number + 1, 0
                if line.cadre_id:
                    yield Group(number=str(number), label=line.assignee, note=posts.get(line.cadre_id, ""))
                else:
                    yield Group(number=str(number), label=f"Tập thể: {line.assignee}", note=line.unit)
            stt += 1
            line.stt = stt
            line.position = posts.get(line.cadre_id or 0, "")
            yield line


def grade_annex_items(
    user: User, root: Unit, f: StatsFilter, *, today: datetime.date, progress: Progress | None = None
) -> tuple[list[Group], Iterator[Group | TaskLine]]:
    """`by_grade(task_lines(...))`: the groups with their counts first (one counting query: the summary and
    the group rows print them before any task), then the rows, from one query in the groups' order."""
    qs, umap = _approved(user, root, f, today)
    counts: dict[str, list[int]] = {code: [0, 0] for code in GRADE_CODES}
    for grade, count, ahead in (
        qs.order_by()
        .values_list("year_grade")  # type: ignore[misc]  # an annotation (`with_states`): unknown to the plugin
        .annotate(count=Count("pk"), ahead=Count("pk", filter=Q(year_ahead=True)))
    ):
        counts[grade or ""][0] += count
        counts[grade or ""][1] += ahead
    total = sum(count for count, _ahead in counts.values())
    groups = []
    for i, code in enumerate(GRADE_CODES):
        count, ahead = counts[code]
        groups.append(
            Group(
                number=ROMAN[i],
                label=str(GRADE_LABELS[code]) if code else NOT_EVALUATED,
                note=f"{ahead} việc trước kế hoạch" if code else "",
                count=count,
                rate=vn_pct(100 * count / total if total else None),
            )
        )

    def items() -> Iterator[Group | TaskLine]:
        started = 0  # the groups whose row is written
        stt = 0
        for lines in _stream(qs.order_by(*GRADE_ORDER).values_list(*COLUMNS), umap, progress, total):
            for line in lines:
                while started == 0 or GRADE_CODES[started - 1] != line.grade_code:
                    yield groups[started]
                    started, stt = started + 1, 0
                stt += 1
                line.stt = stt
                yield line
        yield from groups[started:]  # the grades no task has

    return groups, items()


def _given(name: str) -> tuple[str, str]:
    return (name.split()[-1] if name else "", name)


def by_cadre(lines: list[TaskLine]) -> list[Group]:
    """Cadres in the order of their given names, then the collectives; tasks numbered inside each group."""
    groups: dict[tuple, Group] = {}
    for line in lines:
        key = (0, *_given(line.assignee), line.cadre_id) if line.cadre_id else (1, line.assignee, "", 0)
        if key not in groups:
            label = line.assignee if line.cadre_id else f"Tập thể: {line.assignee}"
            groups[key] = Group(number="", label=label, note=line.position if line.cadre_id else line.unit)
        groups[key].tasks.append(replace(line))
    result = [groups[k] for k in sorted(groups)]
    for n, group in enumerate(result, start=1):
        group.number = str(n)
        group.count = len(group.tasks)
        for i, line in enumerate(group.tasks, start=1):
            line.stt = i
    return result


def by_grade(lines: list[TaskLine]) -> list[Group]:
    """The grades in the official order, then the tasks not evaluated yet; shares of all approved tasks."""
    order = [*Grade.values, ""]
    groups = {
        code: Group(number="", label=str(Grade(code).label) if code else NOT_EVALUATED) for code in order
    }
    for line in lines:
        groups[line.grade_code].tasks.append(replace(line))
    total = len(lines)
    result = []
    for i, code in enumerate(order):
        group = groups[code]
        group.number = ROMAN[i]
        group.count = len(group.tasks)
        group.rate = vn_pct(100 * group.count / total if total else None)
        group.note = f"{sum(1 for t in group.tasks if t.ahead)} việc trước kế hoạch" if code else ""
        for n, line in enumerate(sorted(group.tasks, key=lambda t: (_given(t.assignee), t.title)), start=1):
            line.stt = n
        group.tasks.sort(key=lambda t: t.stt)
        result.append(group)
    return result
