"""The stored facts (`TaskFacts`) equal the from-scratch computation after any sequence of service calls,
and the progress read through them (`with_progress`) equals the rule on the record (`task_progress`)."""

import contextlib
import datetime
import random

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Appointment, Cadre, Position
from dotpha.programmes.models import Grade, ReportCadence
from dotpha.programmes.services import programme_update
from dotpha.structure.services import appointment_end, appointment_start, cadre_update
from dotpha.tasks.facts import COLUMNS, computed_facts, deferred_facts, rebuild_facts, refresh_facts
from dotpha.tasks.facts import refresh_where as refresh_facts_where
from dotpha.tasks.models import Milestone, ProgressReport, Task, TaskFacts, TaskStatus
from dotpha.tasks.selectors.progress import task_progress, with_progress
from dotpha.tasks.services.adjustments import adjustment_approve, adjustment_request
from dotpha.tasks.services.approval import task_approve, task_return_for_revision
from dotpha.tasks.services.evaluation import task_evaluate, task_self_assess
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.services.plan import milestone_add, milestone_complete
from dotpha.tasks.services.year_review import year_review_grade
from dotpha.workdays.calendar import WorkCalendar
from dotpha.workdays.services import day_off_add

pytestmark = pytest.mark.django_db

D = datetime.date
REFUSED = (ApplicationError, PermissionDeniedError)


def _norm(row) -> tuple:
    return tuple(bool(v) if name == "evaluated" else v for name, v in zip(COLUMNS, row, strict=True))


def stored_facts() -> dict[int, tuple]:
    return {pk: _norm(rest) for pk, *rest in TaskFacts.objects.values_list("task_id", *COLUMNS)}


def fresh_facts() -> dict[int, tuple]:
    return {pk: _norm(rest) for pk, *rest in computed_facts(Task.objects.all())}


