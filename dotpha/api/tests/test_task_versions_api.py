"""Versions through the API: a task shows its version; evaluation requires the one the client read, and a
change based on an older version is refused (400, stale_version) with nothing changed, as on the pages."""

import pytest

from dotpha.accounts.models import Role
from dotpha.api.tests.test_tasks_api import api_fixture, assert_refused  # noqa: F401
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.tasks.models import Evaluation, Task, TaskEvent, TaskStatus

pytestmark = pytest.mark.django_db

STALE = "Đã có người cập nhật việc này sau khi bạn mở trang; tải lại trang để xem thay đổi."


@pytest.fixture
def second_approver(api):
    """Trần Quang Minh also approves for the standing committee."""
    return make_user(
        "minh", Role.APPROVER, api.world.standing, Cadre.objects.get(full_name="Trần Quang Minh")
    )


def test_two_evaluators_with_the_same_version_the_second_is_refused(api, second_approver):
    task = api.stage.self_assessed()
    seen = api.get("approver", "task_get", task.pk).json()["version"]
    assert seen == api.get(second_approver, "task_get", task.pk).json()["version"] == 1
    first = api.post(
        "approver",
        "task_evaluate",
        task.pk,
        body={"grade": "good", "version": seen, "comment": "Đạt yêu cầu đề ra"},
    )
    assert first.status_code == 200, first.content
    assert first.json()["task_version"] == seen + 1
    events = TaskEvent.objects.filter(task=task).count()
    history = Evaluation.history.filter(task_id=task.pk).count()  # type: ignore[attr-defined]
    late = api.post(
        second_approver,
        "task_evaluate",
        task.pk,
        body={"grade": "excellent", "version": seen, "comment": "Đạt yêu cầu đề ra"},
    )
    assert_refused(late, 400, "stale_version", STALE)
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.evaluated_by) == ("good", api.user("approver"))
    assert TaskEvent.objects.filter(task=task).count() == events
    assert Evaluation.history.filter(task_id=task.pk).count() == history  # type: ignore[attr-defined]
    assert Task.objects.get(pk=task.pk).version == seen + 1
    # read again, then the change goes through
    now = api.get(second_approver, "task_get", task.pk).json()["version"]
    again = api.post(
        second_approver,
        "task_evaluate",
        task.pk,
        body={"grade": "excellent", "version": now, "comment": "Đạt yêu cầu đề ra"},
    )
    assert again.status_code == 200 and again.json()["grade"] == "excellent"


def test_evaluation_without_a_version_is_invalid_input(api):
    task = api.stage.self_assessed()
    response = api.post(
        "approver", "task_evaluate", task.pk, body={"grade": "good", "comment": "Đạt yêu cầu đề ra"}
    )
    assert_refused(response, 422, "validation_error")
    assert {"field": "version", "message": "Thiếu trường bắt buộc."} in response.json()["details"]
    assert Evaluation.objects.get(task=task).grade == ""


def test_an_edit_or_approval_with_an_older_version_is_refused_and_without_one_is_not_checked(api):
    draft = api.task()
    body = {"deliverable": "Báo cáo tổng kết.", "version": 1}
    assert api.call("cadre", "patch", "task_update", draft.pk, body=body).status_code == 200
    stale = api.call("cadre", "patch", "task_update", draft.pk, body={"title": "Tên khác", "version": 1})
    assert_refused(stale, 400, "stale_version", STALE)
    assert Task.objects.get(pk=draft.pk).title != "Tên khác"
    unchecked = api.call("cadre", "patch", "task_update", draft.pk, body={"title": "Tên khác"})
    assert unchecked.status_code == 200  # older clients send no version

    submitted = api.task(TaskStatus.SUBMITTED)
    Task.objects.filter(pk=submitted.pk).update(version=2)  # someone changed it after the client read it
    for name, extra in (
        ("task_approve", {}),
        ("task_return", {"comment": "Sửa"}),
        ("task_reject", {"reason": "Không"}),
    ):
        response = api.post("approver", name, submitted.pk, body={**extra, "version": 1})
        assert_refused(response, 400, "stale_version", STALE)
    assert Task.objects.get(pk=submitted.pk).status == TaskStatus.SUBMITTED
    decision = {"decision_number": "125-QĐ/TU", "signed_on": api.day(1, 2)}
    approved = api.post("approver", "task_approve", submitted.pk, body={"version": 2, **decision})
    assert approved.status_code == 200 and approved.json()["version"] == 3
