"""A unit's leadership runs the practice for its own people: the unit-manager role of Sở Nội vụ opens the
department's plan, assigns to its staff, approves their registrations under the department's decisions and
evaluates them; never a task of another department's staff, never a task of the province's programme."""

import datetime
import itertools

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Unit
from dotpha.org.tests.factories import make_user
from dotpha.programmes import services as programme_services
from dotpha.programmes.authority import can_issue_decisions
from dotpha.programmes.models import Decision, Grade, Period, Programme
from dotpha.tasks import services
from dotpha.tasks.models import Evaluation, Task, TaskEvent, TaskEventKind, TaskOrigin, TaskStatus
from dotpha.tasks.permissions import can_decide
from dotpha.tasks.selectors import approval_queue
from dotpha.tasks.tests.department import department_fixture  # noqa: F401
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_RUN = "Bạn không có quyền điều hành chương trình của đơn vị này."
NOT_ASSIGNABLE = "Người được giao không thuộc thẩm quyền giao việc của bạn."
NOT_YOURS = "Việc không thuộc thẩm quyền phê duyệt của bạn."
NOT_ISSUER = "Bạn không có quyền ban hành quyết định của đơn vị này."
NUMBERS = itertools.count(30)


def open_programme(actor, unit: Unit, number: str = "20/KH-SNV") -> Programme:
    return programme_services.programme_create(
        actor=actor,
        number=number,
        title="Kế hoạch thực hiện việc đột phá, đổi mới của công chức",
        issued_on=datetime.date(2026, 1, 5),
        issuing_unit=unit,
        registration_opens=datetime.date(2026, 1, 5),
        registration_closes=datetime.date(2026, 2, 28),
        document_kind="plan",
    )


def assign(department, *, actor=None, programme=None, period=None, cadre=None, today=None) -> Task:
    web = department.web
    return services.task_assign(
        actor=actor or department.director,
        programme=programme or department.plan,
        period=period or department.period,
        assignee_cadre=cadre or department.staff.cadre,
        title="Số hóa 800 hồ sơ công chức của Sở",
        description="Chỉnh lý, số hóa hồ sơ; cập nhật cơ sở dữ liệu.",
        deliverable="Cơ sở dữ liệu hồ sơ được cập nhật.",
        start_date=web.start,
        deadline=web.deadline,
        decision_number=f"{next(NUMBERS)}/QĐ-SNV",
        signed_on=today or web.today,
        today=today,
    )


