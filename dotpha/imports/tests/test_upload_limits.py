"""Issue 11, #6: an import must not exhaust the server. A workbook that unpacks to far more than it weighs
is refused from the zip's directory before anything unpacks it; a sheet 16,384 columns wide is refused
from a count of its cells, and a wide sheet under that count is read only in its first 60 columns; the
reading runs in a child process with a memory and time ceiling; and a user runs one import at a time."""

import datetime
import functools
import importlib.util
import io
import os
import signal
import time
import zipfile
from collections.abc import Callable
from typing import IO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from dotpha.imports import reader, upload_reading
from dotpha.imports.import_slot import BUSY_MESSAGE, import_slot
from dotpha.imports.limited_process import MEMORY_MESSAGE, TIMEOUT_MESSAGE, run_limited
from dotpha.imports.models import ImportInProgress
from dotpha.imports.org_layout import UNIT_COLUMNS
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.org_sheets import read_org_tables
from dotpha.imports.reader import BOMB_MESSAGE, TOO_MANY_CELLS_MESSAGE, ArchiveLimits, WorkbookError
from dotpha.imports.tests import hungry
from dotpha.imports.tests.test_services import counts
from dotpha.imports.tests.test_task_layouts import make_desk
from dotpha.imports.tests.test_task_services import counts as task_counts
from dotpha.imports.tests.test_task_views import upload as task_upload
from dotpha.imports.tests.test_views import upload
from dotpha.imports.tests.workbooks import org_workbook, unit

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
TOO_BIG = "Tệp quá lớn khi giải nén (tối đa 50 MB); hãy chia thành nhiều tệp"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = b"</sheetData></worksheet>"


