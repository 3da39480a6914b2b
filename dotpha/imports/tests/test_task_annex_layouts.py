"""Annex workbooks as provincial offices keep them: group rows in every style, sub-groups, footnotes,
totals and signature blocks under the list, hidden rows and columns, two columns that could be one field,
a cover sheet, a password. None of it becomes a task or a wrong column; what is unsure is asked."""

import datetime

import pytest
from openpyxl import Workbook

from dotpha.imports.reader import ENCRYPTED_MESSAGE, OLD_XLS_MESSAGE
from dotpha.imports.tests.test_task_layouts import Desk, make_desk, parse, to_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Tên việc", "Họ và tên", "Thời hạn hoàn thành", "Sản phẩm"]


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def rows_of(plan) -> list[tuple[int, str, str, str | None]]:
    return [(r.row, r.group, r.title, r.cadre.full_name if r.cadre else None) for r in plan.rows]


def test_group_rows_in_every_style_and_sub_groups_are_not_tasks(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)  # row 1
    sheet.append(["I", "CẤP TỈNH"])  # 2: numeral alone in STT, title beside it
    sheet.append(["1.", "Lĩnh vực kinh tế"])  # 3: sub-group
    sheet.append([1, "a) Thu hồi nợ thuế đất", "Trần Quang Minh", "Quý IV/2024", "Báo cáo"])  # 4
    sheet.append(["II -", None, "CÁC SỞ, BAN, NGÀNH"])  # 5: numeral with a dash, title in another column
    sheet.append([None, "a) Khối nội vụ"])  # 6: sub-group written in the title column
    sheet.append([2, "- Chuẩn hóa hồ sơ cán bộ", "Đặng Thị Hạnh", "năm 2024", "Kho dữ liệu"])  # 7
    sheet.append(["III. CẤP XÃ"])  # 8: merged across the row
    sheet.merge_cells("A8:E8")
    sheet.append([3, "1. Sáp nhập thôn", "Lê Văn Sơn", "30/06/2024", "Nghị quyết"])  # 9
    sheet.append(["IV", "KHỐI ĐẢNG"])  # 10: the title merged over the name and deadline columns
    sheet.merge_cells("B10:E10")
    sheet.append([4, "Kết nạp đảng viên", "Trần Quang Minh", "năm 2024", "Danh sách"])  # 11

    plan = parse(desk, to_bytes(book))

    assert plan.issues == []
    assert rows_of(plan) == [
        (4, "CẤP TỈNH / Lĩnh vực kinh tế", "Thu hồi nợ thuế đất", "Trần Quang Minh"),
        (7, "CÁC SỞ, BAN, NGÀNH / Khối nội vụ", "Chuẩn hóa hồ sơ cán bộ", "Đặng Thị Hạnh"),
        (9, "CẤP XÃ", "Sáp nhập thôn", "Lê Văn Sơn"),
        (11, "KHỐI ĐẢNG", "Kết nạp đảng viên", "Trần Quang Minh"),
    ]


