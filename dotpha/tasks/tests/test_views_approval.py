"""The approver's pages: the queue, one-by-one review, the batch decision, direct assignment."""

import pytest
from django.urls import reverse

from dotpha.org.models import Cadre
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task, TaskEvent, TaskOrigin, TaskStatus
from dotpha.tasks.selectors.queue_table import selection_digest
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(web):
    return [web.task(status=TaskStatus.SUBMITTED, title=f"Việc chờ duyệt {i}") for i in range(3)]


def test_the_queue_lists_submitted_tasks_under_the_approvers_authority(web, submitted, client):
    draft = web.task(title="Việc còn nháp")
    client.force_login(web.approver)
    response = client.get(reverse("tasks:approvals"))
    assert response.status_code == 200
    for task in submitted:
        assert task.title in response.text
    assert draft.title not in response.text
    assert "Giao việc trực tiếp" in response.text


def test_the_queue_is_for_approvers_and_units_leaderships_only(web, client):
    # a unit's leadership: test_views_unit_queue
    for user in (web.cadre, web.organizer, web.inspector, web.nobody):
        client.force_login(user)
        assert client.get(reverse("tasks:approvals")).status_code == 403


def test_approve_one_task(web, submitted, client):
    client.force_login(web.approver)
    task = submitted[0]
    response = client.post(
        reverse("tasks:review", args=[task.pk]),
        {
            "action": "approve",
            "comment": "Đồng ý.",
            "origin": "queue",
            "decision_number": "125-QĐ/TU",
            "signed_on": f"{web.start:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("tasks:approvals")
    task.refresh_from_db()
    assert (task.status, task.approved_by, task.review_comment) == (
        TaskStatus.APPROVED,
        web.approver,
        "Đồng ý.",
    )
    assert task.decision is not None
    assert (task.decision.number, task.approved_on) == ("125-QĐ/TU", web.start)
    assert TaskEvent.objects.filter(task=task, kind="approved").exists()


def test_approve_on_the_task_page_asks_for_the_decision(web, submitted, client):
    client.force_login(web.approver)
    task = submitted[0]
    page = client.get(reverse("tasks:detail", args=[task.pk])).text
    assert "Quyết định đang mở" in page and "Số quyết định mới" in page
    # without a decision: refused, what was typed stays
    url = reverse("tasks:review", args=[task.pk])
    response = client.post(
        url, {"action": "approve", "comment": "Đồng ý, lưu ý tiến độ.", "origin": "detail"}
    )
    assert response.status_code == 200
    assert "Việc được phê duyệt theo một quyết định" in response.text
    assert "Đồng ý, lưu ý tiến độ." in response.text
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    # a new decision typed on the first task, then chosen among the open ones for the second
    typed = {"action": "approve", "origin": "detail", "decision_number": "127-QĐ/TU"}
    client.post(url, {**typed, "signed_on": f"{web.start:%d/%m/%Y}"})
    decision = Decision.objects.get(number="127-QĐ/TU")
    second = submitted[1]
    page = client.get(reverse("tasks:detail", args=[second.pk])).text
    assert "127-QĐ/TU" in page
    response = client.post(
        reverse("tasks:review", args=[second.pk]),
        {"action": "approve", "origin": "detail", "decision": decision.pk},
    )
    assert response.status_code == 302
    assert set(decision.tasks.all()) == {task, second}
    page = client.get(reverse("tasks:detail", args=[second.pk])).text
    assert f"Quyết định 127-QĐ/TU ngày {web.start:%d/%m/%Y}" in page


def test_return_needs_a_comment_and_the_refusal_changes_nothing(web, submitted, client):
    client.force_login(web.approver)
    task = submitted[0]
    response = client.post(reverse("tasks:review", args=[task.pk]), {"action": "return", "origin": "queue"})
    assert response.status_code == 200
    assert "Nêu nội dung cần hoàn thiện khi trả lại việc." in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    # with a comment, from the task page
    response = client.post(
        reverse("tasks:review", args=[task.pk]),
        {"action": "return", "comment": "Làm rõ sản phẩm.", "origin": "detail"},
    )
    assert response.url == reverse("tasks:detail", args=[task.pk])
    task.refresh_from_db()
    assert (task.status, task.review_comment) == (TaskStatus.RETURNED, "Làm rõ sản phẩm.")


def test_reject_with_a_reason(web, submitted, client):
    client.force_login(web.approver)
    task = submitted[1]
    client.post(
        reverse("tasks:review", args=[task.pk]),
        {"action": "reject", "comment": "Không phải việc đột phá.", "origin": "queue"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.REJECTED


def test_reject_without_a_reason_from_the_task_page_keeps_the_page(web, submitted, client):
    client.force_login(web.approver)
    task = submitted[1]
    response = client.post(reverse("tasks:review", args=[task.pk]), {"action": "reject", "origin": "detail"})
    assert response.status_code == 200
    assert "Nêu lý do không phê duyệt." in response.text
    assert task.title in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED


def test_the_assignee_cannot_approve_her_own_task(web, submitted, client):
    client.force_login(web.cadre)
    task = submitted[0]
    response = client.post(reverse("tasks:review", args=[task.pk]), {"action": "approve", "origin": "detail"})
    assert response.status_code == 403
    assert "Không thể tự phê duyệt việc của chính mình." in response.text
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED


def test_review_of_a_task_out_of_sight_is_not_disclosed(web, submitted, client):
    client.force_login(web.commune)
    response = client.post(reverse("tasks:review", args=[submitted[0].pk]), {"action": "approve"})
    assert response.status_code == 404


def batch(tasks, **changes) -> dict:
    data = {
        "tasks": [t.pk for t in tasks],
        "number": "125-QĐ/TU",
        "batch_number": "1",
        "title": "",
        "signed_on": "15/04/2026",
        "comment": "",
    }
    data.update(changes)
    return data


def test_batch_approval_under_a_numbered_decision(web, submitted, client):
    client.force_login(web.approver)
    confirmation = client.post(reverse("tasks:approve_batch"), batch(submitted[:2]))
    assert "Phê duyệt <strong>2 việc, 1 cán bộ</strong>" in confirmation.text
    assert Decision.objects.count() == 0
    digest = selection_digest(t.pk for t in submitted[:2])
    assert f'name="confirm" value="{digest}"' in confirmation.text
    response = client.post(reverse("tasks:approve_batch"), batch(submitted[:2], confirm=digest), follow=True)
    decision = Decision.objects.get()
    assert (decision.number, decision.title, decision.batch_number) == (
        "125-QĐ/TU",
        "Quyết định phê duyệt đợt 1",
        1,
    )
    assert decision.signed_on.isoformat() == "2026-04-15"
    assert set(decision.tasks.all()) == set(submitted[:2])
    assert Task.objects.get(pk=submitted[2].pk).status == TaskStatus.SUBMITTED
    assert "Đã phê duyệt 2 việc theo Quyết định 125-QĐ/TU ngày 15/04/2026." in messages_of(response)


def test_a_batch_with_one_task_not_waiting_is_refused_whole(web, submitted, client):
    approved = web.task(status=TaskStatus.APPROVED, title="Đã duyệt rồi")
    client.force_login(web.approver)
    response = client.post(reverse("tasks:approve_batch"), batch([*submitted[:2], approved]))
    assert response.status_code == 200
    assert "Việc “Đã duyệt rồi”: Việc đang ở trạng thái “Đã phê duyệt”, không chờ phê duyệt." in response.text
    assert Decision.objects.count() == 0
    assert Task.objects.filter(status=TaskStatus.SUBMITTED).count() == 3
    # the choices are kept: the boxes stay ticked and the number stays typed
    assert f'value="{submitted[0].pk}" form="batch-form" id="pick-{submitted[0].pk}" checked' in response.text
    assert 'value="125-QĐ/TU"' in response.text


def test_a_batch_without_tasks_is_refused(web, submitted, client):
    client.force_login(web.approver)
    response = client.post(reverse("tasks:approve_batch"), batch([]))
    assert "Chọn ít nhất một việc để phê duyệt." in response.text
    assert Decision.objects.count() == 0


def test_a_batch_naming_a_task_out_of_sight_never_discloses_it(web, submitted, client):
    # a task of the ward, under another authority, the approver cannot see
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    hidden = web.task(status=TaskStatus.SUBMITTED, cadre=ward_chair, title="Việc bí mật của phường")
    client.force_login(web.approver)
    response = client.post(reverse("tasks:approve_batch"), batch([hidden]))
    assert "Việc bí mật của phường" not in response.text
    assert Task.objects.get(pk=hidden.pk).status == TaskStatus.SUBMITTED


def test_the_batch_is_for_approvers_only(web, submitted, client):
    client.force_login(web.cadre)
    assert client.post(reverse("tasks:approve_batch"), batch(submitted)).status_code == 403


def assignment(web, **changes) -> dict:
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    data = {
        "programme": web.programme.pk,
        "period": web.period.pk,
        "assignee_cadre": minh.pk,
        "kind": "key",
        "title": "Chuyển đổi số toàn bộ thủ tục tài chính",
        "description": "Đưa 100% thủ tục lên cổng dịch vụ công.",
        "start_date": f"{web.start:%d/%m/%Y}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": "Thủ tục trực tuyến toàn trình.",
        "comment": "Giao trực tiếp theo chỉ đạo của Thường trực.",
        "decision_number": "130-QĐ/TU",
        "signed_on": f"{web.start:%d/%m/%Y}",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_assign_a_task_directly(web, client):
    client.force_login(web.approver)
    assert client.get(reverse("tasks:assign")).status_code == 200
    response = client.post(reverse("tasks:assign"), assignment(web))
    task = Task.objects.get()
    assert response.url == reverse("tasks:detail", args=[task.pk])
    assert (task.status, task.origin, task.assignee_cadre) == (
        TaskStatus.APPROVED,
        TaskOrigin.ASSIGNED,
        Cadre.objects.get(full_name="Trần Quang Minh"),
    )
    assert task.decision is not None
    assert (task.decision.number, task.approved_on) == ("130-QĐ/TU", web.start)


def test_assign_with_two_assignees_is_refused(web, client):
    client.force_login(web.approver)
    response = client.post(reverse("tasks:assign"), assignment(web, assignee_unit=web.world.standing.pk))
    assert response.status_code == 200
    assert "Chọn một cán bộ hoặc một tập thể được giao việc." in response.text
    assert Task.objects.count() == 0


def test_assign_is_for_approvers_only(web, client):
    client.force_login(web.cadre)
    assert client.get(reverse("tasks:assign")).status_code == 403
