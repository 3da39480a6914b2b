"""What "behind schedule" means for Regulation 366's conditions: the task's own state on the task page (the
progress rule), completed after its effective deadline. A milestone done late costs 25% of the task's
progress points (Decree 335) and nothing more. Read as the organizer of the standing committee's board, who
prepares the proposals, beside the authority who scores the general criteria."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dotpha.programmes.models import Grade
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db

D = datetime.date


def task_state(client, task) -> str:
    """The progress state the task page shows."""
    page = client.get(reverse("tasks:detail", args=[task.pk])).text
    found = re.search(r'data-progress="(\w+)">([^<]+)<', page)
    assert found is not None
    return found.group(2)


def scored(world, stage, general: Decimal) -> AnnualRating:
    """The 2026 proposal once the authority has scored the general criteria `general`."""
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating = AnnualRating.objects.get(year=2026)
    rating_decide(
        actor=stage.approver,
        rating=rating,
        level=RatingLevel.COMPLETED,
        comment="Chấm tiêu chí chung.",
        general_points=general,
    )
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    rating.refresh_from_db()
    return rating


def task_row(page: str, task) -> str:
    found = re.search(rf'<tr data-task-points="{task.pk}">.*?</tr>', page, re.S)
    assert found is not None
    return found.group(0)


def test_a_late_milestone_costs_progress_points_but_the_task_is_on_time(world, stage, client):
    # both due Monday 30/11/2026 and reported done on 20/11; the second's milestone done a week late
    _first, second = year_tasks(
        stage, 2026, [Grade.GOOD, Grade.GOOD], late={1}, reported={0: D(2026, 11, 20), 1: D(2026, 11, 20)}
    )
    client.force_login(stage.organizer)
    assert task_state(client, second) == "Hoàn thành đúng hạn"
    rating = scored(world, stage, Decimal(25))
    assert [(i["delays"], i["late"]) for i in rating.inputs] == [(0, False), (1, False)]
    # (1 + 1 + 0.75) / 3 × 70 / 2 = 32.08 for the second task; 67.08 in all, 92.08 with the general criteria:
    # by points excellent, no task exceeding (< 30%); both on time, so "hoàn thành tốt" (before the fix: one
    # of two "behind", 50% > 20%, "không hoàn thành")
    assert "Kết quả thực hiện nhiệm vụ: 67.08/70 điểm" in rating.proposal_reason
    assert "92.08 điểm" in rating.proposal_reason
    assert rating.proposed_level == RatingLevel.GOOD
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert "2/2 hoàn thành, 2 đúng hạn, 0 vượt yêu cầu" in page
    row = task_row(page, second)
    assert "mốc “Trình đề án” hạn 30/06/2026, xong 07/07/2026" in row and re.search(r">0[.,]75<", row)
    assert "data-behind" not in page
    assert "mốc chậm chỉ trừ điểm tiến độ" in page  # the page says so


def test_completed_after_the_effective_deadline_is_behind(world, stage, client):
    # due Wednesday 02/09/2026, Quốc khánh: the effective deadline is Thursday 03/09
    on_time, late = year_tasks(
        stage,
        2026,
        [Grade.GOOD, Grade.GOOD],
        reported={0: D(2026, 9, 3), 1: D(2026, 9, 4)},
        deadline=D(2026, 9, 2),
    )
    client.force_login(stage.organizer)
    assert task_state(client, on_time) == "Hoàn thành đúng hạn"
    assert task_state(client, late) == "Hoàn thành chậm"
    rating = scored(world, stage, Decimal(25))
    assert [(i["label"], i["delays"], i["late"]) for i in rating.inputs] == [
        ("Việc 1/2026", 0, False),
        ("Việc 2/2026", 1, True),
    ]
    assert rating.inputs[1]["delay_notes"] == "hoàn thành chậm: báo cáo 100% ngày 04/09/2026, hạn 02/09/2026"
    # 92.08 points, but one of two behind (50% > 20%): neither good nor "hoàn thành"
    assert "92.08 điểm" in rating.proposal_reason
    assert rating.proposed_level == RatingLevel.NOT_COMPLETED
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert "2/2 hoàn thành, 1 đúng hạn, 0 vượt yêu cầu" in page
    assert "data-behind" in task_row(page, late) and "data-behind" not in task_row(page, on_time)


def test_graded_without_a_completion_report_is_not_behind_and_falls_on_its_deadline(world, stage, client):
    (task,) = year_tasks(stage, 2026, [Grade.GOOD], deadline=D(2026, 5, 29))
    client.force_login(stage.organizer)
    assert task_state(client, task) == "Đã đánh giá"
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    (item,) = AnnualRating.objects.get(year=2026).inputs
    assert (item["delays"], item["late"], item["on"]) == (0, False, "2026-05-29")


def test_a_snapshot_stored_before_the_late_mark_reads_as_on_time():
    stored = {"source": "task", "label": "Việc cũ", "grade": Grade.GOOD, "delays": 1, "delay_notes": "mốc"}
    item = RatingInput.from_json(stored)
    assert (item.late, item.delays) == (False, 1)
    assert RatingInput.from_json(item.as_json()) == item
