"""Check the rows of the "Cán bộ" sheet and decide, for each, what happens to the cadre (create / update /
unchanged) and whether an appointment is added. A cadre holding several positions takes several rows with
the same code; the later rows may leave the personal columns blank."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from dotpha.core.search import normalize_search
from dotpha.imports.org_context import OrgImportContext, UnitRef
from dotpha.imports.org_layout import CADRE_COLUMNS, CADRE_SHEET, FIRST_BIRTH_YEAR
from dotpha.imports.org_plan import Action, CadreRowPlan, Change
from dotpha.imports.reader import Issue, Table
from dotpha.imports.row_check import RowCheck
from dotpha.org.models import Cadre, Gender

GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}
PARTY_MEMBER = {"co": True, "khong": False}
_PHONE = re.compile(r"^\+?[0-9][0-9 .()\-]{5,28}[0-9]$")
PERSONAL_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "is_party_member",
    "phone",
    "email",
    "managing_unit_code",
)


@dataclass
class _Person:
    row: int
    full_name: str
    gender: str | None
    birth_year: int | None
    is_party_member: bool | None
    phone: str
    email: str
    managing_unit_code: str


@dataclass
class _Appointment:
    ref: UnitRef | None
    unit_code: str
    position: str
    start_date: datetime.date | None


def parse_cadre_rows(table: Table, ctx: OrgImportContext) -> tuple[list[CadreRowPlan], list[Issue]]:
    plans: list[CadreRowPlan] = []
    issues: list[Issue] = []
    first: dict[str, _Person] = {}
    appointments: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        check = RowCheck(CADRE_SHEET, row, CADRE_COLUMNS)
        plan = _parse_row(check, ctx, first, appointments)
        issues.extend(check.issues)
        if plan is not None and check.ok:
            plans.append(plan)
    return plans, issues


def _parse_row(
    check: RowCheck,
    ctx: OrgImportContext,
    first: dict[str, _Person],
    appointments: dict[tuple[str, str, str], int],
) -> CadreRowPlan | None:
    code = check.text("code", required="Thiếu mã cán bộ", max_length=50)
    earlier = first.get(code) if code else None
    person = _read_person(check, ctx, required=earlier is None)
    appointment = _read_appointment(check, ctx)
    managing = _resolve_unit(check, ctx, "managing_unit_code", person.managing_unit_code)
    existing = ctx.cadres_by_code.get(code) if code else None

    if earlier is not None:
        _same_as_earlier(check, person, earlier, code)
    elif code:
        first[code] = person
    if existing is not None and not ctx.can_manage(existing.managing_unit):
        check.error("code", f"Cán bộ “{code}” ngoài phạm vi quản lý của bạn")
    if (
        existing is None
        and earlier is None
        and code
        and appointment is None
        and not person.managing_unit_code
    ):
        check.error("unit_code", "Cần ghi mã đơn vị công tác hoặc mã đơn vị quản lý")
    if appointment is not None and code and appointment.position:
        key = (code, appointment.unit_code, normalize_search(appointment.position))
        if key in appointments:
            check.error(
                "position",
                f"Chức danh “{appointment.position}” tại đơn vị “{appointment.unit_code}” "
                f"đã ghi ở dòng {appointments[key]}",
            )
        else:
            appointments[key] = check.row.number
    if not check.ok:
        return None

    plan = CadreRowPlan(
        row=check.row.number,
        code=code,
        full_name=(earlier or person).full_name,
        action=None,
        same_as_row=earlier.row if earlier is not None else None,
    )
    if earlier is None and existing is None:
        plan.action = Action.CREATE
        plan.values = {
            "full_name": person.full_name,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "is_party_member": person.is_party_member is not False,
            "phone": person.phone,
            "email": person.email,
        }
        plan.managing_unit_code = person.managing_unit_code or None
    elif earlier is None and existing is not None:
        _compare(plan, existing, person, managing)
    if appointment is not None:
        _plan_appointment(plan, ctx, existing, appointment)
    return plan


def _read_person(check: RowCheck, ctx: OrgImportContext, *, required: bool) -> _Person:
    full_name = check.text("full_name", required="Thiếu họ và tên" if required else "", max_length=150)
    gender_text = check.text("gender")
    gender = GENDERS.get(normalize_search(gender_text)) if gender_text else None
    if not check.is_bad("gender") and ((gender_text and gender is None) or (required and not gender_text)):
        check.error("gender", "Giới tính phải là Nam hoặc Nữ")
    birth_year = check.year("birth_year")
    if birth_year is not None and not FIRST_BIRTH_YEAR <= birth_year <= ctx.today.year:
        check.error("birth_year", f"Năm sinh phải từ {FIRST_BIRTH_YEAR} đến {ctx.today.year}")
        birth_year = None
    party_text = check.text("is_party_member")
    party = PARTY_MEMBER.get(normalize_search(party_text)) if party_text else None
    if party_text and party is None:
        check.error("is_party_member", "Đảng viên ghi Có hoặc Không (để trống là Có)")
    phone = _phone(check)
    email = check.text("email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            check.error("email", f"Thư điện tử “{email}” không hợp lệ")
    managing_code = check.text("managing_unit_code", max_length=50)
    return _Person(check.row.number, full_name, gender, birth_year, party, phone, email, managing_code)


def _phone(check: RowCheck) -> str:
    phone = check.text("phone", max_length=30)
    raw = check.row.values.get("phone")
    if isinstance(raw, int | float) and not isinstance(raw, bool) and len(phone) == 9 and phone.isdigit():
        phone = f"0{phone}"  # a number typed in a number cell loses its leading zero
    if phone and not _PHONE.match(phone):
        check.error("phone", f"Điện thoại “{phone}” không hợp lệ")
    return phone


def _read_appointment(check: RowCheck, ctx: OrgImportContext) -> _Appointment | None:
    unit_code = check.text("unit_code", max_length=50)
    position = check.text("position", max_length=150)
    start_date = check.date("start_date")
    if not (unit_code or position or start_date or check.is_bad("start_date")):
        return None
    if not unit_code and not check.is_bad("unit_code"):
        check.error("unit_code", "Thiếu mã đơn vị công tác")
    if not position and not check.is_bad("position"):
        check.error("position", "Thiếu chức danh")
    if start_date is None and not check.is_bad("start_date"):
        check.error("start_date", "Thiếu ngày bắt đầu công tác")
    ref = _resolve_unit(check, ctx, "unit_code", unit_code)
    if ref is not None and start_date is not None and not ref.is_active_on(start_date):
        check.error("start_date", f"Đơn vị “{unit_code}” không có hiệu lực vào ngày {start_date:%d/%m/%Y}")
    return _Appointment(ref, unit_code, position, start_date)


def _resolve_unit(check: RowCheck, ctx: OrgImportContext, key: str, code: str) -> UnitRef | None:
    if not code:
        return None
    ref = ctx.unit_ref(code)
    if ref is None:
        check.error(key, f"Không tìm thấy đơn vị có mã “{code}” (phải có sẵn hoặc có trong trang “Đơn vị”)")
        return None
    if ref.placed and not ctx.ref_in_scope(ref):
        check.error(key, f"Đơn vị “{code}” ngoài phạm vi quản lý của bạn")
    return ref


def _same_as_earlier(check: RowCheck, person: _Person, earlier: _Person, code: str) -> None:
    """A further row of the same cadre may repeat the personal columns or leave them blank."""
    for field in PERSONAL_FIELDS:
        value = getattr(person, field)
        if value not in (None, "") and value != getattr(earlier, field) and not check.is_bad(field):
            check.error(field, f"Khác với dòng {earlier.row} của cùng mã cán bộ “{code}”")


def _compare(plan: CadreRowPlan, cadre: Cadre, person: _Person, managing: UnitRef | None) -> None:
    """An existing cadre: blank optional cells keep what is stored; "Đảng viên" blank means Có."""
    wanted: list[tuple[str, str, Any]] = [
        ("full_name", "Họ và tên", person.full_name),
        ("gender", "Giới tính", person.gender),
        ("is_party_member", "Đảng viên", person.is_party_member is not False),
    ]
    if person.birth_year is not None:
        wanted.append(("birth_year", "Năm sinh", person.birth_year))
    if person.phone:
        wanted.append(("phone", "Điện thoại", person.phone))
    if person.email:
        wanted.append(("email", "Thư điện tử", person.email))
    for field, label, value in wanted:
        current = getattr(cadre, field)
        if current != value:
            plan.values[field] = value
            plan.changes.append(Change(label, _shown(field, current), _shown(field, value)))
    current_code = cadre.managing_unit.code if cadre.managing_unit else ""
    if managing is not None and managing.code != current_code:
        plan.managing_unit_code = managing.code
        plan.changes.append(Change("Mã đơn vị quản lý", current_code or "—", managing.code))
    plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED


def _plan_appointment(
    plan: CadreRowPlan, ctx: OrgImportContext, cadre: Cadre | None, appointment: _Appointment
) -> None:
    key = normalize_search(appointment.position)
    known = ctx.positions.get(key)
    if known is not None:
        plan.position = known.name
    else:
        plan.creates_position = key not in ctx.new_positions
        plan.position = ctx.new_positions.setdefault(key, appointment.position)
    plan.unit_code = appointment.unit_code
    plan.start_date = appointment.start_date
    unit = appointment.ref.unit if appointment.ref is not None else None
    held = (
        cadre is not None
        and known is not None
        and unit is not None
        and (cadre.pk, known.pk, unit.pk) in ctx.open_appointments
    )
    plan.creates_appointment = not held


def _shown(field: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if field == "gender":
        return str(Gender(value).label) if value in Gender.values else str(value)
    if field == "is_party_member":
        return "Có" if value else "Không"
    return str(value)
