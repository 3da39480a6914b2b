"""Read tables out of an .xlsx file made by people: a title block above the header row, merged title cells,
group rows ("I.", "II.") between data rows, columns in any order, extra columns such as "STT".

Nothing here knows about units or cadres: a caller names its columns, gets rows of raw cell values keyed
by column, and a list of `Issue` for what could not be read.
"""

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dotpha.core.search import normalize_search

HEADER_SEARCH_ROWS = 10
NOT_XLSX_MESSAGE = "Tệp không phải Excel .xlsx hoặc bị hỏng"
OLD_XLS_MESSAGE = "Tệp là dạng Excel cũ (.xls): hãy mở bằng Excel và lưu lại dạng .xlsx"
TOO_BIG_MESSAGE = "Tệp quá lớn khi giải nén; hãy chia thành nhiều tệp"
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GROUP_HEADING = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)](?:\s|$)")


@dataclass(frozen=True)
class Issue:
    """One thing wrong with the file, placed as Excel shows it: sheet, row number, column header."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def describe(self) -> str:
        place = [f"trang “{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            place.append(f"dòng {self.row}")
        if self.column:
            place.append(f"cột “{self.column}”")
        if not place:
            return self.message
        text = ", ".join(place)
        return f"{text[0].upper()}{text[1:]}: {self.message}"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: float = 16
    note: str = ""

    def matches(self, text: str) -> bool:
        wanted = {header_key(self.header), *(header_key(a) for a in self.aliases)}
        return header_key(text) in wanted


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]


@dataclass
class Table:
    sheet: str
    header_row: int
    rows: list[SheetRow] = field(default_factory=list)


class WorkbookError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def header_key(text: Any) -> str:
    """ "Mã đơn vị (*)" and "MÃ ĐƠN VỊ:" both read as "ma don vi"."""
    raw = re.sub(r"\(.*?\)|[*:]", " ", str(text or ""))
    return normalize_search(raw).strip(" .")


def open_workbook(data: bytes) -> Workbook:
    if data.startswith(_OLE_SIGNATURE):
        raise WorkbookError(OLD_XLS_MESSAGE)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(NOT_XLSX_MESSAGE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except Exception:
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    if unpacked > MAX_UNPACKED_BYTES:  # a few MB that unpack to gigabytes would exhaust the server
        raise WorkbookError(TOO_BIG_MESSAGE)
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "no default style": harmless for reading.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen kinds for a broken file; each means the same here.
        raise WorkbookError(NOT_XLSX_MESSAGE) from None


def find_sheet(workbook: Workbook, title: str):
    """The sheet whose name matches `title` ignoring case, diacritics and spaces; None if there is none."""
    wanted = header_key(title)
    for sheet in workbook.worksheets:
        if header_key(sheet.title) == wanted:
            return sheet
    return None


def read_table(
    sheet, title: str, columns: Iterable[Column], *, max_rows: int
) -> tuple[Table | None, list[Issue]]:
    """Find the header row among the first rows, then collect each data row's values by column key.
    Blank rows and group rows ("I. KHỐI ĐẢNG") are skipped."""
    columns = tuple(columns)
    sheet.reset_dimensions()  # some programs write a wrong size; read what is really there
    rows = _numbered_rows(sheet)
    header = _find_header(rows, columns)
    if header is None:
        names = ", ".join(f"“{c.header}”" for c in columns if c.required)
        message = f"Không tìm thấy dòng tiêu đề ({names}) trong {HEADER_SEARCH_ROWS} dòng đầu"
        return None, [Issue(message, sheet=title)]
    header_number, positions, missing = header
    if missing:
        names = ", ".join(f"“{c.header}”" for c in missing)
        return None, [Issue(f"Thiếu cột {names}", sheet=title, row=header_number)]
    table = Table(sheet=title, header_row=header_number)
    for number, cells in rows:
        if len(table.rows) >= max_rows:
            message = f"Trang có hơn {max_rows} dòng dữ liệu: hãy chia thành nhiều tệp"
            return None, [Issue(message, sheet=title)]
        values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        if _is_blank(values.values()) or _is_group_row(cells):
            continue
        table.rows.append(SheetRow(number, values))
    return table, []


def _numbered_rows(sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # openpyxl fills the rows a file leaves out, so counting from 1 gives the row number Excel shows.
    for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        yield number, tuple(cells)


def _find_header(
    rows: Iterator[tuple[int, tuple[Any, ...]]], columns: tuple[Column, ...]
) -> tuple[int, dict[str, int], list[Column]] | None:
    """The first row holding every required header; failing that, the row that holds most of them."""
    best: tuple[int, dict[str, int], list[Column]] | None = None
    for number, cells in rows:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            if not isinstance(cell, str):
                continue
            for column in columns:
                if column.key not in positions and column.matches(cell):
                    positions[column.key] = index
                    break
        missing = [c for c in columns if c.required and c.key not in positions]
        if positions and not missing:
            return number, positions, []
        found = len(positions)
        if found >= 2 and (best is None or found > len(best[1])):
            best = (number, positions, missing)
        if number >= HEADER_SEARCH_ROWS:
            break
    return best


def _is_blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_group_row(cells: tuple[Any, ...]) -> bool:
    filled = [c for c in cells if not _is_blank([c])]
    if not filled or len(filled) > 2 or not isinstance(filled[0], str):
        return False
    return bool(_GROUP_HEADING.match(filled[0].strip()))
