"""Checking a file: every row is validated and each problem is placed at its sheet, row and column, in
Vietnamese. Rows start at 5: a two-row title block, a blank row, then the header row 4."""

import datetime

import pytest
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.org_plan import Action
from dotpha.imports.tests.conftest import valid_cadres, valid_units
from dotpha.imports.tests.workbooks import cadre, excel_datetime, org_workbook, raw_workbook, unit
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW_UNIT = unit("P-X9", "Xã Thử", "P", "commune")


def issues_of(data: bytes, actor) -> list[tuple[str, int | None, str, str]]:
    plan = org_import_parse(data, actor=actor)
    return [(i.sheet, i.row, i.column, i.message) for i in plan.issues]


def test_valid_file_plans_every_row(world, valid_file):
    plan = org_import_parse(valid_file, actor=world.users["organizer"])

    assert plan.issues == []
    assert [(u.row, u.code, u.action) for u in plan.units] == [
        (5, "P-SNV", Action.UNCHANGED),
        (6, "P-X3", Action.CREATE),
        (7, "P-X3-DU", Action.CREATE),
        (8, "P-SNV-VP", Action.CREATE),
    ]
    assert [(c.row, c.code, c.action, c.position, c.creates_appointment) for c in plan.cadres] == [
        (5, "C001", Action.CREATE, "Bí thư Đảng ủy", True),
        (6, "C001", None, "Chủ tịch UBND", True),
        (7, "C002", Action.CREATE, "Chánh Văn phòng", True),
    ]
    assert plan.cadres[2].creates_position
    assert Unit.objects.filter(code="P-X3").count() == 0  # parsing writes nothing


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (unit("", "Xã Thử", "P", "commune"), "Mã đơn vị", "Thiếu mã đơn vị"),
        (unit("P-X9", "", "P", "commune"), "Tên đơn vị", "Thiếu tên đơn vị"),
        (unit("P-X9", "Xã Thử", "P", ""), "Loại đơn vị", "Thiếu loại đơn vị"),
        (
            unit("P-X9", "Xã Thử", "P", "Hợp tác xã"),
            "Loại đơn vị",
            "Loại đơn vị “Hợp tác xã” không có trong danh mục",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "commune", level="Cấp thôn"),
            "Cấp",
            "Cấp “Cấp thôn” không có trong danh mục",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "office"),
            "Cấp",
            "Thiếu cấp: loại đơn vị “Văn phòng” không có cấp mặc định",
        ),
        (
            unit("P-X9", "Xã Thử", "P-Q", "commune"),
            "Mã đơn vị cấp trên",
            "Không tìm thấy đơn vị cấp trên có mã “P-Q” (phải có sẵn hoặc đứng trên trong tệp)",
        ),
        (
            unit("P-X9", "Xã Thử", "P-X9", "commune"),
            "Mã đơn vị cấp trên",
            "Đơn vị không thể là cấp trên của chính nó",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "commune", valid_from="01/07/25"),
            "Hiệu lực từ ngày",
            "Ngày không đúng dạng dd/mm/yyyy",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "commune", valid_from="2025-07-01"),
            "Hiệu lực từ ngày",
            "Ngày không đúng dạng dd/mm/yyyy",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "commune", valid_to="31/02/2026"),
            "Hiệu lực đến ngày",
            "Ngày “31/02/2026” không có trên lịch",
        ),
        (
            unit("P-X9", "Xã Thử", "P", "commune", valid_from="01/07/2025", valid_to="30/06/2025"),
            "Hiệu lực đến ngày",
            "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực",
        ),
        (unit("P-X9", "X" * 256, "P", "commune"), "Tên đơn vị", "Dài quá 255 ký tự"),
        (unit("P-X9", "Xã Thử", "P", "#N/A"), "Loại đơn vị", "Ô có lỗi công thức “#N/A”"),
        (
            unit("P-X1", "Xã Tân Lập", "P-X2", "commune"),
            "Mã đơn vị cấp trên",
            "Đơn vị “P-X1” đang trực thuộc đơn vị có mã “P”; không đổi đơn vị cấp trên bằng tệp nhập "
            "(sáp nhập, chia tách làm ở chức năng riêng)",
        ),
    ],
)
def test_unit_row_errors(world, row, column, message):
    assert issues_of(org_workbook([row]), world.users["organizer"]) == [("Đơn vị", 5, column, message)]


def test_duplicate_unit_code_names_the_first_row(world):
    data = org_workbook([NEW_UNIT, unit("P-X8", "Xã Khác", "P", "ward"), {**NEW_UNIT, "name": "Xã Trùng"}])
    assert issues_of(data, world.users["organizer"]) == [
        ("Đơn vị", 7, "Mã đơn vị", "Mã đơn vị “P-X9” bị trùng ở dòng 5")
    ]


