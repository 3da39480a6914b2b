"""Dashboards (the board's, a unit's) and the drill-down list behind every figure."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.replica import reads_from_replica
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade
from dotpha.reports.charts import chart_data
from dotpha.reports.columns import columns_for
from dotpha.reports.forms import DrillForm, StatsFilterForm
from dotpha.reports.models import SnapshotPublication
from dotpha.reports.permissions import can_publish_results, can_read_unit_stats, is_board_reader
from dotpha.reports.selectors import MEASURE_LABELS, dashboard
from dotpha.reports.selectors.drilldown import Drill, drill_cadre, drill_cadres, drill_page, drill_tasks
from dotpha.reports.snapshots import mark_changes, snapshot_of
from dotpha.reports.views._common import add_links, filter_query, require_reader, stats_unit

PAGE_SIZE = 50


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    """Thống kê: the board's dashboard for board readers, else the dashboard of the user's unit."""
    require_reader(request)
    if is_board_reader(request.user):
        return redirect("reports:board")
    return redirect("reports:unit", pk=stats_unit(request).pk)


@login_required
@require_GET
@reads_from_replica
def board(request: AuthedHttpRequest) -> HttpResponse:
    """The organisation board's dashboard: the whole province."""
    require_reader(request)
    if not is_board_reader(request.user):
        raise PermissionDenied
    return _dashboard_page(request, stats_unit(request), is_board=True)


@login_required
@require_GET
@reads_from_replica
def unit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _dashboard_page(request, stats_unit(request, pk), is_board=False)


def _ancestors(request: AuthedHttpRequest, unit: Unit) -> list[Unit]:
    return [a for a in Unit.objects.get_ancestors(unit) if can_read_unit_stats(request.user, a)]


def _dashboard_page(request: AuthedHttpRequest, unit: Unit, *, is_board: bool) -> HttpResponse:
    today = timezone.localdate()
    form = StatsFilterForm(request.GET, user=request.user, today=today)
    f = form.stats_filter()
    board = dashboard(request.user, unit, f, today=today, with_cadres=not is_board)
    add_links(board)
    snapshot = snapshot_of(f)
    changed = mark_changes(snapshot, board) if snapshot is not None else False
    publishes = snapshot is not None and can_publish_results(request.user, snapshot.root)
    publication = (
        SnapshotPublication.objects.filter(snapshot=snapshot, withdrawn_at__isnull=True).first()
        if publishes
        else None
    )
    query = filter_query(board)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "board": board,
            "unit": unit,
            "is_board": is_board,
            "ancestors": _ancestors(request, unit),
            "tables": [(code, title, rows, columns_for(code)) for code, title, rows in board.tables()],
            "total_columns": columns_for("total"),
            "charts": chart_data(board),
            "query": query,
            "export_query": filter_query(board, unit=str(unit.pk)),
            "filters": ", ".join(f.describe()),
            "snapshot": snapshot,
            "changed": changed,
            "publishes": publishes,
            "publication": publication,
        },
    )


@login_required
@require_GET
@reads_from_replica
def tasks(request: AuthedHttpRequest) -> HttpResponse:
    """The records behind a figure: the same tasks (or, for the number of cadres, the same cadres)."""
    require_reader(request)
    form = DrillForm(request.GET, user=request.user)
    f = form.stats_filter()
    data = getattr(form, "cleaned_data", {})
    root = stats_unit(request, data["unit"].pk if data.get("unit") else None)
    row = data.get("row")
    if row is not None and not row.path.startswith(root.path):
        raise Http404
    measure = data.get("m") or "total"
    cadre = drill_cadre(request.user, data["cadre"]) if data.get("cadre") else None
    if data.get("cadre") and cadre is None:
        raise Http404  # a cadre out of the user's scope is neither named nor counted
    drill = Drill(
        root=root,
        filter=f,
        measure=measure,
        row=row,
        exact=bool(data.get("exact")),
        cadre=cadre,
        collective=bool(data.get("collective")),
        nofield=bool(data.get("nofield")),
    )
    today = timezone.localdate()
    qs, umap = drill_tasks(request.user, drill, today=today)
    rows: list  # the cadres' lines, or the tasks
    total = None  # the tasks counted up to the bound; the cadres are all counted (`paginator.count`)
    if measure == "cadres":
        paginator = Paginator(drill_cadres(request.user, drill, qs, umap, today=today), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        listing = drill_page(qs, request.GET.get("page"), PAGE_SIZE)
        page, paginator, rows, total = listing.page, listing.page.paginator, listing.rows, listing.total
        for task in rows:
            effective = umap.effective(getattr(task, "home_unit", None) or 0)
            setattr(task, "counted_unit", effective.name if effective else "")  # noqa: B010
            # the grade the figure counted (a phase task's review of the year chosen, else the evaluation)
            grade = getattr(task, "year_grade", "")
            setattr(task, "year_grade_label", Grade(grade).label if grade else "")  # noqa: B010
    subject = cadre.full_name if cadre else (row.name if row is not None else root.name)
    return render(
        request,
        "reports/tasks.html",
        {
            "root": root,
            "subject": subject,
            "measure": measure,
            "measure_label": MEASURE_LABELS.get(measure, ""),
            "filters": ", ".join(f.describe()),
            "rows": rows,
            "total": total,
            "page": page,
            "paginator": paginator,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "back": reverse("reports:unit", args=[root.pk]) + "?" + urlencode(f.params()),
            "cadre_drill": drill_query(request, m="approved"),
        },
    )


def drill_query(request: AuthedHttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    params.pop("cadre", None)
    return params.urlencode()
