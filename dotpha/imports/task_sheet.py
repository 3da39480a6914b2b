"""Read a task list the way an office lays it out: a title block, a header of one or two rows with merged
cells (“Người được giao” over “Họ và tên” and “Chức vụ”), often a row numbering the columns “(1) (2) (3)”,
then group rows and numbered rows, sometimes a signature block at the end.

Merged cells are read as if every cell of the merge held its value, so a name merged down over the three
rows of one cadre's tasks belongs to each of them. Columns are matched to ours by their headers, ignoring
case and diacritics; a close but not exact header is only a suggestion for the user to confirm.
"""

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from dotpha.core.search import normalize_search
from dotpha.imports.cells import CellError, cell_text
from dotpha.imports.reader import (
    MAX_SCANNED_ROWS,
    NOT_XLSX_MESSAGE,
    ArchiveLimits,
    Hidden,
    Issue,
    WorkbookError,
    header_key,
    open_workbook,
    sheet_rows,
)
from dotpha.imports.task_layout import COLUMNS, HEADER_SEARCH_ROWS, MAX_COLUMNS, MAX_ROWS, REQUIRED

SURE = 0.85  # a header this close to one of ours is taken without asking
CLOSE = 0.6  # this close, it is offered as a suggestion
MAX_SHEETS = 20
MAX_MERGES = 20_000
NO_HEADER = (
    "Không tìm thấy dòng tiêu đề của danh sách (các cột như “Tên việc”, “Họ và tên”, “Thời hạn”) "
    f"trong {HEADER_SEARCH_ROWS} dòng đầu"
)
NO_SHEET = "Tệp không có trang nào có danh sách việc"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
# "I. CẤP TỈNH", "II - CÁC SỞ, NGÀNH", "III) CẤP XÃ"; in the STT column alone: "I", "II.", "III -"
_GROUP_HEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])(?:[.)]|\s*[-–—])(?:\s|$)")
_GROUP_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-Z])\s*[.)\-–—]?$")
# sub-groups carrying no assignee: "1." or "a)" in the STT column, or before the heading's text
_SUB_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])$")
_SUB_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])\s+\S")
# under the list: footnotes, totals, the signature block, the recipients
_FOOTER = re.compile(
    r"^(?:noi nhan|t/m\b|tm\.|k/t\b|kt\.|nguoi lap bieu|ghi chu|luu y|chu thich"
    r"|tong cong\b|tong so\s*(?::|$)|cong:)"
)
_SIGNER = re.compile(r"^(?:pho )?(?:bi thu|chu tich|truong ban|giam doc|thu truong)$")
_ANNEX_NAME = re.compile(r"phu luc|danh sach|\bds\b|giao viec")


@dataclass(frozen=True)
class SheetColumn:
    index: int
    parts: tuple[str, ...]  # header texts from top to bottom, e.g. ("Người được giao", "Họ và tên")

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def header(self) -> str:
        return " / ".join(self.parts) if self.parts else f"Cột {self.letter}"

    @property
    def choice_label(self) -> str:
        return f"{self.letter}: {self.header}" if self.parts else self.header


@dataclass
class TaskSheet:
    name: str
    header_row: int  # Excel's number of the (last) header row
    columns: list[SheetColumn]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, cell values) below the header
    title_lines: list[str] = field(default_factory=list)
    suggestion: dict[str, int] = field(default_factory=dict)  # our column key -> column index
    scores: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    rivals: dict[str, list[int]] = field(default_factory=dict)  # our key -> other columns that could be it

    @property
    def confident(self) -> bool:
        """Every required column found, every column found by a header we know, and no field that two
        columns could serve."""
        return (
            all(k in self.suggestion for k in REQUIRED)
            and all(s >= SURE for s in self.scores.values())
            and not self.rivals
        )

    def column(self, index: int) -> SheetColumn:
        for column in self.columns:
            if column.index == index:
                return column
        return SheetColumn(index, ())


