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
from dotpha.org.tests.factories import kind, make_user
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory, field
from dotpha.tasks.models import TaskStatus
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
    for name in ("org:unit_add_child", "org:unit_edit", "org:unit_close", "org:unit_merge"):
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
