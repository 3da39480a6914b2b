"""The unit pages drive the organisation's services: who may, who may not, refusals kept on the form."""

import datetime
import re

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.monitoring.models import MonitoringAssignment
from dotpha.monitoring.tests.stage import build_stage
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import Appointment, EndReason, Position, Unit, UnitMerger
from dotpha.org.tests.factories import kind, make_unit, make_user
from dotpha.programmes.models import Grade
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory, field
from dotpha.tasks.models import Evaluation, TaskStatus
from dotpha.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def new_unit(**fields) -> dict:
    return {"name": "Sở Y tế", "code": "P-SYT", "kind": kind("department").pk, **fields}


def test_province_organizer_adds_renames_and_closes_a_unit(world, client):
    client.force_login(world.users["organizer"])
    page = text(client.get(reverse("org:unit_detail", args=[world.province.pk])))
    assert "Thêm đơn vị trực thuộc" in page and "Sáp nhập" in page
    response = client.post(reverse("org:unit_add_child", args=[world.province.pk]), new_unit())
    unit = Unit.objects.get(code="P-SYT")
    assert response.status_code == 302 and response.url == reverse("org:unit_detail", args=[unit.pk])
    assert Unit.objects.get_parent(unit) == world.province
    assert unit.history.get().history_user == world.users["organizer"]

    response = client.post(
        reverse("org:unit_edit", args=[unit.pk]), new_unit(name="Sở Y tế tỉnh", code="P-SYT2")
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.code) == ("Sở Y tế tỉnh", "P-SYT2")

    response = client.post(
        reverse("org:unit_close", args=[unit.pk]), {"end_date": "31/12/2025", "reason": "Giải thể theo QĐ 12"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.valid_to == datetime.date(2025, 12, 31)
    assert unit.history.first().history_change_reason == "Giải thể theo QĐ 12"
    assert "hết hiệu lực từ sau 31/12/2025" in text(client.get(reverse("org:unit_detail", args=[unit.pk])))


def test_refusals_are_shown_on_the_form_which_keeps_what_was_typed(world, client):
    client.force_login(world.users["organizer"])
    response = client.post(
        reverse("org:unit_add_child", args=[world.province.pk]), new_unit(name="Sở Trùng Mã", code="P-SNV")
    )
    page = text(response)
    assert response.status_code == 200 and "Mã đơn vị “P-SNV” đã được dùng." in page
    assert 'value="Sở Trùng Mã"' in page
    assert not Unit.objects.filter(name="Sở Trùng Mã").exists()

    response = client.post(
        reverse("org:unit_close", args=[world.home_affairs.pk]), {"end_date": "31/13/2025", "reason": "x"}
    )
    assert "Nhập ngày theo dạng dd/mm/yyyy" in text(response)
    # a unit whose people still hold posts is merged, not closed
    response = client.post(
        reverse("org:unit_close", args=[world.home_affairs.pk]),
        {"end_date": "31/12/2025", "reason": "Giải thể"},
    )
    assert "còn cán bộ đang giữ chức danh" in text(response) and 'value="Giải thể"' in text(response)
    world.home_affairs.refresh_from_db()
    assert world.home_affairs.valid_to is None


@pytest.mark.parametrize("role", ["approver", "cadre", "inspector", "unit_manager", "commune_committee"])
def test_other_roles_see_no_buttons_and_are_refused(world, client, role):
    client.force_login(world.users[role])
    unit = {"approver": world.standing, "commune_committee": world.commune}.get(role, world.home_affairs)
    detail = client.get(reverse("org:unit_detail", args=[unit.pk]))
    assert detail.status_code == 200 and "Thêm đơn vị trực thuộc" not in text(detail)
    for name in ("org:unit_add_child", "org:unit_edit", "org:unit_close", "org:unit_merge", "org:unit_split"):
        assert client.get(reverse(name, args=[unit.pk])).status_code == 403
    response = client.post(reverse("org:unit_add_child", args=[unit.pk]), new_unit())
    assert response.status_code == 403 and not Unit.objects.filter(code="P-SYT").exists()


def test_commune_organizer_manages_only_its_subtree(world, client):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    response = client.post(
        reverse("org:unit_add_child", args=[world.commune.pk]), new_unit(name="Thôn Một", code="P-X1-T1")
    )
    assert response.status_code == 302 and Unit.objects.filter(code="P-X1-T1").exists()
    for unit in (world.province, world.other_commune):
        response = client.post(reverse("org:unit_edit", args=[unit.pk]), new_unit(name="Đổi tên"))
        assert response.status_code in (403, 404)
    assert not Unit.objects.filter(name="Đổi tên").exists()
    # nor merge its commune into a unit outside its subtree
    response = client.post(
        reverse("org:unit_merge", args=[world.commune.pk]),
        {
            "successor": world.other_commune.pk,
            "effective_date": "01/01/2026",
            "confirm": f"{world.other_commune.pk}|01/01/2026|",
        },
    )
    assert response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert not UnitMerger.objects.filter(predecessor=world.commune).exists()


def test_merger_preview_writes_nothing_then_confirm_runs_the_service(world, client):
    client.force_login(world.users["organizer"])
    url = reverse("org:unit_merge", args=[world.finance.pk])
    data = {"successor": world.home_affairs.pk, "effective_date": "01/01/2026", "decision_number": "QĐ 5"}
    history_rows = world.finance.history.count()
    preview = text(client.post(url, data))
    assert "Trần Quang Minh — Giám đốc, Sở Tài chính (đến ngày 31/12/2025)" in preview
    assert "Xác nhận sáp nhập" in preview
    world.finance.refresh_from_db()
    assert world.finance.valid_to is None and world.finance.history.count() == history_rows
    assert not UnitMerger.objects.filter(predecessor=world.finance).exists()
    assert Appointment.objects.filter(unit=world.finance, end_date__isnull=True).count() == 1

    # a merger changed after its preview is shown again, not run
    changed = text(
        client.post(
            url, {**data, "decision_number": "QĐ 6", "confirm": f"{world.home_affairs.pk}|01/01/2026|QĐ 5"}
        )
    )
    assert "Thông tin sáp nhập đã thay đổi: xem lại trước khi xác nhận." in changed
    assert not UnitMerger.objects.filter(predecessor=world.finance).exists()

    response = client.post(url, {**data, "confirm": f"{world.home_affairs.pk}|01/01/2026|QĐ 5"})
    assert response.status_code == 302 and response.url == reverse(
        "org:unit_detail", args=[world.home_affairs.pk]
    )
    merger = UnitMerger.objects.get(predecessor=world.finance)
    assert (merger.successor, merger.effective_date, merger.decision_number) == (
        world.home_affairs,
        datetime.date(2026, 1, 1),
        "QĐ 5",
    )
    world.finance.refresh_from_db()
    assert world.finance.valid_to == datetime.date(2025, 12, 31)
    post = Appointment.objects.get(unit=world.finance)
    assert (post.end_date, post.end_reason) == (datetime.date(2025, 12, 31), EndReason.MERGED)


def test_merger_refusal_is_shown_and_nothing_written(world, client):
    client.force_login(world.users["organizer"])
    response = client.post(
        reverse("org:unit_merge", args=[world.province.pk]),
        {"successor": world.home_affairs.pk, "effective_date": "01/01/2026"},
    )
    assert "Không thể sáp nhập đơn vị vào đơn vị cấp dưới của nó." in text(response)
    assert not UnitMerger.objects.filter(successor=world.home_affairs).exists()


def test_merger_preview_lists_the_communes_left_unmonitored_and_the_open_tasks(
    world, client, django_capture_on_commit_callbacks
):
    # given Trần Quang Minh monitors Phường Hòa Bình through his post at Sở Tài chính, which has a task
    build_stage(world, 2026, datetime.date(2026, 1, 5))
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    common = {
        "programme": programme,
        "period": PeriodFactory.create(programme=programme, name="2026"),
        "assignee_unit": world.finance,
        "author": world.users["organizer"],
        "authority_unit": world.standing,
        "field": field("giai-phong-mat-bang"),
    }
    TaskFactory.create(title="Số hóa hồ sơ thuế", status=TaskStatus.SUBMITTED, **common)
    TaskFactory.create(title="Việc bị từ chối", status=TaskStatus.REJECTED, **common)
    client.force_login(world.users["organizer"])
    notifications = Notification.objects.count()
    url = reverse("org:unit_merge", args=[world.finance.pk])
    data = {"successor": world.home_affairs.pk, "effective_date": "01/03/2026"}
    # when
    with django_capture_on_commit_callbacks(execute=True):
        preview = text(client.post(url, data))
    # then
    assert "Xã, phường sẽ không còn cán bộ theo dõi" in preview
    assert "Phường Hòa Bình — Trần Quang Minh, Giám đốc" in preview
    assert "Số hóa hồ sơ thuế — Sở Tài chính, Chờ phê duyệt" in preview
    assert "Việc bị từ chối" not in preview
    # the rehearsal sent nothing and left the assignment running
    assert Notification.objects.count() == notifications
    assert MonitoringAssignment.objects.get(commune=world.other_commune).end_date is None
    # confirming tells the organizers about the gap
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "confirm": f"{world.home_affairs.pk}|01/03/2026|"})
    gap = Notification.objects.get(kind=NotificationKind.COVERAGE_GAP, recipient=world.users["organizer"])
    assert gap.title.startswith("Phường Hòa Bình không còn cán bộ theo dõi từ ngày 28/02/2026")


