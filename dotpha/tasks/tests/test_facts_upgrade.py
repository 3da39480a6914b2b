"""A database from before the facts (tasks at migration 0011) upgrades in one `migrate`: the facts of its
tasks are written after the last migration, by the code that computes them live, and equal what a refresh
gives.

Before, migration 0012 called the live `rebuild_facts()` in the middle of the migrations, when the table
lacked the columns later migrations add (`assignee_key`, `behind_from`, `stale_after`): the upgrade stopped
with a database error."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.tests.test_facts import D, fresh_facts, stored_facts

# serialized_rollback as the other migration tests (`dotpha/reports/tests/test_template_migration.py`)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_FACTS = [("tasks", "0011_evidence_photo_time_and_place")]


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_database_from_before_the_facts_upgrades_in_one_migrate(stage, request):
    stage.make_task(status=TaskStatus.APPROVED, title="Chưa báo cáo")
    reported = stage.make_task(status=TaskStatus.APPROVED, title="Đã báo cáo")
    progress_report_submit(
        actor=stage.cadre, task=reported, percent_done=40, narrative="-", today=D(2024, 6, 3)
    )
    stage.make_task(status=TaskStatus.DRAFT, title="Chưa duyệt", start_date=None)
    expected = fresh_facts()
    assert len(expected) == 3

    request.addfinalizer(_latest)  # the next tests find the schema whole even if the upgrade fails
    MigrationExecutor(connection).migrate(BEFORE_FACTS)
    assert "tasks_taskfacts" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)  # what an operator runs: to the last migration, then post_migrate

    assert stored_facts() == expected


def test_a_migrate_that_stops_before_the_last_migration_leaves_the_facts_to_the_one_that_gets_there(
    stage, request
):
    """`migrate tasks 0012` (an operator upgrading step by step) creates the empty table and does not compute
    the facts with columns the schema does not have yet; the migrate to the end fills them."""
    stage.make_task(status=TaskStatus.APPROVED, title="Chưa báo cáo")
    expected = fresh_facts()
    request.addfinalizer(_latest)
    MigrationExecutor(connection).migrate(BEFORE_FACTS)

    call_command("migrate", "tasks", "0012_task_facts", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tasks_taskfacts")
        assert cursor.fetchone() == (0,)

    call_command("migrate", verbosity=0)
    assert stored_facts() == expected
