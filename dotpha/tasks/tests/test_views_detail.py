"""The task page: what it shows, and which forms appear to whom (the permission predicates decide)."""

import datetime
import re

import pytest
from django.urls import reverse

from dotpha.tasks.models import AdjustmentRequest, Evaluation, Obstacle, TaskEvent, TaskStatus
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_five_clears_plan_reports_and_timeline(web, client):
    task = web.task(status=TaskStatus.APPROVED, title="Xây 13 nhà cho hộ nghèo")
    MilestoneFactory.create(task=task, title="Khởi công 13 nhà", due_date=web.deadline)
    TargetFactory.create(task=task, achieved_value=9)
    ProgressReportFactory.create(task=task, author=web.cadre, reported_on=web.today, percent_done=70)
    TaskEvent.objects.create(task=task, kind="approved", actor=web.approver, comment="Đồng ý.")
    client.force_login(web.approver)
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Xây 13 nhà cho hộ nghèo",
        "Rõ người",
        "Rõ trách nhiệm",
        "Đặng Thị Hạnh",
        "Khởi công 13 nhà",
        "Xây nhà cho hộ nghèo",
        "9 nhà",
        "70%",
        "Đã khởi công 9/13 nhà.",
        "Diễn biến",
        "Đồng ý.",
        f"{web.start:%d/%m/%Y} – {web.deadline:%d/%m/%Y}",
    ):
        assert expected in text, expected
    assert 'data-progress="' in text


def test_forms_appear_only_to_those_allowed(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    url = reverse("tasks:detail", args=[task.pk])
    # the assignee keeps it current
    client.force_login(web.cadre)
    text = client.get(url).text
    assert "Báo cáo tiến độ" in text and reverse("tasks:report", args=[task.pk]) in text
    assert reverse("tasks:obstacle_raise", args=[task.pk]) in text
    assert reverse("tasks:adjustment_request", args=[task.pk]) in text
    assert reverse("tasks:self_assess", args=[task.pk]) in text
    assert reverse("tasks:evaluate", args=[task.pk]) not in text
    # the authority sees no assignee form, and no grade form before the self-assessment
    client.force_login(web.approver)
    text = client.get(url).text
    for name in ("tasks:report", "tasks:obstacle_raise", "tasks:adjustment_request", "tasks:self_assess"):
        assert reverse(name, args=[task.pk]) not in text, name
    assert reverse("tasks:evaluate", args=[task.pk]) not in text
    # an inspector only reads
    client.force_login(web.inspector)
    text = client.get(url).text
    assert '<form method="post" action="/tasks/' not in text


def test_the_review_form_is_on_a_submitted_task_for_its_authority(web, client):
    task = web.task(status=TaskStatus.SUBMITTED)
    url = reverse("tasks:detail", args=[task.pk])
    client.force_login(web.approver)
    assert reverse("tasks:review", args=[task.pk]) in client.get(url).text
    client.force_login(web.cadre)
    assert reverse("tasks:review", args=[task.pk]) not in client.get(url).text


def test_a_draft_shows_edit_and_submit_to_its_author_only(web, client):
    task = web.task()
    url = reverse("tasks:detail", args=[task.pk])
    client.force_login(web.cadre)
    text = client.get(url).text
    assert reverse("tasks:edit", args=[task.pk]) in text and reverse("tasks:submit", args=[task.pk]) in text
    client.force_login(web.unit_manager)
    text = client.get(url).text
    assert reverse("tasks:edit", args=[task.pk]) not in text


def test_a_task_out_of_sight_is_not_found(web, client):
    task = web.task()
    for user in (web.commune, web.nobody):
        client.force_login(user)
        assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("tasks:detail", args=[999999])).status_code == 404