def test_organizer_marks_a_position_as_leadership_from_the_unit_page(world, client):
    organizer = world.users["organizer"]
    client.force_login(organizer)
    position = Position.objects.get(name="Chuyên viên")
    page = text(client.get(reverse("org:unit_detail", args=[world.board.pk])))
    assert "Đánh dấu “Lãnh đạo”" in page
    response = client.post(
        reverse("org:position_leadership", args=[position.pk]), {"unit": world.board.pk, "is_leadership": "1"}
    )
    assert response.status_code == 302 and response.url == reverse("org:unit_detail", args=[world.board.pk])
    position.refresh_from_db()
    assert position.is_leadership and position.history.first().history_user == organizer
    page = text(client.get(reverse("org:unit_detail", args=[world.board.pk])))
    assert "“Chuyên viên” là chức vụ lãnh đạo." in page and "Bỏ “Lãnh đạo”" in page


def test_a_position_held_outside_the_organizers_subtree_is_not_changed(world, client):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    director = Position.objects.get(name="Giám đốc")
    url = reverse("org:position_leadership", args=[director.pk])
    # from its own commune's page: the post is also held at the province's departments
    response = client.post(url, {"unit": world.commune.pk, "is_leadership": "0"}, follow=True)
    assert "Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này." in text(response)
    # from a page outside its subtree
    assert client.post(url, {"unit": world.home_affairs.pk, "is_leadership": "0"}).status_code in (403, 404)
    director.refresh_from_db()
    assert director.history.count() == 1


