"""Whatever is uploaded as a task list, the importer answers with a plan and, for everything wrong, a
message in Vietnamese; checking a plan against the services never raises either. Hostile files (password-
protected, truncated, renamed, zip bombs, billion laughs) each get their clear message, on the page too,
and write nothing."""

import datetime
import functools
import io
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dotpha.imports.reader import ENCRYPTED_MESSAGE, NOT_XLSX_MESSAGE, OLD_XLS_MESSAGE
from dotpha.imports.task_layout import COLUMNS
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.task_plan import TaskImportPlan, TaskMapping
from dotpha.imports.task_services import task_import_check
from dotpha.imports.tests.test_task_layouts import Desk, make_desk, provincial_list, to_bytes
from dotpha.imports.tests.test_task_services import counts
from dotpha.imports.tests.test_task_views import upload
from dotpha.imports.tests.test_upload_limits import TOO_BIG, bomb
from dotpha.imports.tests.workbooks import excel_datetime

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
PLAUSIBLE = st.sampled_from(
    [
        "Nguyễn Văn Hùng",
        "nguyen van hung",
        "Đ/c Trần Quang Minh - Giám đốc Sở Tài chính",
        "Đặng Thị Hạnh",
        "Vũ Thị Lan",
        "Giám đốc",
        "Phó Giám đốc Sở Tài chính",
        "Sở Nội vụ",
        "Quý III/2024",
        "Quý III",
        "tháng 12/2023",
        "6 tháng đầu năm 2024",
        "năm 2025",
        "Thường xuyên",
        "31/02/2024",
        "Chuyển đổi số",
        "Việc khó",
        "13 nhà",
        "100%",
        "I. CẤP TỈNH",
        "II",
        "Nơi nhận:",
        "STT",
        "#N/A",
        "",
        " ",
    ]
)
CELL = st.one_of(
    st.none(),
    PLAUSIBLE,
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)),
    st.datetimes(min_value=excel_datetime(1900, 1, 1), max_value=excel_datetime(2200, 1, 1)),
)
HEADER = st.one_of(st.sampled_from([c.header for c in COLUMNS] + ["Người được giao", "Ghi chú", ""]), TEXT)
VALID_FILE = provincial_list()  # built once: a workbook's zip carries its save time


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def vietnamese(message: str) -> bool:
    return bool(message.strip()) and any(ord(ch) > 127 for ch in message)


def answers_with_a_plan(desk: Desk, data: bytes, **kwargs) -> TaskImportPlan:
    target = desk.target()
    plan = task_import_parse(data, actor=desk.approver, target=target, **kwargs)
    assert isinstance(plan, TaskImportPlan)
    assert all(vietnamese(issue.message) for issue in plan.issues), plan.issues
    if plan.rows:
        issues = task_import_check(actor=desk.approver, plan=plan, target=target)
        assert all(vietnamese(issue.message) for issue in issues), issues
    return plan


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(desk, data):
    assert answers_with_a_plan(desk, data).issues


@FUZZ
@given(data=st.data())
def test_a_real_list_with_bytes_changed(desk, data):
    changed = bytearray(VALID_FILE)
    for _ in range(data.draw(st.integers(1, 8))):
        changed[data.draw(st.integers(0, len(changed) - 1))] = data.draw(st.integers(0, 255))
    answers_with_a_plan(desk, bytes(changed))


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=6),
    title_rows=st.integers(0, 16),
    merges=st.lists(
        st.tuples(st.integers(1, 24), st.integers(1, 14), st.integers(0, 3), st.integers(0, 3)), max_size=5
    ),
)
def test_random_cells_under_the_template_header(desk, rows, title_rows, merges):
    book = Workbook()
    sheet = book.active
    for _ in range(title_rows):
        sheet.append(["DANH SÁCH GIAO VIỆC ĐỘT PHÁ NĂM 2024"])
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    for top, left, down, across in merges:
        sheet.merge_cells(f"{get_column_letter(left)}{top}:{get_column_letter(left + across)}{top + down}")
    answers_with_a_plan(desk, to_bytes(book))


