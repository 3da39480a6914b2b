"""The pages send back the task's version they showed: a second evaluator, or the author's second tab, is
told that someone changed the task meanwhile, on the form, with what was typed kept; nothing is changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dotpha.tasks.models import Evaluation, Task, TaskStatus
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401
from dotpha.tests.concurrency import concurrent, run_together

STALE = "Đã có người cập nhật việc này sau khi bạn mở trang; tải lại trang để xem thay đổi."


def shown_version(html: str, action: str | None = None) -> str:
    """The hidden version inside the form that posts to `action` (None: the page's only version)."""
    if action is not None:
        form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S)
        assert form is not None, action
        html = form.group(0)
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found is not None, "the form carries no version"
    return found.group(1)


def self_assessed(web) -> Task:
    task = web.task(status=TaskStatus.APPROVED)
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Hoàn thành.")
    return task


@pytest.mark.django_db
def test_a_second_evaluator_is_told_on_the_form_and_keeps_what_he_typed(web, approver_with_cadre):
    task = self_assessed(web)
    url = reverse("tasks:evaluate", args=[task.pk])
    first, second = Client(), Client()
    first.force_login(web.approver)
    second.force_login(approver_with_cadre)
    # both open the task page
    seen_first = shown_version(first.get(reverse("tasks:detail", args=[task.pk])).text, url)
    seen_second = shown_version(second.get(reverse("tasks:detail", args=[task.pk])).text, url)
    assert seen_first == seen_second == "1"
    ok = first.post(url, {"grade": "good", "comment": "Hoàn thành tốt.", "version": seen_first})
    assert ok.status_code == 302
    late = second.post(url, {"grade": "excellent", "comment": "Nhận xét của tôi", "version": seen_second})
    assert late.status_code == 200
    assert late.text.count(STALE) >= 1
    assert "Nhận xét của tôi" in late.text  # what he typed
    assert "Hoàn thành tốt." in late.text  # and the grade now recorded, shown on the same page
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.comment, evaluation.evaluated_by) == (
        "good",
        "Hoàn thành tốt.",
        web.approver,
    )
    # the form shown again carries the version he now sees: sending it again, knowingly, goes through
    now = shown_version(late.text, url)
    assert now == str(Task.objects.get(pk=task.pk).version)
    again = second.post(url, {"grade": "excellent", "comment": "Nhận xét của tôi", "version": now})
    assert again.status_code == 302
    assert Evaluation.objects.get(task=task).evaluated_by == approver_with_cadre


@pytest.mark.django_db
def test_the_review_and_self_assessment_forms_carry_the_version(web, client):
    submitted = web.task(status=TaskStatus.SUBMITTED)
    client.force_login(web.approver)
    review = reverse("tasks:review", args=[submitted.pk])
    assert shown_version(client.get(reverse("tasks:detail", args=[submitted.pk])).text, review) == "1"
    queue = client.get(reverse("tasks:approvals"), {"review": submitted.pk}).text
    assert shown_version(queue, f"{review}?review={submitted.pk}") == "1"
    approved = web.task(status=TaskStatus.APPROVED)
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:detail", args=[approved.pk])).text
    assert shown_version(page, reverse("tasks:self_assess", args=[approved.pk])) == "1"


@pytest.mark.django_db
def test_an_approval_from_a_page_read_before_the_task_changed_is_refused(web, client):
    task = web.task(status=TaskStatus.SUBMITTED)
    client.force_login(web.approver)
    url = reverse("tasks:review", args=[task.pk])
    seen = shown_version(client.get(reverse("tasks:detail", args=[task.pk])).text, url)
    Task.objects.filter(pk=task.pk).update(version=2)  # someone's change meanwhile
    response = client.post(
        url, {"action": "approve", "origin": "detail", "comment": "Đồng ý.", "version": seen}
    )
    assert response.status_code == 200
    assert STALE in response.text and "Đồng ý." in response.text
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


@pytest.mark.django_db
def test_the_authors_second_tab_is_told_and_keeps_what_was_typed(web, client):
    task = web.task()
    client.force_login(web.cadre)
    url = reverse("tasks:edit", args=[task.pk])
    seen = shown_version(client.get(url).text)
    data = {
        "kind": "breakthrough",
        "description": task.description,
        "start_date": f"{web.start:%d/%m/%Y}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": task.deliverable,
        "version": seen,
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    assert client.post(url, {**data, "title": "Tên sửa ở tab thứ nhất"}).status_code == 302
    response = client.post(url, {**data, "title": "Tên sửa ở tab thứ hai"})
    assert response.status_code == 200
    assert STALE in response.text
    assert 'value="Tên sửa ở tab thứ hai"' in response.text
    assert Task.objects.get(pk=task.pk).title == "Tên sửa ở tab thứ nhất"


@concurrent
def test_two_evaluators_posting_at_once_one_is_recorded_the_other_told_on_the_page(web, approver_with_cadre):
    task = self_assessed(web)
    url = reverse("tasks:evaluate", args=[task.pk])
    graders = [(web.approver, "good"), (approver_with_cadre, "excellent")]
    clients = []
    for user, _grade in graders:
        client = Client()
        client.force_login(user)
        clients.append(client)
    seen = [shown_version(c.get(reverse("tasks:detail", args=[task.pk])).text, url) for c in clients]
    outcomes = run_together(
        2,
        lambda i: clients[i].post(
            url, {"grade": graders[i][1], "comment": "Đạt yêu cầu đề ra", "version": seen[i]}
        ),
    )
    assert [o.error for o in outcomes] == [None, None]
    statuses = [o.result.status_code for o in outcomes]  # type: ignore[attr-defined]
    assert sorted(statuses) == [200, 302]
    winner = statuses.index(302)
    assert STALE in outcomes[1 - winner].result.text  # type: ignore[attr-defined]
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.evaluated_by) == (graders[winner][1], graders[winner][0])
