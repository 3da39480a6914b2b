"""Programmes, periods and decisions through the API: the same services as the pages, so the same rules."""

import pytest
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.programmes.models import Decision, Programme
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.tests.factories import TaskFactory
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(world):
    return TaskStage(world)


def test_an_approver_approves_a_batch_under_one_numbered_decision(world, client, stage):
    # given two submitted tasks of the same period
    tasks = [stage.task(TaskStatus.SUBMITTED), stage.task(TaskStatus.SUBMITTED)]
    body = {
        "task_ids": [t.pk for t in tasks],
        "number": "125-QĐ/TU",
        "signed_on": f"{stage.year}-04-15",
        "batch_number": 1,
    }
    # when
    response = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(world.users["approver"]), body
    )
    # then
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(number="125-QĐ/TU")
    assert response.json()["title"] == "Quyết định phê duyệt đợt 1"
    assert response.json()["task_ids"] == sorted(t.pk for t in tasks)
    assert set(Task.objects.filter(decision=decision).values_list("status", flat=True)) == {
        TaskStatus.APPROVED
    }
    got = call(
        client, "get", reverse("api:decision_get", args=[decision.pk]), bearer(world.users["organizer"])
    )
    assert got.json()["number"] == "125-QĐ/TU" and got.json()["issuing_unit_name"] == "Ban Thường vụ Tỉnh ủy"


def test_one_task_not_submitted_refuses_the_whole_batch(world, client, stage):
    submitted, draft = stage.task(TaskStatus.SUBMITTED), stage.task(TaskStatus.DRAFT)
    body = {"task_ids": [submitted.pk, draft.pk], "number": "126-QĐ/TU", "signed_on": f"{stage.year}-04-15"}
    response = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(world.users["approver"]), body
    )
    assert response.status_code == 400
    assert draft.title in response.json()["message"]
    assert Decision.objects.count() == 0
    assert Task.objects.get(pk=submitted.pk).status == TaskStatus.SUBMITTED


def test_a_task_the_approver_cannot_see_is_not_found_and_not_named(world, client, stage):
    submitted = stage.task(TaskStatus.SUBMITTED)
    hidden = TaskFactory.create(
        programme=stage.programme,
        period=stage.period,
        status=TaskStatus.SUBMITTED,
        assignee_unit=world.other_commune,
        authority_unit=world.other_commune,
        author=world.users["commune_committee"],
    )
    body = {"task_ids": [submitted.pk, hidden.pk], "number": "127-QĐ/TU", "signed_on": f"{stage.year}-04-15"}
    response = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(world.users["approver"]), body
    )
    assert response.status_code == 404
    assert hidden.title not in response.json()["message"]
    assert Task.objects.get(pk=submitted.pk).status == TaskStatus.SUBMITTED


def test_an_organizer_issues_a_programme_and_its_period_then_closes_it(world, client):
    headers = bearer(world.users["organizer"])
    body = {
        "number": "12-QĐ/TU",
        "title": "Quy định về việc đột phá, đổi mới",
        "issued_on": "2026-01-05",
        "issuing_unit_id": world.board.pk,
        "registration_opens": "2026-01-10",
        "registration_closes": "2026-03-31",
        "max_tasks_per_assignee": 3,
    }
    created = call(client, "post", reverse("api:programme_create"), headers, body)
    assert created.status_code == 201, created.content
    programme = Programme.objects.get(number="12-QĐ/TU")
    assert programme.max_tasks_per_assignee == 3 and programme.issuing_unit == world.board
    assert created.json()["periods"] == []
    period = call(
        client,
        "post",
        reverse("api:period_create", args=[programme.pk]),
        headers,
        {"name": "2026", "start_date": "2026-01-01", "end_date": "2026-12-31"},
    )
    assert period.status_code == 201 and period.json()["name"] == "2026"
    closed = call(client, "post", reverse("api:period_close", args=[period.json()["id"]]), headers)
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    again = call(client, "post", reverse("api:period_close", args=[period.json()["id"]]), headers)
    assert again.status_code == 400
    assert again.json() == {"code": "period_closed", "message": "Kỳ 2026 đã khóa.", "details": []}


def test_a_programme_with_its_window_backwards_is_refused(world, client):
    body = {
        "number": "13-QĐ/TU",
        "title": "Quy định",
        "issued_on": "2026-01-05",
        "issuing_unit_id": world.board.pk,
        "registration_opens": "2026-03-31",
        "registration_closes": "2026-01-10",
    }
    response = call(client, "post", reverse("api:programme_create"), bearer(world.users["organizer"]), body)
    assert response.status_code == 400
    assert response.json()["message"] == "Hạn đăng ký phải sau ngày mở đăng ký."
    assert not Programme.objects.filter(number="13-QĐ/TU").exists()


