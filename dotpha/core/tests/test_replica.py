"""Statistics read from the replica when one is configured; everything else, and every write, the primary."""

import pytest
from django.db import DEFAULT_DB_ALIAS, router

from dotpha.core import replica
from dotpha.core.replica import REPLICA, reads_from_replica, replica_reads
from dotpha.tasks.models import Task


@pytest.fixture
def with_replica(monkeypatch):
    class Connections:
        settings: dict[str, dict] = {DEFAULT_DB_ALIAS: {}, REPLICA: {}}

    monkeypatch.setattr(replica, "connections", Connections())


def test_reads_go_to_the_replica_only_inside_a_statistics_view(with_replica):
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Task) == REPLICA
        # a write, even of a row read from the replica, goes to the primary
        task = Task(pk=1)
        task._state.db = REPLICA
        assert router.db_for_write(Task, instance=task) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS

    @reads_from_replica
    def view() -> str:
        return router.db_for_read(Task)

    assert view() == REPLICA
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS


def test_without_a_replica_everything_reads_the_primary():
    with replica_reads():
        assert router.db_for_read(Task) == DEFAULT_DB_ALIAS
    assert not router.allow_migrate(REPLICA, "tasks")
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "tasks")


def test_the_statistics_pages_and_api_read_from_the_replica():
    from dotpha.api.routers import statistics
    from dotpha.reports.views import dashboard

    views: list = [dashboard.board, dashboard.unit, dashboard.tasks]
    views += [statistics.statistics_tasks, statistics.statistics_monitoring]
    for view in views:
        assert _wraps_replica(view), view


def _wraps_replica(view) -> bool:
    while view is not None:
        if view.__code__ is reads_from_replica(lambda: None).__code__:
            return True
        view = getattr(view, "__wrapped__", None)
    return False
