"""Keyset ("seek") pages of the task list: a page is the rows after (or before) the last one shown, in the
list's order, found by one row-value comparison that an index on the sort key serves. Reading page 2,000
costs what page 1 costs, where an OFFSET reads and throws away every row before it. The total is counted
only up to a bound ("hơn 10.000 việc" beyond it): past that no one reads the exact figure, and counting a
province's million tasks on every page is what made the list slow (issue 18).

The order is the queryset's own `order_by`, every term a plain ascending name (a column or an annotation
the rows carry: a descending order is an ascending negated annotation), the last one `pk` so that no two
rows tie. A cursor is those values of one row, written in the URL."""

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import DateField, F, Field, Func, Lookup, QuerySet, Value
from django.db.models.expressions import OrderBy

COUNT_BOUND = 10_000
LAST = "last"  # the `before` cursor of the last page: every row is before the end


@dataclass(frozen=True)
class SeekPage:
    items: list[Any]
    next_cursor: str | None  # `after=` for the next page; None: this is the last page
    previous_cursor: str | None  # `before=` for the page before; None: this is the first page


@dataclass(frozen=True)
class BoundedCount:
    value: int  # the exact count, or the bound when `more` is set
    more: bool  # more rows than the bound


class _Row(Func):
    """`(a, b, …)`: a row value."""

    template = "(%(expressions)s)"
    arg_joiner = ", "
    # a row of mixed types has no single field; Django asks for one and nothing reads it
    output_field = Field()


class RowCompare(Lookup):
    """`(a, b, …) < (x, y, …)` or `>`: SQL's row-value comparison, which PostgreSQL and SQLite (3.15 on)
    evaluate as a sort order would and match against a btree on (a, b, …). A lookup, so the WHERE clause holds
    the comparison itself (an expression would be compared with TRUE on SQLite, which then skips the index);
    written on Django's public API, where the row-value lookups of composite primary keys are internal."""

    def __init__(self, names: list[str], values: tuple[Any, ...], op: str) -> None:
        if op not in ("<", ">") or len(names) != len(values):
            raise ValueError(f"a row comparison needs < or > and as many values as names, not {op!r}")
        self.op = op
        super().__init__(
            _Row(*(F(name) for name in names)),
            _Row(*(Value(value) for value in values)),
        )

    def as_sql(self, compiler, connection):
        left, left_params = compiler.compile(self.lhs)
        right, right_params = compiler.compile(self.rhs)
        return f"{left} {self.op} {right}", [*left_params, *right_params]


def names(qs: QuerySet) -> list[str]:
    names = [n for n in qs.query.order_by if isinstance(n, str) and not n.startswith("-")]
    if not names or names[-1] != "pk" or len(names) != len(qs.query.order_by):
        raise ValueError(f"a seek page needs ascending names ending with pk, not {qs.query.order_by}")
    return names


def encode(item: Any, names: list[str]) -> str:
    return "_".join(_text(getattr(item, name)) for name in names)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(int(value))


def _kinds(qs: QuerySet, order: list[str]) -> list[type]:
    """What each term of the order holds: a date, or a whole number (an id, a rank)."""
    kinds: list[type] = []
    for name in order:
        if name in qs.query.annotations:
            field = qs.query.annotations[name].output_field
        else:
            field = qs.model._meta.pk if name == "pk" else qs.model._meta.get_field(name)
        kinds.append(datetime.date if isinstance(field, DateField) else int)
    return kinds


def decode(qs: QuerySet, cursor: str) -> tuple[Any, ...] | None:
    """The values of a cursor, or None for one that is not a cursor of this order (typed, cut off, or of
    another list): a value of the wrong kind never reaches the database."""
    kinds = _kinds(qs, names(qs))
    parts = cursor.split("_")
    if len(parts) != len(kinds):
        return None
    try:
        return tuple(
            datetime.date.fromisoformat(part) if kind is datetime.date else int(part)
            for part, kind in zip(parts, kinds, strict=True)
        )
    except ValueError:
        return None


def fits(qs: QuerySet, cursor: str) -> bool:
    """Whether `cursor` is one of this list's (the API refuses another; the page shows the first page)."""
    return decode(qs, cursor) is not None


def seek_page(
    qs: QuerySet, *, after: str = "", before: str = "", size: int, rows: QuerySet | None = None
) -> SeekPage:
    """The `size` rows after the cursor `after`, or before `before` (LAST: the last page), else the first
    page; two cursors to go on. One query: `size + 1` rows tell whether there is a page beyond.

    `rows`: the same rows with what the page shows (joins, annotations), read by the ids of the page sought
    on `qs`, a lighter queryset in the same order, in a second query; a row no longer in `rows` is left
    out. For an order the planner can only sort: it joined every row before it sorted them for one page."""
    page = _sought(qs, after=after, before=before, size=size)
    if rows is None:
        return page
    return replace(page, items=rows_by_id(rows, [item.pk for item in page.items]))


def rows_by_id(qs: QuerySet, ids: list[int]) -> list[Any]:
    """The rows of `qs` with these ids, in this order; one no longer in `qs` (deleted, or decided, since the
    ids were read) is left out. One query."""
    by_id = qs.order_by().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _sought(qs: QuerySet, *, after: str, before: str, size: int) -> SeekPage:
    order = names(qs)
    if before and before != LAST and (values := decode(qs, before)) is not None:
        qs = qs.filter(RowCompare(order, values, "<"))
    elif before != LAST:
        before = ""  # not a cursor: the first page
        if after and (values := decode(qs, after)) is not None:
            qs = qs.filter(RowCompare(order, values, ">"))
        else:
            after = ""
    backwards = bool(before)
    if backwards:
        rows = list(qs.order_by(*(OrderBy(F(name), descending=True) for name in order))[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        return SeekPage(
            items=rows,
            next_cursor=encode(rows[-1], order) if rows and before != LAST else None,
            previous_cursor=encode(rows[0], order) if more else None,
        )
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return SeekPage(
        items=rows,
        next_cursor=encode(rows[-1], order) if more else None,
        previous_cursor=encode(rows[0], order) if after and rows else None,
    )


def bounded_count(qs: QuerySet, bound: int = COUNT_BOUND) -> BoundedCount:
    """How many rows, counting no further than `bound`: one query that stops at the bound's next row."""
    found = qs.order_by().values("pk")[: bound + 1].count()
    return BoundedCount(value=min(found, bound), more=found > bound)
