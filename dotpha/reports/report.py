"""The data of the year's report on carrying out the programme: heading, figures for the narrative, annex
tables. The Word template and the PDF page both render this one context, so they say the same."""

import datetime
from dataclasses import dataclass

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.annexes import (
    Group,
    Progress,
    TaskLine,
    by_cadre,
    by_grade,
    grade_annex_items,
    task_lines,
)
from dotpha.reports.formatting import vn_int, vn_pct
from dotpha.reports.heading import Heading, report_year
from dotpha.reports.sections import SectionRequest, report_sections
from dotpha.reports.selectors import RATES, Figures, StatsFilter, StatsRow, dashboard

# The columns of annex 1 (by unit), in Word, PDF and the Excel annex alike.
UNIT_ANNEX_COLUMNS = [
    ("approved", "Số việc được giao"),
    ("cadres", "Số cán bộ"),
    ("excellent", "Hoàn thành xuất sắc"),
    ("good", "Hoàn thành tốt"),
    ("completed", "Hoàn thành"),
    ("not_completed", "Không hoàn thành"),
    ("ahead", "Trước kế hoạch"),
    ("excellent_rate", "Tỷ lệ xuất sắc"),
]
CADRE_ANNEX_COLUMNS = [
    "STT",
    "Họ và tên, chức vụ / Tên việc",
    "Đơn vị",
    "Lĩnh vực",
    "Thời hạn",
    "Tiến độ",
    "Kết quả đánh giá",
    "Trước kế hoạch",
]
GRADE_ANNEX_COLUMNS = ["STT", "Tên việc", "Người, tập thể được giao", "Đơn vị", "Lĩnh vực", "Trước kế hoạch"]

# The most tasks a Word or PDF report lists row by row. Beyond it (a province's report: tens of thousands of
# tasks, thousands of pages nobody reads on paper, and minutes and gigabytes to lay out) the report keeps
# its figures and its tables by unit, field and grade, and the list goes to the Excel annex delivered with
# it (`exports.catalogue`), which is written row after row. It equals the immediate export's row limit, so
# a report built at once always carries its list inline, as a unit's or the demo's does.
INLINE_TASK_ROWS = 2000


def lists_inline(approved: int) -> bool:
    """The bound: does a report of `approved` tasks list them inline (else in the Excel annex)?"""
    return approved <= INLINE_TASK_ROWS


@dataclass(frozen=True)
class AnnexNote:
    """Where a report too long to list its tasks inline says the list is: the Excel annex sent with it."""

    count: str  # as printed: "86.123"
    filename: str

    @property
    def note(self) -> str:
        return (
            f"Danh sách chi tiết {self.count} việc: xem phụ lục Excel kèm theo (tệp {self.filename}), "
            "ghi đủ từng việc theo cán bộ với đơn vị, lĩnh vực, thời hạn, tiến độ và kết quả đánh giá."
        )


def figure_texts(figures: Figures) -> dict[str, str]:
    """Every figure and rate as printed: "3.853", "33,2%"."""
    texts = {name: vn_int(value) for name, value in figures.as_dict().items()}
    texts["evaluated"] = vn_int(figures.evaluated)
    texts["finished"] = vn_int(figures.finished)
    for name, _label in RATES:
        texts[name] = vn_pct(getattr(figures, name))
    return texts


@dataclass
class AnnexRow:
    number: str
    label: str
    cells: list[str]
    is_total: bool = False


def unit_annex(rows: list[StatsRow], total: StatsRow) -> list[AnnexRow]:
    found = []
    for i, row in enumerate(rows, start=1):
        texts = figure_texts(row.figures)
        label = f"{row.label} ({row.note})" if row.note else row.label
        found.append(AnnexRow(str(i), label, [texts[code] for code, _ in UNIT_ANNEX_COLUMNS]))
    texts = figure_texts(total.figures)
    found.append(AnnexRow("", "Tổng cộng", [texts[code] for code, _ in UNIT_ANNEX_COLUMNS], is_total=True))
    return found


def report_context(
    user: User,
    root: Unit,
    f: StatsFilter,
    heading: Heading,
    *,
    today: datetime.date,
    progress: Progress | None = None,
    annex_filename: str = "",
) -> dict:
    """The live report. Beyond `INLINE_TASK_ROWS` approved tasks no task line is read: the grades' counts
    come from one counting query and the list is the annex's (`annex_filename`)."""
    board = dashboard(user, root, f, today=today)
    year = report_year(f)
    sections = report_sections(SectionRequest(user=user, root=root, filter=f, year=year, today=today))
    approved = board.total.figures.approved  # the drill-down list of this figure is the annexes' rows
    lists: TaskLists
    if lists_inline(approved):
        lists = inline_lists(task_lines(user, root, f, today=today, progress=progress))
    else:
        groups, _rows = grade_annex_items(user, root, f, today=today)  # the rows' query is never run
        lists = TaskLists(grades=groups, cadres=[], annex=AnnexNote(vn_int(approved), annex_filename))
    return compose_report(
        board.total, board.units, board.fields, lists, sections, heading, year=year, today=today
    ) | {"scope": root.name, "filters": ", ".join(board.filter.describe())}


@dataclass(frozen=True)
class TaskLists:
    """The annexes' task lists as the report prints them: grouped inline, or (`annex`) only the grades'
    counts, with the note naming the Excel annex that holds every row."""

    grades: list[Group]
    cadres: list[Group]
    annex: AnnexNote | None = None


def inline_lists(lines: list[TaskLine]) -> TaskLists:
    return TaskLists(grades=by_grade(lines), cadres=by_cadre(lines))


def bounded_lists(lines: list[TaskLine], annex_filename: str) -> TaskLists:
    """A closed period's lines (already read from its snapshot) under the same bound as a live report."""
    if lists_inline(len(lines)):
        return inline_lists(lines)
    grades = by_grade(lines)
    for group in grades:
        group.tasks = []
    return TaskLists(grades=grades, cadres=[], annex=AnnexNote(vn_int(len(lines)), annex_filename))


def compose_report(
    total: StatsRow,
    units: list[StatsRow],
    fields: list[StatsRow],
    lists: TaskLists,
    sections: dict[str, dict],
    heading: Heading,
    *,
    year: str,
    today: datetime.date,
) -> dict:
    """The context from the figures and the task lists, live or frozen in a closed period's snapshot."""
    return {
        "heading": heading,
        "motto1": heading.motto[0],
        "motto2": heading.motto[1],
        "party": heading.party,
        "year": year,
        "f": figure_texts(total.figures),
        "units": unit_annex(units, total),
        "unit_columns": [label for _code, label in UNIT_ANNEX_COLUMNS],
        "fields": unit_annex(fields, total),
        "grades": lists.grades,
        "cadres": lists.cadres,
        # None when the lists are inline; else where the full list is (the templates print its note)
        "annex": lists.annex,
        "cadre_columns": CADRE_ANNEX_COLUMNS,
        "grade_columns": GRADE_ANNEX_COLUMNS,
        "sections": sections,
        "monitoring": sections.get("monitoring"),
        "generated_on": f"{today:%d/%m/%Y}",
        "snapshot": None,  # a closed period's: its date and hash (`snapshots.frozen_report_context`)
    }
