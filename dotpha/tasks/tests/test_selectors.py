"""Who sees which task, what waits for whom."""

import datetime

import pytest

from dotpha.accounts.models import Role, RoleGrant
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.programmes.tests.factories import open_decision_for
from dotpha.tasks.models import CoResponsibleCadre, TaskEventKind, TaskStatus
from dotpha.tasks.selectors import (
    adjustments_awaiting_decision,
    approval_queue,
    assignee_task_count,
    can_view_task,
    my_tasks,
    obstacles_awaiting_answer,
    search_list,
    task_detail,
    task_list,
    task_timeline,
    tasks_visible_to,
)
from dotpha.tasks.selectors.seek import BoundedCount
from dotpha.tasks.services import adjustment_request, obstacle_raise, task_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(stage):
    """One task per kind of assignee across the province."""
    world = stage.world
    return {
        # the deputy of Sở Nội vụ, managed by the provincial standing committee
        "deputy": stage.make_task(status=TaskStatus.APPROVED),
        # the secretary of the new commune (his old commune was merged into it)
        "secretary": stage.make_task(
            cadre=Cadre.objects.get(full_name="Lê Văn Sơn"),
            status=TaskStatus.APPROVED,
            author=world.users["commune_committee"],
        ),
        # the ward chairwoman, managed by her ward
        "ward": stage.make_task(
            cadre=Cadre.objects.get(full_name="Vũ Thị Lan"),
            status=TaskStatus.SUBMITTED,
            author=world.users["organizer"],
        ),
        # a collective: Sở Tài chính
        "finance": stage.make_task(
            assignee_unit=world.finance,
            status=TaskStatus.SUBMITTED,
            author=world.users["organizer"],
            accountable_cadre=Cadre.objects.get(full_name="Trần Quang Minh"),
        ),
    }


def visible(user, tasks):
    found = set(tasks_visible_to(user).values_list("pk", flat=True))
    return {name for name, task in tasks.items() if task.pk in found}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("organizer", {"deputy", "secretary", "ward", "finance"}),
        ("inspector", {"deputy", "secretary", "ward", "finance"}),
        # the standing committee approves what it manages: the deputy, the secretary, the collective
        ("approver", {"deputy", "secretary", "finance"}),
        ("unit_manager", {"deputy"}),  # his department's deputy
        ("commune_committee", {"secretary"}),  # its own secretary
        ("cadre", {"deputy"}),  # her own
        ("nobody", set()),
    ],
)
def test_tasks_visible_to_each_role(stage, tasks, role, expected):
    assert visible(stage.world.users[role], tasks) == expected


def test_the_board_of_the_only_province_sees_every_task_without_a_filter_but_not_once_a_second_exists(
    stage, tasks
):
    """An organizer whose subtrees hold every tree sees every task with no per-task test (the province's
    organisation board counting a million tasks); once another province is on the instance, the filter is
    back and that province's task is not theirs."""
    from dotpha.org.tests.factories import make_unit

    organizer = stage.world.users["organizer"]
    mine = tasks_visible_to(organizer)
    assert "WHERE" not in str(mine.query) and visible(organizer, tasks) == set(tasks)
    other = make_unit(None, "Tỉnh Bên Cạnh", "BC", "province")
    outsider = stage.make_task(assignee_unit=other, authority_unit=other, status=TaskStatus.SUBMITTED)
    organizer = type(organizer).objects.get(pk=organizer.pk)  # a new request: scope read again
    assert "WHERE" in str(tasks_visible_to(organizer).query)
    assert visible(organizer, tasks) == set(tasks)
    assert not tasks_visible_to(organizer).filter(pk=outsider.pk).exists()
    both = make_user("tochuc2", Role.ORGANIZER, other)
    RoleGrant.objects.create(user=both, role=Role.ORGANIZER, unit=stage.world.province)
    assert "WHERE" not in str(tasks_visible_to(both).query)
    assert tasks_visible_to(both).count() == len(tasks) + 1


def test_co_responsible_and_accountable_cadres_see_the_task(stage, tasks):
    cadre = Cadre.objects.get(full_name="Trần Quang Minh")
    minh = make_user("minh", Role.CADRE, stage.world.finance, cadre)
    assert visible(minh, tasks) == {"finance"}
    CoResponsibleCadre.objects.create(task=tasks["deputy"], cadre=cadre)
    assert visible(make_user("minh2", None, None, None), tasks) == set()
    assert visible(type(minh).objects.get(pk=minh.pk), tasks) == {"finance", "deputy"}


def test_can_view_task(stage, tasks):
    assert can_view_task(stage.cadre, tasks["deputy"])
    assert not can_view_task(stage.cadre, tasks["secretary"])
    assert not can_view_task(stage.nobody, tasks["deputy"])
    inactive = make_user("nghi", Role.ORGANIZER, stage.world.province)
    inactive.is_active = False
    inactive.save()
    assert not can_view_task(inactive, tasks["deputy"])