def test_parent_must_stand_above_in_the_file(world):
    child = unit("P-X9-T1", "Thôn Một", "P-X9", "commune")
    assert issues_of(org_workbook([NEW_UNIT, child]), world.users["organizer"]) == []
    assert issues_of(org_workbook([child, NEW_UNIT]), world.users["organizer"]) == [
        (
            "Đơn vị",
            5,
            "Mã đơn vị cấp trên",
            "Không tìm thấy đơn vị cấp trên có mã “P-X9” (phải có sẵn hoặc đứng trên trong tệp)",
        )
    ]


def test_a_new_root_unit_is_for_superusers_only(world):
    root = unit("Q", "Tỉnh Khác", None, "province")
    assert issues_of(org_workbook([root]), world.users["organizer"]) == [
        (
            "Đơn vị",
            5,
            "Mã đơn vị cấp trên",
            "Thiếu mã đơn vị cấp trên (chỉ quản trị hệ thống được tạo đơn vị gốc)",
        )
    ]
    admin = make_user("quantri")
    admin.is_superuser = True
    admin.save()
    assert issues_of(org_workbook([root]), admin) == []


def test_rows_outside_the_organizers_subtree_are_refused(world):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    inside = unit("P-X1-T1", "Thôn Một", "P-X1", "commune")
    outside = unit("P-X2-T1", "Khu phố Một", "P-X2", "ward")
    under_outside = unit("P-X2-T1-A", "Tổ Một", "P-X2-T1", "ward")
    existing_outside = unit("P-X2", "Phường Hòa Bình", "P", "ward")
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    cadres = [
        cadre(
            "C010", "Lê Thị Mai", "Nữ", unit_code="P-X1-T1", position="Trưởng thôn", start_date="01/08/2025"
        ),
        cadre("C011", "Lê Văn Tư", "Nam", unit_code="P-X2", position="Phó Chủ tịch", start_date="01/08/2025"),
        cadre("C012", "Lê Văn Năm", "Nam", managing_unit_code="P-BTV"),
        cadre(ward_chair.code, ward_chair.full_name, "Nữ"),
    ]

    found = issues_of(
        org_workbook([inside, outside, under_outside, existing_outside], cadres), commune_organizer
    )

    assert found == [
        ("Đơn vị", 6, "Mã đơn vị cấp trên", "Đơn vị “P-X2” ngoài phạm vi quản lý của bạn"),
        ("Đơn vị", 8, "Mã đơn vị", "Đơn vị “P-X2” ngoài phạm vi quản lý của bạn"),
        ("Cán bộ", 6, "Mã đơn vị công tác", "Đơn vị “P-X2” ngoài phạm vi quản lý của bạn"),
        ("Cán bộ", 7, "Mã đơn vị quản lý", "Đơn vị “P-BTV” ngoài phạm vi quản lý của bạn"),
        ("Cán bộ", 8, "Mã cán bộ", f"Cán bộ “{ward_chair.code}” ngoài phạm vi quản lý của bạn"),
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"code": None}, "Mã cán bộ", "Thiếu mã cán bộ"),
        ({"full_name": " "}, "Họ và tên", "Thiếu họ và tên"),
        ({"gender": None}, "Giới tính", "Giới tính phải là Nam hoặc Nữ"),
        ({"gender": "Khác"}, "Giới tính", "Giới tính phải là Nam hoặc Nữ"),
        ({"birth_year": 1939}, "Năm sinh", f"Năm sinh phải từ 1940 đến {timezone.localdate().year}"),
        (
            {"birth_year": timezone.localdate().year + 1},
            "Năm sinh",
            f"Năm sinh phải từ 1940 đến {timezone.localdate().year}",
        ),
        ({"birth_year": "khoảng 1970"}, "Năm sinh", "Năm phải là số có bốn chữ số"),
        ({"is_party_member": "Chưa"}, "Đảng viên", "Đảng viên ghi Có hoặc Không (để trống là Có)"),
        ({"email": "an.tv@"}, "Thư điện tử", "Thư điện tử “an.tv@” không hợp lệ"),
        ({"phone": "gọi văn phòng"}, "Điện thoại", "Điện thoại “gọi văn phòng” không hợp lệ"),
        ({"unit_code": None}, "Mã đơn vị công tác", "Thiếu mã đơn vị công tác"),
        ({"position": None}, "Chức danh", "Thiếu chức danh"),
        ({"start_date": None}, "Từ ngày", "Thiếu ngày bắt đầu công tác"),
        ({"start_date": "ngày 1 tháng 7"}, "Từ ngày", "Ngày không đúng dạng dd/mm/yyyy"),
        ({"start_date": "01/01/2025"}, "Từ ngày", "Đơn vị “P-X1” không có hiệu lực vào ngày 01/01/2025"),
        (
            {"unit_code": "P-Q"},
            "Mã đơn vị công tác",
            "Không tìm thấy đơn vị có mã “P-Q” (phải có sẵn hoặc có trong trang “Đơn vị”)",
        ),
        (
            {"managing_unit_code": "P-Q"},
            "Mã đơn vị quản lý",
            "Không tìm thấy đơn vị có mã “P-Q” (phải có sẵn hoặc có trong trang “Đơn vị”)",
        ),
        (
            {"unit_code": None, "position": None, "start_date": None},
            "Mã đơn vị công tác",
            "Cần ghi mã đơn vị công tác hoặc mã đơn vị quản lý",
        ),
    ],
)
def test_cadre_row_errors(world, cells, column, message):
    row = cadre(
        "C001", "Trần Văn An", "Nam", unit_code="P-X1", position="Phó Bí thư", start_date="01/08/2025"
    )
    row.update(cells)
    assert issues_of(org_workbook(cadres=[row]), world.users["organizer"]) == [("Cán bộ", 5, column, message)]