def read_task_sheets(data: bytes, limits: ArchiveLimits | None = None) -> tuple[list[TaskSheet], list[Issue]]:
    """Every sheet that holds a list, best first. Raises WorkbookError for a file that is not a workbook.
    Pure (no database): task_parser runs it in a child process with a memory ceiling."""
    workbook = open_workbook(data, limits)
    try:
        sheets: list[TaskSheet] = []
        issues: list[Issue] = []
        for worksheet in workbook.worksheets[:MAX_SHEETS]:
            if getattr(worksheet, "sheet_state", "visible") != "visible":
                continue  # a hidden sheet is a draft or a lookup list, never the annex
            grid, too_big = _grid(worksheet)
            if too_big:
                message = f"Trang có hơn {MAX_ROWS} dòng dữ liệu: hãy chia thành nhiều tệp"
                issues.append(Issue(message, sheet=worksheet.title))
                continue
            sheet = _find_table(worksheet.title, grid)
            if sheet is not None:
                sheets.append(sheet)
        if not sheets and not issues:
            issues.append(Issue(NO_HEADER if workbook.worksheets else NO_SHEET))
        sheets.sort(key=lambda s: -s.score - (0.5 if _ANNEX_NAME.search(normalize_search(s.name)) else 0))
        return sheets, issues
    except (WorkbookError, MemoryError):  # a MemoryError is the child's ceiling: said as such
        raise
    except Exception:  # rows and merges are read lazily: a broken sheet fails here, not on open
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    finally:
        workbook.close()


def column_index(letter: str) -> int | None:
    try:
        index = column_index_from_string(letter.strip().upper()) - 1
    except ValueError:
        return None
    return index if 0 <= index < MAX_COLUMNS else None


def is_annex_name(name: str) -> bool:
    """ "Phụ lục", "Danh sách giao việc", "DS 2024": a sheet named as the list itself."""
    return bool(_ANNEX_NAME.search(normalize_search(name)))


def text_of(value: Any) -> str:
    try:
        return cell_text(value)
    except CellError:
        return ""


def is_footer(cells: tuple[Any, ...], number_index: int | None = None) -> bool:
    """ "Ghi chú: …", "Tổng cộng", "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "BÍ THƯ": what follows the list."""
    if number_index is not None and number_index < len(cells):
        number = text_of(cells[number_index])
        if number[:1].isdigit():
            return False
    values = _distinct_texts(cells)
    if not values or len(values) > 4:
        return False
    keys = [normalize_search(v) for v in values]
    return any(_FOOTER.match(k) for k in keys) or all(_SIGNER.match(k.strip(" .:")) for k in keys)


def is_group_row(cells: tuple[Any, ...], number_index: int | None, data_indexes: list[int]) -> bool:
    """ "I. Cấp tỉnh" alone (or merged across the row), or "II" in the STT column beside a group name with
    no name and no deadline."""
    values = _distinct_texts(cells)
    if values and len(values) <= 2 and _GROUP_HEADING.match(values[0]):
        return True
    if number_index is None or number_index >= len(cells):
        return False
    number = text_of(cells[number_index])
    if not _GROUP_NUMBER.match(number):
        return False
    # the group's title merged across the row fills the name and deadline columns too
    return len(values) <= 2 or all(i >= len(cells) or not text_of(cells[i]) for i in data_indexes)


def is_sub_group_row(cells: tuple[Any, ...], number_index: int | None, data_indexes: list[int]) -> bool:
    """ "1. Lĩnh vực kinh tế", "a) Khối đảng": a heading inside a group, with no assignee and no deadline."""
    if any(i < len(cells) and text_of(cells[i]) for i in data_indexes):
        return False
    number = text_of(cells[number_index]) if number_index is not None and number_index < len(cells) else ""
    if number:
        return bool(_SUB_NUMBER.match(number))
    values = _distinct_texts(cells)
    return bool(values) and bool(_SUB_HEADING.match(values[0]))


def group_text(cells: tuple[Any, ...]) -> str:
    values = _distinct_texts(cells)
    text = " ".join(values)
    text = re.sub(r"^(?:[IVXLC]+|[A-Z])\s*(?:[.)]|[-–—])?\s+", "", text)
    return re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])\s*", "", text).strip()


# ---- the grid ---------------------------------------------------------------------------------------


