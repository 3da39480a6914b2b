"""Cán bộ chưa đăng ký đủ số việc: who, among the cadres a programme applies to, is below its minimum."""

import datetime

import pytest
from django.urls import reverse

from dotpha.org.models import Appointment, Cadre
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.selectors.registration import registration_gaps
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(world):
    """The standing committee's programme, minimum 2 this time: Đặng Thị Hạnh has 2 (one submitted, one
    approved), Nguyễn Văn Hùng 1 approved and 1 draft, Trần Quang Minh one returned, Lê Văn Sơn none."""
    stage = TaskStage(world)
    stage.programme.min_tasks_per_assignee = 2
    stage.programme.save()
    hanh = world.users["cadre"].cadre
    stage.task(TaskStatus.SUBMITTED)
    stage.task(TaskStatus.APPROVED)
    hung = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    stage.task(TaskStatus.APPROVED, assignee_cadre=hung)
    stage.task(TaskStatus.DRAFT, assignee_cadre=hung)
    stage.task(TaskStatus.RETURNED, assignee_cadre=Cadre.objects.get(full_name="Trần Quang Minh"))
    assert hanh.full_name == "Đặng Thị Hạnh"
    return stage


def test_counts_only_submitted_and_approved_tasks_of_cadres_in_post(
    world, stage, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        gaps = registration_gaps(world.users["organizer"], stage.period, on=datetime.date(stage.year, 6, 1))
        below = {gap.cadre.full_name: gap.registered for gap in gaps.below}
    # the retired chair of the merged commune (managed elsewhere) and the board's staff are not counted
    assert below == {"Lê Văn Sơn": 0, "Nguyễn Văn Hùng": 1, "Trần Quang Minh": 0}
    assert (gaps.expected, gaps.complete, gaps.minimum) == (4, 1, 2)


def test_a_cadre_who_left_before_the_day_is_not_expected(world, stage):
    Appointment.objects.filter(cadre__full_name="Lê Văn Sơn", end_date__isnull=True).update(
        end_date=datetime.date(stage.year, 2, 1), end_reason="retired"
    )
    gaps = registration_gaps(world.users["organizer"], stage.period, on=datetime.date(stage.year, 6, 1))
    assert "Lê Văn Sơn" not in {gap.cadre.full_name for gap in gaps.below}
    assert gaps.expected == 3


def test_the_page_lists_them_with_their_posts_and_the_share_done(world, stage, client):
    client.force_login(world.users["approver"])
    response = client.get(reverse("tasks:registration_gaps", args=[stage.period.pk]))
    assert response.status_code == 200
    text = response.text
    assert "<strong>1/4</strong> cán bộ đã đăng ký đủ." in text
    assert "Tối thiểu 2 việc mỗi người" in text
    assert "Giám đốc, Sở Tài chính" in text and "Bí thư Đảng ủy, Xã Tân Lập" in text
    assert "Đặng Thị Hạnh" not in text


def test_the_programme_list_links_the_page_for_those_who_follow_it(world, stage, client):
    url = reverse("tasks:registration_gaps", args=[stage.period.pk])
    client.force_login(world.users["organizer"])
    assert url in client.get(reverse("programmes:list")).text
    client.force_login(world.users["cadre"])
    assert url not in client.get(reverse("programmes:list")).text
