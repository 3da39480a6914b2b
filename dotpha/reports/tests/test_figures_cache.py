"""The board's sums kept in memory under the rollups' version (`selectors.rolled.cached_facts`): read once and
then kept; a change of the sums gives them a new version once it commits, and the next board reads them
again. The test settings keep no sums (a test's transaction never commits); these tests keep them."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dotpha.reports.rollups import rebuild
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.selectors.rolled import sums_state
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services.execution import progress_report_submit

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 9, 2)
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def kept():
    with override_settings(
        CACHES={"default": {"BACKEND": LOCMEM}, "figures": {"BACKEND": LOCMEM, "LOCATION": "figures-test"}}
    ):
        caches["figures"].clear()
        yield
        caches["figures"].clear()


def _board(stage, world, f: StatsFilter):
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(stage.organizer, world.province, f, today=AS_OF)
    return board, " ".join(q["sql"] for q in queries.captured_queries)


def test_the_sums_are_read_once_and_again_after_a_committed_change(
    world, stage, kept, django_capture_on_commit_callbacks
):
    task = stage.make_task(status=TaskStatus.APPROVED, deadline=datetime.date(2024, 12, 31))
    rebuild(AS_OF)
    year = StatsFilter(year=2024)
    board, sql = _board(stage, world, year)
    assert (board.total.figures.approved, board.total.figures.done) == (1, 0)
    assert "reports_homerollup" in sql
    board, sql = _board(stage, world, year)
    assert (board.total.figures.approved, board.total.figures.done) == (1, 0)
    assert "reports_homerollup" not in sql and "reports_fieldrollup" not in sql  # kept
    # another filter selects other sums: read, not taken from those kept
    board, sql = _board(stage, world, StatsFilter(year=2024, field=stage.field))
    assert board.total.figures.approved == 1 and "reports_taskrollup" in sql

    before = sums_state().version
    with django_capture_on_commit_callbacks(execute=False) as committed:
        progress_report_submit(
            actor=stage.cadre, task=task, percent_done=100, narrative="Xong.", confirmed=True, today=AS_OF
        )
    assert sums_state().version == before  # not before the change commits
    for callback in committed:
        callback()
    assert sums_state().version != before
    board, sql = _board(stage, world, year)
    assert board.total.figures.done == 1 and "reports_homerollup" in sql


def test_a_rebuild_gives_the_sums_a_new_version_once_it_commits(
    world, stage, kept, django_capture_on_commit_callbacks
):
    stage.make_task(status=TaskStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        rebuild(AS_OF)
    first = sums_state().version
    assert first
    _board(stage, world, StatsFilter())
    stage.make_task(status=TaskStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=False) as committed:
        rebuild(AS_OF)
    assert sums_state().version == first
    for callback in committed:
        callback()
    assert sums_state().version != first
    board, sql = _board(stage, world, StatsFilter())
    assert board.total.figures.approved == 2 and "reports_homerollup" in sql
