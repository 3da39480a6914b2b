"""Read the two tables of a unit and cadre import out of the workbook's bytes. Pure (no database):
org_parser runs it in a child process with a memory ceiling."""

from dotpha.imports.org_layout import CADRE_COLUMNS, CADRE_SHEET, MAX_ROWS, UNIT_COLUMNS, UNIT_SHEET
from dotpha.imports.reader import (
    NOT_XLSX_MESSAGE,
    ArchiveLimits,
    Issue,
    Table,
    WorkbookError,
    find_sheet,
    open_workbook,
    read_table,
)

NO_SHEETS = f"Tệp không có trang “{UNIT_SHEET}” hay trang “{CADRE_SHEET}” (xem tệp mẫu)"


def read_org_tables(
    data: bytes, limits: ArchiveLimits | None = None
) -> tuple[Table | None, Table | None, list[Issue]]:
    workbook = open_workbook(data, limits)
    try:
        unit_sheet = find_sheet(workbook, UNIT_SHEET)
        cadre_sheet = find_sheet(workbook, CADRE_SHEET)
        if unit_sheet is None and cadre_sheet is None:
            return None, None, [Issue(NO_SHEETS)]
        issues: list[Issue] = []
        units = cadres = None
        if unit_sheet is not None:
            units, found = read_table(unit_sheet, UNIT_SHEET, UNIT_COLUMNS, max_rows=MAX_ROWS)
            issues.extend(found)
        if cadre_sheet is not None:
            cadres, found = read_table(cadre_sheet, CADRE_SHEET, CADRE_COLUMNS, max_rows=MAX_ROWS)
            issues.extend(found)
        return units, cadres, issues
    except (WorkbookError, MemoryError):  # a MemoryError is the child's ceiling: said as such
        raise
    except Exception:  # a sheet's XML is read lazily, row by row: a broken file fails here, not on open.
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    finally:
        workbook.close()
