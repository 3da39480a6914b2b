"""`AnyOf(column, ids)`: a column among the values a subquery returns, written so that PostgreSQL reads it
through the column's index.

`column IN (SELECT …)` inside an OR is a hashed subplan that PostgreSQL tests on every row: a filter over the
whole table. `column = ANY(ARRAY(SELECT …))` runs the subquery once (an init plan) and then probes the
column's index with its values, and several such conditions joined by OR become one BitmapOr of index scans:
a commune's few thousand tasks found among a million without reading the others (issue 18). SQLite plans
`IN (SELECT …)` that way already, and is asked that."""

from typing import Any

from django.db.models import Lookup, QuerySet


class AnyOf(Lookup):
    """A lookup used as a filter: `Task.objects.filter(AnyOf(F("assignee_unit_id"), units.values("pk")))`."""

    def __init__(self, column: Any, ids: QuerySet) -> None:
        super().__init__(column, ids.order_by())  # a model's default order would sort the ids for nothing

    def _parts(self, compiler) -> tuple[str, str, list[Any]]:
        column, column_params = compiler.compile(self.lhs)
        ids, ids_params = compiler.compile(self.rhs)
        return column, ids if ids.startswith("(") else f"({ids})", [*column_params, *ids_params]

    def as_sql(self, compiler, connection):
        column, ids, params = self._parts(compiler)
        return f"{column} IN {ids}", params

    def as_postgresql(self, compiler, connection):
        column, ids, params = self._parts(compiler)
        return f"{column} = ANY(ARRAY{ids})", params