def test_approval_queue_holds_submitted_tasks_under_authority_but_never_ones_own(
    stage, tasks, approver_with_cadre
):
    own = stage.make_task(
        cadre=approver_with_cadre.cadre, author=approver_with_cadre, status=TaskStatus.SUBMITTED
    )
    pending = stage.make_task(status=TaskStatus.SUBMITTED)
    assert set(approval_queue(stage.approver)) == {tasks["finance"], own, pending}
    # Minh is accountable for the finance collective, and it is his own task too
    assert set(approval_queue(approver_with_cadre)) == {pending}
    assert list(approval_queue(stage.unit_manager)) == []
    task_approve(actor=stage.approver, task=pending, decision=open_decision_for(pending, by=stage.approver))
    assert pending not in approval_queue(stage.approver)


def test_obstacles_and_adjustments_wait_for_the_authority(stage, tasks):
    task = tasks["deputy"]
    obstacle = obstacle_raise(actor=stage.cadre, task=task, content="Thiếu kinh phí.")
    adjustment = adjustment_request(
        actor=stage.cadre, task=task, reason="Lùi hạn.", new_deadline=datetime.date(2024, 12, 20)
    )
    assert list(obstacles_awaiting_answer(stage.approver)) == [obstacle]
    assert list(adjustments_awaiting_decision(stage.approver)) == [adjustment]
    assert list(obstacles_awaiting_answer(stage.unit_manager)) == []
    assert list(adjustments_awaiting_decision(stage.commune)) == []


def test_my_tasks(stage, tasks):
    assert set(my_tasks(stage.cadre)) == {tasks["deputy"]}
    assert set(my_tasks(stage.commune)) == {tasks["secretary"]}
    assert set(my_tasks(stage.approver)) == set()


def test_task_list_searches_without_diacritics_and_filters(stage, tasks):
    tasks["deputy"].title = "Chuyển đổi số hồ sơ đảng viên"
    tasks["deputy"].save()
    found = search_list(
        task_list(stage.organizer, today=datetime.date(2024, 6, 1)), "chuyen doi so ho so dang vien"
    )
    assert list(found.tasks) == [tasks["deputy"]]
    assert found.total() == BoundedCount(value=1, more=False)
    submitted = task_list(stage.organizer, today=datetime.date(2024, 6, 1), status=TaskStatus.SUBMITTED)
    assert set(submitted) == {tasks["ward"], tasks["finance"]}
    assert task_list(stage.cadre, today=datetime.date(2024, 6, 1), period=stage.period).count() == 1


def test_task_detail_and_timeline(stage, tasks, django_assert_max_num_queries):
    task = tasks["deputy"]
    obstacle_raise(actor=stage.cadre, task=task, content="Thiếu kinh phí.")
    detail = task_detail(stage.cadre, task.pk)
    with django_assert_max_num_queries(0):
        assert detail.period.name == "2024" and list(detail.obstacles.all())
    assert [e.kind for e in task_timeline(task)] == [TaskEventKind.OBSTACLE_RAISED]
    with pytest.raises(type(task).DoesNotExist):
        task_detail(stage.cadre, tasks["ward"].pk)


def test_assignee_task_count(stage, tasks):
    assert assignee_task_count(stage.period, cadre_id=stage.cadre.cadre_id) == 1
    assert assignee_task_count(stage.period, unit_id=stage.world.finance.pk) == 1


def test_every_task_of_a_queue_is_one_its_approver_may_open(stage, tasks):
    """The look-alikes read the approver's queue without the visibility filter (`lookalikes._candidates`):
    that holds only while every task in anyone's queue is one they may open, whether they approve for a
    standing committee, a commune or a unit's own programme, and on an instance of several provinces (where
    the visibility filter is evaluated per task)."""
    from dotpha.org.tests.factories import make_unit
    from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory

    world = stage.world
    make_unit(None, "Tỉnh Bên Cạnh", "BC", "province")
    own = ProgrammeFactory.create(number="05-KH/SNV", issuing_unit=world.home_affairs)
    own_period = PeriodFactory.create(programme=own, name="2024")
    units = (
        world.standing,
        world.board,
        world.home_affairs,
        world.finance,
        world.commune,
        world.other_commune,
    )
    for unit in units:
        stage.make_task(status=TaskStatus.SUBMITTED, authority_unit=unit)
        stage.make_task(status=TaskStatus.SUBMITTED, authority_unit=unit, programme=own, period=own_period)
    waiting = {}
    for name, user in world.users.items():
        user = type(user).objects.get(pk=user.pk)  # a new request: scope read again
        queue = set(approval_queue(user).values_list("pk", flat=True))
        assert queue <= set(tasks_visible_to(user).values_list("pk", flat=True)), name
        waiting[name] = len(queue)
    # the approver's queue and a unit manager's (its own programme) are both exercised
    assert waiting["approver"] > 0 and waiting["unit_manager"] > 0, waiting
