"""Read a deadline as offices write it in a task list: a real Excel date, "31/12/2023", "tháng 12/2023",
"Quý III/2024", "6 tháng đầu năm 2024", "năm 2024", "giai đoạn 2021 - 2025", with or without diacritics and
words such as "trước", "đến hết", "cuối". A period without a day means its last day.

`parse_deadline` answers a date or raises `CellError` with a Vietnamese message; nothing else escapes.
"""

import calendar
import datetime
import math
import re
from typing import Any

from dotpha.core.search import normalize_search
from dotpha.imports.cells import CellError, cell_date, cell_text

HELP = "ghi ngày (31/12/2024), tháng (tháng 12/2024), quý (Quý IV/2024) hoặc năm (năm 2024)"
NOT_A_DEADLINE = "Thời hạn “{text}” không đọc được: " + HELP
ONGOING = "“{text}” không phải thời hạn hoàn thành: " + HELP
NO_YEAR = "Thời hạn “{text}” thiếu năm, ví dụ: {example}"
NO_SUCH_DAY = "Ngày “{text}” không có trên lịch"
YEAR_RANGE = (1900, 2100)
# Years typed as numbers: an Excel serial number of a plausible date is far above these.
_YEAR_NUMBERS = range(1990, 2101)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[/.\-]\s*"
_YEAR_SEP = r"(?:\s*[/.,\-]\s*|\s+nam\s+|\s+)"
_DATE = re.compile(rf"(?:ngay\s*)?(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})")
_DATE_WORDS = re.compile(r"(?:ngay\s*)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam\s+|[/,]\s*)(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(rf"(?:thang|t)\s*(\d{{1,2}}){_YEAR_SEP}(\d{{4}})")
_BARE_MONTH = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{4}})")
_DAY_MONTH = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*/\s*(\d{1,2})")
_MONTH_NO_YEAR = re.compile(r"thang\s*(\d{1,2})(?:\s+nam\s+nay)?")
_QUARTER = re.compile(rf"(?:quy|q\.?)\s*(iv|i{{1,3}}|[1-4]){_YEAR_SEP}(\d{{4}})")
_QUARTER_NO_YEAR = re.compile(r"(?:quy|q)\s*(iv|i{1,3}|[1-4])(?:\s+nam\s+nay)?")
_MONTHS_OF_YEAR = re.compile(r"(\d{1,2})\s+thang\s+(dau|cuoi)(?:\s+nam)?(?:\s*[/.\-]?\s*(\d{4}))?")
_HALF = re.compile(r"nua\s+(dau|cuoi)(?:\s+nam)?(?:\s*[/.\-]?\s*(\d{4}))?")
_YEAR = re.compile(r"(?:nam\s+)?(\d{4})")
_THIS_YEAR = re.compile(r"(?:trong\s+)?nam(?:\s+nay)?")
_RANGE = re.compile(
    r"(?:giai\s+doan\s+|nam\s+|tu\s+(?:nam\s+)?)?(\d{4})\s*(?:[-–—/]|den(?:\s+nam)?)\s*(\d{4})"
)
# Words around the period that do not change it: "trước ngày 30/6/2024", "đến hết Quý III/2024",
# "cuối năm 2024", "hoàn thành trong tháng 12/2023".
_LEADING = re.compile(
    r"^(?:thoi\s+han|han\s+chot|han|cham\s+nhat(?:\s+la)?|hoan\s+thanh|xong|truoc|den\s+het|den|het|cuoi|"
    r"trong|vao|ca|ket\s+thuc|muon\s+nhat)\b[\s:,]*"
)
_ONGOING = re.compile(
    r"^(?:thuong\s+xuyen|hang\s+(?:nam|thang|quy|tuan)|lien\s+tuc|dinh\s+ky|ca\s+nhiem\s+ky)"
)
_PARENTHESES = re.compile(r"\([^()]*\)")