def test_self_assessment_then_evaluation(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    # reported done two months before the deadline: ahead of plan may be granted
    done_on = task.deadline - datetime.timedelta(days=60)
    ProgressReportFactory.create(task=task, reported_on=done_on, percent_done=100, author=task.author)
    client.force_login(web.cadre)
    response = client.post(
        reverse("tasks:self_assess", args=[task.pk]),
        {"self_grade": "excellent", "self_assessment": "Hoàn thành trước 2 tháng."},
    )
    assert response.status_code == 302
    client.force_login(web.approver)
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert reverse("tasks:evaluate", args=[task.pk]) in page.text
    assert "Hoàn thành trước 2 tháng." in page.text
    response = client.post(
        reverse("tasks:evaluate", args=[task.pk]),
        {"grade": "excellent", "ahead_of_plan": "on", "comment": "Xứng đáng biểu dương."},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.ahead_of_plan, evaluation.evaluated_by) == (
        "excellent",
        True,
        web.approver,
    )
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert "Hoàn thành xuất sắc" in page.text and "Xứng đáng biểu dương." in page.text


def test_evaluation_before_self_assessment_is_refused(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    client.force_login(web.approver)
    response = client.post(reverse("tasks:evaluate", args=[task.pk]), {"grade": "good"})
    assert response.status_code == 200
    assert "Người được giao chưa tự đánh giá việc này." in response.text
    assert not Evaluation.objects.filter(task=task).exists()


def test_not_completed_ahead_of_plan_is_refused_keeping_the_comment(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Tốt")
    client.force_login(web.approver)
    response = client.post(
        reverse("tasks:evaluate", args=[task.pk]),
        {"grade": "not_completed", "ahead_of_plan": "on", "comment": "Nhận xét đã gõ"},
    )
    assert "Việc không hoàn thành thì không thể là hoàn thành trước kế hoạch." in response.text
    assert "Nhận xét đã gõ" in response.text
    assert Evaluation.objects.get(task=task).grade == ""


def test_the_assignee_cannot_grade_her_own_task(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Tốt")
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:evaluate", args=[task.pk]), {"grade": "excellent"})
    assert response.status_code == 403
    assert "Không thể tự đánh giá việc của chính mình." in response.text
    assert Evaluation.objects.get(task=task).grade == ""


def ids_of(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_no_two_fields_share_an_id_on_the_busiest_pages(web, client):
    # a task with two open obstacles, an answered one and a pending adjustment, seen by its authority
    task = web.task(status=TaskStatus.APPROVED)
    TargetFactory.create(task=task)
    for status in ("open", "open", "answered"):
        Obstacle.objects.create(task=task, content=f"Khó khăn {status}", raised_by=web.cadre, status=status)
    AdjustmentRequest.objects.create(task=task, reason="Lý do", requested_by=web.cadre, new_description="Mới")
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Tốt")
    for i in range(3):
        web.task(status=TaskStatus.SUBMITTED, title=f"Chờ duyệt {i}")
    client.force_login(web.approver)
    for url in (reverse("tasks:detail", args=[task.pk]), reverse("tasks:approvals")):
        ids = ids_of(client.get(url).text)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    client.force_login(web.cadre)
    ids = ids_of(client.get(reverse("tasks:detail", args=[task.pk])).text)
    assert len(ids) == len(set(ids))


def grade_select(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return found.group(1)


def test_no_grade_is_pre_selected_for_the_cadre_nor_the_approver(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    client.force_login(web.cadre)
    options = grade_select(client.get(reverse("tasks:detail", args=[task.pk])).text, "self_grade")
    assert "selected" not in options.replace('value="" selected', "")
    assert '<option value="" selected>— Chọn mức đánh giá —</option>' in options
    # sent without a grade: refused, nothing recorded, the text kept
    response = client.post(
        reverse("tasks:self_assess", args=[task.pk]), {"self_grade": "", "self_assessment": "Đã gõ nhận xét"}
    )
    assert response.status_code == 200
    assert "Đã gõ nhận xét" in response.text
    assert not Evaluation.objects.filter(task=task).exists()

    client.post(
        reverse("tasks:self_assess", args=[task.pk]), {"self_grade": "good", "self_assessment": "Xong."}
    )
    client.force_login(web.approver)
    options = grade_select(client.get(reverse("tasks:detail", args=[task.pk])).text, "grade")
    assert '<option value="" selected>— Chọn mức đánh giá —</option>' in options
    assert "selected" not in options.replace('value="" selected', "")
    response = client.post(reverse("tasks:evaluate", args=[task.pk]), {"grade": "", "comment": "Đã gõ"})
    assert response.status_code == 200 and "Đã gõ" in response.text
    assert Evaluation.objects.get(task=task).grade == ""


def test_the_approver_cannot_grant_ahead_of_plan_to_an_unfinished_task(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    ProgressReportFactory.create(task=task, reported_on=web.start, percent_done=60, author=task.author)
    Evaluation.objects.create(task=task, self_grade="excellent", self_assessment="Tốt")
    client.force_login(web.approver)
    response = client.post(
        reverse("tasks:evaluate", args=[task.pk]),
        {"grade": "excellent", "ahead_of_plan": "on", "comment": "Nhận xét đã gõ"},
    )
    assert response.status_code == 200
    assert (
        "Chỉ đánh giá «Hoàn thành trước kế hoạch» khi việc đã hoàn thành (báo cáo tiến độ gần nhất đạt 100%, "
        "hoặc mọi chỉ tiêu và mốc đã đạt) trước ngày hết hạn." in response.text
    )
    assert "Nhận xét đã gõ" in response.text
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.ahead_of_plan) == ("", False)
    assert not task.events.filter(kind="evaluated").exists()


def test_a_good_grade_below_100_percent_needs_the_reason_and_the_page_shows_it(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    ProgressReportFactory.create(task=task, reported_on=web.start, percent_done=70, author=task.author)
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Tốt")
    client.force_login(web.approver)
    response = client.post(reverse("tasks:evaluate", args=[task.pk]), {"grade": "good", "comment": ""})
    assert (
        "Báo cáo tiến độ gần nhất của việc mới đạt 70%: nêu lý do đánh giá mức «Hoàn thành tốt» "
        "trong phần nhận xét." in response.text
    )
    assert Evaluation.objects.get(task=task).grade == ""
    response = client.post(
        reverse("tasks:evaluate", args=[task.pk]), {"grade": "good", "comment": "Phần còn lại do khách quan."}
    )
    assert response.status_code == 302
    page = client.get(reverse("tasks:detail", args=[task.pk])).text
    assert 'data-grade="good"' in page and "Phần còn lại do khách quan." in page


def test_the_page_runs_the_same_queries_with_one_or_many_of_each_part(web, client):
    """The task page at two sizes: reports, milestones, targets, obstacles, adjustment requests and events
    each once, then each eight times, cost the same number of queries (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = web.task(status=TaskStatus.APPROVED)
    client.force_login(web.approver)
    url = reverse("tasks:detail", args=[task.pk])

    def add(n: int) -> None:
        for i in range(n):
            MilestoneFactory.create(task=task, due_date=web.deadline)
            TargetFactory.create(task=task, achieved_value=i)
            ProgressReportFactory.create(
                task=task, author=web.cadre, reported_on=web.today, percent_done=10 + i
            )
            Obstacle.objects.create(task=task, content=f"Vướng mắc {i}", raised_by=web.cadre)
            TaskEvent.objects.create(task=task, kind="approved", actor=web.approver, comment=f"Ý kiến {i}")

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.text

    add(1)
    client.get(url)  # warm: the session and the content types
    one, _ = queries()
    add(7)
    many, text = queries()
    assert many == one
    assert text.count("Vướng mắc 6") == 1 and text.count("Ý kiến 6") == 1
