"""The tables that grow with the tasks keep no index another one makes useless: no plain index whose columns
are the first columns of another index of the same table. Each index is written on every insert and update
(a task's import, a progress report, a refresh of the facts), so one that no query needs only costs."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

GROWING = ["tasks_task", "tasks_taskfacts", "tasks_progressreport", "tasks_milestone"]


def _indexes(table: str) -> dict[str, tuple[list[tuple[str, str]], bool]]:
    """name -> ((column, order) pairs, unique): the b-tree indexes on plain columns the database holds
    (`migrate`'s result, not the models). Left out: trigram (GIN) indexes, which serve other searches, and
    PostgreSQL's `_like` twin of an indexed text column (pattern operators, for LIKE 'x%')."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: (
            list(zip(info["columns"], info.get("orders") or ["ASC"] * len(info["columns"]), strict=True)),
            info["unique"],
        )
        for name, info in found.items()
        if (info["index"] or info["unique"]) and info.get("type") in ("idx", "btree", None)
        if not name.endswith("_like") and info["columns"] and None not in info["columns"]
    }


@pytest.mark.parametrize("table", GROWING)
def test_no_index_is_covered_by_another(table):
    indexes = _indexes(table)
    covered = [
        (name, other)
        for name, (columns, unique) in indexes.items()
        if not unique  # a unique index is a rule, not a path for reads
        for other, (longer, _unique) in indexes.items()
        if other != name
        and longer[: len(columns)] == columns
        and (len(longer) > len(columns) or name > other)
    ]
    assert covered == []


def test_the_foreign_keys_keep_an_index_that_leads_with_them():
    """Deleting a period, a unit or a task checks the rows that point at it: each of these columns still
    leads an index."""
    for table, column in [
        ("tasks_task", "period_id"),
        ("tasks_task", "authority_unit_id"),
        ("tasks_taskfacts", "home_unit_id"),
        ("tasks_progressreport", "task_id"),
        ("tasks_milestone", "task_id"),
    ]:
        assert any(columns[0][0] == column for columns, _unique in _indexes(table).values()), (table, column)
