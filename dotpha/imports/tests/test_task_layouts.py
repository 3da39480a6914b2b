"""Task lists as offices really keep them, built with openpyxl, and how each is read: the header found under
the title block, the columns matched, group rows and the signature block left out, merged cells read
into every row they cover. The other task-import tests build on the workbooks and fixtures here."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import Workbook

from dotpha.accounts.models import Role, User
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.task_plan import TaskImportPlan, TaskImportTarget, TaskMapping
from dotpha.imports.task_sheet import read_task_sheets
from dotpha.imports.tests.workbooks import excel_datetime
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.programmes.models import Decision, Period, PeriodKind, Programme
from dotpha.programmes.tests.factories import DecisionFactory, PeriodFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 3, 15)


@dataclass
class Desk:
    """Quy định 30-QĐ/TU of the standing committee, its year 2024 and its phase 2021–2025; two cadres named
    Nguyễn Văn Hùng (director of home affairs, deputy director of finance); the committee's approver."""

    world: Any
    programme: Programme
    year: Period
    phase: Period
    decision: Decision  # 90-QĐ/TU of 10/01/2022, already entered, for the phase
    approver: User
    organizer: User
    hung: Cadre  # Giám đốc Sở Nội vụ
    other_hung: Cadre  # Phó Giám đốc Sở Tài chính
    hanh: Cadre
    minh: Cadre
    son: Cadre

    def target(self, period: Period | None = None, **kwargs) -> TaskImportTarget:
        period = period or self.year
        if "decision" not in kwargs:
            kwargs.setdefault("decision_number", "125-QĐ/TU")
            kwargs.setdefault("signed_on", SIGNED)
        return TaskImportTarget(programme=self.programme, period=period, **kwargs)