@pytest.mark.parametrize("role", ["approver", "cadre", "inspector"])
def test_other_roles_cannot_change_the_leadership_flag(world, client, role):
    client.force_login(world.users[role])
    position = Position.objects.get(name="Phó Giám đốc")
    before = position.is_leadership
    unit = world.standing if role == "approver" else world.home_affairs
    response = client.post(
        reverse("org:position_leadership", args=[position.pk]),
        {"unit": unit.pk, "is_leadership": "0" if before else "1"},
    )
    assert response.status_code == 403
    position.refresh_from_db()
    assert position.is_leadership == before


def test_province_organizer_previews_then_confirms_a_split_from_the_unit_page(world, client):
    # given the province organizer on Phường Hòa Bình's page, and two new wards
    north = make_unit(world.province, "Phường Bắc", "P-X3", "ward")
    south = make_unit(world.province, "Phường Nam", "P-X4", "ward")
    client.force_login(world.users["organizer"])
    page = text(client.get(reverse("org:unit_detail", args=[world.other_commune.pk])))
    url = reverse("org:unit_split", args=[world.other_commune.pk])
    assert f'href="{url}"' in page and "Chia tách" in page
    data = {
        "main_successor": north.pk,
        "other_successors": [south.pk],
        "effective_date": "01/01/2026",
        "decision_number": "QĐ 9",
    }
    history_rows = world.other_commune.history.count()
    # when previewed
    preview = text(client.post(url, data))
    # then nothing is written, and the page says what will change
    assert "Vũ Thị Lan — Chủ tịch UBND, Phường Hòa Bình (đến ngày 31/12/2025)" in preview
    assert "số liệu thống kê của “Phường Hòa Bình” chỉ tính một lần, vào “Phường Bắc”" in preview
    assert 'Phường Bắc <span class="badge text-bg-primary">kế thừa chính</span>' in preview
    assert "Xác nhận chia tách" in preview
    world.other_commune.refresh_from_db()
    assert world.other_commune.valid_to is None and world.other_commune.history.count() == history_rows
    assert not UnitMerger.objects.filter(predecessor=world.other_commune).exists()

    # the main successor changed after the preview: shown again, not run
    changed = text(
        client.post(
            url,
            {
                **data,
                "main_successor": south.pk,
                "other_successors": [north.pk],
                "confirm": f"{north.pk},{south.pk}|01/01/2026|QĐ 9",
            },
        )
    )
    assert "Thông tin chia tách đã thay đổi: xem lại trước khi xác nhận." in changed
    assert not UnitMerger.objects.filter(predecessor=world.other_commune).exists()

    response = client.post(url, {**data, "confirm": f"{north.pk},{south.pk}|01/01/2026|QĐ 9"})
    assert response.status_code == 302
    assert response.url == reverse("org:unit_detail", args=[world.other_commune.pk])
    rows = UnitMerger.objects.filter(predecessor=world.other_commune).order_by("pk")
    assert [(m.successor, m.decision_number) for m in rows] == [(north, "QĐ 9"), (south, "QĐ 9")]
    post = Appointment.objects.get(unit=world.other_commune)
    assert (post.end_date, post.end_reason) == (datetime.date(2025, 12, 31), EndReason.MERGED)
    detail = text(client.get(response.url))
    assert "Đã chia tách “Phường Hòa Bình” thành “Phường Bắc”, “Phường Nam”." in detail
    assert "Đã chia tách từ ngày 01/01/2026 thành" in detail and "Phường Bắc</a> (kế thừa chính)" in detail


