"""A corpus of annex workbooks laid out the way provincial offices keep them, each with its ground truth:
what a careful clerk would type from it. Run `python -m dotpha.imports.tests.corpus.generate DIR` to write
every NAME.xlsx with its NAME.json; test_corpus.py builds them in a temporary folder and checks the
importer against the truth.

The people are the test world's (conftest.world) plus the `desk` of test_task_layouts and the ROSTER
below; the truth names them by key: hung (Giám đốc Sở Nội vụ), other_hung (Phó Giám đốc Sở Tài chính),
hanh, minh, son, hoa, hung_tm (Trần Văn Hưng), lan (Vũ Thị Lan, outside the approver's scope).

Ground truth, per workbook:
    target       "year" (2024, new decision 125-QĐ/TU of 15/03/2024) or "phase" (2021–2025, 90-QĐ/TU)
    sheet        the sheet to choose when the file has two that look alike (else absent)
    mapping      our column key -> column letter, when the headers do not say it surely (else absent)
    rows         every task row, in order: row, title, cadre (key or null), ask (the user must choose),
                 deadline (ISO), co (co-responsible keys), error (the row cannot be imported)
    choices      row -> cadre key, the user's answer to each question
    tasks        how many tasks exist after the import, and after importing the same file again
"""

import datetime
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dotpha.imports.tests.workbooks import excel_datetime, to_bytes

ROSTER = [
    # key, code, full name, position, unit code
    ("hoa", "C-HOA", "Nguyễn Văn Hòa", "Phó Giám đốc", "P-STC"),
    ("hung_tm", "C-HUNG-TM", "Trần Văn Hưng", "Phó Giám đốc", "P-SNV"),
]
HEADER = ["STT", "Tên việc đột phá, đổi mới", "Họ và tên", "Chức vụ", "Thời hạn hoàn thành", "Sản phẩm"]
Truth = dict[str, Any]


def _title_block(sheet: Worksheet, width: int, *, year: str = "2024") -> None:
    sheet.append(["TỈNH ỦY THỬ NGHIỆM", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"])
    sheet.append(["BAN THƯỜNG VỤ", None, None, "Thử Nghiệm, ngày 15 tháng 3 năm 2024"])
    sheet.append([f"DANH SÁCH GIAO VIỆC ĐỘT PHÁ, ĐỔI MỚI NĂM {year}"])
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)


def _signature(sheet: Worksheet) -> None:
    sheet.append([])
    sheet.append([None, "Nơi nhận:", None, "T/M BAN THƯỜNG VỤ"])
    sheet.append([None, "- Như trên,", None, "BÍ THƯ"])
    sheet.append([None, "- Lưu VP.", None, "Nguyễn Văn Hùng"])


def _row(row: int, title: str, cadre: str | None, deadline: str, **more: Any) -> dict[str, Any]:
    return {"row": row, "title": title, "cadre": cadre, "ask": False, "deadline": deadline, "co": [], **more}


def provincial_merged() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.title = "DS giao việc"
    _title_block(sheet, 6)
    sheet.append(
        ["STT", "Nội dung việc đột phá", "Người được giao", None, "Thời gian hoàn thành", "Sản phẩm"]
    )
    sheet.append([None, None, "Họ và tên", "Chức vụ", None, None])  # 5
    for cells in ("A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5"):
        sheet.merge_cells(cells)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])  # 6
    sheet.append(["I. CẤP TỈNH"])  # 7
    sheet.merge_cells("A7:F7")
    sheet.append(
        [
            1,
            "Số hóa hồ sơ thủ tục hành chính",
            "Nguyễn Văn Hùng",
            "Giám đốc Sở Nội vụ",
            excel_datetime(2024, 9, 30),
            "Kho hồ sơ số",
        ]
    )
    sheet.append(
        [2, "Rút ngắn thời gian tuyển dụng", None, None, excel_datetime(2024, 12, 31), "Quy trình mới"]
    )
    sheet.merge_cells("C8:C9")
    sheet.merge_cells("D8:D9")
    sheet.append(["II", "CÁC SỞ, NGÀNH"])  # 10
    sheet.append(
        [3, "Thu hồi nợ đọng thuế đất", "Trần Quang Minh", "Giám đốc Sở Tài chính", "30/11/2024", "Báo cáo"]
    )
    _signature(sheet)
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(8, "Số hóa hồ sơ thủ tục hành chính", "hung", "2024-09-30"),
            _row(9, "Rút ngắn thời gian tuyển dụng", "hung", "2024-12-31"),
            _row(11, "Thu hồi nợ đọng thuế đất", "minh", "2024-11-30"),
        ],
        "tasks": 3,
    }


