"""Writing into Excel so that what users typed stays text. A task title or unit name such as
`=HYPERLINK("http://x","y")` must reach the file as that text, never as a live formula or link, in every
export; numbers stay numbers. xlsxwriter's generic `write()` turns strings starting with "=" into
formulas and "http://…" into links, so user text goes through `write_string`, and every workbook is also
opened with those conversions off (a belt: a `write()` left somewhere still writes text). The text is
not altered (no quote prefix): the cell is a string cell, which Excel never evaluates."""

import datetime
from decimal import Decimal

from xlsxwriter.worksheet import Worksheet

# options for xlsxwriter.Workbook(..., WORKBOOK_OPTIONS | {...})
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def write_value(ws: Worksheet, row: int, col: int, value: object, fmt=None) -> None:
    """A number as a number, nothing as an empty cell, anything else as text."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime.date):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def merge_text(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str, fmt):
    """Merged cells holding text: merged empty, then the text written as a string (xlsxwriter's way)."""
    ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
    if text:
        ws.write_string(first_row, first_col, text, fmt)
