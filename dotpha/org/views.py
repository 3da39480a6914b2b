from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from dotpha.accounts.permissions import can_manage_org
from dotpha.audit.services import record_cadre_read
from dotpha.core.http import AuthedHttpRequest
from dotpha.org import selectors
from dotpha.org.models import Unit


def _visible_unit(request: AuthedHttpRequest, pk: int) -> Unit:
    # A unit outside the viewer's scope is answered as "not found": its existence is not disclosed.
    return get_object_or_404(selectors.units_visible_to(request.user), pk=pk)


@login_required
def unit_tree(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {"query": query, "today": timezone.localdate()}
    if query:
        context["found_units"] = selectors.search_units(request.user, query)
        context["found_cadres"] = selectors.search_cadres(request.user, query)
    else:
        context["roots"] = selectors.unit_roots_visible_to(request.user)
    template = "org/_search_results.html" if request.htmx and query else "org/unit_tree.html"
    if request.htmx and not query:
        template = "org/_tree_roots.html"
    return render(request, template, context)


@login_required
def unit_children(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    show_history = request.GET.get("history") == "1"
    children = selectors.unit_children(unit, on=None if show_history else timezone.localdate())
    visible = selectors.units_visible_to(request.user)
    return render(
        request, "org/_tree_children.html", {"children": children.filter(pk__in=visible.values("pk"))}
    )


@login_required
def unit_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    today = timezone.localdate()
    visible = selectors.units_visible_to(request.user)
    visible_ids = visible.values("pk")
    context = {
        "unit": unit,
        "today": today,
        "ancestors": visible.filter(pk__in=Unit.objects.get_ancestors(unit).values("pk")).order_by("depth"),
        "children": selectors.unit_children(unit, on=today).filter(pk__in=visible_ids),
        "former_children": selectors.unit_children(unit).filter(valid_to__lt=today, pk__in=visible_ids),
        "current": selectors.unit_appointments(request.user, unit, current=True),
        "past": selectors.unit_appointments(request.user, unit, current=False)[:200],
        "predecessors": selectors.unit_predecessors(unit),
        "mergers": selectors.unit_mergers(unit),
        "cadre_count": selectors.unit_cadre_count(unit),
        "can_manage": can_manage_org(request.user, unit),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def cadre_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    cadre = get_object_or_404(
        selectors.cadres_visible_to(request.user).select_related("managing_unit"), pk=pk
    )
    record_cadre_read(request.user, cadre)
    appointments = selectors.cadre_appointments(cadre)
    visible_unit_ids = set(
        selectors.units_visible_to(request.user)
        .filter(pk__in=[a.unit_id for a in appointments])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "org/cadre_detail.html",
        {"cadre": cadre, "appointments": appointments, "visible_unit_ids": visible_unit_ids},
    )
