"""The stored facts (`TaskFacts`) equal the from-scratch computation after any sequence of service calls,
and the progress read through them (`with_progress`) equals the rule on the record (`task_progress`)."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.facts import COLUMNS, computed_facts, deferred_facts, rebuild_facts, refresh_facts
from dotpha.tasks.facts import refresh_where as refresh_facts_where
from dotpha.tasks.models import ProgressReport, Task, TaskFacts, TaskStatus
from dotpha.tasks.selectors.progress import task_progress, with_progress
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.tests.walk import random_walk
from dotpha.workdays.calendar import WorkCalendar

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
    random_walk(stage, seed, lambda today: assert_consistent([today]))
    assert_consistent([D(2024, 6, 3), D(2024, 12, 16), D(2025, 2, 1)])


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
    assert len(one) == len(many)  # what follows the facts (the rollups' receiver) is constant too

    def upserts(captured) -> int:
        return sum(TaskFacts._meta.db_table in q["sql"] for q in captured.captured_queries)

    assert upserts(one) == upserts(many) == 1
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


def test_the_migration_fills_the_moving_days_of_the_tasks_already_there(stage):
    """Migration 0017 adds `behind_from` and `stale_after` to rows written before it: its fill gives each row
    the days a refresh would."""
    stage.make_task(status=TaskStatus.APPROVED, title="Chưa báo cáo")
    reported = stage.make_task(status=TaskStatus.APPROVED, title="Đã báo cáo")
    progress_report_submit(
        actor=stage.cadre, task=reported, percent_done=40, narrative="-", today=D(2024, 6, 3)
    )
    stage.make_task(status=TaskStatus.APPROVED, title="Không thời hạn", deadline=None)
    stage.make_task(status=TaskStatus.DRAFT, title="Chưa duyệt", start_date=None)
    expected = fresh_facts()
    assert {row[COLUMNS.index("behind_from")] for row in expected.values()} - {None}
    TaskFacts.objects.update(behind_from=None, stale_after=None)

    import_module("dotpha.tasks.migrations.0017_facts_moving_days").fill(apps, None)

    assert stored_facts() == expected
