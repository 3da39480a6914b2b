"""Turn the value of one spreadsheet cell into a Python value, or say in Vietnamese why it cannot.

openpyxl hands over whatever the file holds: text, int, float, bool, datetime, time, or an error code such
as "#N/A" read as text. Each reader here accepts all of them and raises `CellError` for anything else.
"""

import datetime
import math
import re
import unicodedata
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.datetime import from_excel

DATE_FORMAT_MESSAGE = "Ngày không đúng dạng dd/mm/yyyy"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR_TEXT = re.compile(r"^\d{4}$")
# Excel serial numbers for 01/01/1900 .. 31/12/2100: a number in a date column outside these is not a date.
_FIRST_SERIAL, _LAST_SERIAL = 1, 73415
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


class CellError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_text(value: Any) -> str:
    """Text with composed Vietnamese letters (NFC) and single spaces; "" for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == datetime.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    text = unicodedata.normalize("NFC", str(value).translate(_INVISIBLE))
    text = " ".join(text.split())
    if text in ERROR_CODES:
        raise CellError(f"Ô có lỗi công thức “{text}”")
    return text


def cell_date(value: Any) -> datetime.date | None:
    """A real Excel date, or text "dd/mm/yyyy" (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _sane(value.date())
    if isinstance(value, datetime.date):
        return _sane(value)
    if isinstance(value, bool):
        raise CellError(DATE_FORMAT_MESSAGE)
    if isinstance(value, int | float):
        # A date typed into a cell whose date format was lost arrives as its serial number.
        if not (math.isfinite(value) and _FIRST_SERIAL <= value <= _LAST_SERIAL):
            raise CellError(DATE_FORMAT_MESSAGE)
        serial = from_excel(value)
        if not isinstance(serial, datetime.datetime):
            raise CellError(DATE_FORMAT_MESSAGE)
        return _sane(serial.date())
    if not isinstance(value, str):
        raise CellError(DATE_FORMAT_MESSAGE)
    text = cell_text(value)
    if not text:
        return None
    match = _DATE_TEXT.match(text)
    if not match:
        raise CellError(DATE_FORMAT_MESSAGE)
    day, month, year = (int(part) for part in match.groups())
    try:
        parsed = datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"Ngày “{text}” không có trên lịch") from None
    return _sane(parsed)


def cell_year(value: Any) -> int | None:
    """A four-digit year typed as a number or as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("Năm phải là số có bốn chữ số")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise CellError("Năm phải là số có bốn chữ số")
    if isinstance(value, datetime.date):
        return value.year
    text = cell_text(value)
    if not text:
        return None
    if not _YEAR_TEXT.match(text):
        raise CellError("Năm phải là số có bốn chữ số")
    return int(text)


def _sane(day: datetime.date) -> datetime.date:
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise CellError(f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng {_FIRST_YEAR}–{_LAST_YEAR}")
    return day
