"""The task-list template: laid out as offices lay out "Danh sách giao việc đột phá năm …" (a title block,
the header, group rows may be added), with the catalogues of fields and kinds on an instructions sheet."""

import io

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from dotpha.core.text_cells import WORKBOOK_OPTIONS
from dotpha.imports.task_layout import COLUMNS, INSTRUCTIONS_SHEET, SHEET
from dotpha.programmes.models import Field, TaskKind

TITLE_ROWS = 4  # zero-based rows 0..3 above the header
HEADER_ROW = 4
TEMPLATE_ROWS = 1000
TEXT_KEYS = {"deadline"}  # "Quý III/2024" must stay text, not become a date by accident
DATE_KEYS = {"start_date"}

INSTRUCTIONS = [
    "Mỗi dòng một việc của một cán bộ. Có thể giữ khối tiêu đề, cột STT và thêm dòng nhóm như "
    "“I. Cấp tỉnh”, “II. Các sở, ngành”: dòng nhóm không được nhập.",
    "Họ và tên: cán bộ phải có trong hệ thống. Nếu có nhiều người cùng tên, ghi thêm Chức vụ, Đơn vị công "
    "tác để hệ thống phân biệt; không phân biệt được thì trang kiểm tra cho chọn từng người.",
    "Thời hạn hoàn thành ghi ngày (31/12/2024), tháng (tháng 12/2024), quý (Quý III/2024 là 30/09/2024), "
    "“6 tháng đầu năm 2024” (30/06/2024) hoặc năm (năm 2024 là 31/12/2024). Không ghi “Thường xuyên”.",
    "Sản phẩm hoặc Chỉ tiêu: cần ít nhất một (“5 rõ”). Chỉ tiêu có số và đơn vị tính thì được ghi thành "
    "chỉ tiêu đo được, ví dụ “13 nhà”, “100%”; còn lại ghi vào sản phẩm.",
    "Nội dung, giải pháp để trống thì lấy theo tên việc. Ngày bắt đầu để trống thì tính từ đầu kỳ.",
    "Lĩnh vực, Loại việc: chọn trong danh mục bên dưới (không phân biệt hoa thường, có dấu hay không dấu). "
    "Loại việc để trống là việc đột phá, đổi mới.",
    "Các việc được tạo ở trạng thái đã phê duyệt theo quyết định chọn khi nhập. Người nhập phải có thẩm "
    "quyền phê duyệt việc của từng cán bộ (đơn vị quản lý cán bộ).",
    "Tệp còn lỗi thì không dòng nào được nhập. Trang kiểm tra chỉ ra dòng, cột của từng lỗi.",
    "Tệp có tiêu đề cột khác mẫu vẫn nhập được: trang nhập cho chọn cột nào là tên việc, họ tên, thời hạn…",
]


def task_template_xlsx() -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, **WORKBOOK_OPTIONS})
    workbook.set_properties({"title": "Mẫu danh sách giao việc đột phá", "author": "Đột phá"})
    styles = _styles(workbook)
    sheet = workbook.add_worksheet(SHEET)
    help_sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    field_range, kind_range = _write_instructions(help_sheet, styles)
    _write_list(sheet, styles)
    _choices(sheet, "field", field_range)
    _choices(sheet, "kind", kind_range)
    sheet.activate()
    workbook.close()
    return output.getvalue()


def _styles(workbook: Workbook) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 12}
    header = {**base, "bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "align": "center"}
    return {
        "agency": workbook.add_format({**base, "bold": True, "align": "center"}),
        "title": workbook.add_format({**base, "bold": True, "font_size": 14, "align": "center"}),
        "note": workbook.add_format({**base, "italic": True, "align": "center"}),
        "header": workbook.add_format({**header, "bg_color": "#F2DCDB"}),
        "required": workbook.add_format({**header, "bg_color": "#E6B8B7"}),
        "date": workbook.add_format({**base, "num_format": "dd/mm/yyyy", "valign": "top"}),
        "text": workbook.add_format({**base, "num_format": "@", "valign": "top", "text_wrap": True}),
        "plain": workbook.add_format({**base, "valign": "top", "text_wrap": True}),
        "wrap": workbook.add_format({**base, "text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({**base, "bold": True}),
    }


def _write_list(sheet: Worksheet, styles: dict) -> None:
    last = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, 3, "TỈNH ỦY ……………", styles["agency"])
    sheet.merge_range(0, 4, 0, last, "ĐẢNG CỘNG SẢN VIỆT NAM", styles["agency"])
    sheet.merge_range(1, 0, 1, last, "DANH SÁCH GIAO VIỆC ĐỘT PHÁ, ĐỔI MỚI NĂM ……", styles["title"])
    sheet.merge_range(
        2, 0, 2, last, "(Kèm theo Quyết định số ……-QĐ/TU ngày …/…/…… của Ban Thường vụ)", styles["note"]
    )
    sheet.set_row(HEADER_ROW, 36)
    for index, column in enumerate(COLUMNS):
        style = "date" if column.key in DATE_KEYS else "text" if column.key in TEXT_KEYS else "plain"
        sheet.set_column(index, index, column.width, styles[style])
        sheet.write_string(
            HEADER_ROW, index, column.header, styles["required" if column.required else "header"]
        )
        if column.note:
            sheet.write_comment(HEADER_ROW, index, column.note)
    sheet.freeze_panes(HEADER_ROW + 1, 0)


def _choices(sheet: Worksheet, key: str, source: str) -> None:
    index = next(i for i, c in enumerate(COLUMNS) if c.key == key)
    sheet.data_validation(
        HEADER_ROW + 1,
        index,
        HEADER_ROW + TEMPLATE_ROWS,
        index,
        {
            "validate": "list",
            "source": source,
            "error_type": "warning",  # names without diacritics are accepted too
            "error_message": "Giá trị không có trong danh mục; xem trang “Hướng dẫn”.",
        },
    )


def _write_instructions(sheet: Worksheet, styles: dict) -> tuple[str, str]:
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 52)
    sheet.set_column(2, 2, 30)
    sheet.merge_range(0, 0, 0, 2, "HƯỚNG DẪN NHẬP DANH SÁCH GIAO VIỆC", styles["title"])
    row = 2
    for number, text in enumerate(INSTRUCTIONS, start=1):
        sheet.write_number(row, 0, number, styles["plain"])
        sheet.merge_range(row, 1, row, 2, text, styles["wrap"])
        sheet.set_row(row, 48)
        row += 1

    row += 1
    sheet.write_string(row, 1, "Danh mục lĩnh vực", styles["bold"])
    row += 1
    sheet.write_string(row, 1, "Tên lĩnh vực", styles["header"])
    sheet.write_string(row, 2, "Mã", styles["header"])
    first_field = row + 1
    for item in Field.objects.filter(is_active=True).order_by("rank", "name"):
        row += 1
        sheet.write_string(row, 1, item.name, styles["plain"])
        sheet.write_string(row, 2, item.code, styles["plain"])
    field_range = _range(first_field, row)

    row += 2
    sheet.write_string(row, 1, "Loại việc", styles["bold"])
    first_kind = row + 1
    for kind in TaskKind:
        row += 1
        sheet.write_string(row, 1, str(kind.label), styles["plain"])
    return field_range, _range(first_kind, row)


def _range(first: int, last: int) -> str:
    last = max(first, last)
    return f"='{INSTRUCTIONS_SHEET}'!$B${first + 1}:$B${last + 1}"