def test_a_further_row_of_a_cadre_must_not_contradict_the_first(world):
    first = cadre(
        "C001",
        "Trần Văn An",
        "Nam",
        birth_year=1980,
        unit_code="P-X1",
        position="Bí thư",
        start_date="01/08/2025",
    )
    same = cadre("C001", "Trần Văn An", unit_code="P-X1", position="Chủ tịch HĐND", start_date="01/08/2025")
    other = cadre(
        "C001", "Trần Văn Ân", birth_year=1981, unit_code="P-X2", position="Bí thư", start_date="01/08/2025"
    )
    repeated = cadre("C001", unit_code="P-X1", position="bí thư", start_date="02/08/2025")

    assert issues_of(org_workbook(cadres=[first, same, other, repeated]), world.users["organizer"]) == [
        ("Cán bộ", 7, "Họ và tên", "Khác với dòng 5 của cùng mã cán bộ “C001”"),
        ("Cán bộ", 7, "Năm sinh", "Khác với dòng 5 của cùng mã cán bộ “C001”"),
        ("Cán bộ", 8, "Chức danh", "Chức danh “bí thư” tại đơn vị “P-X1” đã ghi ở dòng 5"),
    ]


def test_every_bad_row_is_reported_not_just_the_first(world):
    units = [*valid_units(), unit("", "Không mã", "P", "commune"), unit("P-X8", "Xã Tám", "P", "Làng")]
    cadres = [*valid_cadres(), cadre("C003", "Phan Văn Ba", "Nam", birth_year=1900, managing_unit_code="P")]
    found = issues_of(org_workbook(units, cadres), world.users["organizer"])
    assert [(sheet, row, column) for sheet, row, column, _ in found] == [
        ("Đơn vị", 9, "Mã đơn vị"),
        ("Đơn vị", 10, "Loại đơn vị"),
        ("Cán bộ", 8, "Năm sinh"),
    ]


def test_kind_and_level_match_code_or_name_without_diacritics(world):
    rows = [
        unit("P-X7", "Phường Bảy", "P", "PHUONG"),
        unit("P-X8", "Xã Tám", "P", "Xã", level="xa"),
        unit("P-SNV-2", "Phòng Hai", "P-SNV", "Sở, ban, ngành", level="province"),
        unit("P-H2", "Huyện ủy Hai", "P", "district_committee", level="Cấp huyện"),
    ]
    plan = org_import_parse(org_workbook(rows), actor=world.users["organizer"])
    assert plan.issues == []
    assert [(u.kind.code, u.level.code) for u in plan.units] == [
        ("ward", "commune"),
        ("commune", "commune"),
        ("department", "province"),
        ("district_committee", "district"),
    ]


def test_dates_as_excel_dates_text_and_serial_numbers(world):
    rows = [
        unit("P-X7", "Xã Bảy", "P", "commune", valid_from=excel_datetime(2025, 7, 1)),
        unit("P-X8", "Xã Tám", "P", "commune", valid_from="1/7/2025"),
        unit("P-X9", "Xã Chín", "P", "commune", valid_from=45839),
    ]
    plan = org_import_parse(org_workbook(rows), actor=world.users["organizer"])
    assert [u.valid_from for u in plan.units] == [datetime.date(2025, 7, 1)] * 3


