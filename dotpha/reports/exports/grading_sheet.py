"""The year-end grading sheet as Excel, for the meeting that grades: one row per task with what the
evaluators look at (self-assessment, last progress, targets, milestones, obstacles), the draft grade and
the recorded evaluation. Only an approver of the sheet's authority downloads it (the sheet page's rule)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dotpha.accounts.models import User
from dotpha.core.text_cells import write_value
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade, Period
from dotpha.reports.annexes import Progress
from dotpha.reports.exports.catalogue import ExportFile, ExportKind, register
from dotpha.reports.exports.xlsx import XLSX_TYPE, Book
from dotpha.reports.heading import default_heading
from dotpha.reports.selectors import StatsFilter
from dotpha.tasks.models import Evaluation, GradingSheet, Task
from dotpha.tasks.permissions import is_authority_over, may_decide_tasks
from dotpha.tasks.selectors.grading import sheet_of, sheet_rows_streamed, sheet_tasks

COLUMNS = [
    ("STT", 6),
    ("Người được giao", 22),
    ("Tên việc", 40),
    ("Thời hạn", 12),
    ("Tự đánh giá", 16),
    ("Tự nhận xét", 36),
    ("Báo cáo gần nhất (%)", 11),
    ("Chỉ tiêu đạt", 10),
    ("Mốc hoàn thành", 10),
    ("Vướng mắc chưa tháo gỡ", 11),
    ("Mức dự kiến (bản nháp)", 16),
    ("Kết quả đánh giá", 16),
    ("Trước kế hoạch", 10),
    ("Nhận xét", 40),
]


@dataclass(frozen=True)
class GradingSheetRequest:
    root: Unit  # the authority unit (the read log names it)
    period: Period
    filter: StatsFilter


def _id(data: Mapping[str, str], key: str) -> int:
    raw = str(data.get(key, ""))
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    return int(raw)


def _parse(user: User, data: Mapping[str, str]) -> GradingSheetRequest:
    if not may_decide_tasks(user):
        raise PermissionDenied
    period = Period.objects.select_related("programme").filter(pk=_id(data, "period")).first()
    unit = Unit.objects.filter(pk=_id(data, "unit")).first()
    if period is None or unit is None or not is_authority_over(user, unit, period.programme):
        raise Http404
    return GradingSheetRequest(
        root=unit, period=period, filter=StatsFilter(programme=period.programme, period=period)
    )


def _grade(code: str) -> str:
    return str(Grade(code).label) if code else ""


def _evaluation(task: Task) -> Evaluation | None:
    try:
        return task.evaluation
    except Evaluation.DoesNotExist:
        return None


def _cells(n: int, task: Task) -> list:
    """One row; `task` comes from `sheet_rows` (its facts annotated, its draft line attached)."""
    facts = vars(task)
    evaluation = _evaluation(task)
    graded = evaluation.grade if evaluation else ""
    line = facts["line"]
    if line is not None and line.grade:
        ahead, comment = line.ahead_of_plan, line.comment
    else:
        ahead = bool(graded) and evaluation.ahead_of_plan  # type: ignore[union-attr]
        comment = (line.comment if line else "") or (evaluation.comment if graded else "")  # type: ignore[union-attr]
    return [
        n,
        str(task.assignee),
        task.title,
        f"{task.deadline:%d/%m/%Y}" if task.deadline else "",
        _grade(evaluation.self_grade) if evaluation else "",
        evaluation.self_assessment if evaluation else "",
        facts["latest_percent"],
        f"{facts['targets_reached']}/{facts['targets_total']}",
        f"{facts['milestones_done']}/{facts['milestones_total']}",
        facts["open_obstacles"],
        _grade(line.grade) if line else "",
        _grade(graded),
        "x" if ahead else "",
        comment,
    ]


def _status_line(sheet: GradingSheet | None) -> str:
    if sheet is not None and sheet.is_locked and sheet.confirmed_at:
        return f"Đã xác nhận và khóa ngày {sheet.confirmed_at:%d/%m/%Y}"
    return "Bản nháp: mức dự kiến chưa là kết quả đánh giá"


def _build(
    user: User, request: GradingSheetRequest, today: datetime.date, progress: Progress | None
) -> ExportFile:
    period, unit = request.period, request.root
    tasks = sheet_rows_streamed(user, period, unit, today=today)
    # the worker's job page shows how far it is (one count, only there)
    total = sheet_tasks(user, period, unit).count() if progress is not None else 0
    book = Book(streamed=True)
    ws = book.sheet(f"Đánh giá {period.name}")
    row = book.title_block(
        ws,
        heading=default_heading(unit, request.filter, today=today),
        title=f"BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN VIỆC ĐỘT PHÁ, ĐỔI MỚI KỲ {period.name}".upper(),
        lines=[
            f"{period.programme} · cấp đánh giá: {unit.name}",
            _status_line(sheet_of(period, unit)),
        ],
        width=len(COLUMNS),
        taken_on=today,
    )
    row = book.header(ws, row, [c for c, _w in COLUMNS], [w for _c, w in COLUMNS])
    for n, task in enumerate(tasks, start=1):
        for col, value in enumerate(_cells(n, task)):
            fmt = book.fmt.int if isinstance(value, int) else book.fmt.text
            write_value(ws, row, col, value, fmt)  # names, titles, assessments, comments: user text, as text
        row += 1
        if progress is not None and n % 1000 == 0:
            progress(n, total)
    slug = f"{unit.code}-{period.name}".replace("/", "-").replace(" ", "-")
    return ExportFile(f"bang-danh-gia-{slug}.xlsx", XLSX_TYPE, file=book.close_file())


register(
    ExportKind(
        code="grading_sheet",
        label="Bảng đánh giá cuối năm (Excel)",
        parse=_parse,
        # a province's sheet may hold tens of thousands of tasks: above the bound, built by the worker
        estimate=lambda user, request, today: sheet_tasks(user, request.period, request.root).count(),
        build=_build,
    )
)