def test_decisions_filter_by_period(world, client, stage):
    other = stage.new_period()
    for period, number in ((stage.period, "1-QĐ/TU"), (other, "2-QĐ/TU")):
        Decision.objects.create(
            programme=stage.programme,
            period=period,
            number=number,
            title="Phê duyệt",
            signed_on=period.start_date,
            issuing_unit=world.standing,
            created_by=world.users["approver"],
        )
    url = reverse("api:decision_list") + f"?period_id={other.pk}"
    body = call(client, "get", url, bearer(world.users["approver"])).json()
    assert body["count"] == 1 and [d["number"] for d in body["items"]] == ["2-QĐ/TU"]


def test_an_organizer_changes_a_programme_only_in_the_fields_sent(world, client, stage):
    headers = bearer(world.users["organizer"])
    url = reverse("api:programme_update", args=[stage.programme.pk])
    before = Programme.objects.get(pk=stage.programme.pk)

    response = call(
        client, "patch", url, headers, {"max_tasks_per_assignee": 3, "report_cadence": "quarterly"}
    )

    assert response.status_code == 200, response.content
    assert (response.json()["max_tasks_per_assignee"], response.json()["report_cadence"]) == (3, "quarterly")
    after = Programme.objects.get(pk=stage.programme.pk)
    assert (after.max_tasks_per_assignee, after.report_cadence, after.title) == (3, "quarterly", before.title)
    assert after.history.latest().history_user == world.users["organizer"]

    refused = call(client, "patch", url, headers, {"min_tasks_per_assignee": 4})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_limits"
    assert (
        Programme.objects.get(pk=stage.programme.pk).min_tasks_per_assignee == before.min_tasks_per_assignee
    )


def test_a_closed_period_reopens_with_a_reason_in_its_history(world, client, stage):
    headers = bearer(world.users["organizer"])
    period = stage.new_period()
    url = reverse("api:period_reopen", args=[period.pk])
    assert call(client, "post", url, headers, {"reason": "Mở lại"}).json()["code"] == "period_open"
    call(client, "post", reverse("api:period_close", args=[period.pk]), headers)

    assert call(client, "post", url, headers, {"reason": "   "}).status_code == 422
    period.refresh_from_db()
    assert period.is_closed

    response = call(client, "post", url, headers, {"reason": "Bổ sung kết quả đánh giá"})
    assert response.status_code == 200, response.content
    assert response.json()["closed_at"] is None
    period.refresh_from_db()
    assert not period.is_closed
    assert period.history.latest().history_change_reason == "Bổ sung kết quả đánh giá"


def test_a_decision_says_how_many_tasks_for_how_many_cadres_as_its_register_does(world, client, stage):
    """“N việc cho M cán bộ”: two tasks of one cadre and one of another are 3 tasks for 2 cadres."""
    other = world.users["unit_manager"].cadre
    tasks = [
        stage.task(TaskStatus.SUBMITTED),
        stage.task(TaskStatus.SUBMITTED),
        stage.task(TaskStatus.SUBMITTED, assignee_cadre=other),
    ]
    body = {"task_ids": [t.pk for t in tasks], "number": "127-QĐ/TU", "signed_on": f"{stage.year}-04-15"}
    created = call(
        client, "post", reverse("api:decision_approve_batch"), bearer(world.users["approver"]), body
    )
    assert created.status_code == 201, created.content
    counts = {k: created.json()[k] for k in ("task_count", "cadre_count", "unit_count")}
    assert counts == {"task_count": 3, "cadre_count": 2, "unit_count": 0}
    decision = Decision.objects.get(number="127-QĐ/TU")
    got = call(
        client, "get", reverse("api:decision_get", args=[decision.pk]), bearer(world.users["organizer"])
    )
    assert {k: got.json()[k] for k in counts} == counts
    listed = call(client, "get", reverse("api:decision_list"), bearer(world.users["organizer"]))
    assert {k: listed.json()["items"][0][k] for k in counts} == counts
    # the register page prints the same counts
    client.force_login(world.users["organizer"])
    page = client.get(reverse("programmes:decision_list")).content.decode()
    assert "127-QĐ/TU" in page and "phê duyệt 3 việc cho 2 cán bộ" in page
