"""The annexes an office attaches to its report, as plain rows the Excel, Word and PDF files all print:
- Phụ lục: danh sách việc được giao theo cán bộ (the approved tasks, grouped by cadre, then collectives);
- Phụ lục: kết quả đánh giá theo mức (the approved tasks grouped by grade, with counts and shares).
The rows are the drill-down list of the "approved" figure, so their number is that figure."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from dotpha.accounts.models import User
from dotpha.org.models import Appointment, Unit
from dotpha.programmes.models import Grade
from dotpha.reports.formatting import vn_date, vn_pct
from dotpha.reports.selectors import StatsFilter
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
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


def task_lines(
    user: User, root: Unit, f: StatsFilter, *, today: datetime.date, progress: Progress | None = None
) -> list[TaskLine]:
    """The approved tasks behind the figures, in one query (plus one for the cadres' posts)."""
    qs, umap = drill_tasks(user, Drill(root=root, filter=f, measure="approved"), today=today)
    total = qs.count()
    step = max(1, total // 20)  # about twenty progress reports, whatever the size
    lines = []
    for i, task in enumerate(_iterate(qs), start=1):
        effective = umap.effective(task.home_unit)  # type: ignore[attr-defined]
        # the grade the figures count: the evaluation, or a phase task's review of the year chosen
        grade = task.year_grade or ""  # type: ignore[attr-defined]
        state = task.progress  # type: ignore[attr-defined]
        lines.append(
            TaskLine(
                pk=task.pk,
                title=task.title,
                assignee=str(task.assignee),
                cadre_id=task.assignee_cadre_id,
                unit=effective.name if effective else "",
                field=task.field.name if task.field else "",
                kind=str(task.get_kind_display()),
                deadline=vn_date(task.deadline) if task.deadline else "",
                progress=str(ProgressState(state).label) if state else "",
                grade_code=grade,
                grade=Grade(grade).label if grade else NOT_EVALUATED,
                ahead=bool(task.year_ahead),  # type: ignore[attr-defined]
            )
        )
        if progress is not None and i % step == 0:
            progress(i, total)
    _add_positions(lines)
    return lines


def _iterate(qs) -> Iterator:
    return qs.iterator(chunk_size=2000)


def _add_positions(lines: list[TaskLine]) -> None:
    ids = {line.cadre_id for line in lines if line.cadre_id}
    posts: dict[int, str] = {}
    rows = (
        Appointment.objects.filter(cadre_id__in=ids, end_date__isnull=True)
        .order_by("cadre_id", "position__rank", "-start_date")
        .values_list("cadre_id", "position__name", "unit__name")
    )
    for cadre_id, position, unit in rows:
        posts.setdefault(cadre_id, f"{position}, {unit}")
    for line in lines:
        line.position = posts.get(line.cadre_id or 0, "")


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
    groups = {code: Group(number="", label=Grade(code).label if code else NOT_EVALUATED) for code in order}
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