def assert_consistent(days: list[datetime.date]) -> None:
    assert stored_facts() == fresh_facts()
    calendar = WorkCalendar()
    tasks = list(
        Task.objects.select_related("programme", "evaluation").prefetch_related(
            "progress_reports", "milestones"
        )
    )
    for today in days:
        by_sql = dict(with_progress(Task.objects.all(), today).values_list("pk", "progress"))  # type: ignore[misc]
        by_python = {t.pk: task_progress(t, today, calendar) for t in tasks}
        assert by_sql == {pk: (state.value if state else None) for pk, state in by_python.items()}, today


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_follow_random_service_calls(stage, seed):
    rng = random.Random(seed)
    world = stage.world
    users = world.users
    deputy, director = stage.cadre, stage.unit_manager
    collective_owner = stage.unit_manager
    # who reports on each task: the deputy's tasks, the director's, and collectives of Sở Nội vụ
    owners: dict[int, User] = {}
    for i in range(9):
        status = rng.choice([TaskStatus.SUBMITTED, TaskStatus.APPROVED, TaskStatus.APPROVED])
        deadline = D(2024, rng.randint(5, 12), rng.randint(1, 28))
        if i % 3 == 0:
            task = stage.make_task(status=status, deadline=deadline, title=f"Việc {i}")
            owners[task.pk] = deputy
        elif i % 3 == 1:
            task = stage.make_task(cadre=director.cadre, status=status, deadline=deadline, title=f"Việc {i}")
            owners[task.pk] = director
        else:
            task = stage.make_task(
                assignee_unit=world.home_affairs, status=status, deadline=deadline, title=f"Việc {i}"
            )
            owners[task.pk] = collective_owner
    done: dict[str, int] = {}

    def pick_task() -> Task:
        return Task.objects.get(pk=rng.choice(sorted(owners)))

    def op_approve(today):
        task_approve(
            actor=stage.approver,
            task=pick_task(),
            decision_number=f"{rng.randint(1, 999)}-QĐ/TU",
            signed_on=today - datetime.timedelta(days=1),
            today=today,
        )

    def op_return(today):
        task_return_for_revision(actor=stage.approver, task=pick_task(), comment="Bổ sung sản phẩm.")

    def op_report(today):
        task = pick_task()
        progress_report_submit(
            actor=owners[task.pk],
            task=task,
            percent_done=rng.choice([20, 50, 80, 100]),
            narrative="Báo cáo tiến độ.",
            confirmed=True,
            today=today,
        )

    def op_milestone_add(today):
        task = pick_task()
        milestone_add(
            actor=owners[task.pk],
            task=task,
            title="Mốc",
            due_date=today + datetime.timedelta(rng.randint(-40, 40)),
        )

    def op_milestone_direct(today):
        # a milestone added while running (the plan's service refuses it after approval): a model write
        task = pick_task()
        Milestone.objects.create(
            task=task, title="Mốc bổ sung", due_date=today - datetime.timedelta(rng.randint(0, 30))
        )

    def op_milestone_done(today):
        open_ = list(Milestone.objects.filter(task_id__in=owners, done_on__isnull=True).order_by("pk"))
        if open_:
            milestone = rng.choice(open_)
            milestone_complete(
                actor=owners[milestone.task_id], milestone=milestone, done_on=today, today=today
            )

    def op_evaluate(today):
        task = pick_task()
        grade = rng.choice(Grade.values)
        with contextlib.suppress(*REFUSED):
            task_self_assess(
                actor=owners[task.pk], task=task, self_grade=grade, self_assessment="Tự đánh giá."
            )
        task_evaluate(actor=stage.approver, task=pick_task(), grade=grade, comment="Nhận xét.")

    def op_year_review(today):
        year_review_grade(actor=stage.approver, task=pick_task(), year=2024, grade=Grade.GOOD)

    def op_deadline(today):
        task = pick_task()
        adjustment = adjustment_request(
            actor=owners[task.pk],
            task=task,
            reason="Vướng mặt bằng.",
            new_deadline=(task.deadline or today) + datetime.timedelta(rng.randint(1, 60)),
        )
        adjustment_approve(actor=stage.approver, adjustment=adjustment)

    def op_holiday(today):
        # a day off on some task's deadline: its effective deadline moves
        deadline = rng.choice([d for d in Task.objects.values_list("deadline", flat=True) if d])
        day_off_add(actor=users["organizer"], day=deadline, name="Nghỉ bù")

    def op_cadence(today):
        programme_update(
            actor=users["organizer"],
            programme=stage.programme,
            report_cadence=rng.choice(ReportCadence.values),
        )

    def op_move(today):
        # the deputy moves to Sở Tài chính, or back: her tasks' home unit follows her post
        cadre = Cadre.objects.get(pk=deputy.cadre.pk)
        current = (
            Appointment.objects.filter(cadre=cadre, end_date__isnull=True).order_by("-start_date").first()
        )
        target = (
            world.finance
            if current is None or current.unit_id == world.home_affairs.pk
            else world.home_affairs
        )
        start = D(2024, rng.randint(1, 12), 1)
        if current is not None:
            appointment_end(
                actor=users["organizer"],
                appointment=current,
                end_date=max(current.start_date, start - datetime.timedelta(days=1)),
                end_reason="transferred",
            )
        appointment_start(
            actor=users["organizer"],
            cadre=cadre,
            position=Position.objects.order_by("pk")[0],
            unit=target,
            start_date=start,
        )

    def op_managing_unit(today):
        cadre = Cadre.objects.get(pk=director.cadre.pk)
        unit = world.board if cadre.managing_unit_id == world.standing.pk else world.standing
        cadre_update(actor=users["organizer"], cadre=cadre, managing_unit=unit)

    def op_period_end(today):
        # the organizers correct the period's end (no service: the admin's form)
        period = type(stage.period).objects.get(pk=stage.period.pk)
        period.end_date = D(2024, 12, rng.choice([15, 31]))
        period.save()

    ops = [
        op_approve,
        op_return,
        op_report,
        op_report,
        op_report,
        op_milestone_add,
        op_milestone_direct,
        op_milestone_done,
        op_evaluate,
        op_year_review,
        op_deadline,
        op_holiday,
        op_cadence,
        op_move,
        op_managing_unit,
        op_period_end,
    ]
    for _step in range(45):
        today = D(2024, 4, 2) + datetime.timedelta(days=rng.randint(0, 300))
        op = rng.choice(ops)
        try:
            op(today)
        except REFUSED:
            continue
        done[op.__name__] = done.get(op.__name__, 0) + 1
        assert_consistent([today])
    assert_consistent([D(2024, 6, 3), D(2024, 12, 16), D(2025, 2, 1)])
    # the writes that change the facts happened, not only refusals
    assert sum(done.get(name, 0) for name in ("op_report", "op_deadline", "op_holiday", "op_move")) >= 3, done


