"""The template an organizer downloads, fills and uploads: one sheet for units, one for cadres, and a
short instructions sheet with the catalogues of unit kinds and levels."""

import datetime
import io

import xlsxwriter
from django.utils import timezone
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from dotpha.core.text_cells import WORKBOOK_OPTIONS
from dotpha.imports.org_layout import (
    CADRE_COLUMNS,
    CADRE_SHEET,
    FIRST_BIRTH_YEAR,
    INSTRUCTIONS_SHEET,
    UNIT_COLUMNS,
    UNIT_SHEET,
)
from dotpha.imports.reader import Column
from dotpha.org.models import UnitKind, UnitLevel

TITLE_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2  # zero-based: Excel rows 1, 2 and 3
TEMPLATE_ROWS = 1000
DATE_KEYS = {"valid_from", "valid_to", "start_date"}
TEXT_KEYS = {"code", "parent_code", "unit_code", "managing_unit_code", "phone"}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

INSTRUCTIONS = [
    "Điền trang “Đơn vị” trước: mỗi dòng một đơn vị. Đơn vị cấp trên phải có sẵn trong hệ thống "
    "hoặc ở một dòng phía trên trong tệp. Đơn vị gốc (để trống mã cấp trên) chỉ quản trị hệ thống tạo được.",
    "Trang “Cán bộ”: mỗi dòng một cán bộ với một chức danh tại một đơn vị. Cán bộ kiêm nhiệm thì ghi thêm "
    "dòng cùng mã cán bộ (các cột thông tin cá nhân để trống hoặc ghi giống dòng trước).",
    "Loại đơn vị, Cấp: ghi mã hoặc tên như danh mục bên dưới; không phân biệt chữ hoa, chữ thường, có dấu "
    "hay không dấu. Cấp để trống thì lấy cấp mặc định của loại đơn vị.",
    "Ngày ghi dạng dd/mm/yyyy, ví dụ 01/07/2025. Giới tính: Nam hoặc Nữ. Đảng viên: Có hoặc Không "
    "(để trống là Có).",
    "Đơn vị, cán bộ được nhận ra theo mã: nhập lại cùng tệp không tạo bản ghi trùng; dòng có thay đổi thì "
    "được cập nhật; ô để trống ở cột không bắt buộc thì giữ nguyên giá trị đang có.",
    "Không đổi được đơn vị cấp trên của đơn vị đã có bằng tệp nhập: sáp nhập, chia tách làm ở "
    "chức năng riêng.",
    "Tệp còn lỗi thì không dòng nào được nhập. Trang kiểm tra chỉ ra trang, dòng, cột của từng lỗi.",
    "Có thể giữ dòng tiêu đề, thêm cột STT hay các dòng nhóm (I., II.) như biểu mẫu thường dùng.",
]


def org_template_xlsx() -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, **WORKBOOK_OPTIONS})
    workbook.set_properties({"title": "Mẫu nhập đơn vị, cán bộ", "author": "Đột phá"})
    styles = _styles(workbook)
    units = workbook.add_worksheet(UNIT_SHEET)
    cadres = workbook.add_worksheet(CADRE_SHEET)
    help_sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    kind_range, level_range = _write_instructions(help_sheet, styles)

    _write_table(units, styles, "DANH SÁCH ĐƠN VỊ", UNIT_COLUMNS)
    _choices(units, UNIT_COLUMNS, "kind", kind_range)
    _choices(units, UNIT_COLUMNS, "level", level_range)

    _write_table(cadres, styles, "DANH SÁCH CÁN BỘ", CADRE_COLUMNS)
    _choices(cadres, CADRE_COLUMNS, "gender", ["Nam", "Nữ"])
    _choices(cadres, CADRE_COLUMNS, "is_party_member", ["Có", "Không"])
    year = _index(CADRE_COLUMNS, "birth_year")
    cadres.data_validation(
        HEADER_ROW + 1,
        year,
        HEADER_ROW + TEMPLATE_ROWS,
        year,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": FIRST_BIRTH_YEAR,
            "maximum": timezone.localdate().year,
            "error_type": "warning",
            "error_message": f"Năm sinh từ {FIRST_BIRTH_YEAR} đến nay.",
        },
    )
    units.activate()
    workbook.close()
    return output.getvalue()


