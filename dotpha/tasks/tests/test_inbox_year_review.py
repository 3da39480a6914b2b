"""The home page's lines of the yearly review of phase tasks: the assignee's report of the latest year due,
the authority's grade of a year reported; each count is what the page it links to lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.core.tests.inbox_page import inbox_lines
from dotpha.programmes.models import Grade, PeriodKind
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks.models import TaskStatus, YearReview
from dotpha.tasks.tests.test_inbox import figure

pytestmark = pytest.mark.django_db

REPORT = "Đánh giá hằng năm việc giai đoạn: chờ tự báo cáo"
GRADE = "Đánh giá hằng năm việc giai đoạn: chờ đánh giá"


def phase(stage, start: int, end: int, **kwargs):
    return PeriodFactory.create(
        programme=stage.programme,
        name=f"{start}–{end}",
        kind=PeriodKind.PHASE,
        start_date=datetime.date(start, 1, 1),
        end_date=datetime.date(end, 12, 31),
        **kwargs,
    )


def test_the_assignee_and_the_authority_see_the_yearly_reviews_due(stage, client):
    today = timezone.localdate()
    due = today.year if today.month == 12 else today.year - 1  # the latest year due (window: 30 days)
    running = phase(stage, due - 1, due + 2)
    deadline = datetime.date(due + 2, 12, 31)
    waiting, reported, graded = (
        stage.make_task(status=TaskStatus.APPROVED, period=running, deadline=deadline) for _ in range(3)
    )
    now = timezone.now()
    YearReview.objects.create(task=reported, year=due, self_percent=40, self_report="x", self_reported_at=now)
    YearReview.objects.create(
        task=graded, year=due, self_percent=40, self_report="x", self_reported_at=now, grade=Grade.GOOD
    )
    # not due: a phase whose last year is the year due (final evaluation), a closed phase, a year task
    ending = phase(stage, due - 2, due)
    stage.make_task(status=TaskStatus.APPROVED, period=ending, deadline=datetime.date(due, 12, 31))
    closed = phase(stage, due - 3, due + 1, closed_at=now)
    stage.make_task(status=TaskStatus.APPROVED, period=closed, deadline=datetime.date(due + 1, 12, 31))
    stage.make_task(status=TaskStatus.APPROVED)

    client.force_login(stage.cadre)
    lines = inbox_lines(client, "own_tasks")
    assert lines is not None
    mine = f"{reverse('tasks:mine')}?yearly=due"
    assert lines[REPORT] == (1, mine)
    text = client.get(mine).text
    assert figure(client, mine, "tasks") == 1
    assert f'href="{reverse("tasks:detail", args=[waiting.pk])}"' in text

    client.force_login(stage.approver)
    lines = inbox_lines(client, "task_decisions")
    assert lines is not None
    listed = f"{reverse('tasks:list')}?yearly=due"
    assert lines[GRADE] == (1, listed)
    text = client.get(listed).text
    assert figure(client, listed, "total") == 1
    assert f'href="{reverse("tasks:detail", args=[reported.pk])}"' in text
    # the cadre grades nothing, the approver carries out nothing
    client.force_login(stage.cadre)
    assert GRADE not in (inbox_lines(client, "task_decisions") or {})