def test_a_report_is_seen_by_the_next_read_in_the_same_transaction(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    progress_report_submit(
        actor=stage.cadre, task=task, percent_done=100, narrative="Xong.", today=D(2024, 6, 3)
    )
    facts = TaskFacts.objects.get(task=task)
    assert (facts.latest_percent, facts.completed_on) == (100, D(2024, 6, 3))
    row = with_progress(Task.objects.filter(pk=task.pk), D(2024, 7, 1)).values("progress").get()  # type: ignore[misc]
    assert row["progress"] == "ahead_of_plan"


def test_refresh_is_one_statement_whatever_the_number_of_tasks(stage):
    tasks = [stage.make_task(status=TaskStatus.APPROVED, title=f"Việc {i}") for i in range(12)]
    ProgressReport.objects.bulk_create(
        ProgressReport(task=t, reported_on=D(2024, 5, 2), percent_done=40, narrative="-", author=stage.cadre)
        for t in tasks
    )
    assert stored_facts() != fresh_facts()  # bulk inserts send no signal
    with CaptureQueriesContext(connection) as one:
        refresh_facts([tasks[0].pk])
    with CaptureQueriesContext(connection) as many:
        refresh_facts([t.pk for t in tasks])
    assert len(one) == len(many) == 1
    assert stored_facts() == fresh_facts()


def test_deferred_refreshes_run_once_at_the_end(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    with CaptureQueriesContext(connection) as seen, deferred_facts():
        for day in (D(2024, 5, 2), D(2024, 6, 2), D(2024, 7, 2)):
            ProgressReport.objects.create(
                task=task, reported_on=day, percent_done=30, narrative="-", author=stage.cadre
            )
        assert TaskFacts.objects.get(task=task).last_report_on is None  # not yet
    upserts = [q for q in seen.captured_queries if "ON CONFLICT" in q["sql"]]
    assert len(upserts) == 1
    assert TaskFacts.objects.get(task=task).last_report_on == D(2024, 7, 2)


def test_rebuild_restores_every_row_and_drops_none(stage):
    tasks = [stage.make_task(status=TaskStatus.APPROVED, title=f"Việc {i}") for i in range(5)]
    TaskFacts.objects.filter(task__in=tasks[:3]).delete()
    TaskFacts.objects.filter(task=tasks[3]).update(latest_percent=99, home_unit=None)
    assert rebuild_facts(batch=2) == len(tasks)
    assert stored_facts() == fresh_facts()
    assert set(stored_facts()) == {t.pk for t in tasks}


def test_deleting_a_task_deletes_its_facts(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    ProgressReport.objects.create(
        task=task, reported_on=D(2024, 5, 2), percent_done=30, narrative="-", author=stage.cadre
    )
    task.delete()
    assert not TaskFacts.objects.exists()


HOSTILE = "x'); DROP TABLE tasks_taskfacts; --"


def test_the_upsert_binds_what_it_is_given_and_refuses_what_is_not_a_column(stage):
    """The facts' INSERT … SELECT is raw SQL: people's words and the values a refresh is asked for reach it
    only as bound parameters of Django's compiled query, and a lookup is a field name Django checks."""
    task = stage.make_task(status=TaskStatus.APPROVED, title=HOSTILE)
    progress_report_submit(
        actor=stage.cadre, task=task, percent_done=60, narrative=HOSTILE, today=D(2024, 6, 3)
    )
    assert TaskFacts.objects.get(task=task).latest_percent == 60
    with pytest.raises(ValueError):
        refresh_facts([HOSTILE])  # type: ignore[list-item]
    with pytest.raises(FieldError, match="resolve keyword"):
        refresh_facts_where(f"pk) OR 1=1; {HOSTILE}", [task.pk])
    # the table and its row are intact, equal to the record
    assert stored_facts() == fresh_facts() and TaskFacts.objects.get(task=task).latest_percent == 60
