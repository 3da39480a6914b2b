"""The API's batch approval follows the same issuing body as the page: for a programme of the party
committee, the standing committee's approver issues the decision under the standing committee."""

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.api.tests.access import bearer, call
from dotpha.org.models import Unit
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Decision, Programme
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(world):
    stage = TaskStage(world)
    Programme.objects.filter(pk=stage.programme.pk).update(issuing_unit=Unit.objects.get(code="P-TU"))
    stage.programme.refresh_from_db()
    return stage


def body(stage, tasks) -> dict:
    return {
        "task_ids": [t.pk for t in tasks],
        "number": "125-QĐ/TU",
        "signed_on": f"{stage.year}-04-15",
        "batch_number": 1,
    }


def test_the_standing_committees_approver_issues_the_batch(world, client, stage):
    tasks = [stage.task(TaskStatus.SUBMITTED), stage.task(TaskStatus.SUBMITTED)]
    thuongtruc = world.users["approver"]
    response = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(thuongtruc), body(stage, tasks)
    )
    assert response.status_code == 201, response.content
    assert response.json()["issuing_unit_name"] == "Ban Thường vụ Tỉnh ủy"
    decision = Decision.objects.get()
    assert (decision.issuing_unit, decision.created_by) == (world.standing, thuongtruc)
    assert set(Task.objects.values_list("status", "decision")) == {(TaskStatus.APPROVED, decision.pk)}
    assert TaskEvent.objects.filter(kind=TaskEventKind.APPROVED, actor=thuongtruc).count() == 2
    # the party committee's approver finds the same decision
    bithu = make_user("bithu", Role.APPROVER, Unit.objects.get(code="P-TU"))
    got = call(client, "get", reverse("api:decision_get", args=[decision.pk]), bearer(bithu))
    assert got.status_code == 200 and got.json()["number"] == "125-QĐ/TU"


def test_a_commune_approver_is_refused_and_nothing_changes(world, client, stage):
    tasks = [stage.task(TaskStatus.SUBMITTED), stage.task(TaskStatus.SUBMITTED)]
    outsider = make_user("pd-xa", Role.ORGANIZER, world.province)  # sees the tasks
    outsider.grants.create(role=Role.APPROVER, unit=world.commune)
    response = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(outsider), body(stage, tasks)
    )
    assert response.status_code == 403
    assert response.json()["message"] == "Bạn không có quyền ban hành quyết định của đơn vị này."
    assert not Decision.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}
    assert not TaskEvent.objects.exists()