def dash_groups_and_notes() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)  # 1
    sheet.append(["I -", "CẤP TỈNH"])  # 2
    sheet.append(["1.", "Lĩnh vực kinh tế"])  # 3
    sheet.append(
        [1, "Giải ngân vốn đầu tư công", "Trần Quang Minh", "Giám đốc Sở Tài chính", "Quý IV/2024", "Báo cáo"]
    )
    sheet.append(["II-", None, "CẤP XÃ"])  # 5
    sheet.append([None, "a) Khối đảng"])  # 6
    sheet.append([2, "Sáp nhập thôn, tổ dân phố", "Lê Văn Sơn", None, "30/06/2024", "Nghị quyết"])  # 7
    sheet.append(["Tổng cộng", None, "2 việc"])
    sheet.append([None, "Ghi chú: thời hạn tính đến hết ngày cuối quý."])
    _signature(sheet)
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(4, "Giải ngân vốn đầu tư công", "minh", "2024-12-31"),
            _row(7, "Sáp nhập thôn, tổ dân phố", "son", "2024-06-30"),
        ],
        "tasks": 2,
    }


def hidden_rows_and_columns() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên việc", "Họ và tên", "Thời hạn (dự thảo)", "Thời hạn hoàn thành", "Sản phẩm"])
    sheet.append(
        [1, "Chuẩn hóa dữ liệu cán bộ", "Đặng Thị Hạnh", "31/03/2024", "Quý III/2024", "Cơ sở dữ liệu"]
    )
    sheet.append([2, "Việc đã rút", "Trần Quang Minh", "31/03/2024", "Quý IV/2024", "x"])  # 3: hidden
    sheet.append([3, "Kiện toàn Văn phòng Sở", "Đặng Thị Hạnh", "31/03/2024", "tháng 10/2024", "Đề án"])
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[3].hidden = True
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Chuẩn hóa dữ liệu cán bộ", "hanh", "2024-09-30"),
            _row(4, "Kiện toàn Văn phòng Sở", "hanh", "2024-10-31"),
        ],
        "tasks": 2,
    }


def cover_and_annex() -> tuple[bytes, Truth]:
    book = Workbook()
    cover = book.active
    cover.title = "Tờ trình"
    cover.append(["TỜ TRÌNH"])
    cover.append(["Về việc giao việc đột phá, đổi mới năm 2024 cho cán bộ lãnh đạo"])
    annex = book.create_sheet("Phụ lục 1")
    _title_block(annex, 6)
    annex.append(HEADER)  # 4
    annex.append(
        [1, "Xóa nhà tạm cho hộ nghèo", "Trần Quang Minh", "Giám đốc Sở Tài chính", "Quý III/2024", "13 nhà"]
    )
    return to_bytes(book), {
        "target": "year",
        "rows": [_row(5, "Xóa nhà tạm cho hộ nghèo", "minh", "2024-09-30")],
        "tasks": 1,
    }


def two_lists() -> tuple[bytes, Truth]:
    book = Workbook()
    book.remove(book.active)
    for name, title in (("Sở ngành", "Việc của sở"), ("Cấp xã", "Việc của xã")):
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        sheet.append([1, title, "Lê Văn Sơn", None, "năm 2024", "Báo cáo"])
    return to_bytes(book), {
        "target": "year",
        "sheet": "Cấp xã",
        "rows": [_row(2, "Việc của xã", "son", "2024-12-31")],
        "tasks": 1,
    }


def namesakes() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [
            1,
            "Cân đối vốn dự án trọng điểm",
            "Nguyễn Văn Hùng - Phó Giám đốc Sở Tài chính",
            None,
            "30/06/2024",
            "Phương án vốn",
        ]
    )
    sheet.append(
        [2, "Số hóa hồ sơ cán bộ", "Nguyễn Văn Hùng", "Giám đốc Sở Nội vụ", "Quý IV/2024", "Kho dữ liệu"]
    )
    sheet.append([3, "Tổng kết công tác tổ chức", "Nguyễn Văn Hùng", None, "năm 2024", "Báo cáo"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Cân đối vốn dự án trọng điểm", "other_hung", "2024-06-30"),
            _row(3, "Số hóa hồ sơ cán bộ", "hung", "2024-12-31"),
            _row(4, "Tổng kết công tác tổ chức", None, "2024-12-31", ask=True),
        ],
        "choices": {"4": "hung"},
        "tasks": 3,
    }