def test_split_refusals_are_shown_on_the_form_and_nothing_written(world, client):
    north = make_unit(world.province, "Phường Bắc", "P-X3", "ward")
    client.force_login(world.users["organizer"])
    url = reverse("org:unit_split", args=[world.other_commune.pk])
    response = client.post(
        url, {"main_successor": north.pk, "other_successors": [north.pk], "effective_date": "01/01/2026"}
    )
    page = text(response)
    assert response.status_code == 200 and "Mỗi đơn vị nhận chỉ được chọn một lần." in page
    assert 'value="01/01/2026"' in page
    assert not UnitMerger.objects.filter(predecessor=world.other_commune).exists()


def test_a_commune_organizer_cannot_split_outside_its_subtree(world, client):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    # a ward outside its subtree: not even shown
    assert client.get(reverse("org:unit_split", args=[world.other_commune.pk])).status_code in (403, 404)
    # its own commune into a hamlet of its own and a ward it does not manage
    hamlet = make_unit(world.commune, "Thôn Một", "P-X1-T1", "commune")
    response = client.post(
        reverse("org:unit_split", args=[world.commune.pk]),
        {
            "main_successor": hamlet.pk,
            "other_successors": [world.other_commune.pk],
            "effective_date": "01/01/2026",
            "confirm": f"{hamlet.pk},{world.other_commune.pk}|01/01/2026|",
        },
    )
    assert response.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in text(response)
    assert not UnitMerger.objects.filter(predecessor=world.commune).exists()
    world.commune.refresh_from_db()
    assert world.commune.valid_to is None


