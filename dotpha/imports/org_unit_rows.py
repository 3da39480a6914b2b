"""Check the rows of the "Đơn vị" sheet and decide, for each, create / update / unchanged."""

from dotpha.imports.org_context import OrgImportContext, UnitRef
from dotpha.imports.org_layout import UNIT_COLUMNS, UNIT_SHEET
from dotpha.imports.org_plan import Action, Change, UnitRowPlan
from dotpha.imports.reader import Issue, Table
from dotpha.imports.row_check import RowCheck
from dotpha.org.models import Unit

MOVE_REFUSED = (
    "Đơn vị “{code}” đang trực thuộc {current}; không đổi đơn vị cấp trên bằng tệp nhập "
    "(sáp nhập, chia tách làm ở chức năng riêng)"
)


def parse_unit_rows(table: Table, ctx: OrgImportContext) -> tuple[list[UnitRowPlan], list[Issue]]:
    plans: list[UnitRowPlan] = []
    issues: list[Issue] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        check = RowCheck(UNIT_SHEET, row, UNIT_COLUMNS)
        plan = _parse_row(check, ctx, first_row)
        issues.extend(check.issues)
        if plan is not None and check.ok:
            plans.append(plan)
    return plans, issues


def _parse_row(check: RowCheck, ctx: OrgImportContext, first_row: dict[str, int]) -> UnitRowPlan | None:
    code = check.text("code", required="Thiếu mã đơn vị", max_length=50)
    name = check.text("name", required="Thiếu tên đơn vị", max_length=255)
    parent_code = check.text("parent_code", max_length=50)
    kind_text = check.text("kind", required="Thiếu loại đơn vị")
    level_text = check.text("level")
    valid_from = check.date("valid_from")
    valid_to = check.date("valid_to")

    duplicate = code in first_row
    if code and duplicate:
        check.error("code", f"Mã đơn vị “{code}” bị trùng ở dòng {first_row[code]}")
    elif code:
        first_row[code] = check.row.number

    kind = ctx.kinds.find(kind_text) if kind_text else None
    if kind_text and kind is None:
        check.error("kind", f"Loại đơn vị “{kind_text}” không có trong danh mục")
    level = ctx.levels.find(level_text) if level_text else None
    if level_text and level is None:
        check.error("level", f"Cấp “{level_text}” không có trong danh mục")

    existing = ctx.units_by_code.get(code) if code else None
    placed = _check_place(check, ctx, code, parent_code, existing)

    if existing is not None:  # a blank cell keeps what the unit has
        valid_from = valid_from if valid_from is not None else existing.valid_from
        valid_to = valid_to if valid_to is not None else existing.valid_to
    if kind is not None and level is None and not level_text:
        if existing is not None and kind == existing.kind:
            level = existing.level
        else:
            level = kind.default_level or (existing.level if existing is not None else None)
        if level is None:
            check.error("level", f"Thiếu cấp: loại đơn vị “{kind.name}” không có cấp mặc định")
    if valid_from and valid_to and valid_to < valid_from and not check.is_bad("valid_to"):
        check.error("valid_to", "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực")

    if code and not duplicate:
        anchor = existing if existing is not None else (placed.anchor if placed else None)
        # An existing unit's place is known even when its row is wrong; a new one's only if its parent's is.
        known = existing is not None or placed is not None
        ctx.planned[code] = UnitRef(
            code, existing, anchor, placed=known, valid_from=valid_from, valid_to=valid_to
        )
    if not check.ok or kind is None or level is None:
        return None
    plan = UnitRowPlan(
        row=check.row.number,
        code=code,
        name=name,
        parent_code=parent_code,
        kind=kind,
        level=level,
        valid_from=valid_from,
        valid_to=valid_to,
        action=Action.CREATE,
    )
    if existing is not None:
        _compare(plan, existing)
    return plan


def _check_place(
    check: RowCheck, ctx: OrgImportContext, code: str, parent_code: str, existing: Unit | None
) -> UnitRef | None:
    """Where the unit goes, checked against the tree and the actor's scope. Returns the parent's
    reference (a blank one for a root), or None when the place is wrong."""
    parent: UnitRef | None = None
    if parent_code and parent_code == code:
        check.error("parent_code", "Đơn vị không thể là cấp trên của chính nó")
        return None
    if parent_code:
        parent = ctx.planned.get(parent_code) or ctx.existing_ref(parent_code)
        if parent is None:
            check.error(
                "parent_code",
                f"Không tìm thấy đơn vị cấp trên có mã “{parent_code}” "
                "(phải có sẵn hoặc đứng trên trong tệp)",
            )
            return None
    if existing is not None:
        current = ctx.parent_code_of(existing)
        if parent_code != current:
            where = f"đơn vị có mã “{current}”" if current else "gốc cây tổ chức"
            check.error("parent_code", MOVE_REFUSED.format(code=code, current=where))
        if not ctx.can_manage(existing):
            check.error("code", f"Đơn vị “{code}” ngoài phạm vi quản lý của bạn")
            return None
        return parent or UnitRef("", None, None)
    if parent is None:
        if code and not ctx.actor.is_superuser:
            check.error("parent_code", "Thiếu mã đơn vị cấp trên (chỉ quản trị hệ thống được tạo đơn vị gốc)")
            return None
        return UnitRef("", None, None)
    if not parent.placed:
        return None
    if parent.unit is not None and not ctx.ref_in_scope(parent):
        check.error("parent_code", f"Đơn vị “{parent_code}” ngoài phạm vi quản lý của bạn")
        return None
    return parent


def _compare(plan: UnitRowPlan, unit: Unit) -> None:
    wanted = {
        "name": ("Tên đơn vị", plan.name, _shown),
        "kind": ("Loại đơn vị", plan.kind, _shown),
        "level": ("Cấp", plan.level, _shown),
        "valid_from": ("Hiệu lực từ ngày", plan.valid_from, _day),
        "valid_to": ("Hiệu lực đến ngày", plan.valid_to, _day),
    }
    for field, (label, value, show) in wanted.items():
        current = getattr(unit, field)
        if current != value:
            plan.values[field] = value
            plan.changes.append(Change(label, show(current), show(value)))
    plan.action = Action.UPDATE if plan.values else Action.UNCHANGED


def _shown(value) -> str:
    return str(value) if value is not None else "—"


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"
