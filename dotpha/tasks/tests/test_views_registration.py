"""Registration pages: register (draft or sent at once), edit a draft or a returned task, submit; the
services' refusals (window, limit, "5 rõ") are shown in Vietnamese and change nothing."""

import datetime

import pytest
from django.urls import reverse

from dotpha.programmes.models import Programme
from dotpha.tasks.models import Milestone, Target, Task, TaskEvent, TaskStatus
from dotpha.tasks.tests.factories import MilestoneFactory
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def plan(milestones=(), targets=(), *, initial_milestones=0, initial_targets=0) -> dict:
    data = {
        "milestones-TOTAL_FORMS": str(max(len(milestones), 1)),
        "milestones-INITIAL_FORMS": str(initial_milestones),
        "targets-TOTAL_FORMS": str(max(len(targets), 1)),
        "targets-INITIAL_FORMS": str(initial_targets),
    }
    for i, row in enumerate(milestones):
        data.update({f"milestones-{i}-{k}": v for k, v in row.items()})
    for i, row in enumerate(targets):
        data.update({f"targets-{i}-{k}": v for k, v in row.items()})
    return data


def registration(web, **changes) -> dict:
    year = web.today.year
    data = {
        "programme": web.programme.pk,
        "period": web.period.pk,
        "assignee": f"c{web.cadre.cadre.pk}",
        "kind": "breakthrough",
        "field": web.field.pk,
        "title": "Số hóa 100% hồ sơ đảng viên",
        "description": "Scan, nhập liệu và đối chiếu hồ sơ của các chi bộ.",
        "start_date": f"05/03/{year}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": "Cơ sở dữ liệu hồ sơ đảng viên.",
        **plan(
            [{"title": "Xong khối cơ quan", "due_date": f"30/06/{year}"}],
            [{"name": "Hồ sơ số hóa", "unit_of_measure": "hồ sơ", "target_value": "1200"}],
        ),
    }
    data.update(changes)
    return data


def test_the_cadre_sees_the_form_with_the_open_programme_and_herself_as_assignee(web, client):
    client.force_login(web.cadre)
    response = client.get(reverse("tasks:register"))
    assert response.status_code == 200
    text = response.text
    assert "Đăng ký việc mới" in text
    assert "30-QĐ/TU" in text
    assert "Đặng Thị Hạnh (cá nhân)" in text
    assert "từ 1 đến 5 việc" in text


def test_a_user_who_cannot_register_anything_is_refused(web, client):
    client.force_login(web.nobody)
    assert client.get(reverse("tasks:register")).status_code == 403


def test_saving_a_draft_creates_the_task_with_its_plan(web, client):
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:register"), registration(web, save=""))
    task = Task.objects.get(title="Số hóa 100% hồ sơ đảng viên")
    assert response.status_code == 302
    assert response.url == reverse("tasks:detail", args=[task.pk])
    assert task.status == TaskStatus.DRAFT
    assert task.assignee_cadre == web.cadre.cadre
    assert task.author == web.cadre
    # dd/mm/yyyy: 05/03 is 5 March
    assert task.start_date == datetime.date(web.today.year, 3, 5)
    assert [m.title for m in task.milestones.all()] == ["Xong khối cơ quan"]
    target = task.targets.get()
    assert (target.name, target.unit_of_measure, target.target_value) == ("Hồ sơ số hóa", "hồ sơ", 1200)
    assert list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == ["created"]


def test_save_and_send_submits_at_once(web, client):
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:register"), registration(web, send=""), follow=True)
    task = Task.objects.get()
    assert task.status == TaskStatus.SUBMITTED
    assert "Đã lưu và gửi việc" in response.text


def test_a_closed_window_is_refused_in_vietnamese_keeping_what_was_typed(web, client):
    # given a registration window that closed yesterday
    yesterday = web.today - datetime.timedelta(days=1)
    Programme.objects.filter(pk=web.programme.pk).update(
        registration_opens=yesterday - datetime.timedelta(days=30), registration_closes=yesterday
    )
    client.force_login(web.cadre)
    # when the cadre registers
    response = client.post(reverse("tasks:register"), registration(web, save=""))
    # then the service's message is shown, the form keeps the title, nothing is saved
    assert response.status_code == 200
    assert f"Đã quá hạn đăng ký của chương trình (đến {yesterday:%d/%m/%Y})." in response.text
    assert 'value="Số hóa 100% hồ sơ đảng viên"' in response.text
    assert Task.objects.count() == 0


def test_the_programme_limit_refuses_sending_and_keeps_no_draft(web, client):
    # given a programme allowing one task, which the cadre already has
    Programme.objects.filter(pk=web.programme.pk).update(min_tasks_per_assignee=1, max_tasks_per_assignee=1)
    web.task(status=TaskStatus.APPROVED)
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:register"), registration(web, send=""))
    assert response.status_code == 200
    assert "Mỗi cán bộ đăng ký tối đa 1 việc trong kỳ này." in response.text
    assert Task.objects.count() == 1
    assert messages_of(response) == ["Mỗi cán bộ đăng ký tối đa 1 việc trong kỳ này."]


def test_a_date_typed_month_first_is_refused_by_the_form(web, client):
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:register"), registration(web, start_date="2026-13-40", save=""))
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.text
    assert Task.objects.count() == 0