@FUZZ
@given(
    headers=st.lists(HEADER, min_size=1, max_size=10),
    second_headers=st.one_of(st.none(), st.lists(HEADER, max_size=10)),
    rows=st.lists(st.lists(CELL, max_size=10), max_size=5),
    mapping=st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from([c.key for c in COLUMNS] + ["khac"]), st.integers(-2, 70), max_size=8
        ),
    ),
    choices=st.dictionaries(st.integers(0, 20), st.integers(-5, 10**6), max_size=3),
)
def test_random_headers_mappings_and_choices(desk, headers, second_headers, rows, mapping, choices):
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(headers)
    if second_headers is not None:
        sheet.append(second_headers)
    for row in rows:
        sheet.append(row)
    wanted = TaskMapping("Danh sách", mapping) if mapping is not None else None
    answers_with_a_plan(desk, to_bytes(book), mapping=wanted, choices=choices)


# ---- hostile files ----------------------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file Excel wraps an encrypted workbook in
ENTITIES = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
LAUGHS = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY l0 "ha">' + ENTITIES + b"]>\n"


@functools.cache
def zip_bomb() -> bytes:
    return bomb(60)  # 60 MB unpacked from a few dozen KB


def password_protected(noise: bytes) -> bytes:
    return OLE + noise + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")


def truncated(length: int) -> bytes:
    return VALID_FILE[:length]


def renamed(head: bytes, body: bytes) -> bytes:
    """A PDF, a CSV or an old .xls saved under an .xlsx name."""
    return head + body


def laughs(part: str) -> bytes:
    """The valid list with the billion-laughs DTD on one part, its entity used where text goes."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID_FILE)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == part:
                body = LAUGHS + body.split(b"?>", 1)[-1]
                body = body.replace(b"<t>", b"<t>&l9;", 1).replace(b' name="', b' name="&l9;', 1)
            target.writestr(info.filename, body)
    return output.getvalue()


PDF, CSV, XLS = b"%PDF-1.7\n", "STT,Tên việc,Họ và tên\n".encode(), OLE + "Workbook".encode("utf-16-le")
LAUGHING_PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml"]
# kind: (the files hypothesis draws, one of them for the page, the message every one of them gets)
HOSTILE: dict[str, tuple[st.SearchStrategy[bytes], Callable[[], bytes], str]] = {
    "password": (
        st.builds(password_protected, st.binary(max_size=600)),
        lambda: password_protected(b""),
        ENCRYPTED_MESSAGE,
    ),
    "truncated": (
        st.builds(truncated, st.integers(1, len(VALID_FILE) - 1)),
        lambda: truncated(len(VALID_FILE) // 2),
        NOT_XLSX_MESSAGE,
    ),
    "renamed": (
        st.builds(renamed, st.sampled_from([PDF, CSV]), st.binary(max_size=500)),
        lambda: renamed(PDF, b""),
        NOT_XLSX_MESSAGE,
    ),
    "renamed xls": (
        st.builds(renamed, st.just(XLS), st.binary(max_size=500)),
        lambda: renamed(XLS, b""),
        OLD_XLS_MESSAGE,
    ),
    "zip bomb": (st.builds(zip_bomb), zip_bomb, TOO_BIG),
    "billion laughs": (
        st.builds(laughs, st.sampled_from(LAUGHING_PARTS)),
        lambda: laughs(LAUGHING_PARTS[0]),
        NOT_XLSX_MESSAGE,
    ),
}


@FUZZ
@given(kind=st.sampled_from(list(HOSTILE)), data=st.data())
def test_hostile_files_get_their_message_and_write_nothing(desk, kind, data):
    files, _, message = HOSTILE[kind]
    before = counts()
    plan = answers_with_a_plan(desk, data.draw(files))
    assert [i.message for i in plan.issues] == [message], kind
    assert plan.rows == [] and counts() == before


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_the_page_answers_a_hostile_file_with_its_message(desk, client, kind):
    _, sample, message = HOSTILE[kind]
    client.force_login(desk.approver)
    before = counts()

    response = upload(client, desk, sample())

    assert response.status_code == 200
    assert message in response.text
    assert counts() == before