def with_part(data: bytes, name: str, write: Callable[[IO[bytes]], None]) -> bytes:
    """The workbook with its part `name` written anew, streamed: the test never holds a bomb unpacked."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == name:
                part = zipfile.ZipInfo(name)
                part.compress_type = zipfile.ZIP_DEFLATED
                with target.open(part, "w", force_zip64=True) as stream:
                    write(stream)
            else:
                target.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
    return output.getvalue()


def bomb(megabytes: int) -> bytes:
    """A unit workbook whose first sheet is `megabytes` MB of the same row: a few dozen KB on disk."""
    row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>P-X9</t></is></c></row>' * 16
    block = row * (1024 * 1024 // len(row))

    def write(stream: IO[bytes]) -> None:
        stream.write(_HEAD)
        for _ in range(megabytes):
            stream.write(block)
        stream.write(_TAIL)

    return with_part(org_workbook([unit("P-X9", "Xã Chín", "P", "commune")]), SHEET, write)


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


@functools.cache
def wide_workbook(rows: int = 100, columns: int = 16384) -> bytes:
    """The unit sheet as offices fill it (header, two new communes), each of its `rows` rows then filled
    with numbers from column 61 out to column XFD."""
    headers = [c.header for c in UNIT_COLUMNS]
    values = {
        2: ["P-X7", "Xã Bảy", "P", "commune"],
        3: ["P-X8", "Xã Tám", "P", "commune"],
    }
    letters = [get_column_letter(i) for i in range(1, columns + 1)]

    def write(stream: IO[bytes]) -> None:
        stream.write(_HEAD)
        for number in range(1, rows + 1):
            texts = headers if number == 1 else values.get(number, [])
            cells = [_inline(f"{letters[i]}{number}", text) for i, text in enumerate(texts)]
            filler = "".join(
                f'<c r="{letter}{number}"><v>{number}</v></c>' for letter in letters[reader.MAX_COLUMNS :]
            )
            stream.write(f'<row r="{number}">'.encode() + b"".join(cells) + filler.encode() + b"</row>")
        stream.write(_TAIL)

    return with_part(org_workbook([unit("P-X9", "Xã Chín", "P", "commune")], title=False), SHEET, write)


def kept_uploads() -> set[str]:
    """The uploads kept for a commit (the test storage outlives a test: compare before and after)."""
    try:
        return set(default_storage.listdir("imports")[1])
    except FileNotFoundError:
        return set()


@pytest.fixture
def no_unpacking(monkeypatch):
    """Fail the test if openpyxl or a reading child is reached."""

    def reached(*args, **kwargs):
        raise AssertionError("the workbook was unpacked")

    monkeypatch.setattr(reader, "load_workbook", reached)
    monkeypatch.setattr(upload_reading, "run_limited", reached)


# ---- the zip bomb ------------------------------------------------------------------------------------


def test_a_zip_bomb_upload_is_refused_before_anything_unpacks(world, client, no_unpacking):
    data = bomb(60)
    assert len(data) < 1024 * 1024  # under the page's 5 MB limit: only the unpacked size gives it away
    client.force_login(world.users["organizer"])
    before, uploads = counts(), kept_uploads()

    response = upload(client, data)

    assert response.status_code == 200
    assert TOO_BIG in response.text
    assert response.context["token"] == ""
    assert counts() == before
    assert kept_uploads() == uploads
    assert not ImportInProgress.objects.exists()


def test_a_zip_bomb_task_list_is_refused_before_anything_unpacks(world, client, no_unpacking):
    desk = make_desk(world)
    client.force_login(desk.approver)
    before, uploads = task_counts(), kept_uploads()

    response = task_upload(client, desk, bomb(60))

    assert response.status_code == 200
    assert TOO_BIG in response.text
    assert task_counts() == before
    assert kept_uploads() == uploads


def test_the_command_refuses_a_zip_bomb(world, tmp_path, capsys, no_unpacking):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bomb(60))
    before = counts()
    with pytest.raises(CommandError, match="không nhập gì"):
        call_command("import_org", str(path), "--user", "tochuc")
    assert TOO_BIG in capsys.readouterr().err
    assert counts() == before


def test_a_part_packed_like_a_bomb_is_refused_under_the_size_limit(world, no_unpacking):
    plan = org_import_parse(bomb(20), actor=world.users["organizer"])
    assert [i.message for i in plan.issues] == [BOMB_MESSAGE]


def test_a_zip_of_too_many_parts_is_refused(world, no_unpacking):
    output = io.BytesIO(org_workbook([unit("P-X9", "Xã Chín", "P", "commune")]))
    with zipfile.ZipFile(output, "a") as archive:
        for index in range(1000):
            archive.writestr(f"customXml/item{index}.xml", b"<a/>")
    plan = org_import_parse(output.getvalue(), actor=world.users["organizer"])
    assert [i.message for i in plan.issues] == [
        "Tệp có quá nhiều thành phần bên trong (1009); không phải tệp Excel thông thường"
    ]


def test_a_file_that_is_not_a_zip_but_named_xlsx_is_refused(world, client, no_unpacking):
    client.force_login(world.users["organizer"])
    response = upload(client, b"<html><body>%PDF-1.4</body></html>", name="don-vi.xlsx")
    assert "Tệp không phải Excel .xlsx hoặc bị hỏng" in response.text


# ---- 16,384 columns ----------------------------------------------------------------------------------


@pytest.fixture
def parsed_cells(monkeypatch) -> list[int]:
    """One item per cell openpyxl parses (in this process)."""
    parsed: list[int] = []
    parse_cell = WorkSheetParser.parse_cell

    def counted(self, element):
        parsed.append(1)
        return parse_cell(self, element)

    monkeypatch.setattr(WorkSheetParser, "parse_cell", counted)
    return parsed


def test_a_sheet_of_100_rows_by_16384_columns_is_refused_before_openpyxl_parses_a_cell(world, parsed_cells):
    with pytest.raises(WorkbookError) as refused:
        read_org_tables(wide_workbook())
    assert refused.value.message == TOO_MANY_CELLS_MESSAGE
    assert parsed_cells == []


def test_the_16384_columns_upload_gets_the_message_and_changes_nothing(world, client):
    client.force_login(world.users["organizer"])
    before = counts()
    response = upload(client, wide_workbook())
    assert [i.message for i in response.context["issues"]] == [TOO_MANY_CELLS_MESSAGE]
    assert response.context["token"] == ""
    assert counts() == before


def test_a_wide_sheet_under_the_cell_limit_is_read_only_in_its_first_60_columns(world, parsed_cells):
    units, cadres, issues = read_org_tables(wide_workbook(columns=2000))

    assert issues == []
    assert cadres is None and units is not None
    assert [(r.number, r.values["code"], r.values["name"]) for r in units.rows] == [
        (2, "P-X7", "Xã Bảy"),
        (3, "P-X8", "Xã Tám"),
    ]
    assert len(parsed_cells) <= 100 * reader.MAX_COLUMNS  # not 100 × 2,000


def test_a_wide_sheet_under_the_cell_limit_imports_its_real_columns(world):
    plan = org_import_parse(wide_workbook(columns=2000), actor=world.users["organizer"])
    assert plan.issues == []
    assert [u.code for u in plan.units] == ["P-X7", "P-X8"]


# ---- the child's ceilings ----------------------------------------------------------------------------


def test_a_reading_past_the_memory_ceiling_fails_alone_with_a_vietnamese_message():
    with pytest.raises(WorkbookError) as error:
        run_limited(hungry.allocate_a_gigabyte, b"", ArchiveLimits(), memory=256 * 1024 * 1024, seconds=60)
    assert error.value.message == MEMORY_MESSAGE


def test_a_reading_past_the_time_limit_is_stopped():
    with pytest.raises(WorkbookError) as error:
        run_limited(hungry.sleep_a_minute, b"", ArchiveLimits(), memory=256 * 1024 * 1024, seconds=1)
    assert error.value.message == TIMEOUT_MESSAGE


def test_the_reading_child_has_a_cpu_limit_of_the_parse_seconds(settings):
    soft, hard = run_limited(
        hungry.cpu_time_limit,
        b"",
        ArchiveLimits(),
        memory=256 * 1024 * 1024,
        seconds=settings.DOTPHA_IMPORT_PARSE_SECONDS,
    )
    assert soft == settings.DOTPHA_IMPORT_PARSE_SECONDS
    assert hard == soft + 1


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_reading_nobody_waits_for_any_more_is_ended_by_its_cpu_limit():
    # As when gunicorn kills the web worker mid-reading: nobody is left to kill the reader, the kernel does.
    pid = run_limited(hungry.spin_without_a_parent, b"", ArchiveLimits(), memory=256 * 1024 * 1024, seconds=1)
    deadline = time.monotonic() + 30
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    stopped = not _running(pid)
    if not stopped:
        os.kill(pid, signal.SIGKILL)
    assert stopped


def test_gunicorn_waits_longer_than_an_import_may_read(settings):
    # A worker killed before the reading's own limit answers 502 and leaves the user's import slot taken.
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", settings.BASE_DIR / "config" / "gunicorn.conf.py"
    )
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.timeout > settings.DOTPHA_IMPORT_PARSE_SECONDS + 10


def test_an_import_past_the_memory_ceiling_is_refused_and_the_next_one_works(world, client, valid_file):
    data = wide_workbook(columns=2000)
    client.force_login(world.users["organizer"])
    before = counts()

    with override_settings(DOTPHA_IMPORT_PARSE_MEMORY_BYTES=2 * 1024 * 1024):
        refused = upload(client, data)

    assert [i.message for i in refused.context["issues"]] == [MEMORY_MESSAGE]
    assert counts() == before
    assert not ImportInProgress.objects.exists()  # the slot was given back
    assert upload(client, valid_file).context["token"]  # the server lived on


# ---- one import per user -----------------------------------------------------------------------------


def test_a_second_import_started_while_the_first_is_reading_is_refused(
    world, client, valid_file, monkeypatch
):
    organizer = world.users["organizer"]
    client.force_login(organizer)
    other_tab = Client()
    other_tab.force_login(organizer)
    second: list = []
    reading = upload_reading.run_limited

    def first_reading(*args, **kwargs):
        if not second:
            second.append(upload(other_tab, valid_file))
        return reading(*args, **kwargs)

    monkeypatch.setattr(upload_reading, "run_limited", first_reading)
    first = upload(client, valid_file)

    assert BUSY_MESSAGE in second[0].text
    assert second[0].context["token"] == ""
    # (the test client gathers the contexts of both pages into the first response's: read its text)
    assert BUSY_MESSAGE not in first.text
    assert 'name="token"' in first.text  # the first went on to its preview, ready to commit
    assert not ImportInProgress.objects.exists()


def test_a_task_import_is_refused_while_the_same_user_imports_another(world, client):
    desk = make_desk(world)
    client.force_login(desk.approver)
    before = task_counts()
    with import_slot(desk.approver):
        response = task_upload(client, desk, wide_workbook(rows=3, columns=10))
    assert BUSY_MESSAGE in response.text
    assert task_counts() == before


def test_the_command_is_refused_while_the_same_user_imports(world, tmp_path, capsys, valid_file):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(valid_file)
    with import_slot(world.users["organizer"]), pytest.raises(CommandError):
        call_command("import_org", str(path), "--user", "tochuc")
    assert BUSY_MESSAGE in capsys.readouterr().err


def test_another_user_is_not_held_up(world, valid_file):
    with import_slot(world.users["approver"]):
        plan = org_import_parse(valid_file, actor=world.users["organizer"])
    assert plan.issues == []


def test_the_slot_is_given_back_when_the_reading_fails(world, client, valid_file, monkeypatch):
    client.force_login(world.users["organizer"])

    def broken(*args, **kwargs):
        raise RuntimeError("the reading broke")

    monkeypatch.setattr(upload_reading, "run_limited", broken)
    with pytest.raises(RuntimeError):
        upload(client, valid_file)
    assert not ImportInProgress.objects.exists()
    monkeypatch.undo()
    assert upload(client, valid_file).context["token"]


def test_a_slot_abandoned_by_a_killed_process_is_taken_over(world, valid_file):
    organizer = world.users["organizer"]
    ImportInProgress.objects.create(user=organizer, started_at=timezone.now() - datetime.timedelta(minutes=5))
    assert org_import_parse(valid_file, actor=organizer).issues == []
    ImportInProgress.objects.create(user=organizer)
    assert [i.message for i in org_import_parse(valid_file, actor=organizer).issues] == [BUSY_MESSAGE]