def test_a_half_filled_milestone_row_is_refused(web, client):
    client.force_login(web.cadre)
    data = registration(web, save="", **plan([{"title": "Mốc thiếu hạn", "due_date": ""}]))
    response = client.post(reverse("tasks:register"), data)
    assert "Nhập hạn của mốc." in response.text
    assert Task.objects.count() == 0


def test_a_unit_manager_registers_a_collective_task(web, client):
    client.force_login(web.unit_manager)
    home_affairs = web.world.home_affairs
    data = registration(
        web, assignee=f"u{home_affairs.pk}", accountable_cadre=web.unit_manager.cadre.pk, send=""
    )
    response = client.post(reverse("tasks:register"), data)
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.assignee_unit, task.assignee_cadre, task.status) == (
        home_affairs,
        None,
        TaskStatus.SUBMITTED,
    )


def test_editing_a_returned_task_changes_its_plan_and_sends_it_again(web, client):
    # given a task returned for revision with two milestones
    task = web.task(status=TaskStatus.RETURNED, review_comment="Bổ sung chỉ tiêu cụ thể.")
    kept = MilestoneFactory.create(task=task, title="Khảo sát", due_date=datetime.date(web.today.year, 3, 1))
    dropped = MilestoneFactory.create(task=task, title="Bỏ mốc này", due_date=web.start)
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:edit", args=[task.pk]))
    assert page.status_code == 200
    assert "Bổ sung chỉ tiêu cụ thể." in page.text
    # when she changes the title, moves one milestone, removes another, adds a target and sends it
    year = web.today.year
    data = {
        "kind": "breakthrough",
        "title": "Giải phóng mặt bằng khu công nghiệp phía Nam",
        "description": task.description,
        "start_date": f"{web.start:%d/%m/%Y}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": task.deliverable,
        "send": "",
        **plan(
            [
                {"id": kept.pk, "title": "Khảo sát, kiểm đếm", "due_date": f"15/03/{year}"},
                {
                    "id": dropped.pk,
                    "title": dropped.title,
                    "due_date": f"{web.start:%d/%m/%Y}",
                    "DELETE": "on",
                },
                {"title": "Bàn giao mặt bằng", "due_date": f"30/11/{year}"},
            ],
            [{"name": "Diện tích bàn giao", "unit_of_measure": "ha", "target_value": "45.5"}],
            initial_milestones=2,
        ),
    }
    response = client.post(reverse("tasks:edit", args=[task.pk]), data)
    # then
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Giải phóng mặt bằng khu công nghiệp phía Nam"
    assert task.status == TaskStatus.SUBMITTED
    assert list(task.milestones.values_list("title", "due_date")) == [
        ("Khảo sát, kiểm đếm", datetime.date(year, 3, 15)),
        ("Bàn giao mặt bằng", datetime.date(year, 11, 30)),
    ]
    assert not Milestone.objects.filter(pk=dropped.pk).exists()
    assert Target.objects.get(task=task).target_value == 45.5


def test_a_refused_edit_changes_nothing(web, client):
    # a milestone outside the schedule makes the submission fail: the title change is rolled back too
    task = web.task()
    client.force_login(web.cadre)
    data = {
        "kind": "breakthrough",
        "title": "Tên mới",
        "description": task.description,
        "start_date": f"{web.start:%d/%m/%Y}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": task.deliverable,
        "send": "",
        **plan([{"title": "Quá hạn kỳ", "due_date": f"15/01/{web.today.year + 1}"}]),
    }
    response = client.post(reverse("tasks:edit", args=[task.pk]), data)
    assert response.status_code == 200
    assert "Mốc “Quá hạn kỳ” nằm ngoài thời gian thực hiện việc." in response.text
    assert 'value="Tên mới"' in response.text
    task.refresh_from_db()
    assert (task.title, task.status, task.milestones.count()) == (
        "Hoàn thành giải phóng mặt bằng dự án số " + task.title.rsplit(" ", 1)[-1],
        TaskStatus.DRAFT,
        0,
    )


def test_only_the_author_edits_and_others_do_not_even_see(web, client):
    task = web.task()
    client.force_login(web.approver)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 403
    client.force_login(web.commune)
    assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 404
    submitted = web.task(status=TaskStatus.SUBMITTED)
    client.force_login(web.cadre)
    assert client.get(reverse("tasks:edit", args=[submitted.pk])).status_code == 403


def test_submit_sends_a_complete_draft(web, client):
    task = web.task()
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:submit", args=[task.pk]), follow=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    assert "Đã gửi việc để phê duyệt." in response.text


def test_submit_of_an_incomplete_draft_names_what_is_missing(web, client):
    task = web.task(description="", deliverable="")
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:submit", args=[task.pk]))
    assert response.status_code == 200
    assert "Việc chưa đủ “5 rõ”, còn thiếu: nội dung, giải pháp, sản phẩm hoặc chỉ tiêu." in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT


def test_submit_by_someone_else_is_forbidden_and_changes_nothing(web, client):
    task = web.task()
    client.force_login(web.unit_manager)
    response = client.post(reverse("tasks:submit", args=[task.pk]))
    assert response.status_code == 403
    assert "Chỉ người lập việc mới gửi được việc này." in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
