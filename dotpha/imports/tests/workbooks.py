"""Workbooks for tests, built the way offices build them: a title block (merged) above the header row."""

import datetime
import io
from typing import Any

from openpyxl import Workbook

from dotpha.imports.org_layout import CADRE_COLUMNS, CADRE_SHEET, UNIT_COLUMNS, UNIT_SHEET
from dotpha.imports.reader import Column

UNIT_HEADERS = [c.header for c in UNIT_COLUMNS]
CADRE_HEADERS = [c.header for c in CADRE_COLUMNS]


def excel_datetime(year: int, month: int, day: int) -> datetime.datetime:
    """What openpyxl reads from a date cell: a datetime without time zone, as Excel stores none."""
    return datetime.datetime(year, month, day)  # noqa: DTZ001


def unit(code: str, name: str, parent: str | None, kind: str, **cells: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "parent_code": parent, "kind": kind, **cells}


def cadre(code: str, full_name: str | None = None, gender: str | None = None, **cells: Any) -> dict[str, Any]:
    return {"code": code, "full_name": full_name, "gender": gender, **cells}


def org_workbook(
    units: list[dict[str, Any]] | None = None,
    cadres: list[dict[str, Any]] | None = None,
    *,
    title: bool = True,
) -> bytes:
    """An .xlsx with the "Đơn vị" and/or "Cán bộ" sheet; rows are dicts keyed by column key."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    if units is not None:
        _sheet(workbook, UNIT_SHEET, UNIT_COLUMNS, units, "DANH SÁCH ĐƠN VỊ", title)
    if cadres is not None:
        _sheet(workbook, CADRE_SHEET, CADRE_COLUMNS, cadres, "DANH SÁCH CÁN BỘ", title)
    return to_bytes(workbook)


def raw_workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return to_bytes(workbook)


def to_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet(workbook: Workbook, name: str, columns: tuple[Column, ...], rows, title_text: str, title: bool):
    sheet = workbook.create_sheet(name)
    if title:
        sheet.append(["TỈNH ỦY THỬ NGHIỆM", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
        sheet.append([title_text])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
        sheet.append([])
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    return sheet


def header_row(title: bool = True) -> int:
    return 4 if title else 1
