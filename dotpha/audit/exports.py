"""The filtered change log as an Excel file: one line per field changed (an entry without field changes
on one line), user text written as text (`dotpha.core.text_cells`)."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.audit.changes import FieldChange
from dotpha.audit.selectors import LogFilter, log_page
from dotpha.core.text_cells import WORKBOOK_OPTIONS, write_value

EXPORT_LIMIT = 10_000  # entries; the file says when it stops there
_BATCH = 500


def change_log_xlsx(reader: User, f: LogFilter) -> tuple[bytes, int]:
    """The workbook's bytes and how many entries it holds."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS | {"in_memory": True})
    ws = wb.add_worksheet(_("Nhật ký thay đổi"))
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    headers = [
        _("Thời gian"),
        _("Người thực hiện"),
        _("Thao tác"),
        _("Loại dữ liệu"),
        _("Đối tượng"),
        _("Trường"),
        _("Giá trị cũ"),
        _("Giá trị mới"),
        _("Ghi chú"),
    ]
    for col, (title, width) in enumerate(zip(headers, (18, 22, 14, 20, 36, 22, 30, 30, 30), strict=True)):
        ws.write_string(0, col, title, bold)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    row, count, cursor = 1, 0, None
    while count < EXPORT_LIMIT:
        page = log_page(reader, f, after=cursor, size=min(_BATCH, EXPORT_LIMIT - count))
        for e in page.entries:
            head = [e.at.strftime("%d/%m/%Y %H:%M:%S"), e.user, e.action, e.kind_name, e.object_repr]
            lines: list[FieldChange | None] = [*e.changes] or [None]
            for change in lines:
                values = head + ([change.field, change.old, change.new] if change else ["", "", ""])
                for col, value in enumerate([*values, e.reason]):
                    write_value(ws, row, col, value, wrap)
                row += 1
        count += len(page.entries)
        cursor = page.next_cursor
        if cursor is None:
            break
    if cursor is not None:
        ws.write_string(
            row + 1,
            0,
            _("Tệp dừng ở %(limit)s dòng nhật ký đầu tiên: thu hẹp bộ lọc để lấy phần còn lại.")
            % {"limit": EXPORT_LIMIT},
        )
    wb.close()
    return out.getvalue(), count
