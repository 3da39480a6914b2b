"""Excel: every statistics table of a dashboard, one sheet each, and the annexes an office attaches to its
report (tasks by cadre, results by grade), with the same columns as the Word and PDF annexes."""

import datetime
from collections.abc import Callable, Iterable
from typing import IO

from dotpha.core.text_cells import write_value
from dotpha.reports.annexes import Group, TaskLine
from dotpha.reports.columns import Column, columns_for
from dotpha.reports.exports.xlsx import Book
from dotpha.reports.heading import Heading
from dotpha.reports.report import CADRE_ANNEX_COLUMNS, GRADE_ANNEX_COLUMNS
from dotpha.reports.selectors import Dashboard, Figures, StatsRow

LABEL_HEADINGS = {
    "units": "Đơn vị",
    "fields": "Lĩnh vực",
    "kinds": "Loại việc",
    "levels": "Cấp",
    "trend": "Năm",
    "cadres": "Cán bộ",
}


def _value(figures: Figures, column: Column) -> float | int | None:
    value = getattr(figures, column.code)
    if column.is_rate:
        return None if value is None else value / 100
    return value


def _write_row(book: Book, ws, row: int, cells: list, columns: list[Column], *, total: bool = False) -> None:
    fmt = book.fmt
    write_value(ws, row, 0, cells[0], fmt.total_text if total else fmt.center)
    write_value(ws, row, 1, cells[1], fmt.total_text if total else fmt.text)  # a unit's name: user text
    write_value(ws, row, 2, cells[2], fmt.total_text if total else fmt.text)
    for i, column in enumerate(columns):
        value = cells[3 + i]
        if column.is_rate:
            style = fmt.total_pct if total else fmt.pct
        else:
            style = fmt.total_int if total else fmt.int
        if value is None:
            ws.write_blank(row, 3 + i, None, style)
        else:
            ws.write_number(row, 3 + i, value, style)


def _total(board: Dashboard, code: str, rows: list[StatsRow]) -> Figures:
    if code != "trend":
        return board.total.figures
    total = Figures()
    for row in rows:
        total.merge(row.figures)
    return total


def statistics_workbook(
    board: Dashboard, heading: Heading, *, today: datetime.date, stamp: dict[str, str] | None = None
) -> bytes:
    book = Book(stamp=stamp)
    scope = board.root.name
    filters = ", ".join(board.filter.describe()) or "tất cả chương trình, kỳ"
    for code, title, rows in board.tables():
        columns = columns_for(code)
        ws = book.sheet(title)
        row = book.title_block(
            ws,
            heading=heading,
            title=f"THỐNG KÊ VIỆC ĐỘT PHÁ, ĐỔI MỚI {title.upper()}",
            lines=[f"Phạm vi: {scope}", f"Lọc: {filters}"],
            width=3 + len(columns),
            taken_on=today,
        )
        labels = ["STT", LABEL_HEADINGS[code], "Ghi chú", *(c.label for c in columns)]
        row = book.header(ws, row, labels, [6, 40, 18, *([12] * len(columns))])
        for n, line in enumerate(rows, start=1):
            cells = [n, line.label, line.note, *(_value(line.figures, c) for c in columns)]
            _write_row(book, ws, row, cells, columns)
            row += 1
        total = _total(board, code, rows)
        _write_row(
            book, ws, row, ["", "Tổng cộng", "", *(_value(total, c) for c in columns)], columns, total=True
        )
    return book.close()


