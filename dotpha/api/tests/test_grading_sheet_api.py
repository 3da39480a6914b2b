"""The grading sheet through the API: the same rows, draft and confirmation as the page, the same refusals
(with their codes), and nothing changed by a refused call."""

import datetime

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.api.tests.access import bearer, call
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Grade
from dotpha.tasks.models import Evaluation, GradingLine, GradingSheet, Task, TaskStatus
from dotpha.tasks.tests.factories import ProgressReportFactory
from dotpha.tests.test_access import TaskStage

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(world) -> TaskStage:
    """The standing committee's programme with this year's period; the cadre Đặng Thị Hạnh's tasks."""
    return TaskStage(world)


@pytest.fixture
def tasks(stage):
    made = []
    for title, percent in (("Số hóa hồ sơ cán bộ", 100), ("Giải quyết hồ sơ tồn đọng", 60)):
        task = stage.task(TaskStatus.APPROVED, title=title)
        ProgressReportFactory.create(
            task=task, reported_on=D(stage.year, 3, 1), percent_done=percent, author=stage.cadre
        )
        Evaluation.objects.create(
            task=task, self_grade=Grade.GOOD, self_assessment="Đã làm xong.", self_assessed_by=stage.cadre
        )
        made.append(task)
    return made


@pytest.fixture
def api(client, stage):
    headers = bearer(stage.world.users["approver"])
    base = reverse("api:grading_sheet_get", args=[stage.period.pk, stage.world.standing.pk])

    def send(method: str, suffix: str = "", body: dict | None = None, headers=headers):
        return call(client, method, base + suffix, headers, body)

    return send


def test_read_save_and_confirm(api, tasks):
    done, partial = tasks
    # read: every task with its facts, nothing graded
    body = api("get").json()
    assert body["status"] == "new"
    rows = {r["title"]: r for r in body["rows"]}
    assert rows[partial.title]["latest_percent"] == 60
    assert rows[done.title]["self_grade"] == "good"
    assert rows[done.title]["draft_grade"] is None and rows[done.title]["grade"] is None
    # a draft: kept, not evaluated
    response = api(
        "put", "/lines", {"lines": [{"task_id": done.pk, "grade": "excellent", "ahead_of_plan": False}]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    assert {r["title"]: r["draft_grade"] for r in response.json()["rows"]} == {
        done.title: "excellent",
        partial.title: None,
    }
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    # confirmation refused for one task: 400 with the rule's code and the task's name; nothing changes
    versions = {r["task_id"]: r["version"] for r in body["rows"]}
    refused = api(
        "post",
        "/confirm",
        {"lines": [{"task_id": partial.pk, "grade": "good", "version": versions[partial.pk]}]},
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "reason_required"
    assert "Giải quyết hồ sơ tồn đọng" in refused.json()["message"]
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
    assert GradingLine.objects.count() == 1
    # confirmed with a reason: both graded lines evaluated, the sheet locked
    confirmed = api(
        "post",
        "/confirm",
        {
            "lines": [
                {
                    "task_id": partial.pk,
                    "grade": "good",
                    "comment": "Vượt khó",
                    "version": versions[partial.pk],
                }
            ]
        },
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed"
    assert {r["title"]: r["grade"] for r in confirmed.json()["rows"]} == {
        done.title: "excellent",
        partial.title: "good",
    }
    locked = api("put", "/lines", {"lines": [{"task_id": done.pk, "grade": "completed"}]})
    assert (locked.status_code, locked.json()["code"]) == (400, "sheet_locked")
    assert Evaluation.objects.get(task=done).grade == Grade.EXCELLENT


def test_bad_input_and_foreign_tasks_change_nothing(api, stage, tasks, world, client):
    invalid = api("put", "/lines", {"lines": [{"task_id": tasks[0].pk, "grade": "perfect"}]})
    assert invalid.status_code == 422
    assert invalid.json()["details"][0]["field"].startswith("lines.0.grade")
    ward_task = stage.task(TaskStatus.APPROVED, authority_unit=world.other_commune)
    foreign = api("put", "/lines", {"lines": [{"task_id": ward_task.pk, "grade": "good"}]})
    assert (foreign.status_code, foreign.json()["code"]) == (400, "not_on_sheet")
    # another authority's approver does not find the sheet
    outsider = bearer(make_user("phuong", Role.APPROVER, world.other_commune))
    assert api("get", headers=outsider).status_code == 404
    assert api("post", "/confirm", {"lines": []}, headers=outsider).status_code == 404
    assert not GradingSheet.objects.exists() and not GradingLine.objects.exists()


def test_a_draft_line_keeps_the_version_it_was_saved_with(api, tasks):
    done, _partial = tasks
    seen = api("get").json()["rows"]
    version = next(r["version"] for r in seen if r["task_id"] == done.pk)
    saved = api("put", "/lines", {"lines": [{"task_id": done.pk, "grade": "completed", "version": version}]})
    assert saved.status_code == 200, saved.content
    assert GradingLine.objects.get().task_version == version
    # the task changes; confirming without sending its line again is refused by the version saved
    Task.objects.filter(pk=done.pk).update(version=version + 1)
    refused = api("post", "/confirm", {"lines": []})
    assert (refused.status_code, refused.json()["code"]) == (400, "stale_version")
    assert set(Evaluation.objects.values_list("grade", flat=True)) == {""}
