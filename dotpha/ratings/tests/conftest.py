# The tasks app's programme stage (Quy định 30-QĐ/TU, period 2024) over the shared world.
import datetime

from django.utils import timezone

from dotpha.programmes.models import Period
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task, TaskStatus
from dotpha.tasks.tests.conftest import Stage, approver_with_cadre, stage  # noqa: F401


def year_tasks(
    on: Stage,
    year: int,
    grades: list[str],
    *,
    cadre=None,
    ahead=(),
    late=(),
    reported=None,
    unit=None,
    deadline=None,
) -> list[Task]:
    """Approved, evaluated tasks in `year`, due 30/11 (or `deadline`); the indexes in `late` have one
    milestone done a week late, those in `reported` ({index: date}) reported 100% done that day (the
    progress rule's completion date) and assessed themselves then; the others were graded without a 100%
    report. `unit` makes them collective tasks."""
    period = Period.objects.filter(programme=on.programme, name=str(year)).first() or PeriodFactory.create(
        programme=on.programme,
        name=str(year),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )
    reported = reported or {}
    tasks = []
    for i, grade in enumerate(grades):
        task = on.make_task(
            cadre=cadre,
            assignee_unit=unit,
            status=TaskStatus.APPROVED,
            period=period,
            title=f"Việc {i + 1}/{year}" if unit is None else f"Việc tập thể {i + 1}/{year}",
            start_date=datetime.date(year, 1, 15),
            deadline=deadline or datetime.date(year, 11, 30),
        )
        at = reported.get(i)
        Evaluation.objects.create(
            task=task,
            self_grade=grade,
            grade=grade,
            ahead_of_plan=i in ahead,
            self_assessed_at=timezone.make_aware(datetime.datetime.combine(at, datetime.time(9)))
            if at
            else None,
        )
        if at:
            ProgressReport.objects.create(
                task=task, reported_on=at, percent_done=100, narrative="Hoàn thành.", author=on.cadre
            )
        due = datetime.date(year, 6, 30)
        done = due + datetime.timedelta(days=7) if i in late else due
        Milestone.objects.create(task=task, title="Trình đề án", due_date=due, done_on=done)
        tasks.append(task)
    return tasks