def parse_deadline(value: Any, *, default_year: int | None = None) -> datetime.date | None:
    """The deadline a cell holds; None for an empty cell. `default_year` completes "Quý III" or "tháng 12"
    written in a list whose title already names the year."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(NOT_A_DEADLINE.format(text=cell_text(value)))
    if isinstance(value, datetime.date):
        return cell_date(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError(NOT_A_DEADLINE.format(text=value))
        if float(value).is_integer() and int(value) in _YEAR_NUMBERS:
            return _sane(datetime.date(int(value), 12, 31), str(int(value)))
        try:
            return cell_date(value)  # a date whose cell lost its date format: an Excel serial number
        except CellError:
            raise CellError(NOT_A_DEADLINE.format(text=cell_text(value))) from None
    if not isinstance(value, str):
        raise CellError(NOT_A_DEADLINE.format(text=str(value)[:40]))
    text = cell_text(value)
    if not text:
        return None
    return parse_deadline_text(text, default_year=default_year)


def parse_deadline_text(text: str, *, default_year: int | None = None) -> datetime.date:
    shown = text if len(text) <= 60 else f"{text[:57]}…"
    key = _key(text)
    if not key:
        raise CellError(NOT_A_DEADLINE.format(text=shown))
    if _ONGOING.match(key) or _ONGOING.match(normalize_search(text)):
        raise CellError(ONGOING.format(text=shown))
    day = _read(key, default_year, shown)
    if day is None:
        raise CellError(NOT_A_DEADLINE.format(text=shown))
    return _sane(day, shown)


def _key(text: str) -> str:
    """Lower case without diacritics, notes in parentheses and filler words removed."""
    key = normalize_search(_PARENTHESES.sub(" ", text))
    key = key.replace("–", "-").replace("—", "-").strip(" .;:,")
    while True:
        shorter = _LEADING.sub("", key, count=1).strip(" .;:,")
        if shorter == key:
            return key
        key = shorter


def _read(key: str, default_year: int | None, shown: str) -> datetime.date | None:
    for pattern, reader in _READERS:
        match = pattern.fullmatch(key)
        if match:
            return reader(match, default_year, shown)
    return None


def _date(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000
    return _calendar_day(year, month, day, shown)


def _date_words(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    day, month, year = (int(part) for part in match.groups())
    return _calendar_day(year, month, day, shown)


def _day_month(match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    day, month = (int(part) for part in match.groups())
    return _calendar_day(_year_or(default, shown, f"{day:02d}/{month:02d}/2024"), month, day, shown)


def _iso(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    year, month, day = (int(part) for part in match.groups())
    return _calendar_day(year, month, day, shown)


def _month(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    return _month_end(int(match.group(2)), int(match.group(1)), shown)


def _month_no_year(match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    month = int(match.group(1))
    return _month_end(_year_or(default, shown, f"tháng {month}/2024"), month, shown)


def _quarter(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    return _quarter_end(int(match.group(2)), _quarter_number(match.group(1)))


def _quarter_no_year(match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    quarter = _quarter_number(match.group(1))
    return _quarter_end(_year_or(default, shown, f"Quý {match.group(1).upper()}/2024"), quarter)


def _months_of_year(match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    """ "6 tháng đầu năm 2024" ends on 30/06; "6 tháng cuối năm 2024" ends with the year."""
    months, part, year_text = match.groups()
    count = int(months)
    if not 1 <= count <= 12:
        raise CellError(NOT_A_DEADLINE.format(text=shown))
    year = int(year_text) if year_text else _year_or(default, shown, f"{count} tháng đầu năm 2024")
    return _month_end(year, count if part == "dau" else 12, shown)


def _half(match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    part, year_text = match.groups()
    year = int(year_text) if year_text else _year_or(default, shown, "nửa đầu năm 2024")
    return _month_end(year, 6 if part == "dau" else 12, shown)


def _year(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    return datetime.date(_checked_year(int(match.group(1))), 12, 31)


def _this_year(_match: re.Match[str], default: int | None, shown: str) -> datetime.date:
    return datetime.date(_year_or(default, shown, "năm 2024"), 12, 31)


def _range(match: re.Match[str], _default: int | None, shown: str) -> datetime.date:
    first, last = int(match.group(1)), int(match.group(2))
    if last < first:
        raise CellError(f"Giai đoạn “{shown}” có năm kết thúc trước năm bắt đầu")
    return datetime.date(_checked_year(last), 12, 31)


_READERS = (
    (_DATE, _date),
    (_DATE_WORDS, _date_words),
    (_ISO, _iso),
    (_QUARTER, _quarter),
    (_QUARTER_NO_YEAR, _quarter_no_year),
    (_MONTHS_OF_YEAR, _months_of_year),
    (_HALF, _half),
    (_MONTH, _month),
    (_BARE_MONTH, _month),
    (_MONTH_NO_YEAR, _month_no_year),
    (_DAY_MONTH, _day_month),
    (_RANGE, _range),
    (_YEAR, _year),
    (_THIS_YEAR, _this_year),
)


def _quarter_number(text: str) -> int:
    return _ROMAN[text] if text in _ROMAN else int(text)


def _quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return datetime.date(_checked_year(year), month, calendar.monthrange(_checked_year(year), month)[1])


def _month_end(year: int, month: int, shown: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise CellError(f"Tháng {month} trong “{shown}” không có trên lịch")
    year = _checked_year(year)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _calendar_day(year: int, month: int, day: int, shown: str) -> datetime.date:
    year = _checked_year(year)  # CellError is a ValueError: checked before the calendar is asked
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(NO_SUCH_DAY.format(text=shown)) from None


def _year_or(default: int | None, shown: str, example: str) -> int:
    if default is None:
        raise CellError(NO_YEAR.format(text=shown, example=example))
    return default


def _checked_year(year: int) -> int:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise CellError(f"Năm {year} nằm ngoài khoảng {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    return year


def _sane(day: datetime.date, shown: str) -> datetime.date:
    if not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
        raise CellError(f"Thời hạn “{shown}” nằm ngoài khoảng {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    return day
