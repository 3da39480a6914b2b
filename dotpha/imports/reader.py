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
from openpyxl.worksheet._reader import WorkSheetParser

from dotpha.core.search import normalize_search

HEADER_SEARCH_ROWS = 10
NOT_XLSX_MESSAGE = "Tệp không phải Excel .xlsx hoặc bị hỏng"
ENCRYPTED_MESSAGE = (
    "Tệp được đặt mật khẩu nên không đọc được: hãy mở bằng Excel, bỏ mật khẩu "
    "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên"
)
OLD_XLS_MESSAGE = "Tệp là dạng Excel cũ (.xls): hãy mở bằng Excel và lưu lại dạng .xlsx"
TOO_BIG_MESSAGE = "Tệp quá lớn khi giải nén (tối đa {limit} MB); hãy chia thành nhiều tệp"
BOMB_MESSAGE = "Tệp quá lớn khi giải nén: nội dung bị nén bất thường, không đọc được"
TOO_MANY_PARTS_MESSAGE = "Tệp có quá nhiều thành phần bên trong ({count}); không phải tệp Excel thông thường"
MAX_COLUMNS = 60  # no list of ours has more; cells to the right are never read
MAX_SCANNED_ROWS = 100_000  # rows read, blank ones included, before a sheet is called too long
MAX_SHEET_CELLS = 400_000  # a list of ours fills at most 5,000 rows x 60 columns = 300,000
TOO_MANY_CELLS_MESSAGE = (
    "Một trang trong tệp có hơn 400.000 ô (thường do định dạng kéo đến cuối trang): "
    "hãy xóa các cột, dòng thừa hoặc chia thành nhiều tệp"
)
_CELL_TAGS = (b"<c ", b"<c>", b":c ")  # <c r="A1">, <c>, <x:c r="A1"> (a namespace prefix)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
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


@dataclass(frozen=True)
class ArchiveLimits:
    """What an .xlsx (a zip) may hold before anything unpacks it. The defaults are the settings'
    defaults; `archive_limits()` in upload_reading reads the settings."""

    unpacked_bytes: int = 50 * 1024 * 1024
    members: int = 1000
    ratio: int = 200  # unpacked / packed size of one part; sheets of real lists stay far below
    ratio_from_bytes: int = 1024 * 1024  # small parts (styles, themes) may compress better, harmlessly