def tone_marks() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "Thu ngân sách vượt dự toán", "Nguyễn Văn Hoa", None, "Quý IV/2024", "Báo cáo"])
    sheet.append([2, "Tinh gọn bộ máy phòng", "Trần Văn Hùng", None, "Quý III/2024", "Đề án"])
    sheet.append([3, "Giải ngân vốn sự nghiệp", "Nguyễn Văn Hoà", None, "Quý II/2024", "Báo cáo"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Thu ngân sách vượt dự toán", None, "2024-12-31", ask=True),
            _row(3, "Tinh gọn bộ máy phòng", None, "2024-09-30", ask=True),
            _row(4, "Giải ngân vốn sự nghiệp", "hoa", "2024-06-30"),
        ],
        "choices": {"2": "hoa", "3": "hung_tm"},
        "tasks": 3,
    }


def honorifics() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    names = [
        "Đ/c Trần Quang Minh",
        "Đồng chí Đặng Thị Hạnh",
        "Bà Đặng Thị Hạnh",
        "Đại tá TS. Trần Quang Minh",
        "PGS.TS. Lê Văn Sơn",
        "ThS. Nguyễn Văn Hòa",
    ]
    for number, name in enumerate(names, start=1):
        sheet.append([number, f"Việc số {number}", name, None, "năm 2024", "Báo cáo"])
    keys = ["minh", "hanh", "hanh", "minh", "son", "hoa"]
    return to_bytes(book), {
        "target": "year",
        "rows": [_row(n + 1, f"Việc số {n}", key, "2024-12-31") for n, key in enumerate(keys, start=1)],
        "tasks": 6,
    }


def posts_in_the_name_cell() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Nội dung công việc", "Cán bộ được giao", "Thời hạn", "Kết quả"])
    sheet.append(
        [1, "Số hóa 100% hồ sơ", "Đ/c Nguyễn Văn Hùng - Giám đốc Sở Nội vụ", "Quý III/2024", "Kho hồ sơ"]
    )
    sheet.append(
        [
            2,
            "Lập phương án vốn",
            "Đồng chí Nguyễn Văn Hùng\nPhó Giám đốc Sở Tài chính",
            "Quý IV/2024",
            "Phương án",
        ]
    )
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Số hóa 100% hồ sơ", "hung", "2024-09-30"),
            _row(3, "Lập phương án vốn", "other_hung", "2024-12-31"),
        ],
        "tasks": 2,
    }


def nfd_text() -> tuple[bytes, Truth]:
    def nfd(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    book = Workbook()
    sheet = book.active
    sheet.append([nfd(h) for h in HEADER])
    sheet.append([1, nfd("Chuyển đổi số trong cơ quan"), nfd("Đặng Thị Hạnh"), None, nfd("Quý IV/2024"), "x"])
    sheet.append([2, nfd("Rà soát quy hoạch cán bộ"), nfd("Lê Văn Sơn"), None, nfd("tháng 9/2024"), "x"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Chuyển đổi số trong cơ quan", "hanh", "2024-12-31"),
            _row(3, "Rà soát quy hoạch cán bộ", "son", "2024-09-30"),
        ],
        "tasks": 2,
    }


def capitals() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append([h.upper() for h in HEADER])
    sheet.append(
        [1, "XÂY DỰNG CHÍNH QUYỀN SỐ", "TRẦN QUANG MINH", "GIÁM ĐỐC SỞ TÀI CHÍNH", "NĂM 2024", "BÁO CÁO"]
    )
    sheet.append([2, "Cải cách thủ tục", "ĐẶNG THỊ HẠNH", None, "QUÝ II/2024", "x"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "XÂY DỰNG CHÍNH QUYỀN SỐ", "minh", "2024-12-31"),
            _row(3, "Cải cách thủ tục", "hanh", "2024-06-30"),
        ],
        "tasks": 2,
    }


