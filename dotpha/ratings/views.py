"""Xếp loại chất lượng cán bộ: the year's list (what the standing committee reviews), each rating with its
inputs and history, the organizer's proposal run and the authority's decision."""

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, CoreRefusal, PermissionDeniedError
from dotpha.ratings.clauses import rule_steps
from dotpha.ratings.forms import DecideForm, DutyGroupForm, ProposeForm, ScoresForm, item_scores
from dotpha.ratings.inputs import RatingInput
from dotpha.ratings.models import AnnualRating
from dotpha.ratings.permissions import authority_of, can_decide, can_propose
from dotpha.ratings.points import rating_breakdown
from dotpha.ratings.rules import RULE_STEPS
from dotpha.ratings.selectors import (
    level_tally,
    quota_table,
    rating_lines,
    rating_years,
    ratings_to_decide,
    ratings_visible_to,
)
from dotpha.ratings.services import (
    rating_decide,
    rating_propose,
    rating_self_score,
    rating_set_duty_group,
    rating_unit_score,
)
from dotpha.ratings.year_list import build_year_list
from dotpha.reports.permissions import can_read_reports, default_root


def _require_reader(request: AuthedHttpRequest) -> None:
    if not can_read_reports(request.user):
        raise PermissionDenied


def _rule(rating: AnnualRating | None) -> list[str]:
    scheme = rating.scheme if rating else None
    return rule_steps(scheme) if scheme is not None and scheme.scored else [str(step) for step in RULE_STEPS]


def _year(request: AuthedHttpRequest, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit():
        return int(raw)
    return years[0] if years else timezone.localdate().year - 1


@login_required
@require_GET
def rating_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_reader(request)
    visible = ratings_visible_to(request.user)
    years = rating_years(visible)
    year = _year(request, years)
    lines = rating_lines(visible.filter(year=year))
    # ?undecided=1: only the ratings waiting for the user's decision (the home page's line); the tallies and
    # the quota stay the year's
    undecided = request.GET.get("undecided") == "1"
    listing = build_year_list(lines, year)
    rows = listing.rows
    if undecided:
        waiting = set(ratings_to_decide(request.user).filter(year=year).values_list("pk", flat=True))
        rows = [row for row in rows if row.line.rating.pk in waiting]
    root = default_root(request.user)
    return render(
        request,
        "ratings/list.html",
        {
            "year": year,
            "years": sorted({*years, year, timezone.localdate().year}, reverse=True),
            "rows": rows,
            "groups": listing.groups,
            "undecided": undecided,
            "tally": level_tally(lines),
            "can_propose": root is not None and can_propose(request.user, root),
            "export_query": urlencode({"year": year}),
            "quota": listing.quota,
            "rule": _rule(lines[0].rating if lines else None),
        },
    )


@login_required
@require_POST
def propose(request: AuthedHttpRequest) -> HttpResponse:
    _require_reader(request)
    form = ProposeForm(request.POST)
    root = default_root(request.user)
    if not form.is_valid() or root is None:
        messages.error(request, "Năm xếp loại không hợp lệ.")
        return redirect("ratings:list")
    year = form.cleaned_data["year"]
    try:
        run = rating_propose(actor=request.user, year=year, unit=root)
    except ApplicationError as exc:
        if exc.code == CoreRefusal.FORBIDDEN:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Đã lập đề xuất năm {year}: {run.created} mới, {run.updated} cập nhật, "
            f"{run.unchanged} không đổi.",
        )
    return redirect(f"{reverse('ratings:list')}?year={year}")


COLUMNS = ("self", "unit", "decided")


def _checklist(rating: AnnualRating, forms_by_column: dict[str, forms.Form | None]) -> tuple[list, list]:
    """The general-criteria lines in three columns (each with its fields when the user may fill it), and
    each column's sum once every line of it is scored."""
    scheme = rating.scheme
    if scheme is None or not scheme.scored:
        return [], []
    scores = {s.item_id: s for s in rating.general_scores.all()}
    rows = []
    sums: dict[str, Decimal | None] = dict.fromkeys(COLUMNS, Decimal(0))
    for item in scheme.items.all():
        score = scores.get(item.pk)
        columns = []
        for column in COLUMNS:
            form = forms_by_column.get(column)
            points = getattr(score, f"{column}_points") if score else None
            comment = getattr(score, f"{column}_comment") if score else ""
            fields = (form[f"p_{item.code}"], form[f"c_{item.code}"]) if form is not None else None
            columns.append((column, fields, points, comment))
            total = sums[column]
            sums[column] = total + points if total is not None and points is not None else None
        rows.append({"item": item, "columns": columns})
    if not rows:
        return [], []
    return rows, list(sums.items())


def _column_initial(rating: AnnualRating, column: str) -> dict:
    initial = {}
    for score in rating.general_scores.select_related("item"):
        initial[f"p_{score.item.code}"] = getattr(score, f"{column}_points")
        initial[f"c_{score.item.code}"] = getattr(score, f"{column}_comment")
    return initial


