"""Read an .xlsx of units and cadres into an `OrgImportPlan`: every row checked, every problem listed with
its sheet, row and column, nothing written. Whatever the bytes hold, the answer is a plan, never an
exception."""

from typing import IO

from dotpha.accounts.access import can_manage_org
from dotpha.accounts.models import User
from dotpha.imports.cells import CellError, cell_text
from dotpha.imports.org_cadre_rows import parse_cadre_rows
from dotpha.imports.org_context import OrgImportContext
from dotpha.imports.org_plan import OrgImportPlan
from dotpha.imports.org_sheets import read_org_tables
from dotpha.imports.org_unit_rows import parse_unit_rows
from dotpha.imports.reader import Issue, Table, WorkbookError
from dotpha.imports.upload_reading import read_upload

NO_PERMISSION = "Bạn không có quyền nhập đơn vị, cán bộ."
NO_ROWS = "Tệp không có dòng dữ liệu nào"


def org_import_parse(file: bytes | IO[bytes], *, actor: User) -> OrgImportPlan:
    if not can_manage_org(actor):
        return OrgImportPlan(issues=[Issue(NO_PERMISSION)])
    data = file if isinstance(file, bytes) else file.read()
    try:
        units, cadres, issues = read_upload(read_org_tables, data, actor=actor)
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