def test_a_row_without_a_name_after_a_gap_stays_an_error_when_a_task_follows(desk):
    """Only trailing text is dropped: a title without its name in the middle of the list is reported."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([1, "Thu hồi nợ thuế đất", "Trần Quang Minh", "Quý IV/2024", "Báo cáo"])  # 2
    sheet.append([])
    sheet.append([2, "Việc thiếu người được giao"])  # 4
    sheet.append([3, "Chuẩn hóa hồ sơ cán bộ", "Đặng Thị Hạnh", "năm 2024", "Kho dữ liệu"])  # 5

    plan = parse(desk, to_bytes(book))

    assert [r.row for r in plan.rows] == [2, 4, 5]
    assert [i.message for i in plan.rows[1].issues] == [
        "Thiếu họ và tên người được giao",
        "Thiếu thời hạn hoàn thành",
    ]


def test_notes_totals_and_signature_blocks_are_never_tasks(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([1, "Thu hồi nợ thuế đất", "Trần Quang Minh", "Quý IV/2024", "Báo cáo"])
    sheet.append(["Tổng cộng", None, "1 việc"])
    sheet.append([None, "Ghi chú: thời hạn tính đến hết ngày cuối quý."])
    sheet.append([None, None, None, "T/M BAN THƯỜNG VỤ"])
    sheet.append([None, None, None, "BÍ THƯ"])
    sheet.append([None, None, None, "Nguyễn Văn Hùng"])
    sheet.append([None, "Nơi nhận:"])

    plan = parse(desk, to_bytes(book))

    assert plan.issues == []
    assert [r.row for r in plan.rows] == [2]


def test_hidden_rows_and_columns_are_not_read(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên việc", "Họ và tên", "Thời hạn (dự thảo)", "Thời hạn hoàn thành", "Sản phẩm"])
    sheet.append([1, "Thu hồi nợ thuế đất", "Trần Quang Minh", "31/03/2024", "Quý IV/2024", "Báo cáo"])
    sheet.append([2, "Việc đã rút (không giao)", "Đặng Thị Hạnh", "31/03/2024", "năm 2024", "x"])
    sheet.append([3, "Sáp nhập thôn", "Lê Văn Sơn", "31/03/2024", "30/06/2024", "Nghị quyết"])
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[3].hidden = True

    plan = parse(desk, to_bytes(book))

    assert plan.mapping_confident and plan.rivals == []
    assert plan.mapping is not None and plan.mapping.columns["deadline"] == 4
    assert [(r.row, r.title, r.deadline) for r in plan.rows] == [
        (2, "Thu hồi nợ thuế đất", datetime.date(2024, 12, 31)),
        (4, "Sáp nhập thôn", datetime.date(2024, 6, 30)),
    ]


def test_two_columns_for_one_field_are_asked_with_their_first_values(desk):
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên việc", "Họ và tên", "Thời hạn", "Thời hạn hoàn thành", "Sản phẩm"])
    sheet.append([1, "Thu hồi nợ thuế đất", "Trần Quang Minh", "30/06/2024", "Quý IV/2024", "Báo cáo"])

    plan = parse(desk, to_bytes(book))

    assert not plan.mapping_confident
    assert plan.rivals == [
        "Nhiều cột có thể là “Thời hạn hoàn thành”: D: Thời hạn (dòng đầu: “30/06/2024”); "
        "E: Thời hạn hoàn thành (dòng đầu: “Quý IV/2024”). Hãy chọn một cột"
    ]


def test_the_annex_sheet_is_found_and_a_cover_sheet_skipped(desk):
    book = Workbook()
    cover = book.active
    cover.title = "Tờ trình"
    cover.append(["TỜ TRÌNH về việc giao việc đột phá năm 2024"])
    cover.append(["Kính gửi: Ban Thường vụ Tỉnh ủy"])
    annex = book.create_sheet("Phụ lục")
    annex.append(HEADERS)
    annex.append([1, "Thu hồi nợ thuế đất", "Trần Quang Minh", "Quý IV/2024", "Báo cáo"])
    draft = book.create_sheet("Nháp")
    draft.append(HEADERS)
    draft.append([1, "Việc nháp", "Trần Quang Minh", "Quý IV/2024", "x"])
    draft.sheet_state = "hidden"

    plan = parse(desk, to_bytes(book))

    assert (plan.sheet, plan.sheets) == ("Phụ lục", ["Phụ lục"])
    assert plan.mapping_confident and [r.title for r in plan.rows] == ["Thu hồi nợ thuế đất"]


def test_two_sheets_that_both_look_like_the_list_are_asked(desk):
    book = Workbook()
    for name in ("Sở ngành", "Cấp xã"):
        sheet = book.create_sheet(name)
        sheet.append(HEADERS)
        sheet.append([1, f"Việc của {name}", "Trần Quang Minh", "Quý IV/2024", "Báo cáo"])
    book.remove(book["Sheet"])

    plan = parse(desk, to_bytes(book))
    assert not plan.mapping_confident
    assert plan.rivals == [
        "Tệp có nhiều trang giống danh sách việc (“Sở ngành”, “Cấp xã”): hãy chọn đúng trang"
    ]

    chosen = parse(desk, to_bytes(book), sheet="Cấp xã")
    assert chosen.mapping_confident and [r.title for r in chosen.rows] == ["Việc của Cấp xã"]


def test_a_password_protected_workbook_gets_its_own_message(desk):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted = ole + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert [i.message for i in parse(desk, encrypted).issues] == [ENCRYPTED_MESSAGE]
    assert [i.message for i in parse(desk, ole + b"Workbook".decode().encode("utf-16-le")).issues] == [
        OLD_XLS_MESSAGE
    ]
