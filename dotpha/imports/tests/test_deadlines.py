"""Deadlines as offices write them: every form read to its last day, every other text refused in Vietnamese,
and no value at all makes the parser raise anything but CellError."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dotpha.imports.cells import CellError
from dotpha.imports.deadlines import parse_deadline
from dotpha.imports.tests.workbooks import excel_datetime

D = datetime.date
HELP = "ghi ngày (31/12/2024), tháng (tháng 12/2024), quý (Quý IV/2024) hoặc năm (năm 2024)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day
        ("31/12/2023", D(2023, 12, 31)),
        ("1/7/2025", D(2025, 7, 1)),
        ("01-07-2025", D(2025, 7, 1)),
        ("01.07.2025", D(2025, 7, 1)),
        ("01 / 07 / 2025", D(2025, 7, 1)),
        ("31/12/23", D(2023, 12, 31)),
        ("2024-05-31", D(2024, 5, 31)),
        ("29/02/2024", D(2024, 2, 29)),
        ("ngày 15 tháng 8 năm 2024", D(2024, 8, 15)),
        ("15 tháng 8 năm 2024", D(2024, 8, 15)),
        ("Ngày 30/6/2024", D(2024, 6, 30)),
        ("Trước ngày 30/6/2024", D(2024, 6, 30)),
        ("trước 30/06/2024", D(2024, 6, 30)),
        ("Đến ngày 31/10/2024", D(2024, 10, 31)),
        ("Chậm nhất 15/11/2024", D(2024, 11, 15)),
        ("Hạn: 15/11/2024", D(2024, 11, 15)),
        ("31/12/2024 (dự kiến)", D(2024, 12, 31)),
        # a month: its last day
        ("tháng 12/2023", D(2023, 12, 31)),
        ("Tháng 12/2023", D(2023, 12, 31)),
        ("THÁNG 02/2024", D(2024, 2, 29)),
        ("tháng 2/2023", D(2023, 2, 28)),
        ("tháng 4 năm 2024", D(2024, 4, 30)),
        ("Tháng 9-2024", D(2024, 9, 30)),
        ("tháng 9.2024", D(2024, 9, 30)),
        ("T12/2024", D(2024, 12, 31)),
        ("12/2024", D(2024, 12, 31)),
        ("thang 6/2024", D(2024, 6, 30)),
        ("Trong tháng 10/2024", D(2024, 10, 31)),
        ("Cuối tháng 6/2024", D(2024, 6, 30)),
        ("Hoàn thành trong tháng 11/2024", D(2024, 11, 30)),
        # a quarter: its last day
        ("Quý I/2024", D(2024, 3, 31)),
        ("Quý II/2024", D(2024, 6, 30)),
        ("Quý III/2024", D(2024, 9, 30)),
        ("Quý IV/2024", D(2024, 12, 31)),
        ("quý 3/2024", D(2024, 9, 30)),
        ("Quý III năm 2024", D(2024, 9, 30)),
        ("Quý 4 - 2024", D(2024, 12, 31)),
        ("Quý 2, 2025", D(2025, 6, 30)),
        ("Q3/2024", D(2024, 9, 30)),
        ("Q.3/2024", D(2024, 9, 30)),
        ("quy iii/2024", D(2024, 9, 30)),
        ("Đến hết Quý II/2024", D(2024, 6, 30)),
        ("Trước Quý IV/2024", D(2024, 12, 31)),
        ("Cuối quý I/2025", D(2025, 3, 31)),
        # months from the start of a year, halves
        ("6 tháng đầu năm 2024", D(2024, 6, 30)),
        ("06 tháng đầu năm 2024", D(2024, 6, 30)),
        ("9 tháng đầu năm 2024", D(2024, 9, 30)),
        ("3 tháng đầu năm 2025", D(2025, 3, 31)),
        ("6 tháng cuối năm 2024", D(2024, 12, 31)),
        ("6 tháng đầu năm/2024", D(2024, 6, 30)),
        ("Nửa đầu năm 2024", D(2024, 6, 30)),
        ("nửa cuối năm 2024", D(2024, 12, 31)),
        # a year, a phase: the last day
        ("năm 2024", D(2024, 12, 31)),
        ("Năm 2024", D(2024, 12, 31)),
        ("2024", D(2024, 12, 31)),
        ("Trong năm 2024", D(2024, 12, 31)),
        ("Cả năm 2024", D(2024, 12, 31)),
        ("Cuối năm 2024", D(2024, 12, 31)),
        ("Hết năm 2024", D(2024, 12, 31)),
        ("Giai đoạn 2021 - 2025", D(2025, 12, 31)),
        ("giai đoạn 2021-2025", D(2025, 12, 31)),
        ("2021–2025", D(2025, 12, 31)),
        ("Từ năm 2021 đến năm 2025", D(2025, 12, 31)),
        ("năm 2024 - 2025", D(2025, 12, 31)),
        # spaces and invisible characters as pasted from Word
        ("  Quý   III / 2024 ", D(2024, 9, 30)),
        ("\u200bQuý III/2024", D(2024, 9, 30)),
    ],
)
def test_text_deadlines(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý III", D(2024, 9, 30)),
        ("quý 1", D(2024, 3, 31)),
        ("tháng 12", D(2024, 12, 31)),
        ("Tháng 6 năm nay", D(2024, 6, 30)),
        ("30/6", D(2024, 6, 30)),
        ("6 tháng đầu năm", D(2024, 6, 30)),
        ("Cuối năm", D(2024, 12, 31)),
        ("trong năm", D(2024, 12, 31)),
        ("Năm nay", D(2024, 12, 31)),
    ],
)
def test_a_list_for_one_year_completes_the_year(text, expected):
    assert parse_deadline(text, default_year=2024) == expected


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("Quý III", "Quý III/2024"),
        ("tháng 12", "tháng 12/2024"),
        ("30/6", "30/06/2024"),
        ("cuối năm", "năm 2024"),
    ],
)
def test_without_a_year_the_message_shows_how(text, example):
    with pytest.raises(CellError) as error:
        parse_deadline(text)
    assert error.value.message == f"Thời hạn “{text}” thiếu năm, ví dụ: {example}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (excel_datetime(2024, 9, 30), D(2024, 9, 30)),
        (datetime.datetime(2024, 9, 30, 17, 0), D(2024, 9, 30)),  # noqa: DTZ001
        (D(2024, 9, 30), D(2024, 9, 30)),
        (2024, D(2024, 12, 31)),  # a year typed into a number cell
        (2024.0, D(2024, 12, 31)),
        (45565, D(2024, 9, 30)),  # a date whose cell lost its format: Excel's serial number
        (45565.75, D(2024, 9, 30)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_cell_values(value, expected):
    assert parse_deadline(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Thường xuyên", f"“Thường xuyên” không phải thời hạn hoàn thành: {HELP}"),
        ("Hằng năm", f"“Hằng năm” không phải thời hạn hoàn thành: {HELP}"),
        ("Liên tục", f"“Liên tục” không phải thời hạn hoàn thành: {HELP}"),
        ("Cả nhiệm kỳ", f"“Cả nhiệm kỳ” không phải thời hạn hoàn thành: {HELP}"),
        ("Quý V/2024", f"Thời hạn “Quý V/2024” không đọc được: {HELP}"),
        ("Quý II và Quý IV/2024", f"Thời hạn “Quý II và Quý IV/2024” không đọc được: {HELP}"),
        ("đầu năm 2024", f"Thời hạn “đầu năm 2024” không đọc được: {HELP}"),
        ("sớm", f"Thời hạn “sớm” không đọc được: {HELP}"),
        ("trước", f"Thời hạn “trước” không đọc được: {HELP}"),
        ("31/02/2024", "Ngày “31/02/2024” không có trên lịch"),
        ("32/1/2024", "Ngày “32/1/2024” không có trên lịch"),
        ("tháng 13/2024", "Tháng 13 trong “tháng 13/2024” không có trên lịch"),
        ("13 tháng đầu năm 2024", f"Thời hạn “13 tháng đầu năm 2024” không đọc được: {HELP}"),
        ("Giai đoạn 2025 - 2021", "Giai đoạn “Giai đoạn 2025 - 2021” có năm kết thúc trước năm bắt đầu"),
        ("năm 2300", "Năm 2300 nằm ngoài khoảng 1900–2100"),
        ("năm 0000", "Năm 0 nằm ngoài khoảng 1900–2100"),
        ("31/12/1850", "Năm 1850 nằm ngoài khoảng 1900–2100"),
        ("#N/A", "Ô có lỗi công thức “#N/A”"),
        (True, f"Thời hạn “Có” không đọc được: {HELP}"),
        (-5, f"Thời hạn “-5” không đọc được: {HELP}"),
        (10**9, f"Thời hạn “1000000000” không đọc được: {HELP}"),
        (float("nan"), f"Thời hạn “nan” không đọc được: {HELP}"),
        (datetime.time(8, 30), f"Thời hạn “08:30:00” không đọc được: {HELP}"),
        ("x" * 100, f"Thời hạn “{'x' * 57}…” không đọc được: {HELP}"),
    ],
)
def test_what_is_not_a_deadline_says_why(value, message):
    with pytest.raises(CellError) as error:
        parse_deadline(value)
    assert error.value.message == message


VALUES = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.from_regex(
        r"(Trước |Đến hết |Cuối |Trong )?"
        r"(Quý [IVX1-5]{1,3}|tháng \d{1,2}|\d{1,2}/\d{1,2}|\d{1,2} tháng đầu năm|năm)"
        r"( ?[/\-.]? ?\d{1,4})?",
        fullmatch=True,
    ),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


@given(value=VALUES, default_year=st.one_of(st.none(), st.integers(1800, 2200)))
def test_any_value_gives_a_date_or_a_vietnamese_message(value, default_year):
    try:
        day = parse_deadline(value, default_year=default_year)
    except CellError as error:
        assert error.message
        assert any(ord(ch) > 127 for ch in error.message), error.message  # Vietnamese, with its diacritics
    else:
        assert day is None or (isinstance(day, datetime.date) and 1900 <= day.year <= 2100)