def check_archive(data: bytes, limits: ArchiveLimits) -> None:
    """Refuse from the zip's directory alone, before openpyxl unpacks a byte: an old .xls or anything
    not a zip, too many parts, too much once unpacked, or a part compressed like a zip bomb. The sizes
    are the ones the directory declares; Python's zipfile never unpacks a part past its declared size
    (it fails the part's CRC instead), so a lying directory cannot smuggle more."""
    if data.startswith(_OLE_SIGNATURE):
        # Excel saves a password-protected .xlsx inside an OLE container, as an old .xls is saved: the
        # stream names tell them apart, and the user needs a different answer.
        if _ENCRYPTED_STREAM in data[: 1 << 20] or _ENCRYPTED_STREAM in data[-(1 << 20) :]:
            raise WorkbookError(ENCRYPTED_MESSAGE)
        raise WorkbookError(OLD_XLS_MESSAGE)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(NOT_XLSX_MESSAGE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception:
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    if len(parts) > limits.members:
        raise WorkbookError(TOO_MANY_PARTS_MESSAGE.format(count=len(parts)))
    if sum(part.file_size for part in parts) > limits.unpacked_bytes:
        raise WorkbookError(TOO_BIG_MESSAGE.format(limit=limits.unpacked_bytes // (1024 * 1024)))
    for part in parts:
        if part.file_size > limits.ratio_from_bytes and part.file_size > limits.ratio * part.compress_size:
            raise WorkbookError(BOMB_MESSAGE)


def count_cells(data: bytes) -> None:
    """Refuse a sheet of more cells than any list holds, counted in its XML before openpyxl parses it:
    parsing 100 rows of 16,384 cells costs seconds even when only 60 columns are kept, and openpyxl
    parses a sheet without a <dimension> twice. Streamed, so memory stays flat; run in the reading child,
    after check_archive has bounded what there is to unpack."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.infolist():
            if not part.filename.startswith("xl/worksheets/"):
                continue
            cells = 0
            tail = b""
            with archive.open(part) as stream:
                while chunk := stream.read(1 << 20):
                    text = tail + chunk
                    cells += sum(text.count(tag) for tag in _CELL_TAGS)
                    # a 3-byte tag cut by the chunk's end is whole in the next text, and only there
                    tail = text[-2:]
                    if cells > MAX_SHEET_CELLS:
                        raise WorkbookError(TOO_MANY_CELLS_MESSAGE)


def open_workbook(data: bytes, limits: ArchiveLimits | None = None) -> Workbook:
    check_archive(data, limits or ArchiveLimits())
    try:
        count_cells(data)
    except (WorkbookError, MemoryError):
        raise
    except Exception:  # a part that fails its checksum or will not unpack
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "no default style": harmless for reading.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except MemoryError:  # the reading child's ceiling, not a broken file
        raise
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
        if len(table.rows) >= max_rows or number > MAX_SCANNED_ROWS:
            message = f"Trang có hơn {max_rows} dòng dữ liệu: hãy chia thành nhiều tệp"
            return None, [Issue(message, sheet=title)]
        values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        if _is_blank(values.values()) or _is_group_row(cells):
            continue
        table.rows.append(SheetRow(number, values))
    return table, []


def _numbered_rows(sheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # sheet_rows fills the rows a file leaves out, so counting from 1 gives the row number Excel shows.
    yield from enumerate(sheet_rows(sheet), start=1)


@dataclass
class Hidden:
    """The rows (Excel's numbers) and columns (zero-based) a sheet hides: a reader may leave them out."""

    rows: set[int] = field(default_factory=set)
    columns: set[int] = field(default_factory=set)


def sheet_rows(sheet, max_col: int = MAX_COLUMNS, hidden: Hidden | None = None) -> Iterator[tuple[Any, ...]]:
    """The values of a read-only sheet's rows from row 1, rows the file leaves out given as (), each row
    at most `max_col` values long. Unlike openpyxl's iter_rows, the cells right of `max_col` are never
    parsed (openpyxl parses every cell of a row, then drops those outside the range asked for: 100 rows
    of 16,384 cells took 20 s), and the size the file declares is ignored, since some programs write a
    wrong one. `hidden`, when given, collects the hidden rows and columns (their cells are still given)."""
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = _CappedParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
            max_col=max_col,
            hidden=hidden,
        )
        expected = 1
        for number, cells in parser.parse():
            if number < expected:
                continue  # a row repeated or out of order: the first one counts
            for _ in range(expected, number):
                yield ()
            values: list[Any] = [None] * max((c["column"] for c in cells), default=0)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            expected = number + 1
            yield tuple(values)


class _CappedParser(WorkSheetParser):
    """openpyxl's sheet parser, keeping only the cells in the first `max_col` columns of each row."""

    def __init__(self, *args: Any, max_col: int, hidden: Hidden | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_col = max_col
        self.hidden = hidden

    def parse_column_dimensions(self, col):
        super().parse_column_dimensions(col)
        if self.hidden is not None and col.get("hidden") in ("1", "true"):
            try:
                first, last = int(col.get("min", "0")), int(col.get("max", "0"))
            except ValueError:
                return
            self.hidden.columns.update(range(max(first, 1) - 1, min(last, self.max_col)))

    def parse_row(self, row):
        # Cells come left to right, so those in the first max_col columns are among the first max_col
        # elements; the rest are dropped from the XML before a single one is turned into a value.
        del row[self.max_col :]
        hidden_row = row.get("hidden") in ("1", "true")
        number, cells = super().parse_row(row)
        if self.hidden is not None and hidden_row:
            self.hidden.rows.add(number)
        return number, [c for c in cells if 1 <= c["column"] <= self.max_col]


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