def make_desk(world) -> Desk:
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    year = PeriodFactory.create(programme=programme, name="2024")
    phase = PeriodFactory.create(
        programme=programme,
        name="2021–2025",
        kind=PeriodKind.PHASE,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    decision = DecisionFactory.create(
        programme=programme,
        period=phase,
        number="90-QĐ/TU",
        signed_on=datetime.date(2022, 1, 10),
        issuing_unit=world.standing,
        created_by=world.users["approver"],
    )
    other_hung = CadreFactory.create(
        code="C-HUNG2", full_name="Nguyễn Văn Hùng", managing_unit=world.standing
    )
    AppointmentFactory(cadre=other_hung, unit=world.finance, position=PositionFactory(name="Phó Giám đốc"))
    cadres = {c.full_name: c for c in Cadre.objects.exclude(pk=other_hung.pk)}
    return Desk(
        world=world,
        programme=programme,
        year=year,
        phase=phase,
        decision=decision,
        approver=world.users["approver"],
        organizer=world.users["organizer"],
        hung=cadres["Nguyễn Văn Hùng"],
        other_hung=other_hung,
        hanh=cadres["Đặng Thị Hạnh"],
        minh=cadres["Trần Quang Minh"],
        son=cadres["Lê Văn Sơn"],
    )


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def outsider_approver(world) -> User:
    """An organizer of the whole province (sees every cadre) who approves only for Phường Hòa Bình."""
    user = make_user("phuong", Role.ORGANIZER, world.province)
    user.grants.create(role=Role.APPROVER, unit=Unit.objects.get(code="P-X2"))
    return user


def to_bytes(book: Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# ---- layout 1: the provincial list, merged two-row header, group rows, a name merged over two rows ----


def provincial_list(changes: dict[str, Any] | None = None) -> bytes:
    """Danh sách giao việc đột phá năm 2024 as a provincial committee prints it; `changes` sets cells
    ({"F14": "30/06/2025"}) to spoil a row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "DS giao việc 2024"
    sheet.append(["TỈNH ỦY THỬ NGHIỆM", None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
    sheet.append(["BAN THƯỜNG VỤ", None, None, None, "Thử Nghiệm, ngày 15 tháng 3 năm 2024"])
    sheet.append([])
    sheet.append(["DANH SÁCH GIAO VIỆC ĐỘT PHÁ, ĐỔI MỚI NĂM 2024"])
    sheet.append(["(Kèm theo Quyết định số 125-QĐ/TU ngày 15/3/2024 của Ban Thường vụ Tỉnh ủy)"])
    for cells in ("A1:C1", "E1:G1", "A2:C2", "E2:G2", "A4:G4", "A5:G5"):
        sheet.merge_cells(cells)
    sheet.append(
        [
            "STT",
            "Nội dung việc đột phá",
            "Người được giao",
            None,
            "Lĩnh vực",
            "Thời gian hoàn thành",
            "Sản phẩm",
        ]
    )
    sheet.append([None, None, "Họ và tên", "Chức vụ", None, None, None])
    for cells in ("A6:A7", "B6:B7", "C6:D6", "E6:E7", "F6:F7", "G6:G7"):
        sheet.merge_cells(cells)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    sheet.append(["I. CẤP TỈNH"])  # row 9
    sheet.merge_cells("A9:G9")
    sheet.append(
        [
            1,
            "Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ",
            "Nguyễn Văn Hùng",
            "Giám đốc Sở Nội vụ",
            "Chuyển đổi số",
            excel_datetime(2024, 9, 30),
            "Kho hồ sơ số",
        ]
    )  # row 10
    sheet.append(
        [
            2,
            "Rút ngắn thời gian giải quyết hồ sơ tuyển dụng",
            None,
            None,
            "Cải cách hành chính",
            excel_datetime(2024, 12, 31),
            "Quy trình mới được ban hành",
        ]
    )  # row 11: the name and position are merged down from row 10
    sheet.merge_cells("C10:C11")
    sheet.merge_cells("D10:D11")
    sheet.append(["II", "CÁC SỞ, NGÀNH", None, None, None, None, None])  # row 12
    sheet.append(
        [
            3,
            "Thu hồi dứt điểm nợ đọng thuế đất",
            "Trần Quang Minh",
            "Giám đốc Sở Tài chính",
            "Quản lý đất đai, xử lý vi phạm",
            excel_datetime(2024, 11, 30),
            "Báo cáo kết quả thu hồi",
        ]
    )  # row 13
    sheet.append(
        [
            4,
            "Cân đối vốn cho dự án trọng điểm",
            "Nguyễn Văn Hùng",
            "Phó Giám đốc Sở Tài chính",
            "Phát triển kết cấu hạ tầng",
            "30/06/2024",
            "Phương án vốn được phê duyệt",
        ]
    )  # row 14: the other Nguyễn Văn Hùng, told apart by position
    sheet.append([])
    sheet.append([None, "Nơi nhận:", None, None, "T/M BAN THƯỜNG VỤ"])
    sheet.append([None, "- Như trên,", None, None, "BÍ THƯ"])
    for cell, value in (changes or {}).items():
        sheet[cell] = value
    return to_bytes(book)


# ---- layout 2: a department's list, one header row, deadlines written as text ----------------------


def text_deadline_list() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["DANH SÁCH VIỆC ĐỘT PHÁ GIAI ĐOẠN 2021 - 2025"])
    sheet.merge_cells("A1:F1")
    sheet.append(["TT", "Tên nhiệm vụ", "Cán bộ được giao", "Thời hạn", "Kết quả", "Chỉ tiêu"])
    rows = [
        [
            1,
            "Xóa nhà tạm cho hộ nghèo",
            "Đ/c Trần Quang Minh - Giám đốc Sở Tài chính",
            "Quý III/2024",
            "",
            "13 nhà",
        ],
        [2, "Kiện toàn bộ máy Văn phòng Sở", "Đặng Thị Hạnh", "tháng 12/2023", "Đề án kiện toàn", None],
        [3, "Chuẩn hóa dữ liệu cán bộ", "Đặng thị HẠNH", "31/12/2023", None, "100% hồ sơ"],
        [4, "Tổng kết mô hình dân vận khéo", "Lê Văn Sơn", "năm 2024", "Báo cáo tổng kết", None],
        [5, "Hoàn thành sáp nhập thôn", "Lê Văn Sơn", "6 tháng đầu năm 2024", None, "Sáp nhập xong các thôn"],
        [
            6,
            "Phát triển đảng viên mới",
            "Trần Quang Minh",
            excel_datetime(2025, 6, 30),
            None,
            "Kết nạp 1.200 đảng viên",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return to_bytes(book)


# ---- layout 3: a list whose headers differ from the template ---------------------------------------


def unfamiliar_list() -> bytes:
    book = Workbook()
    intro = book.active
    intro.title = "Ghi chú"
    intro.append(["Bảng tổng hợp đăng ký của các đồng chí lãnh đạo"])
    sheet = book.create_sheet("Tổng hợp")
    sheet.append(["BẢNG TỔNG HỢP VIỆC KHÓ NĂM 2024"])
    sheet.merge_cells("A1:G1")
    sheet.append([])
    sheet.append(UNFAMILIAR_HEADERS)
    sheet.append(
        [
            1,
            "Giải ngân vốn đầu tư công đạt kế hoạch",
            "Trần Quang Minh",
            "Giám đốc",
            "Sở Tài chính",
            "Quý IV/2024",
            "Báo cáo giải ngân",
            "Trọng điểm",
        ]
    )
    sheet.append(
        [2, "Chuyển đổi số hồ sơ cán bộ", "Nguyễn Văn Hùng", None, None, "Quý II/2024", "Cơ sở dữ liệu"]
    )
    sheet.append(
        [3, "Sắp xếp đơn vị sự nghiệp", "Nguyễn Văn Hùng", "Giám đốc", "Sở Nội vụ", "tháng 10/2024", "Đề án"]
    )
    return to_bytes(book)


UNFAMILIAR_HEADERS = [
    "Số",
    "Nội dung đăng ký",
    "Lãnh đạo phụ trách",
    "Chức vụ hiện tại",
    "Nơi công tác",
    "Thời hạn h.thành",
    "Yêu cầu sản phẩm",
    "Ghi chú",
]
UNFAMILIAR_MAPPING = {
    "number": 0,
    "title": 1,
    "full_name": 2,
    "position": 3,
    "unit": 4,
    "deadline": 5,
    "deliverable": 6,
}


def parse(desk: Desk, data: bytes, *, actor: User | None = None, **kwargs) -> TaskImportPlan:
    target = kwargs.pop("target", None) or desk.target()
    return task_import_parse(data, actor=actor or desk.approver, target=target, **kwargs)


def test_provincial_list_header_and_columns():
    sheets, issues = read_task_sheets(provincial_list())
    assert issues == []
    sheet = sheets[0]
    assert (sheet.name, sheet.header_row) == ("DS giao việc 2024", 7)
    assert [c.header for c in sheet.columns] == [
        "STT",
        "Nội dung việc đột phá",
        "Người được giao / Họ và tên",
        "Người được giao / Chức vụ",
        "Lĩnh vực",
        "Thời gian hoàn thành",
        "Sản phẩm",
    ]
    assert sheet.suggestion == {
        "number": 0,
        "title": 1,
        "full_name": 2,
        "position": 3,
        "field": 4,
        "deadline": 5,
        "deliverable": 6,
    }
    assert sheet.confident
    assert "(Kèm theo Quyết định số 125-QĐ/TU ngày 15/3/2024 của Ban Thường vụ Tỉnh ủy)" in sheet.title_lines


def test_provincial_list_rows(desk):
    plan = parse(desk, provincial_list())

    assert plan.issues == []
    assert [(r.row, r.group, r.title, r.cadre.pk if r.cadre else None, r.match_kind) for r in plan.rows] == [
        (10, "CẤP TỈNH", "Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ", desk.hung.pk, "by_post"),
        (11, "CẤP TỈNH", "Rút ngắn thời gian giải quyết hồ sơ tuyển dụng", desk.hung.pk, "by_post"),
        (13, "CÁC SỞ, NGÀNH", "Thu hồi dứt điểm nợ đọng thuế đất", desk.minh.pk, "found"),
        (14, "CÁC SỞ, NGÀNH", "Cân đối vốn cho dự án trọng điểm", desk.other_hung.pk, "by_post"),
    ]
    assert [r.deadline for r in plan.rows] == [
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
        datetime.date(2024, 11, 30),
        datetime.date(2024, 6, 30),
    ]
    assert [r.field_name for r in plan.rows] == [
        "Chuyển đổi số",
        "Cải cách hành chính",
        "Quản lý đất đai, xử lý vi phạm",
        "Phát triển kết cấu hạ tầng",
    ]
    assert all(r.start_date == SIGNED for r in plan.rows)  # the decision's date, later than 01/01/2024
    assert plan.rows[0].description == plan.rows[0].title  # no "giải pháp" column: the title stands in


def test_text_deadlines_are_read(desk):
    plan = parse(desk, text_deadline_list(), target=desk.target(desk.phase, decision=desk.decision))

    assert plan.issues == []
    assert plan.mapping_confident
    assert [
        (r.row, r.cadre.full_name if r.cadre else None, r.deadline, r.deadline_text) for r in plan.rows
    ] == [
        (3, "Trần Quang Minh", datetime.date(2024, 9, 30), "Quý III/2024"),
        (4, "Đặng Thị Hạnh", datetime.date(2023, 12, 31), "tháng 12/2023"),
        (5, "Đặng Thị Hạnh", datetime.date(2023, 12, 31), "31/12/2023"),
        (6, "Lê Văn Sơn", datetime.date(2024, 12, 31), "năm 2024"),
        (7, "Lê Văn Sơn", datetime.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        (8, "Trần Quang Minh", datetime.date(2025, 6, 30), ""),
    ]
    first = plan.rows[0]
    assert first.name == "Trần Quang Minh" and first.position == "Giám đốc Sở Tài chính"
    assert [(t.target_value, t.unit_of_measure) for t in first.targets] == [(13, "nhà")]
    assert [(t.target_value, t.unit_of_measure) for t in plan.rows[2].targets] == [(100, "%")]
    assert plan.rows[4].targets == [] and plan.rows[4].deliverable == "Chỉ tiêu: Sáp nhập xong các thôn"
    assert [(t.target_value, t.unit_of_measure) for t in plan.rows[5].targets] == [(1200, "đảng viên")]


def test_unfamiliar_headers_need_the_mapping_step(desk):
    plan = parse(desk, unfamiliar_list())

    assert plan.sheet == "Tổng hợp" and plan.sheets == ["Tổng hợp"]
    assert plan.header_row == 3
    assert not plan.mapping_confident
    assert [c.header for c in plan.columns] == UNFAMILIAR_HEADERS
    # close headers are suggested; nothing resembles "Họ và tên", so the user must say which column it is
    assert plan.suggested == {"title": 1, "position": 3, "unit": 4, "deadline": 5, "deliverable": 6}
    assert [i.message for i in plan.issues] == ["Chưa chọn cột cho “Họ và tên người được giao”"]
    assert plan.sample[0] == (
        4,
        [
            "1",
            "Giải ngân vốn đầu tư công đạt kế hoạch",
            "Trần Quang Minh",
            "Giám đốc",
            "Sở Tài chính",
            "Quý IV/2024",
            "Báo cáo giải ngân",
            "Trọng điểm",
        ],
    )


def test_unfamiliar_headers_read_with_the_users_mapping(desk):
    plan = parse(desk, unfamiliar_list(), mapping=TaskMapping("Tổng hợp", UNFAMILIAR_MAPPING))

    assert plan.issues == []
    assert [(r.row, r.match_kind, r.cadre.pk if r.cadre else None, r.deadline) for r in plan.rows] == [
        (4, "found", desk.minh.pk, datetime.date(2024, 12, 31)),
        (5, "ambiguous", None, datetime.date(2024, 6, 30)),
        (6, "by_post", desk.hung.pk, datetime.date(2024, 10, 31)),
    ]
    ambiguous = plan.rows[1].match
    assert ambiguous is not None
    assert {c.pk for c in ambiguous.candidates} == {desk.hung.pk, desk.other_hung.pk}
    assert [i.row for i in plan.choice_issues()] == [5]


def test_mapping_must_name_the_required_columns_once(desk):
    plan = parse(desk, unfamiliar_list(), mapping=TaskMapping("Tổng hợp", {"title": 1, "full_name": 1}))
    assert [i.message for i in plan.issues] == [
        "Chưa chọn cột cho “Thời hạn hoàn thành”",
        "Cột B: Nội dung đăng ký được chọn cho cả “Tên việc” và “Họ và tên người được giao”",
    ]
    assert plan.rows == []


def test_names_are_matched_with_their_diacritics_and_honorifics(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên việc", "Họ và tên", "Thời hạn hoàn thành", "Sản phẩm"])
    sheet.append([1, "Việc một", "  trần QUANG minh ", "năm 2024", "x"])
    sheet.append([2, "Việc hai", "Đồng chí Lê Văn Sơn\nBí thư Đảng ủy xã Tân Lập", "năm 2024", "x"])
    sheet.append([3, "Việc ba", "Trần Quang Mạnh", "năm 2024", "x"])
    sheet.append([4, "Việc bốn", "Vũ Thị Lan", "năm 2024", "x"])  # exists, but outside the approver's view
    sheet.append([5, "Việc năm", "tran quang minh", "năm 2024", "x"])  # no diacritics: asked, never taken

    plan = parse(desk, to_bytes(book))

    assert [(r.row, r.match_kind) for r in plan.rows] == [
        (2, "found"),
        (3, "found"),
        (4, "not_found"),
        (5, "outside"),
        (6, "near"),
    ]
    found = plan.rows[1].match
    # Sơn led Xã Đông Cũ on the decision's date (15/03/2024): Xã Tân Lập came with the 2025 merger
    assert found is not None and found.post_differs
    assert plan.rows[1].position == "Bí thư Đảng ủy xã Tân Lập"
    assert [(i.row, i.column, i.message) for i in plan.issues] == [
        (
            4,
            "Họ và tên",
            "Không tìm thấy cán bộ “Trần Quang Mạnh” trong phạm vi của bạn; có phải: Trần Quang Minh?",
        ),
        (5, "Họ và tên", "Cán bộ “Vũ Thị Lan” không thuộc phạm vi của bạn: không giao việc được"),
    ]
    assert [i.row for i in plan.choice_issues()] == [6]


def test_row_errors_are_placed_under_the_files_headers(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung công việc", "Họ tên", "Lĩnh vực", "Thời hạn", "Sản phẩm"])
    sheet.append([1, None, "Trần Quang Minh", "Chuyển đổi số", "Quý III/2024", "x"])
    sheet.append([2, "Việc hai", None, "Thể thao", "Thường xuyên", "x"])
    sheet.append([3, "Việc ba", "Trần Quang Minh", "nông thôn mới", "Quý V/2024", "x"])
    sheet.append([4, "Việc ba", "Trần Quang Minh", None, "Quý III", "x"])

    plan = parse(desk, to_bytes(book))

    assert [(i.row, i.column, i.message) for i in plan.issues] == [
        (2, "Nội dung công việc", "Thiếu tên việc"),
        (3, "Họ tên", "Thiếu họ và tên người được giao"),
        (3, "Lĩnh vực", "Không có lĩnh vực “Thể thao” trong danh mục (hoặc bỏ chọn cột Lĩnh vực)"),
        (
            3,
            "Thời hạn",
            "“Thường xuyên” không phải thời hạn hoàn thành: ghi ngày (31/12/2024), tháng (tháng 12/2024), "
            "quý (Quý IV/2024) hoặc năm (năm 2024)",
        ),
        (
            4,
            "Thời hạn",
            "Thời hạn “Quý V/2024” không đọc được: ghi ngày (31/12/2024), tháng (tháng 12/2024), "
            "quý (Quý IV/2024) hoặc năm (năm 2024)",
        ),
        (5, "Nội dung công việc", "Trùng với dòng 4: cùng việc, cùng người được giao"),
    ]
    assert plan.rows[2].field_name == "Xây dựng nông thôn mới"
    assert plan.rows[3].deadline == datetime.date(2024, 9, 30)  # "Quý III" in a list for the year 2024


def test_not_a_workbook_and_no_list(desk):
    assert [i.message for i in parse(desk, b"PK\x03\x04 hong").issues] == [
        "Tệp không phải Excel .xlsx hoặc bị hỏng"
    ]
    book = Workbook()
    book.active.append(["Chỉ có một dòng chữ"])
    plan = parse(desk, to_bytes(book))
    assert not plan.is_readable
    assert plan.issues[0].message.startswith("Không tìm thấy dòng tiêu đề của danh sách")


def test_only_organizers_and_approvers_may_parse(desk):
    plan = parse(desk, provincial_list(), actor=desk.world.users["unit_manager"])
    assert [i.message for i in plan.issues] == [
        "Bạn không có quyền nhập danh sách việc (cần vai trò Ban Tổ chức hoặc Thường trực, Ban Thường vụ)."
    ]
