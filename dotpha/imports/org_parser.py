"""Read an .xlsx of units and cadres into an `OrgImportPlan`: every row checked, every problem listed with
its sheet, row and column, nothing written. Whatever the bytes hold, the answer is a plan, never an
exception."""

from typing import IO

from dotpha.accounts.models import User
from dotpha.accounts.permissions import can_manage_org
from dotpha.imports.cells import CellError, cell_text
from dotpha.imports.org_cadre_rows import parse_cadre_rows
from dotpha.imports.org_context import OrgImportContext
from dotpha.imports.org_layout import CADRE_COLUMNS, CADRE_SHEET, MAX_ROWS, UNIT_COLUMNS, UNIT_SHEET
from dotpha.imports.org_plan import OrgImportPlan
from dotpha.imports.org_unit_rows import parse_unit_rows
from dotpha.imports.reader import (
    NOT_XLSX_MESSAGE,
    Issue,
    Table,
    WorkbookError,
    find_sheet,
    open_workbook,
    read_table,
)

NO_PERMISSION = "Bạn không có quyền nhập đơn vị, cán bộ."
NO_SHEETS = f"Tệp không có trang “{UNIT_SHEET}” hay trang “{CADRE_SHEET}” (xem tệp mẫu)"
NO_ROWS = "Tệp không có dòng dữ liệu nào"


def org_import_parse(file: bytes | IO[bytes], *, actor: User) -> OrgImportPlan:
    if not can_manage_org(actor):
        return OrgImportPlan(issues=[Issue(NO_PERMISSION)])
    data = file if isinstance(file, bytes) else file.read()
    try:
        units, cadres, issues = _read_tables(data)
    except WorkbookError as error:
        return OrgImportPlan(issues=[Issue(error.message)])
    if issues:
        return OrgImportPlan(issues=issues)
    if not (units and units.rows) and not (cadres and cadres.rows):
        return OrgImportPlan(issues=[Issue(NO_ROWS)])

    ctx = OrgImportContext(
        actor=actor,
        unit_codes=_codes(units, "code", "parent_code") | _codes(cadres, "unit_code", "managing_unit_code"),
        cadre_codes=_codes(cadres, "code"),
    )
    plan = OrgImportPlan(actor_id=actor.pk)
    if units is not None:
        plan.units, unit_issues = parse_unit_rows(units, ctx)
        plan.issues.extend(unit_issues)
    if cadres is not None:
        plan.cadres, cadre_issues = parse_cadre_rows(cadres, ctx)
        plan.issues.extend(cadre_issues)
    return plan


def _read_tables(data: bytes) -> tuple[Table | None, Table | None, list[Issue]]:
    workbook = open_workbook(data)
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
    except WorkbookError:
        raise
    except Exception:  # a sheet's XML is read lazily, row by row: a broken file fails here, not on open.
        raise WorkbookError(NOT_XLSX_MESSAGE) from None
    finally:
        workbook.close()


def _codes(table: Table | None, *keys: str) -> set[str]:
    codes: set[str] = set()
    if table is None:
        return codes
    for row in table.rows:
        for key in keys:
            try:
                code = cell_text(row.values.get(key))
            except CellError:
                continue
            if code:
                codes.add(code)
    return codes