def _grid(worksheet) -> tuple[list[list[Any]], bool]:
    grid: list[list[Any]] = []
    filled = 0
    limit = MAX_ROWS + HEADER_SEARCH_ROWS + 50
    hidden = Hidden()
    for count, cells in enumerate(sheet_rows(worksheet, MAX_COLUMNS, hidden), start=1):
        if count > MAX_SCANNED_ROWS:
            return grid, True
        row = list(cells)
        while row and row[-1] is None:
            row.pop()
        if row:
            filled += 1
            if filled > limit:
                return grid, True
        grid.append(row)
    while grid and not grid[-1]:
        grid.pop()
    for top, left, bottom, right in _merges(worksheet, len(grid)):
        _fill(grid, top, left, bottom, right)
    # Hidden rows and columns are not read, after the merges so that a merge cannot bring them back: a
    # hidden draft column must not beat the visible one, a hidden withdrawn row must not become a task.
    for number in hidden.rows:
        if 0 < number <= len(grid):
            grid[number - 1] = []
    for row in grid:
        for index in hidden.columns:
            if index < len(row):
                row[index] = None
    return grid, False


def _merges(worksheet, rows: int) -> Iterator[tuple[int, int, int, int]]:
    """Merged ranges as zero-based (top, left, bottom, right), read from the sheet's XML: openpyxl's
    read-only mode does not report them."""
    get_source = getattr(worksheet, "_get_source", None)
    if get_source is None or rows == 0:
        return
    found = 0
    tail = b""
    with get_source() as source:
        while chunk := source.read(1 << 16):
            text = tail + chunk
            last_end = 0
            for match in _MERGE.finditer(text):
                last_end = match.end()
                found += 1
                if found > MAX_MERGES:
                    return
                merge = _merge_range(match)
                if merge is not None and merge[0] < rows:
                    yield merge
            tail = text[max(last_end, len(text) - 200) :]


def _merge_range(match: re.Match[bytes]) -> tuple[int, int, int, int] | None:
    first_col, first_row, last_col, last_row = (g.decode() if g else "" for g in match.groups())
    left = column_index(first_col)
    right = column_index(last_col or first_col)
    top, bottom = int(first_row) - 1, int(last_row or first_row) - 1
    if left is None or right is None or top < 0 or bottom < top or right < left:
        return None
    return top, left, bottom, right


def _fill(grid: list[list[Any]], top: int, left: int, bottom: int, right: int) -> None:
    if top >= len(grid) or left >= len(grid[top]):
        return
    value = grid[top][left]
    if value is None:
        return
    for r in range(top, min(bottom, len(grid) - 1) + 1):
        row = grid[r]
        if len(row) <= right:
            row.extend([None] * (right + 1 - len(row)))
        for c in range(left, right + 1):
            if r == top and c == left:
                continue
            row[c] = value


# ---- the header -------------------------------------------------------------------------------------


def _find_table(name: str, grid: list[list[Any]]) -> TaskSheet | None:
    search = grid[:HEADER_SEARCH_ROWS]
    best: tuple[float, int] | None = None
    for index, cells in enumerate(search):
        score = _row_score(cells)
        if score > 0 and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        fallback = next(
            (i for i, cells in enumerate(search) if len(_distinct_texts(cells, strings=True)) >= 3), None
        )
        if fallback is None:
            return None
        best = (0.0, fallback)
    score, top = best
    if top > 0 and _row_score(grid[top - 1]) > 0 and _is_sub_header(grid[top - 1], grid[top]):
        top -= 1  # the best row was the lower half of a two-row header
    bottom = top + 1 if top + 1 < len(grid) and _is_sub_header(grid[top], grid[top + 1]) else top
    first_data = bottom + 1
    if first_data < len(grid) and _is_numbering(grid[first_data]):
        first_data += 1
    width = max((len(grid[i]) for i in range(top, bottom + 1)), default=0)
    columns = []
    for index in range(width):
        parts: list[str] = []
        for r in range(top, bottom + 1):
            text = text_of(grid[r][index]) if index < len(grid[r]) else ""
            if text and text not in parts:
                parts.append(text)
        columns.append(SheetColumn(index, tuple(parts)))
    columns = [c for c in columns if c.parts] or columns
    suggestion, scores = suggest_mapping(columns)
    rivals = _rivals(columns, suggestion)
    title_lines = [" ".join(_distinct_texts(cells)) for cells in grid[:top] if _distinct_texts(cells)]
    rows = [(number + 1, tuple(grid[number])) for number in range(first_data, len(grid))]
    return TaskSheet(
        name=name,
        header_row=bottom + 1,
        columns=columns,
        rows=rows,
        title_lines=title_lines,
        suggestion=suggestion,
        scores=scores,
        score=score,
        rivals=rivals,
    )


