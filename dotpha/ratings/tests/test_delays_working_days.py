"""The 25%-per-delay rule counts a milestone as a delay only after its effective due date: one due on a
weekend or holiday moves to the next working day (dotpha.workdays)."""

import datetime

import pytest

from dotpha.ratings.inputs import _delays
from dotpha.tasks.models import Milestone, TaskStatus

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_milestone_due_on_saturday_done_on_monday_is_no_delay(stage):
    task = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2025, 1, 6), deadline=D(2025, 11, 28))
    # Saturday 07/06/2025: effective due date Monday 09/06
    Milestone.objects.create(task=task, title="Khảo sát", due_date=D(2025, 6, 7), done_on=D(2025, 6, 9))
    # due during Tết Ất Tỵ (Wednesday 29/01/2025; off 25/01 to 02/02): done Monday 03/02
    Milestone.objects.create(task=task, title="Lập kế hoạch", due_date=D(2025, 1, 29), done_on=D(2025, 2, 3))
    assert _delays([task.pk]) == {}


def test_done_after_the_effective_due_date_is_a_delay(stage):
    task = stage.make_task(status=TaskStatus.APPROVED, start_date=D(2025, 1, 6), deadline=D(2025, 11, 28))
    Milestone.objects.create(task=task, title="Khảo sát", due_date=D(2025, 6, 7), done_on=D(2025, 6, 10))
    Milestone.objects.create(task=task, title="Trình đề án", due_date=D(2025, 6, 30))
    assert _delays([task.pk]) == {
        task.pk: [
            "mốc “Khảo sát” hạn 07/06/2025, xong 10/06/2025",
            "mốc “Trình đề án” hạn 30/06/2025 chưa xong",
        ]
    }