def date_serials() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "Hoàn thành đề án vị trí việc làm", "Đặng Thị Hạnh", None, 45565, "Đề án"])  # 30/09/2024
    sheet.append([2, "Sơ kết mô hình dân vận", "Lê Văn Sơn", None, excel_datetime(2024, 7, 31), "Báo cáo"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Hoàn thành đề án vị trí việc làm", "hanh", "2024-09-30"),
            _row(3, "Sơ kết mô hình dân vận", "son", "2024-07-31"),
        ],
        "tasks": 2,
    }


def text_deadlines_for_a_phase() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH VIỆC ĐỘT PHÁ GIAI ĐOẠN 2021 - 2025"])
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    sheet.append([1, "Hoàn thành sáp nhập thôn", "Lê Văn Sơn", None, "6 tháng đầu năm 2024", "Nghị quyết"])
    sheet.append([2, "Chuyển đổi số toàn ngành", "Trần Quang Minh", None, "Giai đoạn 2021-2025", "Hệ thống"])
    sheet.append([3, "Kiện toàn bộ máy", "Đặng Thị Hạnh", None, "tháng 12/2023", "Đề án"])
    return to_bytes(book), {
        "target": "phase",
        "rows": [
            _row(3, "Hoàn thành sáp nhập thôn", "son", "2024-06-30"),
            _row(4, "Chuyển đổi số toàn ngành", "minh", "2025-12-31"),
            _row(5, "Kiện toàn bộ máy", "hanh", "2023-12-31"),
        ],
        "tasks": 3,
    }


def co_responsible() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [
            1,
            "Số hóa hồ sơ",
            "Nguyễn Văn Hùng - Giám đốc Sở Nội vụ (chủ trì), đ/c Đặng Thị Hạnh (phối hợp)",
            None,
            "Quý IV/2024",
            "Kho",
        ]
    )
    sheet.append(
        [
            2,
            "Chủ trì rà soát nợ thuế, đ/c Nguyễn Văn Hòa (phối hợp)",
            "Trần Quang Minh",
            None,
            "Quý III/2024",
            "Báo cáo",
        ]
    )
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Số hóa hồ sơ", "hung", "2024-12-31", co=["hanh"]),
            _row(3, "Chủ trì rà soát nợ thuế", "minh", "2024-09-30", co=["hoa"]),
        ],
        "tasks": 2,
    }


def list_markers() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "a) Rà soát văn bản quy phạm", "Đặng Thị Hạnh", None, "năm 2024", "x"])
    sheet.append([2, "- Tập huấn chuyển đổi số", "Đặng Thị Hạnh", None, "năm 2024", "x"])
    sheet.append([3, "1. Kiểm tra công vụ", "Đặng Thị Hạnh", None, "năm 2024", "x"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Rà soát văn bản quy phạm", "hanh", "2024-12-31"),
            _row(3, "Tập huấn chuyển đổi số", "hanh", "2024-12-31"),
            _row(4, "Kiểm tra công vụ", "hanh", "2024-12-31"),
        ],
        "tasks": 3,
    }


def two_columns_for_one_field() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên việc", "Họ và tên", "Thời hạn", "Thời hạn hoàn thành", "Sản phẩm"])
    sheet.append([1, "Thu hồi nợ đọng", "Trần Quang Minh", "30/06/2024", "Quý IV/2024", "Báo cáo"])
    return to_bytes(book), {
        "target": "year",
        "mapping": {"number": "A", "title": "B", "full_name": "C", "deadline": "E", "deliverable": "F"},
        "rows": [_row(2, "Thu hồi nợ đọng", "minh", "2024-12-31")],
        "tasks": 1,
    }


def outside_scope_and_unknown() -> tuple[bytes, Truth]:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, "Việc của phường", "Vũ Thị Lan", None, "năm 2024", "x"])
    sheet.append([2, "Việc của người lạ", "Phạm Thị Không Có", None, "năm 2024", "x"])
    sheet.append([3, "Việc hợp lệ", "Trần Quang Minh", None, "năm 2024", "x"])
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(2, "Việc của phường", None, "2024-12-31", error=True),
            _row(3, "Việc của người lạ", None, "2024-12-31", error=True),
            _row(4, "Việc hợp lệ", "minh", "2024-12-31"),
        ],
        "tasks": 0,  # a file with errors writes nothing
    }


