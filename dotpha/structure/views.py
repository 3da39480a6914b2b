from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.accounts.access import cadres_visible_to, can_manage_org, unit_roots_visible_to, units_visible_to
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.audit.services import record_cadre_read
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Appointment, Position, Unit, UnitMerger
from dotpha.org.signals import merger_rehearsed
from dotpha.structure import selectors, services
from dotpha.structure.forms import UnitCloseForm, UnitEditForm, UnitForm, UnitMergeForm, UnitSplitForm


def _visible_unit(request: AuthedHttpRequest, pk: int) -> Unit:
    # A unit outside the viewer's scope is answered as "not found": its existence is not disclosed.
    return get_object_or_404(units_visible_to(request.user), pk=pk)


@login_required
def unit_tree(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {"query": query, "today": timezone.localdate()}
    if query:
        context["found_units"] = selectors.search_units(request.user, query)
        context["found_cadres"] = selectors.search_cadres(request.user, query)
    else:
        context["roots"] = unit_roots_visible_to(request.user)
    template = "org/_search_results.html" if request.htmx and query else "org/unit_tree.html"
    if request.htmx and not query:
        template = "org/_tree_roots.html"
    return render(request, template, context)


@login_required
def unit_children(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    show_history = request.GET.get("history") == "1"
    children = selectors.unit_children(unit, on=None if show_history else timezone.localdate())
    visible = units_visible_to(request.user)
    return render(
        request, "org/_tree_children.html", {"children": children.filter(pk__in=visible.values("pk"))}
    )


@login_required
def unit_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    today = timezone.localdate()
    visible = units_visible_to(request.user)
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
    cadre = get_object_or_404(cadres_visible_to(request.user).select_related("managing_unit"), pk=pk)
    record_cadre_read(request.user, cadre)
    appointments = selectors.cadre_appointments(cadre)
    visible_unit_ids = set(
        units_visible_to(request.user)
        .filter(pk__in=[a.unit_id for a in appointments])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "org/cadre_detail.html",
        {"cadre": cadre, "appointments": appointments, "visible_unit_ids": visible_unit_ids},
    )


class _Rehearsal(Exception):
    """Not an error: carries what the rehearsed merger or split closed out of its rolled-back transaction."""

    def __init__(self, preview: dict) -> None:
        self.preview = preview


def _managed_unit(request: AuthedHttpRequest, pk: int) -> Unit:
    unit = _visible_unit(request, pk)
    if not can_manage_org(request.user, unit):
        raise PermissionDenied
    return unit


def _refused(form: forms.Form, exc: ApplicationError) -> int:
    """The service's message on the form, which keeps what was typed; 403 when the user may not do it."""
    form.add_error(None, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


@login_required
def unit_add_child(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    parent = _managed_unit(request, pk)
    return _unit_form_page(
        request,
        parent,
        UnitForm(request.POST or None),
        lambda data: services.unit_create(actor=request.user, parent=parent, **data),
        done=_("Đã thêm đơn vị “%(name)s”."),
        heading=_("Thêm đơn vị trực thuộc"),
    )


@login_required
def unit_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    return _unit_form_page(
        request,
        unit,
        UnitEditForm(
            request.POST or None,
            initial={
                "name": unit.name,
                "code": unit.code,
                "kind": unit.kind,
                "latitude": unit.latitude,
                "longitude": unit.longitude,
            },
        ),
        lambda data: services.unit_update(actor=request.user, unit=unit, **data),
        done=_("Đã lưu đơn vị “%(name)s”."),
        heading=_("Sửa đơn vị"),
    )


@login_required
def unit_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    return _unit_form_page(
        request,
        unit,
        UnitCloseForm(request.POST or None),
        lambda data: services.unit_close(actor=request.user, unit=unit, **data),
        done=_("Đã đóng đơn vị “%(name)s”."),
        heading=_("Đóng đơn vị"),
        closing=True,
    )


def _unit_form_page(
    request: AuthedHttpRequest,
    unit: Unit,
    form: forms.Form,
    write: Callable[[dict], Unit],
    *,
    done: str,
    heading: str,
    closing: bool = False,
) -> HttpResponse:
    """A unit's form posting to its service: the written unit's page next, or the form again with the
    refusal and what was typed."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            written = write(form.cleaned_data)
        except ApplicationError as exc:
            unit.refresh_from_db()  # the refused service may have set fields on it
            status = _refused(form, exc)
        else:
            messages.success(request, done % {"name": written.name})
            return redirect("org:unit_detail", written.pk)
    context = {"form": form, "unit": unit, "heading": heading, "closing": closing}
    return render(request, "org/unit_form.html", context, status=status)


@login_required
def unit_merge(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Choose the successor and the date, see what the merger hands over (the service is rehearsed and
    rolled back: nothing written, no notification sent, since they wait for a commit), then confirm."""
    unit = _managed_unit(request, pk)
    form = UnitMergeForm(request.POST or None, units=units_visible_to(request.user), merged=unit)
    status = 200
    context: dict = {"form": form, "unit": unit}
    if request.method == "POST" and form.is_valid():
        merger = {
            "actor": request.user,
            "predecessors": [unit],
            "successor": form.cleaned_data["successor"],
            "effective_date": form.cleaned_data["effective_date"],
            "decision_number": form.cleaned_data["decision_number"],
        }
        # The confirm button carries what was previewed: a merger changed after its preview is shown again.
        previewed = (
            f"{merger['successor'].pk}|{merger['effective_date']:%d/%m/%Y}|{merger['decision_number']}"
        )
        confirmed = request.POST.get("confirm")
        try:
            if confirmed == previewed:
                services.unit_merge(**merger)
            else:
                if confirmed:
                    form.add_error(None, _("Thông tin sáp nhập đã thay đổi: xem lại trước khi xác nhận."))
                preview = _rehearse(
                    lambda: services.unit_merge(**merger), away=[unit], successors=[merger["successor"]]
                )
                context["preview"] = {**preview, "key": previewed}
        except ApplicationError as exc:
            unit.refresh_from_db()
            status = _refused(form, exc)
        else:
            if "preview" not in context:
                messages.success(
                    request,
                    _("Đã sáp nhập “%(unit)s” vào “%(successor)s”.")
                    % {"unit": unit.name, "successor": merger["successor"].name},
                )
                return redirect("org:unit_detail", merger["successor"].pk)
    return render(request, "org/unit_merge.html", context, status=status)


@login_required
def unit_split(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Choose the main successor, the others and the date, see what the split hands over (rehearsed and
    rolled back, as a merger's preview), then confirm."""
    unit = _managed_unit(request, pk)
    form = UnitSplitForm(request.POST or None, units=units_visible_to(request.user), split=unit)
    status = 200
    context: dict = {"form": form, "unit": unit}
    if request.method == "POST" and form.is_valid():
        split = {
            "actor": request.user,
            "predecessor": unit,
            "successors": form.successors(),
            "effective_date": form.cleaned_data["effective_date"],
            "decision_number": form.cleaned_data["decision_number"],
        }
        # The successors in their order: the main one previewed must be the main one confirmed.
        previewed = (
            ",".join(str(s.pk) for s in split["successors"])
            + f"|{split['effective_date']:%d/%m/%Y}|{split['decision_number']}"
        )
        confirmed = request.POST.get("confirm")
        try:
            if confirmed == previewed:
                services.unit_split(**split)
            else:
                if confirmed:
                    form.add_error(None, _("Thông tin chia tách đã thay đổi: xem lại trước khi xác nhận."))
                preview = _rehearse(
                    lambda: services.unit_split(**split), away=[unit], successors=split["successors"]
                )
                context["preview"] = {**preview, "key": previewed, "successors": split["successors"]}
        except ApplicationError as exc:
            unit.refresh_from_db()
            status = _refused(form, exc)
        else:
            if "preview" not in context:
                messages.success(
                    request,
                    _("Đã chia tách “%(unit)s” thành %(successors)s.")
                    % {
                        "unit": unit.name,
                        "successors": ", ".join(f"“{s.name}”" for s in split["successors"]),
                    },
                )
                return redirect("org:unit_detail", unit.pk)
    return render(request, "org/unit_split.html", context, status=status)


def _rehearse(write: Callable[[], object], *, away: list[Unit], successors: list[Unit]) -> dict:
    """Runs a merger or a split and rolls it back: the posts it ended, and what the other apps say it
    hands over (`merger_rehearsed`)."""
    try:
        with transaction.atomic():
            open_posts = list(
                Appointment.objects.filter(unit__in=away, end_date__isnull=True).values_list("pk", flat=True)
            )
            write()
            closed = list(
                Appointment.objects.filter(pk__in=open_posts)
                .select_related("cadre", "position", "unit")
                .order_by("unit__path", "position__rank", "cadre__search_text")
            )
            answers = merger_rehearsed.send(
                sender=UnitMerger, predecessors=away, successors=successors, closed=closed
            )
            raise _Rehearsal({"closed": closed, "handed_over": [answer for _receiver, answer in answers]})
    except _Rehearsal as rehearsal:
        return rehearsal.preview


@login_required
@require_POST
def position_leadership(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The "Lãnh đạo" switch of a position, from the page of a unit where it is held."""
    unit = _managed_unit(request, int(request.POST.get("unit", 0)))
    position = get_object_or_404(Position, pk=pk)
    is_leadership = request.POST.get("is_leadership") == "1"
    try:
        services.position_set_leadership(actor=request.user, position=position, is_leadership=is_leadership)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("org:unit_detail", unit.pk)
    done = (
        _("“%(position)s” là chức vụ lãnh đạo.")
        if is_leadership
        else _("“%(position)s” không là chức vụ lãnh đạo.")
    )
    messages.success(request, done % {"position": position.name})
    return redirect("org:unit_detail", unit.pk)