def _groups_sheet(
    book: Book,
    *,
    name: str,
    heading: Heading,
    title: str,
    lines: list[str],
    columns: list[str],
    widths: list[float],
    items: Iterable[Group | TaskLine],
    group_cells: Callable[[Group], list],
    task_cells: Callable[[Group, TaskLine], list],
    today: datetime.date,
    before=None,
) -> None:
    """The title block, then each group's row followed by its tasks' rows, in the order `items` comes:
    written as they come (the book may be streamed)."""
    ws = book.sheet(name)
    row = book.title_block(ws, heading=heading, title=title, lines=lines, width=len(columns), taken_on=today)
    if before is not None:
        row = before(ws, row)
    row = book.header(ws, row, columns, widths)
    group = Group(number="", label="")
    last = len(columns) - 1
    for item in items:
        if isinstance(item, Group):
            group = item
            for col, value in enumerate(group_cells(group)):
                write_value(ws, row, col, value, book.fmt.group)
        else:
            for col, value in enumerate(task_cells(group, item)):
                style = book.fmt.center if col in (0, last) else book.fmt.text
                write_value(ws, row, col, value, style)  # titles, names, units: user text
        row += 1


def cadre_annex_workbook(
    items: Iterable[Group | TaskLine],
    heading: Heading,
    *,
    scope: str,
    filters: str,
    today: datetime.date,
    stamp: dict[str, str] | None = None,
) -> IO[bytes]:
    """The annex by cadre from its rows in order (`annexes.cadre_annex_items`, or `items_of(by_cadre(...))`),
    written to a temporary file as they come; the caller closes the file."""
    book = Book(stamp=stamp, streamed=True)
    _groups_sheet(
        book,
        name="Theo cán bộ",
        heading=heading,
        title="DANH SÁCH VIỆC ĐỘT PHÁ, ĐỔI MỚI ĐƯỢC GIAO THEO CÁN BỘ",
        lines=[f"Phạm vi: {scope}", f"Lọc: {filters}"],
        columns=CADRE_ANNEX_COLUMNS,
        widths=[7, 60, 35, 25, 12, 20, 20, 10],
        items=items,
        group_cells=lambda g: [g.number, g.label, g.note, "", "", "", "", ""],
        task_cells=lambda g, t: [
            f"{g.number}.{t.stt}",
            t.title,
            t.unit,
            t.field,
            t.deadline,
            t.progress,
            t.grade,
            t.ahead_mark,
        ],
        today=today,
    )
    return book.close_file()


def grade_annex_workbook(
    groups: list[Group],
    items: Iterable[Group | TaskLine],
    heading: Heading,
    *,
    scope: str,
    filters: str,
    today: datetime.date,
    stamp: dict[str, str] | None = None,
) -> IO[bytes]:
    """The annex by grade: the summary of `groups` (their counts), then the rows in order
    (`annexes.grade_annex_items`, or `items_of(by_grade(...))`), written to a temporary file as they come;
    the caller closes the file."""
    book = Book(stamp=stamp, streamed=True)

    def summary(ws, row: int) -> int:
        for col, label in enumerate(["STT", "Mức đánh giá", "Số việc", "Tỷ lệ", "Ghi chú"]):
            ws.write_string(row, col, label, book.fmt.header)
        row += 1
        total = sum(g.count for g in groups)
        for group in groups:
            write_value(ws, row, 0, group.number, book.fmt.center)
            write_value(ws, row, 1, group.label, book.fmt.text)
            ws.write_number(row, 2, group.count, book.fmt.int)
            ws.write_number(row, 3, group.count / total if total else 0, book.fmt.pct)
            write_value(ws, row, 4, group.note, book.fmt.text)
            row += 1
        ws.write_string(row, 1, "Tổng cộng", book.fmt.total_text)
        ws.write_number(row, 2, total, book.fmt.total_int)
        return row + 2

    _groups_sheet(
        book,
        name="Theo mức đánh giá",
        heading=heading,
        title="KẾT QUẢ ĐÁNH GIÁ VIỆC ĐỘT PHÁ, ĐỔI MỚI THEO MỨC",
        lines=[f"Phạm vi: {scope}", f"Lọc: {filters}"],
        columns=GRADE_ANNEX_COLUMNS,
        widths=[7, 60, 30, 30, 25, 12],
        items=items,
        group_cells=lambda g: [g.number, f"{g.label}: {g.count} việc ({g.rate})", "", "", "", ""],
        task_cells=lambda g, t: [t.stt, t.title, t.assignee, t.unit, t.field, t.ahead_mark],
        today=today,
        before=summary,
    )
    return book.close_file()