def stray_rows_after_the_footer() -> tuple[bytes, Truth]:
    """Under "Ghi chú" and the signature block, after a blank gap: a struck-out draft row still numbered
    and naming a cadre, and a clerk's note. Neither is a task."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)  # 1
    sheet.append([1, "Rà soát thủ tục đầu tư", "Trần Quang Minh", None, "Quý III/2024", "Báo cáo"])  # 2
    sheet.append([None, "Ghi chú: các việc trên tính cả việc chuyển tiếp."])  # 3
    sheet.append([None, None, None, "T/M BAN THƯỜNG VỤ"])  # 4
    sheet.append([None, None, None, "BÍ THƯ"])  # 5
    sheet.append([])
    sheet.append([])
    sheet.append([2, "Việc nháp đã bỏ", "Đặng Thị Hạnh", None, "Quý IV/2024", "x"])  # 8
    sheet.append([None, "Người lập: Hạnh, ĐT 0912 345 678"])  # 9
    return to_bytes(book), {
        "target": "year",
        "rows": [_row(2, "Rà soát thủ tục đầu tư", "minh", "2024-09-30")],
        "tasks": 1,
    }


def totals_then_stray_text() -> tuple[bytes, Truth]:
    """ "Tổng cộng" closes the list; a stray heading and a "Nơi nhận" block under it are not read, and a
    note alone after a blank gap below the last task is not a task without a name either."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)  # 1
    sheet.append(["I.", "CẤP TỈNH"])  # 2
    sheet.append([1, "Kiện toàn tổ chức bộ máy", "Đặng Thị Hạnh", None, "30/06/2024", "Đề án"])  # 3
    sheet.append([2, "Tuyển dụng công chức", "Đặng Thị Hạnh", None, "30/09/2024", "Kế hoạch"])  # 4
    sheet.append(["Tổng cộng", None, None, None, 2])  # 5
    sheet.append([])
    sheet.append(["II.", "CẤP XÃ (dự kiến bổ sung)"])  # 7
    sheet.append([3, "Sáp nhập thôn", "Lê Văn Sơn", None, "năm 2024", "x"])  # 8
    sheet.append([None, "Nơi nhận:"])  # 9
    sheet.append([None, "- Như trên."])  # 10
    return to_bytes(book), {
        "target": "year",
        "rows": [
            _row(3, "Kiện toàn tổ chức bộ máy", "hanh", "2024-06-30"),
            _row(4, "Tuyển dụng công chức", "hanh", "2024-09-30"),
        ],
        "tasks": 2,
    }


def note_after_a_gap() -> tuple[bytes, Truth]:
    """No footer word at all: the list, a blank gap, then a line of text with no name and no deadline
    (and another under it). Trailing text is not a task; the file imports."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)  # 1
    sheet.append([1, "Sơ kết mô hình dân vận khéo", "Lê Văn Sơn", None, "Quý II/2024", "Báo cáo"])  # 2
    sheet.append([])
    sheet.append([])
    sheet.append([None, "Danh sách này thay thế danh sách gửi kèm Công văn số 12-CV/TU."])  # 5
    sheet.append([None, "Đề nghị các đồng chí chủ động triển khai."])  # 6
    return to_bytes(book), {
        "target": "year",
        "rows": [_row(2, "Sơ kết mô hình dân vận khéo", "son", "2024-06-30")],
        "tasks": 1,
    }


ANNEXES: dict[str, Callable[[], tuple[bytes, Truth]]] = {
    f.__name__: f
    for f in (
        provincial_merged,
        dash_groups_and_notes,
        hidden_rows_and_columns,
        cover_and_annex,
        two_lists,
        namesakes,
        tone_marks,
        honorifics,
        posts_in_the_name_cell,
        nfd_text,
        capitals,
        date_serials,
        text_deadlines_for_a_phase,
        co_responsible,
        list_markers,
        two_columns_for_one_field,
        outside_scope_and_unknown,
        stray_rows_after_the_footer,
        totals_then_stray_text,
        note_after_a_gap,
    )
}


def write(folder: Path) -> list[str]:
    """Every annex as NAME.xlsx beside its NAME.json; the names written."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in ANNEXES.items():
        data, truth = build()
        (folder / f"{name}.xlsx").write_bytes(data)
        (folder / f"{name}.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return list(ANNEXES)


def deadline(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


if __name__ == "__main__":
    print("\n".join(write(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus"))))
