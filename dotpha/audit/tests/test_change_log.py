"""The change log as an inspector uses it (issue 17): each entry says what changed, old → new, in the users'
words; sign-ins are their own kind; filters by person, unit subtree, kind, action and local dates; pages by
keyset with a fixed number of queries whatever the size; the filtered entries as an Excel file."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.audit.models import ReadKind, ReadLog, SignInEvent, SignInKind
from dotpha.audit.selectors import Cursor, LogFilter, log_page
from dotpha.core.history import as_actor
from dotpha.org.models import Cadre, Gender
from dotpha.programmes.models import Grade, TaskKind
from dotpha.programmes.tests.factories import ProgrammeFactory
from dotpha.tests.test_access import ROLES

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def change(cadre: Cadre, actor, at: datetime.datetime | None = None, **fields) -> Cadre:
    for name, value in fields.items():
        setattr(cadre, name, value)
    if at is not None:
        cadre._history_date = at  # type: ignore[attr-defined]  # simple-history's own way to date a row
    as_actor(cadre, actor).save()
    return cadre


def test_an_entry_shows_each_field_changed_old_to_new_in_the_users_words(world, client):
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    change(
        secretary,
        world.users["organizer"],
        phone="0912 345 678",
        gender=Gender.FEMALE,
        managing_unit=world.commune,
    )
    client.force_login(world.users["inspector"])
    page = client.get(reverse("audit:log"), {"kind": "org.cadre", "person": "tochuc"}).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Điện thoại: — → 0912 345 678" in text
    assert "Giới tính: Nam → Nữ" in text  # the choice's label, not "male"/"female"
    assert "Cấp quản lý cán bộ: Ban Thường vụ Tỉnh ủy → Xã Tân Lập" in text  # the units' names, not ids
    assert "Ngày tạo" not in text and "updated_at" not in text


def test_a_new_object_shows_what_was_filled_in(world):
    Cadre.objects.create(code="CB-9", full_name="Hoàng Thị Mai", gender=Gender.FEMALE, phone="0987")
    entry = log_page(world.users["inspector"], LogFilter(kind="org.cadre", action="+"), size=1).entries[0]
    assert (entry.action, entry.object_repr) == ("Tạo mới", "Hoàng Thị Mai")
    shown = {(c.field, c.new) for c in entry.changes}
    assert {("họ và tên", "Hoàng Thị Mai"), ("giới tính", "Nữ"), ("điện thoại", "0987")} <= shown
    assert ("đảng viên", "Có") in shown


def test_sign_ins_are_their_own_kind_and_no_longer_a_change_of_the_account(world, client):
    user = world.users["cadre"]
    before = user.history.count()
    assert (
        client.post(reverse("login"), {"username": "canbo", "password": "Mat-khau-2025"}).status_code == 302
    )
    client.logout()
    client.post(reverse("login"), {"username": "canbo", "password": "sai-mat-khau"})
    assert user.history.count() == before  # no "Sửa · Tài khoản" row for a sign-in
    user.refresh_from_db()
    assert user.last_login is not None
    events = list(SignInEvent.objects.order_by("at", "pk").values_list("kind", "username", "user"))
    assert events == [(SignInKind.LOGIN, "canbo", user.pk), (SignInKind.FAILED, "canbo", user.pk)]
    entries = log_page(world.users["inspector"], LogFilter(kind="audit.signinevent")).entries
    assert [e.action for e in entries] == ["Đăng nhập không thành công", "Đăng nhập"]
    failed = log_page(world.users["inspector"], LogFilter(action=SignInKind.FAILED)).entries
    assert [(e.action, e.object_repr) for e in failed] == [("Đăng nhập không thành công", "canbo")]


def test_filters_by_person_unit_subtree_kind_and_action(world):
    inspector = world.users["inspector"]
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")  # appointed in Xã Tân Lập
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")  # managed by the standing committee
    change(secretary, world.users["commune_committee"], phone="111")
    change(director, world.users["organizer"], phone="222")

    def shown(**kwargs):
        return [
            (e.object_repr, e.user)
            for e in log_page(inspector, LogFilter(kind="org.cadre", **kwargs)).entries
        ]

    organizer = str(world.users["organizer"])  # its cadre's name
    assert shown(user_id=world.users["organizer"].pk, action="~") == [
        ("Nguyễn Văn Hùng", f"{organizer} (tochuc)")
    ]
    # the unit subtree: the standing committee manages both cadres
    assert {name for name, _ in shown(unit=world.standing, action="~")} == {"Nguyễn Văn Hùng", "Lê Văn Sơn"}
    assert shown(unit=world.finance) == []
    appointments = log_page(inspector, LogFilter(kind="org.appointment", unit=world.commune)).entries
    assert appointments and all("Xã Tân Lập" in e.object_repr for e in appointments)


def test_the_date_range_is_in_local_days_and_times_are_local(world, client):
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    # 18:30 UTC on 1 March is 01:30 on 2 March in Hà Nội
    change(
        secretary,
        world.users["organizer"],
        at=datetime.datetime(2026, 3, 1, 18, 30, tzinfo=datetime.UTC),
        phone="1",
    )
    march_2 = LogFilter(
        kind="org.cadre", date_from=datetime.date(2026, 3, 2), date_to=datetime.date(2026, 3, 2)
    )
    entries = log_page(world.users["inspector"], march_2).entries
    assert [e.at for e in entries] == [datetime.datetime(2026, 3, 2, 1, 30, tzinfo=LOCAL)]
    march_1 = LogFilter(
        kind="org.cadre", date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 1)
    )
    assert log_page(world.users["inspector"], march_1).entries == []
    client.force_login(world.users["inspector"])
    page = client.get(
        reverse("audit:log"), {"kind": "org.cadre", "date_from": "02/03/2026", "date_to": "02/03/2026"}
    )
    # "UTC" as a word: the page's random CSRF token (letters and digits) may hold those three letters
    assert "02/03/2026 01:30:00" in page.text and not re.search(r"\bUTC\b", page.text)
    wrong = client.get(reverse("audit:log"), {"date_from": "05/03/2026", "date_to": "01/03/2026"})
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in wrong.text


def test_pages_follow_each_other_without_gap_or_repeat_and_never_count_nor_offset(world, client):
    inspector = world.users["inspector"]
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    same_time = datetime.datetime(2026, 5, 1, 3, 0, tzinfo=datetime.UTC)
    for n in range(7):  # rows with one same time must still page exactly
        change(secretary, world.users["organizer"], at=same_time, phone=str(n))
    everything = log_page(inspector, LogFilter(), size=10_000).entries
    seen, cursor = [], None
    with CaptureQueriesContext(connection) as ctx:
        while True:
            page = log_page(inspector, LogFilter(), after=cursor, size=4)
            seen += page.entries
            cursor = page.next_cursor
            if cursor is None:
                break
    assert [(e.source, e.object_id, e.at, e.changes) for e in seen] == [
        (e.source, e.object_id, e.at, e.changes) for e in everything
    ]
    sql = " ".join(q["sql"].upper() for q in ctx.captured_queries)
    assert " OFFSET " not in sql and "COUNT(" not in sql
    # the page's link carries the cursor of its last entry
    client.force_login(inspector)
    first = client.get(reverse("audit:log"), {"kind": "org.cadre"})
    assert "Xem tiếp" not in first.text or "after=" in first.text
    assert Cursor.decode("garbage") is None


def _grow(world, times: int) -> None:
    """`times` rounds of a change of each of three cadres and a sign-in: the newest page holds the same
    kinds of record at every size."""
    cadres = list(Cadre.objects.filter(full_name__in=["Lê Văn Sơn", "Nguyễn Văn Hùng", "Đặng Thị Hạnh"]))
    for n in range(times):
        for cadre in cadres:
            change(cadre, world.users["organizer"], phone=f"09{n:08d}")
        SignInEvent.objects.create(kind=SignInKind.LOGIN, username="tochuc", user=world.users["organizer"])


@pytest.mark.parametrize("role", ["inspector", "commune_committee"])
def test_the_page_costs_the_same_queries_at_two_sizes(world, client, role):
    from dotpha.accounts.models import Role, RoleGrant

    if role == "commune_committee":  # as in the demo, `xa` also organizes its commune
        RoleGrant.objects.create(user=world.users[role], role=Role.ORGANIZER, unit=world.commune)
    client.force_login(world.users[role])
    counts = []
    for times in (60, 240):  # the second time adds 240 rounds to the 60: five times the rows
        _grow(world, times)
        client.get(reverse("audit:log"))  # what a first request of a session reads once
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:log")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    # a scoped reader's visible tasks are chosen once for every task table, and the programmes once for
    # programmes and periods: one query fewer than when each table's query worked them out again
    assert counts[0] == {"inspector": 12, "commune_committee": 17}[role], counts


def test_the_excel_export_holds_the_filtered_entries_as_text_and_is_logged(world, client):
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    change(director, world.users["organizer"], phone='=HYPERLINK("http://x","y")')
    change(Cadre.objects.get(full_name="Lê Văn Sơn"), world.users["commune_committee"], phone="333")
    client.force_login(world.users["inspector"])
    response = client.get(reverse("audit:export"), {"kind": "org.cadre", "person": "tochuc", "action": "~"})
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:8] == [
        "Thời gian",
        "Người thực hiện",
        "Thao tác",
        "Loại dữ liệu",
        "Đối tượng",
        "Trường",
        "Giá trị cũ",
        "Giá trị mới",
    ]
    assert rows[1][1:8] == [
        f"{world.users['organizer']} (tochuc)",
        "Sửa",
        "cán bộ",
        "Nguyễn Văn Hùng",
        "điện thoại",
        "—",
        '=HYPERLINK("http://x","y")',
    ]
    assert ws.cell(2, 8).data_type == "s"  # text, never a formula
    assert len(rows) == 2  # the commune's change is filtered out
    read = ReadLog.objects.get()
    assert (read.kind, read.subject, read.username) == (ReadKind.EXPORT, "audit.change_log", "kiemtra")


def test_who_may_read_and_export_the_change_log(world, client):
    allowed = {"organizer", "inspector"}
    for role in ROLES:
        client.force_login(world.users[role])
        for name in ("audit:log", "audit:export"):
            expected = 200 if role in allowed else 403
            assert client.get(reverse(name)).status_code == expected, (role, name)


def test_a_scoped_organizer_reads_no_sign_ins_and_no_rows_outside(world, client):
    from dotpha.accounts.models import Role, RoleGrant

    xa = world.users["commune_committee"]
    RoleGrant.objects.create(user=xa, role=Role.ORGANIZER, unit=world.commune)
    SignInEvent.objects.create(kind=SignInKind.LOGIN, username="tochuc", user=world.users["organizer"])
    change(Cadre.objects.get(full_name="Nguyễn Văn Hùng"), world.users["organizer"], phone="444")
    assert log_page(xa, LogFilter(kind="audit.signinevent")).entries == []
    assert log_page(xa, LogFilter(kind="org.cadre", action="~")).entries == []
    # the unit filter narrows, never widens: a unit outside the reader's scope is not offered
    client.force_login(xa)
    page = client.get(reverse("audit:log"), {"unit": world.finance.pk})
    assert page.status_code == 200 and "Nguyễn Văn Hùng" not in page.text


def test_a_list_of_codes_reads_as_its_labels_and_empty_records_as_nothing(world):
    programme = ProgrammeFactory.create(number="31-QĐ/TU", issuing_unit=world.standing)
    programme.task_kinds = [TaskKind.BREAKTHROUGH]
    programme.grades = [Grade.EXCELLENT, Grade.GOOD]
    as_actor(programme, world.users["organizer"]).save()
    entry = log_page(
        world.users["inspector"], LogFilter(kind="programmes.programme", action="~"), size=1
    ).entries[0]
    shown = {c.field: (c.old, c.new) for c in entry.changes}
    kinds_old, kinds_new = shown["loại việc được đăng ký"]
    assert kinds_new == str(TaskKind.BREAKTHROUGH.label) and "[" not in kinds_old
    assert shown["thang đánh giá"][1] == f"{Grade.EXCELLENT.label}, {Grade.GOOD.label}"
