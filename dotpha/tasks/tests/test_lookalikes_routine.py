"""A task that restates a routine duty its programme lists for the task's unit is shown beside that duty,
in the approval queue and while it is written; a duty of another unit or programme never is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.programmes.models import RoutineDuty
from dotpha.programmes.tests.factories import ProgrammeFactory
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.selectors.lookalikes import Relation, page_lookalikes
from dotpha.tasks.tests.test_lookalikes import DIGITAL, many_cadres_sending, queue_queries
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

QUEUE = reverse("tasks:approvals")
WRITING = reverse("tasks:title_lookalikes")
DUTY = "Tham mưu cải cách hành chính, tiếp nhận và giải quyết hồ sơ thủ tục hành chính của Sở Nội vụ đúng hạn"
RESTATED = "Tiếp nhận và giải quyết đúng hạn 100% hồ sơ thủ tục hành chính của Sở Nội vụ"


@pytest.fixture
def duties(web):
    """The programme lists a routine duty of Sở Nội vụ (Hạnh's unit); the same text for Sở Tài chính, and
    for Sở Nội vụ under another programme."""
    other = ProgrammeFactory.create(issuing_unit=web.world.standing)
    return {
        "own": RoutineDuty.objects.create(programme=web.programme, unit=web.world.home_affairs, text=DUTY),
        "other_unit": RoutineDuty.objects.create(programme=web.programme, unit=web.world.finance, text=DUTY),
        "other_programme": RoutineDuty.objects.create(
            programme=other, unit=web.world.home_affairs, text=DUTY
        ),
    }


def test_a_task_restating_its_units_routine_duty_shows_that_duty_only(web, duties):
    task = web.task(TaskStatus.SUBMITTED, title=RESTATED)
    found = page_lookalikes(web.approver, [task])[task.pk]
    routine = [item for item in found.shown if item.relation == Relation.ROUTINE]
    assert [item.duty for item in routine] == [duties["own"]]
    assert routine[0].task is None and routine[0].score >= 78
    # the duty's words the task lacks are marked
    assert [w.text for w in routine[0].words if w.differs] == ["Tham", "mưu", "cải", "cách"]


def test_an_unrelated_task_shows_no_duty(web, duties):
    task = web.task(TaskStatus.SUBMITTED, title="Giải phóng mặt bằng khu công nghiệp Tân Lập")
    assert page_lookalikes(web.approver, [task])[task.pk].shown == []


def test_a_collective_is_compared_with_its_own_units_duties(web, duties):
    task = web.task(TaskStatus.SUBMITTED, assignee_unit=web.world.finance, title=RESTATED)
    found = page_lookalikes(web.approver, [task])[task.pk]
    assert [item.duty for item in found.shown if item.duty] == [duties["other_unit"]]


def test_the_approver_reads_the_duty_without_link_nor_dismissal(web, duties, client):
    task = web.task(TaskStatus.SUBMITTED, title=RESTATED)
    client.force_login(web.approver)
    page = client.get(QUEUE).text
    found = re.search(rf'data-lookalikes="{task.pk}">(.*?)\n</div>', page, re.S)
    assert found, "the task shows no look-alike"
    block = found.group(1)
    assert f'data-routine-duty="{duties["own"].pk}"' in block
    assert f'data-routine-duty="{duties["other_unit"].pk}"' not in block
    assert f'data-routine-duty="{duties["other_programme"].pk}"' not in block
    assert "nhiệm vụ thường xuyên của đơn vị" in block
    assert "<mark>Tham</mark> <mark>mưu</mark>" in block
    assert "Đã xem, không trùng" not in block  # the dismissal is for pairs of tasks only


def test_the_queue_with_duties_runs_the_same_number_of_queries_for_3_and_30_tasks(web, duties, client):
    RoutineDuty.objects.create(
        programme=web.programme,
        unit=web.world.home_affairs,
        text=DIGITAL.format(n=100),
    )
    client.force_login(web.approver)
    client.get(QUEUE)  # warm
    many_cadres_sending(web, 2)
    few = queue_queries(client)
    many_cadres_sending(web, 28)
    page = client.get(QUEUE).text
    # every cadre's task restates it (score 100, shown right after a recycled task of the cadre's own)
    assert page.count("data-routine-duty=") == 30
    assert queue_queries(client) == few


def test_the_cadre_writing_the_task_sees_her_units_duty_of_the_chosen_programme(web, duties, client):
    client.force_login(web.cadre)
    page = client.get(WRITING, {"title": RESTATED, "programme": web.programme.pk}).text
    assert re.findall(r'data-routine-duty="(\d+)"', page) == [str(duties["own"].pk)]
    assert "nhiệm vụ thường xuyên của đơn vị" in page and "Việc đột phá phải là việc mới" in page
    other = duties["other_programme"].programme_id
    assert "data-routine-duty" not in client.get(WRITING, {"title": RESTATED}).text
    page = client.get(WRITING, {"title": RESTATED, "programme": other}).text
    assert re.findall(r'data-routine-duty="(\d+)"', page) == [str(duties["other_programme"].pk)]


def test_the_finance_head_writing_sees_no_duty_of_another_unit(web, duties, client, approver_with_cadre):
    # Minh works at Sở Tài chính: Sở Nội vụ's duty is not his; his own unit's is
    client.force_login(approver_with_cadre)
    page = client.get(WRITING, {"title": RESTATED, "programme": web.programme.pk}).text
    assert re.findall(r'data-routine-duty="(\d+)"', page) == [str(duties["other_unit"].pk)]
    with CaptureQueriesContext(connection) as queries:
        client.get(WRITING, {"title": RESTATED, "programme": web.programme.pk})
    with CaptureQueriesContext(connection) as without:
        client.get(WRITING, {"title": RESTATED})
    assert len(queries) == len(without) + 1