def _render_detail(
    request: AuthedHttpRequest, rating: AnnualRating, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The rating page; `bound` holds a form sent back as typed, with the refusal on it."""
    bound = bound or {}
    user = request.user
    line = rating_lines(ratings_visible_to(user).filter(pk=rating.pk))[0]
    scheme = rating.scheme
    scored = scheme is not None and scheme.scored
    items = list(scheme.items.all()) if scored and scheme is not None else []
    open_ = scored and not rating.is_decided and bool(items)
    may_self = open_ and user.cadre_id is not None and user.cadre_id == rating.cadre_id
    may_unit = open_ and can_propose(user, authority_of(rating)) and user.cadre_id != rating.cadre_id
    decidable = can_decide(user, rating)
    self_form = bound.get("self") or (
        ScoresForm(initial=_column_initial(rating, "self"), items=items, prefix="self") if may_self else None
    )
    unit_form = bound.get("unit") or (
        ScoresForm(initial=_column_initial(rating, "unit"), items=items, prefix="unit") if may_unit else None
    )
    initial = {
        "level": rating.level or rating.proposed_level,
        "comment": rating.comment,
        "general_points": rating.general_points,
        "grounds": rating.grounds,
        "quota_exception": rating.quota_exception,
        **_column_initial(rating, "decided"),
    }
    if decidable and not rating.is_decided:
        # the authority starts from the unit's proposal, line by line
        for score in rating.general_scores.select_related("item"):
            if score.decided_points is None:
                initial[f"p_{score.item.code}"] = score.unit_points
    form = bound.get("decide") or DecideForm(initial=initial, scheme=scheme, items=items)
    group_form = bound.get("group") or (
        DutyGroupForm(initial={"duty_group": rating.duty_group})
        if scored and can_propose(user, authority_of(rating))
        else None
    )
    unit_lines = rating_lines(
        ratings_visible_to(user).filter(year=rating.year, authority_unit=rating.authority_unit)
    )
    history = rating.history.select_related("history_user").order_by("-history_date")  # type: ignore[attr-defined]
    breakdown = rating_breakdown(rating)
    checklist, totals = _checklist(
        rating, {"self": self_form, "unit": unit_form, "decided": form if decidable and items else None}
    )
    context = {
        "rating": rating,
        "line": line,
        "form": form,
        "can_decide": decidable,
        "history": history,
        "points": breakdown.tasks if breakdown else None,
        "breakdown": breakdown,
        "checklist": checklist,
        "checklist_totals": totals,
        "self_form": self_form,
        "unit_form": unit_form,
        "group_form": group_form,
        "led": [RatingInput.from_json(i) for i in rating.led_inputs],
        "quota": quota_table(unit_lines),
        "rule": _rule(rating),
    }
    return render(request, "ratings/detail.html", context, status=status)


def _refused(request: AuthedHttpRequest, form: forms.Form, exc: ApplicationError) -> int:
    messages.error(request, exc.message)
    form.add_error(None, exc.message)
    return 403 if isinstance(exc, PermissionDeniedError) else 200


@login_required
@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    return _render_detail(request, rating)


def _page_action(
    request: AuthedHttpRequest, rating: AnnualRating, *, key: str, form: forms.Form, act, done: str
) -> HttpResponse:
    """Binds a form of the rating page, calls the one service; on a refusal the page comes back with the
    form as typed."""
    status = 200
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ApplicationError as exc:
            status = _refused(request, form, exc)
        else:
            messages.success(request, done)
            return redirect("ratings:detail", pk=rating.pk)
    return _render_detail(request, rating, bound={key: form}, status=status)


def _items(rating: AnnualRating) -> list:
    return list(rating.scheme.items.all()) if rating.scheme is not None else []


def _score_column(request: AuthedHttpRequest, pk: int, *, column: str, write, done: str) -> HttpResponse:
    """One column of the checklist sent from the rating page (the cadre's or the unit's)."""
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    items = _items(rating)
    form = ScoresForm(request.POST, items=items, prefix=column)
    return _page_action(
        request,
        rating,
        key=column,
        form=form,
        act=lambda _data: write(actor=request.user, rating=rating, scores=item_scores(form, items)),
        done=done,
    )


@login_required
@require_POST
def self_score(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _score_column(request, pk, column="self", write=rating_self_score, done=_("Đã lưu điểm tự chấm."))


@login_required
@require_POST
def unit_score(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _score_column(
        request, pk, column="unit", write=rating_unit_score, done=_("Đã lưu điểm đơn vị đề xuất.")
    )


@login_required
@require_POST
def duty_group(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    form = DutyGroupForm(request.POST)
    return _page_action(
        request,
        rating,
        key="group",
        form=form,
        act=lambda data: rating_set_duty_group(
            actor=request.user, rating=rating, duty_group=data["duty_group"]
        ),
        done=_("Đã lưu nhóm chức trách tương đồng."),
    )


@login_required
@require_POST
def decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    items = _items(rating) if rating.scheme is not None and rating.scheme.scored else []
    form = DecideForm(request.POST, scheme=rating.scheme, items=items)
    return _page_action(
        request,
        rating,
        key="decide",
        form=form,
        act=lambda data: rating_decide(
            actor=request.user,
            rating=rating,
            level=data["level"],
            comment=data["comment"],
            general_points=data.get("general_points"),
            general_scores=item_scores(form, items) if items else None,
            grounds=data.get("grounds", []),
            quota_exception=data.get("quota_exception", ""),
        ),
        done=_("Đã lưu mức xếp loại."),
    )
