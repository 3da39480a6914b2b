"""Batch decisions of the managing authority: the programme is the provincial party committee's (as in the
demo), the cadres are managed by its standing committee; the standing committee's approver and the party
committee's approver both issue the decision, under the standing committee; a commune's approver cannot."""

import datetime

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Unit
from dotpha.org.tests.factories import CadreFactory, make_user
from dotpha.programmes.models import Decision, Programme
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from dotpha.tasks.selectors.queue_table import selection_digest
from dotpha.tasks.services import decision_approve_batch
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 4, 10)
REFUSED = "Bạn không có quyền ban hành quyết định của đơn vị này."


def committee() -> Unit:
    return Unit.objects.get(code="P-TU")


@pytest.fixture
def party_programme(stage):
    """The stage's programme issued, as in the demo, by the party committee rather than its standing one."""
    Programme.objects.filter(pk=stage.programme.pk).update(issuing_unit=committee())
    stage.programme.refresh_from_db()
    return stage.programme


def submitted_tasks(stage, count: int = 4) -> list[Task]:
    cadres = [CadreFactory.create(managing_unit=stage.world.standing) for _ in range(2)]
    return [stage.make_task(cadre=cadres[i % 2], status=TaskStatus.SUBMITTED) for i in range(count)]


def approve(actor, tasks, number="125-QĐ/TU") -> Decision:
    return decision_approve_batch(
        actor=actor, tasks=tasks, number=number, signed_on=SIGNED, batch_number=1, today=SIGNED
    )


@pytest.mark.parametrize("grant", ["standing_committee", "party_committee"])
def test_either_approver_of_the_managing_authority_issues_the_batch(stage, party_programme, grant):
    if grant == "standing_committee":
        actor = stage.approver
    else:
        actor = make_user("bithu", Role.APPROVER, committee())
    tasks = submitted_tasks(stage)
    decision = approve(actor, tasks)
    decision.refresh_from_db()
    assert (decision.issuing_unit, decision.programme, decision.created_by) == (
        stage.world.standing,
        party_programme,
        actor,
    )
    assert set(decision.tasks.all()) == set(tasks)
    assert set(Task.objects.values_list("status", "approved_by")) == {(TaskStatus.APPROVED, actor.pk)}
    assert TaskEvent.objects.filter(kind=TaskEventKind.APPROVED, actor=actor).count() == 4


def test_both_approvers_number_in_one_series(stage, party_programme):
    bithu = make_user("bithu", Role.APPROVER, committee())
    first, second = submitted_tasks(stage, 2)
    approve(stage.approver, [first])
    with pytest.raises(ApplicationError, match="đã được nhập"):
        approve(bithu, [second])
    assert Task.objects.get(pk=second.pk).status == TaskStatus.SUBMITTED


@pytest.mark.parametrize("unit", ["commune", "district"])
def test_an_approver_of_another_committee_is_refused_and_nothing_changes(stage, party_programme, unit):
    outsider = make_user("pd-ngoai", Role.APPROVER, getattr(stage.world, unit))
    tasks = submitted_tasks(stage)
    with pytest.raises(PermissionDeniedError) as exc:
        approve(outsider, tasks)
    assert exc.value.message == REFUSED
    assert not Decision.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}
    assert not TaskEvent.objects.exists()
    assert all(t.history.count() == 1 for t in Task.objects.all())


def test_thuongtruc_batch_approves_through_the_approval_queue(web, party_programme, client):
    tasks = [web.task(status=TaskStatus.SUBMITTED, title=f"Việc chờ duyệt {i}") for i in range(3)]
    client.force_login(web.approver)
    queue = client.get(reverse("tasks:approvals"))
    assert all(t.title in queue.text for t in tasks)
    body = {
        "tasks": [t.pk for t in tasks[:2]],
        "confirm": selection_digest(t.pk for t in tasks[:2]),  # as the confirmation step sends it
        "number": "125-QĐ/TU",
        "batch_number": "1",
        "title": "",
        "signed_on": web.start.strftime("%d/%m/%Y"),
        "comment": "",
    }
    response = client.post(reverse("tasks:approve_batch"), body, follow=True)
    assert REFUSED not in response.text
    decision = Decision.objects.get()
    assert (decision.number, decision.issuing_unit, decision.created_by) == (
        "125-QĐ/TU",
        web.world.standing,
        web.approver,
    )
    assert decision.history.get().history_user == web.approver
    assert set(decision.tasks.all()) == set(tasks[:2])
    assert Task.objects.get(pk=tasks[2].pk).status == TaskStatus.SUBMITTED
    for task in decision.tasks.all():
        assert (task.status, task.approved_by) == (TaskStatus.APPROVED, web.approver)
        assert task.history.latest().history_user == web.approver
        event = task.events.get(kind=TaskEventKind.APPROVED)
        assert (event.actor, event.payload["decision_number"]) == (web.approver, "125-QĐ/TU")
    assert f"Đã phê duyệt 2 việc theo {decision}." in messages_of(response)


def test_a_commune_approver_gets_the_refusal_on_the_page_and_nothing_changes(web, party_programme, client):
    tasks = [web.task(status=TaskStatus.SUBMITTED) for _ in range(2)]
    # the commune's approver also organizes the province, so the tasks are in sight: only authority is missing
    outsider = make_user("pd-xa", Role.ORGANIZER, web.world.province)
    outsider.grants.create(role=Role.APPROVER, unit=web.world.commune)
    client.force_login(outsider)
    body = {
        "tasks": [t.pk for t in tasks],
        "number": "125-QĐ/TU",
        "batch_number": "1",
        "title": "",
        "signed_on": web.start.strftime("%d/%m/%Y"),
        "comment": "",
    }
    response = client.post(reverse("tasks:approve_batch"), body)
    assert REFUSED in response.text
    assert not Decision.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}
    assert not TaskEvent.objects.exists()
