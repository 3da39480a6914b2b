"""Bộ tiêu chí xếp loại: the schemes each year is rated under, read by whoever reads the ratings, and their
settings changed by the province's organisation board (`scheme_services`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dotpha.accounts.access import organizes_whole_province
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.ratings.clauses import rule_steps
from dotpha.ratings.forms import CriteriaLinesFormSet, NewVersionForm, SchemeSettingsForm
from dotpha.ratings.models import RatingScheme
from dotpha.ratings.scheme_services import (
    ItemLine,
    SchemeSettings,
    rating_scheme_new_version,
    rating_scheme_update,
    years_in_use,
)
from dotpha.reports.permissions import can_read_reports

SETTING_FIELDS = tuple(SchemeSettings.__dataclass_fields__)


def _require_reader(request: AuthedHttpRequest) -> None:
    if not can_read_reports(request.user):
        raise PermissionDenied


@login_required
@require_GET
def scheme_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_reader(request)
    schemes = RatingScheme.objects.order_by("-valid_from_year").prefetch_related("groups")
    return render(request, "ratings/schemes.html", {"schemes": schemes})


def _render(
    request: AuthedHttpRequest,
    scheme: RatingScheme,
    *,
    form: SchemeSettingsForm | None = None,
    lines=None,
    version_form: NewVersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    editor = organizes_whole_province(request.user)
    used = years_in_use(scheme) if scheme.scored else []
    editable = editor and scheme.scored and not used
    if editable:
        form = form or SchemeSettingsForm(initial={name: getattr(scheme, name) for name in SETTING_FIELDS})
        lines = lines or CriteriaLinesFormSet(
            initial=[{"pk": i.pk, "name": i.name, "points": i.points} for i in scheme.items.all()],
            prefix="items",
        )
    if editor and scheme.scored and used:
        version_form = version_form or NewVersionForm(initial={"from_year": max(used) + 1})
    history = scheme.history.select_related("history_user").order_by("-history_date")[:20]  # type: ignore[attr-defined]
    return render(
        request,
        "ratings/scheme.html",
        {
            "scheme": scheme,
            "groups": scheme.groups.all(),
            "items": scheme.items.all(),
            "rule": rule_steps(scheme) if scheme.scored else [],
            "used": used,
            "form": form if editable else None,
            "lines": lines if editable else None,
            "version_form": version_form,
            "history": history,
        },
        status=status,
    )


def _lines(formset) -> list[ItemLine]:
    found = []
    for data in formset.cleaned_data:
        if not data or (data.get("pk") is None and not (data.get("name") or "").strip()):
            continue  # the empty extra line
        found.append(
            ItemLine(
                pk=data.get("pk"),
                name=data.get("name") or "",
                points=data.get("points"),
                remove=data["remove"],
            )
        )
    return found


def _refused(request: AuthedHttpRequest, exc: ApplicationError) -> int:
    if isinstance(exc, PermissionDeniedError):
        raise PermissionDenied(exc.message) from exc
    messages.error(request, exc.message)
    return 200


@login_required
@require_http_methods(["GET", "POST"])
def scheme_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    scheme = get_object_or_404(RatingScheme, pk=pk)
    if request.method == "GET":
        return _render(request, scheme)
    if not organizes_whole_province(request.user):
        raise PermissionDenied
    form = SchemeSettingsForm(request.POST)
    lines = CriteriaLinesFormSet(request.POST, prefix="items")
    if not (form.is_valid() and lines.is_valid()):
        messages.error(request, _("Kiểm tra lại các ô được đánh dấu."))
        return _render(request, scheme, form=form, lines=lines)
    try:
        rating_scheme_update(
            actor=request.user,
            scheme=scheme,
            settings=SchemeSettings(**{name: form.cleaned_data[name] for name in SETTING_FIELDS}),
            items=_lines(lines),
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _render(request, scheme, form=form, lines=lines, status=_refused(request, exc))
    messages.success(request, _("Đã lưu thiết lập bộ tiêu chí xếp loại."))
    return redirect("ratings:scheme", pk=scheme.pk)


@login_required
@require_POST
def scheme_new_version(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    scheme = get_object_or_404(RatingScheme, pk=pk)
    if not organizes_whole_province(request.user):
        raise PermissionDenied
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập năm áp dụng của phiên bản mới."))
        return _render(request, scheme, version_form=form)
    try:
        copy = rating_scheme_new_version(
            actor=request.user, scheme=scheme, from_year=form.cleaned_data["from_year"]
        )
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return _render(request, scheme, version_form=form, status=_refused(request, exc))
    messages.success(
        request,
        _("Đã tạo phiên bản mới áp dụng từ năm %(year)s; sửa thiết lập của phiên bản này.")
        % {"year": copy.valid_from_year},
    )
    return redirect("ratings:scheme", pk=copy.pk)
