"""The template handed to organizers: both sheets with their headers under a title, dates as dd/mm/yyyy,
instructions with the catalogues; filled in and uploaded, it is read back."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from dotpha.imports.org_layout import CADRE_COLUMNS, UNIT_COLUMNS
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.org_template import org_template_xlsx
from dotpha.imports.tests.workbooks import excel_datetime, to_bytes
from dotpha.org.models import UnitKind

pytestmark = pytest.mark.django_db


def test_headers_title_and_formats_read_back(world):
    book = load_workbook(io.BytesIO(org_template_xlsx()))

    assert book.sheetnames == ["Đơn vị", "Cán bộ", "Hướng dẫn"]
    units, cadres = book["Đơn vị"], book["Cán bộ"]
    assert units["A1"].value == "DANH SÁCH ĐƠN VỊ"
    assert "A1:G1" in {str(r) for r in units.merged_cells.ranges}
    assert [c.value for c in units[3]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cấp trên",
        "Loại đơn vị",
        "Cấp",
        "Hiệu lực từ ngày",
        "Hiệu lực đến ngày",
    ]
    assert [c.value for c in cadres[3]] == [
        "Mã cán bộ",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Đảng viên",
        "Điện thoại",
        "Thư điện tử",
        "Mã đơn vị công tác",
        "Chức danh",
        "Từ ngày",
        "Mã đơn vị quản lý",
    ]
    assert units.column_dimensions["B"].width > units.column_dimensions["A"].width
    assert units.freeze_panes == "A4"
    assert {str(dv.sqref).split(":")[0] for dv in cadres.data_validations.dataValidation} >= {"C4", "E4"}


def test_date_columns_show_dd_mm_yyyy(world):
    book = load_workbook(io.BytesIO(org_template_xlsx()))
    units, cadres = book["Đơn vị"], book["Cán bộ"]
    assert units.column_dimensions["F"].number_format == "dd/mm/yyyy"
    assert cadres.column_dimensions["J"].number_format == "dd/mm/yyyy"
    assert units.column_dimensions["A"].number_format == "@"  # codes keep their leading zeros


def test_instructions_list_every_unit_kind(world):
    book = load_workbook(io.BytesIO(org_template_xlsx()))
    text = [c for row in book["Hướng dẫn"].iter_rows(values_only=True) for c in row if c]
    assert any("dd/mm/yyyy" in str(c) for c in text)
    assert set(UnitKind.objects.values_list("name", flat=True)) <= set(text)


def test_the_empty_template_reads_as_empty(world):
    plan = org_import_parse(org_template_xlsx(), actor=world.users["organizer"])
    assert [i.message for i in plan.issues] == ["Tệp không có dòng dữ liệu nào"]


def test_a_filled_in_template_is_read_back(world):
    book = load_workbook(io.BytesIO(org_template_xlsx()))
    book["Đơn vị"].append(["P-X3", "Xã Hòa An", "P", "Xã", None, excel_datetime(2025, 7, 1)])
    book["Cán bộ"].append(
        [
            "C001",
            "Trần Văn An",
            "Nam",
            1980,
            "Có",
            "0912345678",
            None,
            "P-X3",
            "Bí thư",
            "01/07/2025",
            "P-BTV",
        ]
    )

    plan = org_import_parse(to_bytes(book), actor=world.users["organizer"])

    assert plan.issues == []
    assert [(u.row, u.code, u.valid_from) for u in plan.units] == [(4, "P-X3", datetime.date(2025, 7, 1))]
    assert [(c.row, c.code, c.unit_code) for c in plan.cadres] == [(4, "C001", "P-X3")]


def test_layout_columns_are_unique():
    for columns in (UNIT_COLUMNS, CADRE_COLUMNS):
        assert len({c.key for c in columns}) == len({c.header for c in columns}) == len(columns)