def _row_score(cells: list[Any]) -> float:
    texts = _distinct_texts(cells, strings=True)
    if len(texts) < 2:
        return 0.0
    total = 0.0
    for text in texts:
        best = max(_score(column.key, (text,)) for column in COLUMNS)
        if best >= CLOSE:
            total += best
    return total if total >= 2 * CLOSE else 0.0


def _is_sub_header(top: list[Any], below: list[Any]) -> bool:
    """The second row of a two-row header: only text, no group heading, not the column numbers, and either
    a header we know or text under a cell the row above leaves empty (merged across the columns)."""
    values = [v for v in below if v is not None and text_of(v)]
    if not values or not all(isinstance(v, str) for v in values) or _is_numbering(below):
        return False
    if len(_distinct_texts(top, strings=True)) < 2:  # a title line, not the upper half of a header
        return False
    if _GROUP_HEADING.match(text_of(values[0])):
        return False
    filled = [i for i, v in enumerate(below) if v is not None and text_of(v)]
    merged_down = any(i < len(top) and below[i] == top[i] for i in filled)
    merged_across = any(0 < i < len(top) and top[i] is not None and top[i] == top[i - 1] for i in filled)
    under_blank = any(i >= len(top) or top[i] is None for i in filled)
    return merged_down or merged_across or (under_blank and _row_score(below) > 0) or _row_score(below) > 1.5


def _is_numbering(cells: list[Any]) -> bool:
    values = [v for v in cells if v is not None and text_of(v)]
    if len(values) < 2:
        return False
    return all(
        (isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 100)
        or _NUMBERING.match(text_of(v))
        for v in values
    )


def _distinct_texts(cells, *, strings: bool = False) -> list[str]:
    seen: list[str] = []
    for value in cells:
        if value is None or (strings and not isinstance(value, str)):
            continue
        text = text_of(value)
        if text and text not in seen:
            seen.append(text)
    return seen


# ---- matching headers to our columns -----------------------------------------------------------------

_VOCABULARY = {
    c.key: tuple(dict.fromkeys(header_key(s) for s in (c.header, c.label, *c.synonyms))) for c in COLUMNS
}


def suggest_mapping(columns: list[SheetColumn]) -> tuple[dict[str, int], dict[str, float]]:
    """Each of our columns to at most one of the file's, the closest pairs first."""
    pairs = []
    for column in columns:
        for ours in COLUMNS:
            score = _score(ours.key, column.parts)
            if score >= CLOSE:
                pairs.append((score, column.index, ours.key))
    pairs.sort(key=lambda p: (-p[0], p[1]))
    suggestion: dict[str, int] = {}
    scores: dict[str, float] = {}
    used: set[int] = set()
    for score, index, key in pairs:
        if key in suggestion or index in used:
            continue
        suggestion[key] = index
        scores[key] = round(score, 3)
        used.add(index)
    return suggestion, scores


def _rivals(columns: list[SheetColumn], suggestion: dict[str, int]) -> dict[str, list[int]]:
    """Columns left unused whose header is one of ours as surely as the column suggested for it: two
    "Thời hạn" columns, "Họ và tên" and "Cán bộ". The user must say which is meant."""
    used = set(suggestion.values())
    rivals: dict[str, list[int]] = {}
    for key in suggestion:
        for column in columns:
            if column.index not in used and _score(key, column.parts) >= SURE:
                rivals.setdefault(key, []).append(column.index)
    return rivals


def _score(key: str, parts: tuple[str, ...]) -> float:
    """How close a header (its parts from top to bottom) is to one of ours; the lower part of a two-row
    header says more than the merged cell above it."""
    if not parts:
        return 0.0
    weighted = [(1.0, parts[-1])]
    if len(parts) > 1:
        weighted += [(0.9, p) for p in parts[:-1]] + [(0.95, " ".join(parts))]
    best = 0.0
    for weight, part in weighted:
        text = header_key(part)
        if not text:
            continue
        for word in _VOCABULARY[key]:
            best = max(best, weight * _similarity(text, word))
            if best >= 1.0:
                return best
    return best


def _similarity(text: str, word: str) -> float:
    if text == word:
        return 1.0
    if len(text) > 80:
        return 0.0
    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        return 0.85 + 0.1 * len(word) / len(text)
    return 0.85 * difflib.SequenceMatcher(None, text, word).ratio()
