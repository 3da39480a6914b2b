"""A random walk of service calls over a stage's tasks: what the tests of everything derived from the tasks
(the stored facts, the statistics' rollups) run, checking after each step that the derived rows equal their
from-scratch computation."""

import contextlib
import datetime
import random
from collections.abc import Callable

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Appointment, Cadre, Position
from dotpha.programmes.models import Grade, ReportCadence
from dotpha.programmes.services import programme_update
from dotpha.structure.services import appointment_end, appointment_start, cadre_update
from dotpha.tasks.models import Milestone, Task, TaskStatus
from dotpha.tasks.services.adjustments import adjustment_approve, adjustment_request
from dotpha.tasks.services.approval import decision_approve_batch, task_approve, task_return_for_revision
from dotpha.tasks.services.evaluation import task_evaluate, task_self_assess
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.services.plan import milestone_add, milestone_complete
from dotpha.tasks.services.year_review import year_review_grade
from dotpha.workdays.services import day_off_add

D = datetime.date
REFUSED = (ApplicationError, PermissionDeniedError)


def random_walk(stage, seed: int, check: Callable[[datetime.date], None], steps: int = 45) -> dict[str, int]:
    """Random service calls (and the model writes no service makes) on the stage's tasks, `check(today)` after
    each one that was not refused. Returns how many of each were made."""
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

    def op_approve_batch(today):
        # a numbered decision for every task waiting (one bulk write, no save signal per task)
        waiting = [pk for pk in sorted(owners) if Task.objects.get(pk=pk).status == TaskStatus.SUBMITTED]
        decision_approve_batch(
            actor=stage.approver,
            tasks=waiting,
            number=f"{rng.randint(1, 999)}-QĐ/TU",
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

    def op_rename(today):
        # a corrected name moves the cadre's tasks in every list in name order (`TaskFacts.assignee_key`)
        cadre = Cadre.objects.get(pk=director.cadre.pk)
        name = rng.choice(["Đỗ Văn An", "Nguyễn Văn Ánh", "Nguyễn Văn Anh", "Trần Thị Bình"])
        cadre_update(actor=users["organizer"], cadre=cadre, full_name=name)

    def op_period_end(today):
        # the organizers correct the period's end (no service: the admin's form)
        period = type(stage.period).objects.get(pk=stage.period.pk)
        period.end_date = D(2024, 12, rng.choice([15, 31]))
        period.save()

    ops = [
        op_approve,
        op_approve_batch,
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
        op_rename,
        op_period_end,
    ]
    for _step in range(steps):
        today = D(2024, 4, 2) + datetime.timedelta(days=rng.randint(0, 300))
        op = rng.choice(ops)
        try:
            op(today)
        except REFUSED:
            continue
        done[op.__name__] = done.get(op.__name__, 0) + 1
        check(today)
    # the writes that change the facts happened, not only refusals
    assert sum(done.get(name, 0) for name in ("op_report", "op_deadline", "op_holiday", "op_move")) >= 3, done
    return done
