"""Generic sheet reading: header row found under a title block, rows numbered as Excel shows them."""

import io
import zipfile

import pytest
import xlsxwriter
from openpyxl import load_workbook

from dotpha.imports import reader
from dotpha.imports.reader import (
    NOT_XLSX_MESSAGE,
    ArchiveLimits,
    Column,
    Issue,
    WorkbookError,
    count_cells,
    find_sheet,
    header_key,
    open_workbook,
    read_table,
)

COLUMNS = (
    Column("code", "Mã", required=True),
    Column("name", "Tên", required=True),
    Column("note", "Ghi chú"),
)


def sparse_workbook() -> bytes:
    """Written by xlsxwriter, which leaves empty rows out of the file: row numbers must still be right."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.merge_range("A1:C1", "DANH SÁCH")
    sheet.write_row("B4", ["Tên (*)", "MÃ:"])
    sheet.write_row("B6", ["Một", "A1"])
    sheet.write_row("B9", ["Hai", "A2", "thừa"])
    book.close()
    return output.getvalue()


def read(data: bytes, columns=COLUMNS):
    book = open_workbook(data)
    return read_table(find_sheet(book, "DANH SACH"), "Danh sách", columns, max_rows=100)


def test_header_under_a_title_and_rows_numbered_as_excel_shows():
    table, issues = read(sparse_workbook())
    assert issues == []
    assert table.header_row == 4
    assert [(r.number, r.values) for r in table.rows] == [
        (6, {"name": "Một", "code": "A1"}),
        (9, {"name": "Hai", "code": "A2"}),
    ]


def test_missing_required_column_is_named():
    columns = (*COLUMNS, Column("kind", "Loại", required=True))
    assert read(sparse_workbook(), columns) == (None, [Issue("Thiếu cột “Loại”", sheet="Danh sách", row=4)])


def test_too_many_rows():
    book = open_workbook(sparse_workbook())
    table, issues = read_table(book.worksheets[0], "Danh sách", COLUMNS, max_rows=1)
    assert table is None
    assert issues[0].message == "Trang có hơn 1 dòng dữ liệu: hãy chia thành nhiều tệp"


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 broken", b"<html></html>"])
def test_not_a_workbook(data):
    with pytest.raises(WorkbookError) as error:
        open_workbook(data)
    assert error.value.message == NOT_XLSX_MESSAGE


def test_a_workbook_unpacking_past_the_limit_is_refused_before_reading():
    with pytest.raises(WorkbookError) as error:
        open_workbook(sparse_workbook(), ArchiveLimits(unpacked_bytes=1000))
    assert error.value.message == "Tệp quá lớn khi giải nén (tối đa 0 MB); hãy chia thành nhiều tệp"


def test_header_key_ignores_marks_case_and_decoration():
    assert header_key("MÃ ĐƠN VỊ (*):") == header_key("Mã đơn vị") == "ma don vi"


def test_issue_describes_its_place():
    assert Issue("Thiếu mã", sheet="Đơn vị", row=5, column="Mã đơn vị").describe() == (
        "Trang “Đơn vị”, dòng 5, cột “Mã đơn vị”: Thiếu mã"
    )
    assert Issue("Tệp hỏng").describe() == "Tệp hỏng"


def test_workbook_is_opened_read_only():
    book = open_workbook(sparse_workbook())
    assert book.read_only
    assert load_workbook(io.BytesIO(sparse_workbook())).sheetnames == ["Danh sách"]


@pytest.mark.parametrize(("cells", "refused"), [(3, False), (4, True)])
@pytest.mark.parametrize("shift", [1, 2, 3])
def test_cells_are_counted_once_when_a_tag_meets_the_end_of_a_chunk(monkeypatch, cells, refused, shift):
    """The count reads the sheet's XML in 1 MB chunks: a "<c " cut in two, or ending the chunk, is counted
    once, never 0 or 2 times."""
    monkeypatch.setattr(reader, "MAX_SHEET_CELLS", 3)
    head = b'<worksheet><sheetData><row r="1"><c r="A1"/>'
    padding = b"<!--" + b"x" * ((1 << 20) - shift - len(head) - 7) + b"-->"
    xml = head + padding + b'<c r="B1"/>' * (cells - 1) + b"</row></sheetData></worksheet>"
    assert xml[(1 << 20) - shift : (1 << 20) - shift + 3] == b"<c "  # the second cell, `shift` from the end
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    if refused:
        with pytest.raises(WorkbookError, match=r"hơn 400\.000 ô"):
            count_cells(output.getvalue())
    else:
        count_cells(output.getvalue())
