"""The task page's "Đánh giá hằng năm": a phase task lists each year of the phase but the last, with the
assignee's report form for the assignee and the grade form for the task's authority; who may not, may not
post either."""

import datetime

import pytest
from django.urls import reverse

from dotpha.programmes.models import PeriodKind
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks.models import TaskEventKind, TaskStatus, YearReview
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def phase_task(web):
    """A phase from two years ago to next year: last year's review is due, next year is the final one."""
    year = web.today.year
    phase = PeriodFactory.create(
        programme=web.programme,
        name=f"{year - 2}–{year + 1}",
        kind=PeriodKind.PHASE,
        start_date=datetime.date(year - 2, 1, 1),
        end_date=datetime.date(year + 1, 12, 31),
    )
    return web.task(status=TaskStatus.APPROVED, period=phase, deadline=datetime.date(year + 1, 12, 31))


def self_url(task, year):
    return reverse("tasks:year_self_report", args=[task.pk, year])


def grade_url(task, year):
    return reverse("tasks:year_grade", args=[task.pk, year])


def test_the_section_lists_the_years_before_the_last_with_the_assignee_form(web, client, phase_task):
    last = web.today.year - 1
    client.force_login(web.cadre)
    text = client.get(reverse("tasks:detail", args=[phase_task.pk])).text
    assert "Đánh giá hằng năm" in text
    assert f'data-year="{last - 1}"' in text and f'data-year="{last}"' in text
    assert f'data-year="{web.today.year + 1}"' not in text  # the final evaluation's year
    assert self_url(phase_task, last) in text
    assert grade_url(phase_task, last) not in text


def test_a_year_task_has_no_yearly_section(web, client):
    task = web.task(status=TaskStatus.APPROVED)
    client.force_login(web.cadre)
    assert "Đánh giá hằng năm" not in client.get(reverse("tasks:detail", args=[task.pk])).text


def test_the_assignee_reports_and_the_authority_grades_on_the_page(web, client, phase_task):
    last = web.today.year - 1
    client.force_login(web.cadre)
    response = client.post(self_url(phase_task, last), {"percent": "35", "report": "Xong khu A, khu B."})
    assert response.status_code == 302
    client.force_login(web.approver)
    page = client.get(reverse("tasks:detail", args=[phase_task.pk])).text
    assert "Xong khu A, khu B." in page and grade_url(phase_task, last) in page
    assert self_url(phase_task, last) not in page
    response = client.post(grade_url(phase_task, last), {"grade": "good", "comment": "Đạt kế hoạch năm."})
    assert response.status_code == 302
    review = YearReview.objects.get(task=phase_task, year=last)
    assert (review.self_percent, review.grade, review.graded_by) == (35, "good", web.approver)
    assert list(phase_task.events.values_list("kind", flat=True)) == [
        TaskEventKind.YEAR_SELF_REPORTED,
        TaskEventKind.YEAR_REVIEWED,
    ]
    page = client.get(reverse("tasks:detail", args=[phase_task.pk])).text
    assert 'data-year-grade="good"' in page and "Đạt kế hoạch năm." in page


def test_the_final_year_is_refused_on_the_page_with_its_reason(web, client, phase_task):
    client.force_login(web.cadre)
    response = client.post(self_url(phase_task, web.today.year + 1), {"percent": "10", "report": "x"})
    assert response.status_code == 200
    assert "năm cuối giai đoạn" in response.text
    assert not YearReview.objects.exists()


@pytest.mark.parametrize("role", ["approver", "unit_manager", "organizer", "inspector", "commune"])
def test_only_the_assignee_posts_the_report(web, client, phase_task, role):
    client.force_login(getattr(web, role))
    response = client.post(self_url(phase_task, web.today.year - 1), {"percent": "10", "report": "x"})
    assert response.status_code in (403, 404)
    assert not YearReview.objects.exists()


@pytest.mark.parametrize("role", ["cadre", "unit_manager", "organizer", "inspector", "commune"])
def test_only_the_authority_posts_the_grade(web, client, phase_task, role):
    last = web.today.year - 1
    YearReview.objects.create(
        task=phase_task,
        year=last,
        self_percent=20,
        self_report="x",
        self_reported_at=datetime.datetime.now(datetime.UTC),
    )
    client.force_login(getattr(web, role))
    response = client.post(grade_url(phase_task, last), {"grade": "good"})
    assert response.status_code in (403, 404)
    assert YearReview.objects.get(task=phase_task, year=last).grade == ""


def test_someone_who_cannot_see_the_task_gets_not_found(web, client, phase_task):
    client.force_login(web.nobody)
    assert (
        client.post(self_url(phase_task, web.today.year - 1), {"percent": "1", "report": "x"}).status_code
        == 404
    )
