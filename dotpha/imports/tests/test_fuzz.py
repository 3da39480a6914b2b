"""Whatever is uploaded, the parser answers with a plan (maybe full of issues) and never raises."""

import datetime
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dotpha.imports.org_layout import CADRE_COLUMNS, UNIT_COLUMNS
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.org_plan import OrgImportPlan
from dotpha.imports.tests.conftest import valid_cadres, valid_units
from dotpha.imports.tests.workbooks import excel_datetime, org_workbook, to_bytes

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text openpyxl can store (no control characters), plus values that reach deep into the checks.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
PLAUSIBLE = st.sampled_from(
    [
        "P",
        "P-X1",
        "P-X2",
        "P-SNV",
        "P-H1-X1",
        "C001",
        "Xã",
        "commune",
        "Cấp xã",
        "Nam",
        "Nữ",
        "Có",
        "Không",
        "01/07/2025",
        "31/02/2025",
        "Giám đốc",
        "#N/A",
        "",
        " ",
        "I.",
        "an@x.vn",
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

# Built once: a workbook's zip carries its save time, so its length must not change between examples.
VALID_FILE = org_workbook(valid_units(), valid_cadres())


def assert_answers_with_a_plan(data: bytes, actor) -> OrgImportPlan:
    plan = org_import_parse(data, actor=actor)
    assert isinstance(plan, OrgImportPlan)
    assert all(issue.message for issue in plan.issues)
    return plan


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(world, data):
    plan = assert_answers_with_a_plan(data, world.users["organizer"])
    assert plan.issues


@FUZZ
@given(data=st.data())
def test_a_valid_file_with_bytes_changed(world, data):
    """Flip bytes of a real workbook: a broken zip, a broken XML part, or by luck a readable file."""
    changed = bytearray(VALID_FILE)
    for _ in range(data.draw(st.integers(1, 8))):
        changed[data.draw(st.integers(0, len(changed) - 1))] = data.draw(st.integers(0, 255))
    assert_answers_with_a_plan(bytes(changed), world.users["organizer"])


@FUZZ
@given(
    units=st.lists(st.lists(CELL, min_size=len(UNIT_COLUMNS), max_size=len(UNIT_COLUMNS)), max_size=6),
    cadres=st.lists(st.lists(CELL, min_size=len(CADRE_COLUMNS), max_size=len(CADRE_COLUMNS)), max_size=6),
    title_rows=st.integers(0, 9),
)
def test_random_cell_values(world, units, cadres, title_rows):
    book = Workbook()
    book.remove(book.active)
    for name, columns, rows in (("Đơn vị", UNIT_COLUMNS, units), ("Cán bộ", CADRE_COLUMNS, cadres)):
        sheet = book.create_sheet(name)
        for _ in range(title_rows):
            sheet.append(["TIÊU ĐỀ"])
        sheet.append([c.header for c in columns])
        for row in rows:
            sheet.append(row)
    assert_answers_with_a_plan(to_bytes(book), world.users["organizer"])


@FUZZ
@given(names=st.lists(TEXT.filter(lambda s: s.strip() and not set(s) & set("[]:*?/\\'")), max_size=3))
def test_random_sheets_and_zip_parts(world, names):
    book = Workbook()
    for name in names:
        try:
            book.create_sheet(name[:28])
        except ValueError:
            continue
    data = to_bytes(book)
    assert_answers_with_a_plan(data, world.users["organizer"])
    # the same parts under a zip that is not a workbook at all
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert assert_answers_with_a_plan(output.getvalue(), world.users["organizer"]).issues
