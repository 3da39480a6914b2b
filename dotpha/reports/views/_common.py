"""What the report views share: the unit a page is about (403 without a reporting role, 404 out of scope),
and the address behind every figure."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.org.models import Unit
from dotpha.reports.columns import columns_for
from dotpha.reports.permissions import can_read_reports, can_read_unit_stats, default_root
from dotpha.reports.selectors import Dashboard, StatsRow
from dotpha.reports.selectors.base import PROGRESS_MEASURES, STATUS_MEASURES

# Tables whose rows the task list can select exactly (it has no filter by unit as counted here, by level,
# by year or by grade): their status and progress figures open the task list itself.
TASK_LIST_TABLES = {"total", "fields", "kinds"}


def require_reader(request: AuthedHttpRequest) -> None:
    if not can_read_reports(request.user):
        raise PermissionDenied


def stats_unit(request: AuthedHttpRequest, pk: int | None = None) -> Unit:
    require_reader(request)
    unit = (
        get_object_or_404(Unit.objects.select_related("kind", "level"), pk=pk)
        if pk
        else default_root(request.user)
    )
    if unit is None or not can_read_unit_stats(request.user, unit):
        raise Http404
    return unit


def clean(params: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in params.items() if v not in ("", None)}


def _task_list_address(board: Dashboard, table: str, single_tree: bool) -> str | None:
    """The task list's address when this table's status and progress figures may open it, else None."""
    f = board.filter
    if not single_tree or table not in TASK_LIST_TABLES:
        return None
    if len(board.root.path) != Unit.steplen or f.level is not None or f.year is not None:
        return None
    return reverse("tasks:list")


def _task_list_link(board: Dashboard, address: str, row: StatsRow, measure: str) -> str | None:
    f = board.filter
    if "nofield" in row.params or measure not in STATUS_MEASURES | PROGRESS_MEASURES:
        return None
    params = {
        "programme": str(f.programme.pk) if f.programme else "",
        "period": str(f.period.pk) if f.period else "",
        "field": row.params.get("field") or (str(f.field.pk) if f.field else ""),
        "kind": row.params.get("kind") or f.kind,
        "status": measure if measure in STATUS_MEASURES else f.status,
        "progress": measure if measure in PROGRESS_MEASURES else "",
    }
    return f"{address}?{urlencode(clean(params))}"


def add_links(board: Dashboard) -> None:
    """Fills `row.links` (measure -> address) on every row of every table and on the total.

    A page has thousands of figures: the filter's part of the query string is encoded once for the page and
    a row's part once per row, and the measure is appended last (`m` is no key of theirs, and a measure's
    code needs no quoting), which gives the same string as encoding each figure's parameters whole."""
    drill = reverse("reports:tasks")
    base = clean({**board.filter.params(), "unit": str(board.root.pk)})
    base_query = urlencode(base)
    single_tree = Unit.objects.filter(depth=1).count() == 1
    for table, _title, rows in [("total", "", [board.total]), *board.tables()]:
        measures = [c.code for c in columns_for(table) if not c.is_rate]
        task_list = _task_list_address(board, table, single_tree)
        for row in rows:
            if base.keys().isdisjoint(row.params):
                own = urlencode(clean(row.params))
                query = f"{base_query}&{own}" if own else base_query
            else:  # the row narrows one of the filter's own parameters: in the filter's place
                query = urlencode(clean({**base, **row.params}))
            prefix = f"{drill}?{query}&m="
            for measure in measures:
                link = _task_list_link(board, task_list, row, measure) if task_list else None
                row.links[measure] = link or prefix + measure


def filter_query(board: Dashboard, **extra: str) -> str:
    return urlencode(clean({**board.filter.params(), **extra}))
