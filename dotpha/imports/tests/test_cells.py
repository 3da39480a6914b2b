import datetime
import unicodedata

import pytest

from dotpha.imports.cells import CellError, cell_date, cell_text, cell_year
from dotpha.imports.tests.workbooks import excel_datetime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  Xã   Tân\u00a0Lập ", "Xã Tân Lập"),
        (unicodedata.normalize("NFD", "Hòa Bình"), "Hòa Bình"),
        ("\ufeffP-X1\u200b", "P-X1"),
        (101, "101"),
        (101.0, "101"),
        (1.5, "1.5"),
        (True, "Có"),
        (excel_datetime(2025, 7, 1), "01/07/2025"),
    ],
)
def test_text(value, expected):
    assert cell_text(value) == expected
    assert unicodedata.is_normalized("NFC", cell_text(value))


def test_formula_errors_are_named():
    with pytest.raises(CellError, match="Ô có lỗi công thức “#REF!”"):
        cell_text("#REF!")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (excel_datetime(2025, 7, 1), datetime.date(2025, 7, 1)),
        (datetime.date(2025, 7, 1), datetime.date(2025, 7, 1)),
        ("01/07/2025", datetime.date(2025, 7, 1)),
        ("1/7/2025", datetime.date(2025, 7, 1)),
        ("01-07-2025", datetime.date(2025, 7, 1)),
        ("01.07.2025", datetime.date(2025, 7, 1)),
        (45839, datetime.date(2025, 7, 1)),
    ],
)
def test_dates(value, expected):
    assert cell_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-07-01", "Ngày không đúng dạng dd/mm/yyyy"),
        ("07/2025", "Ngày không đúng dạng dd/mm/yyyy"),
        ("30/02/2025", "Ngày “30/02/2025” không có trên lịch"),
        ("01/07/1800", "nằm ngoài khoảng 1900–2100"),
        (-5, "Ngày không đúng dạng dd/mm/yyyy"),
        (float("nan"), "Ngày không đúng dạng dd/mm/yyyy"),
        (True, "Ngày không đúng dạng dd/mm/yyyy"),
        (datetime.time(8, 30), "Ngày không đúng dạng dd/mm/yyyy"),
    ],
)
def test_bad_dates(value, message):
    with pytest.raises(CellError, match=message):
        cell_date(value)


@pytest.mark.parametrize(("value", "expected"), [(1975, 1975), (1975.0, 1975), ("1975", 1975), (None, None)])
def test_years(value, expected):
    assert cell_year(value) == expected


@pytest.mark.parametrize("value", ["75", "1975a", 1975.5, float("inf"), False])
def test_bad_years(value):
    with pytest.raises(CellError, match="Năm phải là số có bốn chữ số"):
        cell_year(value)