def test_the_director_opens_and_runs_his_departments_own_programme(department):
    director = department.director
    home_affairs = department.web.world.home_affairs
    plan = open_programme(director, home_affairs)
    assert (plan.issuing_unit, plan.number) == (home_affairs, "20/KH-SNV")
    period = programme_services.period_create(
        actor=director,
        programme=plan,
        name="2026",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    programme_services.programme_update(actor=director, programme=plan, max_tasks_per_assignee=3)
    programme_services.period_close(actor=director, period=period)
    plan.refresh_from_db()
    period.refresh_from_db()
    assert plan.max_tasks_per_assignee == 3 and period.is_closed
    assert plan.history.first().history_user == director


@pytest.mark.parametrize("where", ["party_committee", "standing", "finance", "province"])
def test_the_director_opens_no_programme_above_or_beside_his_unit(department, where):
    world = department.web.world
    unit = {
        "party_committee": Unit.objects.get(code="P-TU"),
        "standing": world.standing,
        "finance": world.finance,
        "province": world.province,
    }[where]
    before = Programme.objects.count()
    with pytest.raises(PermissionDeniedError) as exc:
        open_programme(department.director, unit)
    assert exc.value.message == NOT_RUN
    assert Programme.objects.count() == before


def test_the_director_does_not_run_the_provinces_programme(department):
    web = department.web
    with pytest.raises(PermissionDeniedError, match=NOT_RUN):
        programme_services.programme_update(
            actor=department.director, programme=web.programme, max_tasks_per_assignee=1
        )
    with pytest.raises(PermissionDeniedError, match=NOT_RUN):
        programme_services.period_close(actor=department.director, period=web.period)
    assert not Period.objects.get(pk=web.period.pk).is_closed


def test_the_director_assigns_a_task_to_his_own_staff(department):
    task = assign(department)
    assert (task.status, task.origin, task.assignee_cadre, task.authority_unit) == (
        TaskStatus.APPROVED,
        TaskOrigin.ASSIGNED,
        department.staff.cadre,
        department.web.world.home_affairs,
    )
    assert TaskEvent.objects.filter(
        task=task, kind=TaskEventKind.ASSIGNED, actor=department.director
    ).exists()


@pytest.mark.parametrize("whom", ["finance_staff", "deputy_director", "staff_in_the_provinces_programme"])
def test_the_director_assigns_nothing_beyond_his_staff_and_his_programme(department, whom):
    web = department.web
    kwargs = {
        "finance_staff": {"cadre": department.finance_staff},
        # the deputy director is managed by the standing committee, not by the department
        "deputy_director": {"cadre": web.cadre.cadre},
        "staff_in_the_provinces_programme": {"programme": web.programme, "period": web.period},
    }[whom]
    with pytest.raises(PermissionDeniedError) as exc:
        assign(department, **kwargs)
    assert exc.value.message == NOT_ASSIGNABLE
    assert not Task.objects.exists()


def test_another_departments_director_decides_nothing_of_sở_nội_vụ(department):
    finance_director = make_user("giamdoc-stc", Role.UNIT_MANAGER, department.web.world.finance)
    task = department.task()
    assert not can_decide(finance_director, task)
    with pytest.raises(PermissionDeniedError, match=NOT_YOURS):
        services.task_approve(actor=finance_director, task=task)
    with pytest.raises(PermissionDeniedError, match=NOT_ASSIGNABLE):
        assign(department, actor=finance_director)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_the_director_approves_staff_registrations_under_the_departments_decision(department):
    tasks = [department.task(title=f"Việc của công chức {i}") for i in range(2)]
    signed = department.web.today
    decision = services.decision_approve_batch(
        actor=department.director,
        tasks=tasks,
        number="05/QĐ-SNV",
        signed_on=signed,
        batch_number=1,
        today=signed,
    )
    assert (decision.issuing_unit, decision.created_by) == (
        department.web.world.home_affairs,
        department.director,
    )
    for task in tasks:
        task.refresh_from_db()
        assert (task.status, task.decision, task.approved_by) == (
            TaskStatus.APPROVED,
            decision,
            department.director,
        )


def test_the_director_approves_one_staff_registration(department):
    task = department.task()
    assert task in approval_queue(department.director)
    services.task_approve(
        actor=department.director,
        task=task,
        comment="Đồng ý.",
        decision_number="08/QĐ-SNV",
        signed_on=department.web.today,
        today=department.web.today,
    )
    task.refresh_from_db()
    assert (task.status, task.approved_by) == (TaskStatus.APPROVED, department.director)
    assert (task.decision.number, task.decision.issuing_unit) == (
        "08/QĐ-SNV",
        department.web.world.home_affairs,
    )


def test_the_director_is_refused_on_the_provinces_programme_even_for_his_staff(department):
    """A staff member's task in the province's programme falls to the department as the managing unit, but
    the programme is the province's: the director approves nothing of it and files no decision under it."""
    web = department.web
    task = department.task(programme=web.programme, period=web.period)
    assert task.authority_unit == web.world.home_affairs
    assert not can_decide(department.director, task)
    assert task not in approval_queue(department.director)
    with pytest.raises(PermissionDeniedError, match=NOT_YOURS):
        services.task_approve(actor=department.director, task=task)
    with pytest.raises(PermissionDeniedError, match=NOT_ISSUER):
        services.decision_approve_batch(
            actor=department.director, tasks=[task], number="06/QĐ-SNV", signed_on=web.today
        )
    for unit in (None, web.world.home_affairs):
        with pytest.raises(PermissionDeniedError, match=NOT_ISSUER):
            programme_services.decision_create(
                actor=department.director,
                programme=web.programme,
                period=web.period,
                number="07/QĐ-SNV",
                title="Phê duyệt",
                signed_on=web.today,
                issuing_unit=unit,
            )
    assert not Decision.objects.exists()
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    # the department's own decisions are his to sign; the standing committee's are not
    assert can_issue_decisions(department.director, web.world.home_affairs)
    assert not can_issue_decisions(department.director, web.world.standing)


def test_the_director_evaluates_his_staff(department):
    task = department.task(status=TaskStatus.APPROVED)
    services.task_self_assess(
        actor=department.staff, task=task, self_grade=Grade.COMPLETED, self_assessment="Đã hoàn thành."
    )
    services.task_evaluate(
        actor=department.director, task=task, grade=Grade.COMPLETED, comment="Đạt yêu cầu."
    )
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.evaluated_by) == (Grade.COMPLETED, department.director)


def test_the_director_evaluates_nothing_of_the_provinces_programme(department):
    web = department.web
    task = department.task(status=TaskStatus.APPROVED, programme=web.programme, period=web.period)
    services.task_self_assess(
        actor=department.staff, task=task, self_grade=Grade.COMPLETED, self_assessment="Đã hoàn thành."
    )
    with pytest.raises(PermissionDeniedError, match=NOT_YOURS):
        services.task_evaluate(actor=department.director, task=task, grade=Grade.COMPLETED)
    assert not Evaluation.objects.filter(task=task, grade=Grade.COMPLETED).exists()


def test_an_assignee_out_of_post_is_refused(department):
    with pytest.raises(ApplicationError) as exc:
        assign(department, cadre=department.retired)
    assert exc.value.code == "cadre_not_in_post"
    assert exc.value.message == (
        f"Bùi Văn Lộc không còn giữ chức vụ nào vào ngày {department.web.today:%d/%m/%Y}: "
        "không thể là người được giao việc."
    )
    assert not Task.objects.exists()


def test_the_queue_and_the_permission_say_the_same(department):
    web = department.web
    mine = [department.task(title=f"Việc {i}") for i in range(2)]
    others = [
        department.task(programme=web.programme, period=web.period),
        department.task(cadre=department.finance_staff),
        web.task(status=TaskStatus.SUBMITTED),
    ]
    queue = set(approval_queue(department.director))
    assert queue == set(mine)
    assert all(can_decide(department.director, t) for t in mine)
    assert not any(can_decide(department.director, t) for t in others)