def test_preview_of_an_update_lists_the_changes(world):
    row = unit("P-SNV", "Sở Nội vụ tỉnh", "P-UBND", "department", valid_from="01/01/2020")
    plan = org_import_parse(org_workbook([row]), actor=world.users["organizer"])
    (planned,) = plan.units
    assert planned.action == Action.UPDATE
    assert [(c.label, c.old, c.new) for c in planned.changes] == [
        ("Tên đơn vị", "Sở Nội vụ", "Sở Nội vụ tỉnh"),
        ("Hiệu lực từ ngày", "—", "01/01/2020"),
    ]


def test_title_block_merged_cells_group_rows_and_extra_columns(world):
    """A sheet as offices make them: letterhead, merged title, an STT column, group rows "I.", "II."."""
    headers = ["STT", "Mã đơn vị", "Tên đơn vị", "Ghi chú", "Mã đơn vị cấp trên", "Loại đơn vị"]
    data = raw_workbook(
        {
            "ĐƠN VỊ": [
                ["TỈNH ỦY THỬ NGHIỆM", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
                ["BAN TỔ CHỨC", None, None, "Thử Nghiệm, ngày 01 tháng 7 năm 2025"],
                [],
                ["DANH SÁCH ĐƠN VỊ TRỰC THUỘC"],
                headers,
                ["I.", "KHỐI ĐẢNG"],
                [1, "P-CA", "Công an tỉnh", "", "P", "Cơ quan ngành dọc Trung ương"],
                [],
                ["II. KHỐI CHÍNH QUYỀN"],
                [2, "P-X8", "Xã Tám", "mới", "P", "Xã"],
            ]
        }
    )
    # openpyxl cannot merge in raw_workbook rows, so merge by reopening
    from io import BytesIO

    from openpyxl import load_workbook

    from dotpha.imports.tests.workbooks import to_bytes

    book = load_workbook(BytesIO(data))
    book.active.merge_cells("A1:C1")
    book.active.merge_cells("A4:F4")
    plan = org_import_parse(to_bytes(book), actor=world.users["organizer"])

    assert plan.issues == [] or [i.describe() for i in plan.issues] == []
    assert [(u.row, u.code, u.kind.code) for u in plan.units] == [
        (7, "P-CA", "central_agency"),
        (10, "P-X8", "commune"),
    ]


def test_file_level_problems(world):
    organizer = world.users["organizer"]
    assert issues_of(b"not a spreadsheet", organizer) == [
        ("", None, "", "Tệp không phải Excel .xlsx hoặc bị hỏng")
    ]
    assert issues_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, organizer)[0][3].startswith(
        "Tệp là dạng Excel cũ (.xls)"
    )
    assert issues_of(raw_workbook({"Sheet1": [["a", "b"]]}), organizer) == [
        ("", None, "", "Tệp không có trang “Đơn vị” hay trang “Cán bộ” (xem tệp mẫu)")
    ]
    assert issues_of(
        raw_workbook({"Đơn vị": [["Danh sách"], ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]]}), organizer
    ) == [("Đơn vị", 2, "", "Thiếu cột “Mã đơn vị cấp trên”")]
    assert issues_of(raw_workbook({"Cán bộ": [["Danh sách"], ["Họ", "Tên"]]}), organizer) == [
        (
            "Cán bộ",
            None,
            "",
            "Không tìm thấy dòng tiêu đề (“Mã cán bộ”, “Họ và tên”, “Giới tính”) trong 10 dòng đầu",
        )
    ]
    assert issues_of(org_workbook([], []), organizer) == [("", None, "", "Tệp không có dòng dữ liệu nào")]


def test_only_organizers_may_parse(world):
    assert issues_of(org_workbook([NEW_UNIT]), world.users["approver"]) == [
        ("", None, "", "Bạn không có quyền nhập đơn vị, cán bộ.")
    ]


def test_checking_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    units = [unit(f"P-N{i}", f"Xã Số {i}", "P", "commune") for i in range(60)]
    cadres = [
        cadre(
            f"C{i:03}", f"Cán Bộ {i}", "Nam", unit_code=f"P-N{i}", position="Bí thư", start_date="01/08/2025"
        )
        for i in range(60)
    ]
    with django_assert_max_num_queries(15):  # 3 of them take and free the user's import slot
        plan = org_import_parse(org_workbook(units, cadres), actor=world.users["organizer"])
    assert plan.issues == []
    assert len(plan.units) == len(plan.cadres) == 60
