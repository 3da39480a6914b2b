"""What waits in the yearly review of phase tasks (`YearReview`): the assignee's report of the latest year
due, and the authority's grade of every year reported. The home page counts them; "Việc của tôi"
(?yearly=due) and the task list (?yearly=due) list the same."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from dotpha.accounts.models import User
from dotpha.programmes.models import PeriodKind
from dotpha.tasks.models import Task, TaskStatus, YearReview
from dotpha.tasks.phase_years import latest_due_year
from dotpha.tasks.selectors import my_tasks, tasks_to_evaluate


def _open_phase_tasks(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.filter(
        status=TaskStatus.APPROVED, period__kind=PeriodKind.PHASE, period__closed_at__isnull=True
    )


def year_reports_due(user: User, today: datetime.date) -> QuerySet[Task]:
    """The user's own approved tasks of an open phase whose latest year due (not the phase's last: that is
    the final evaluation) has no report yet."""
    year = latest_due_year(today)
    reported = YearReview.objects.filter(task=OuterRef("pk"), year=year, self_reported_at__isnull=False)
    return (
        _open_phase_tasks(my_tasks(user))
        .filter(period__start_date__year__lte=year, period__end_date__year__gt=year)
        .exclude(Exists(reported))
    )


def year_grades_due(user: User) -> QuerySet[Task]:
    """The tasks the user evaluates, of an open phase, with a year reported and not graded yet."""
    waiting = YearReview.objects.filter(task=OuterRef("pk"), self_reported_at__isnull=False, grade="")
    return _open_phase_tasks(tasks_to_evaluate(user)).filter(Exists(waiting))