def _styles(workbook: Workbook) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 12}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "note": workbook.add_format({**base, "italic": True, "font_color": "#555555"}),
        "header": workbook.add_format(
            {**base, "bold": True, "border": 1, "bg_color": "#F2DCDB", "text_wrap": True, "valign": "vcenter"}
        ),
        "required": workbook.add_format(
            {**base, "bold": True, "border": 1, "bg_color": "#E6B8B7", "text_wrap": True, "valign": "vcenter"}
        ),
        "date": workbook.add_format({**base, "num_format": "dd/mm/yyyy"}),
        "text": workbook.add_format({**base, "num_format": "@"}),
        "plain": workbook.add_format(base),
        "wrap": workbook.add_format({**base, "text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({**base, "bold": True}),
    }


def _write_table(sheet: Worksheet, styles: dict, title: str, columns: tuple[Column, ...]) -> None:
    last = len(columns) - 1
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last, title, styles["title"])
    sheet.merge_range(
        NOTE_ROW,
        0,
        NOTE_ROW,
        last,
        "Cột có nền đậm hơn là cột bắt buộc. Ngày ghi dạng dd/mm/yyyy. Xem trang “Hướng dẫn”.",
        styles["note"],
    )
    sheet.set_row(HEADER_ROW, 32)
    for index, column in enumerate(columns):
        style = "date" if column.key in DATE_KEYS else "text" if column.key in TEXT_KEYS else "plain"
        sheet.set_column(index, index, column.width, styles[style])
        header_style = styles["required"] if column.required else styles["header"]
        sheet.write_string(HEADER_ROW, index, column.header, header_style)
        if column.note:
            sheet.write_comment(HEADER_ROW, index, column.note)
        if column.key in DATE_KEYS:
            sheet.data_validation(
                HEADER_ROW + 1,
                index,
                HEADER_ROW + TEMPLATE_ROWS,
                index,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": datetime.date(1900, 1, 1),
                    "maximum": datetime.date(2100, 12, 31),
                    "error_type": "warning",
                    "error_message": "Ngày ghi dạng dd/mm/yyyy, ví dụ 01/07/2025.",
                },
            )
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW, last)


def _choices(sheet: Worksheet, columns: tuple[Column, ...], key: str, source: list[str] | str) -> None:
    index = _index(columns, key)
    sheet.data_validation(
        HEADER_ROW + 1,
        index,
        HEADER_ROW + TEMPLATE_ROWS,
        index,
        {
            "validate": "list",
            "source": source,
            "error_type": "warning",  # codes and unaccented names are accepted too
            "error_message": "Giá trị không có trong danh sách; xem trang “Hướng dẫn”.",
        },
    )


def _write_instructions(sheet: Worksheet, styles: dict) -> tuple[str, str]:
    """Writes the notes and the catalogues; returns the ranges of kind names and level names."""
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, 30)
    sheet.set_column(3, 3, 24)
    sheet.merge_range(0, 0, 0, 3, "HƯỚNG DẪN NHẬP ĐƠN VỊ, CÁN BỘ", styles["title"])
    row = 2
    for number, text in enumerate(INSTRUCTIONS, start=1):
        sheet.write_number(row, 0, number, styles["plain"])
        sheet.merge_range(row, 1, row, 3, text, styles["wrap"])
        sheet.set_row(row, 48)
        row += 1

    row += 1
    sheet.write_string(row, 1, "Danh mục loại đơn vị", styles["bold"])
    row += 1
    for col, header in enumerate(("Tên loại đơn vị", "Mã", "Cấp mặc định"), start=1):
        sheet.write_string(row, col, header, styles["header"])
    first_kind = row + 1
    for kind in UnitKind.objects.select_related("default_level").order_by("name"):
        row += 1
        sheet.write_string(row, 1, kind.name, styles["plain"])
        sheet.write_string(row, 2, kind.code, styles["plain"])
        sheet.write_string(row, 3, kind.default_level.name if kind.default_level else "", styles["plain"])
    kind_range = _range(first_kind, row)

    row += 2
    sheet.write_string(row, 1, "Danh mục cấp", styles["bold"])
    row += 1
    for col, header in enumerate(("Tên cấp", "Mã"), start=1):
        sheet.write_string(row, col, header, styles["header"])
    first_level = row + 1
    for level in UnitLevel.objects.order_by("rank"):
        row += 1
        sheet.write_string(row, 1, level.name, styles["plain"])
        sheet.write_string(row, 2, level.code, styles["plain"])
    return kind_range, _range(first_level, row)


def _range(first: int, last: int) -> str:
    last = max(first, last)
    return f"='{INSTRUCTIONS_SHEET}'!$B${first + 1}:$B${last + 1}"


def _index(columns: tuple[Column, ...], key: str) -> int:
    return next(i for i, c in enumerate(columns) if c.key == key)