def test_closing_a_unit_with_child_units_in_force_is_refused_on_the_page(world, client):
    client.force_login(world.users["organizer"])
    people = Unit.objects.get(code="P-UBND")
    response = client.post(
        reverse("org:unit_close", args=[people.pk]), {"end_date": "31/12/2025", "reason": "Giải thể"}
    )
    assert "“Ủy ban nhân dân tỉnh” còn 2 đơn vị trực thuộc đang hoạt động" in text(response)
    people.refresh_from_db()
    assert people.valid_to is None


def test_the_preview_names_each_task_handed_over_up_to_fifty(world, client):
    # given Sở Tài chính with 51 collective tasks open, one graded, and a cadre's task it approves
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    common = {
        "programme": programme,
        "period": PeriodFactory.create(programme=programme, name="2026"),
        "author": world.users["organizer"],
        "status": TaskStatus.APPROVED,
    }
    for n in range(51):
        TaskFactory.create(
            title=f"Việc tập thể {n:02d}",
            assignee_unit=world.finance,
            authority_unit=world.standing,
            **common,
        )
    graded = TaskFactory.create(
        title="Việc đã đánh giá", assignee_unit=world.finance, authority_unit=world.standing, **common
    )
    Evaluation.objects.create(task=graded, grade=Grade.GOOD)
    cadre = Appointment.objects.get(unit=world.finance).cadre
    TaskFactory.create(title="Việc cá nhân", assignee_cadre=cadre, authority_unit=world.finance, **common)
    north = make_unit(world.province, "Sở Bắc", "P-SB", "department")
    south = make_unit(world.province, "Sở Nam", "P-SN", "department")
    client.force_login(world.users["organizer"])
    # when the split is previewed
    preview = text(
        client.post(
            reverse("org:unit_split", args=[world.finance.pk]),
            {"main_successor": north.pk, "other_successors": [south.pk], "effective_date": "01/03/2026"},
        )
    )
    # then the first fifty are named with their assignee and status, and the rest counted
    assert "Việc chưa đánh giá, chuyển sang “Sở Bắc”, “Sở Nam”" in preview
    assert "<li>Việc cá nhân — Trần Quang Minh, Đã phê duyệt</li>" in preview
    assert "<li>Việc tập thể 00 — Sở Tài chính, Đã phê duyệt</li>" in preview
    assert "Việc tập thể 48" in preview and "Việc tập thể 49" not in preview
    assert "<li>và 2 việc khác</li>" in preview
    assert "Việc đã đánh giá" not in preview


def test_a_communes_position_is_set_on_its_edit_page_in_vietnamese_decimals(world, client):
    commune = world.commune
    fields = {"name": commune.name, "code": commune.code, "kind": commune.kind_id}
    url = reverse("org:unit_edit", args=[commune.pk])
    client.force_login(world.users["organizer"])
    response = client.post(url, {**fields, "latitude": "20,8125", "longitude": "105,3372"})
    assert response.status_code == 302
    commune.refresh_from_db()
    assert (str(commune.latitude), str(commune.longitude)) == ("20.812500", "105.337200")
    assert commune.history.first().history_user == world.users["organizer"]
    # half a position, or one off the globe: refused in words, nothing changed
    for sent, message in (
        ({"latitude": "21", "longitude": ""}, "Nhập cả vĩ độ và kinh độ"),
        ({"latitude": "120", "longitude": "105"}, "Vĩ độ phải từ -90 đến 90"),
    ):
        response = client.post(url, {**fields, **sent})
        assert response.status_code == 200 and message in text(response)
        commune.refresh_from_db()
        assert str(commune.latitude) == "20.812500"
    # a commune's own committee cannot move it
    client.force_login(world.users["commune_committee"])
    response = client.post(url, {**fields, "latitude": "10", "longitude": "106"})
    assert response.status_code in (403, 404)
    commune.refresh_from_db()
    assert str(commune.longitude) == "105.337200"
