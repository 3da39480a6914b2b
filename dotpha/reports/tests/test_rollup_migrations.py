"""Migrations that change what the sums hold mark them old, so that the dashboards count the tasks (and the
first one queues the rebuild) instead of reading sums that do not hold: 0007 adds the sums by cadre empty,
0008 keeps the sums by field per tree, which the rows stored before do not know."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dotpha.reports.models import RollupState

# serialized_rollback as the template migration's test (`test_template_migration`), for the same reason
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize(
    ("before", "after"),
    [("0006_rollups", "0007_cadre_state_rollup"), ("0007_cadre_state_rollup", "0008_tree_sums")],
)
def test_the_sums_are_old_until_rebuilt(request, before, after):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([("reports", before)])
    request.addfinalizer(lambda: MigrationExecutor(connection).migrate(leaves))
    old = executor.loader.project_state([("reports", before)]).apps.get_model("reports", "RollupState")
    queued = datetime.date(2026, 12, 4)
    old.objects.update_or_create(pk=1, defaults={"as_of": datetime.date(2026, 12, 5), "queued_on": queued})
    executor = MigrationExecutor(connection)
    executor.migrate([("reports", after)])
    # only the day the sums hold for is cleared: the day a rebuild was last queued stays, so the first board
    # of a later day queues the rebuild; no other state row is made
    assert list(RollupState.objects.values_list("pk", "as_of", "queued_on")) == [(1, None, queued)]
