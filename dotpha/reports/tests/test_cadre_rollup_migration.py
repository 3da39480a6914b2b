"""Migration 0007 adds the sums by cadre empty: it marks the sums old, so that the dashboards count the tasks
(and the first one queues the rebuild) instead of reading an empty table by cadre."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dotpha.reports.models import RollupState

# serialized_rollback as the template migration's test (`test_template_migration`), for the same reason
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("reports", "0006_rollups")]
AFTER = [("reports", "0007_cadre_state_rollup")]


def test_the_sums_are_old_until_rebuilt(request):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    request.addfinalizer(
        lambda: MigrationExecutor(connection).migrate([("reports", "0007_cadre_state_rollup")])
    )
    old = executor.loader.project_state(BEFORE).apps.get_model("reports", "RollupState")
    old.objects.update_or_create(pk=1, defaults={"as_of": datetime.date(2026, 12, 5)})
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert RollupState.objects.get(pk=1).as_of is None
