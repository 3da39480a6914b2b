"""Xếp loại chất lượng cán bộ: the year's list (what the standing committee reviews), each rating with its
inputs and history, the organizer's proposal run and the authority's decision."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.core.errors import ApplicationError, CoreRefusal
from dotpha.ratings.clauses import rule_steps
from dotpha.ratings.forms import DecideForm, ProposeForm
from dotpha.ratings.models import AnnualRating
from dotpha.ratings.permissions import can_decide, can_propose
from dotpha.ratings.points import task_points
from dotpha.ratings.rules import RULE_STEPS
from dotpha.ratings.selectors import (
    level_tally,
    quota_table,
    rating_lines,
    rating_years,
    ratings_to_decide,
    ratings_visible_to,
)
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.ratings.year_list import build_year_list
from dotpha.reports.permissions import can_read_reports, default_root


def _require_reader(request: AuthedHttpRequest) -> None:
    if not can_read_reports(request.user):
        raise PermissionDenied


def _rule(rating: AnnualRating | None) -> list[str]:
    scheme = rating.scheme if rating else None
    return rule_steps(scheme) if scheme is not None and scheme.scored else RULE_STEPS


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


@login_required
@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    line = rating_lines(ratings_visible_to(request.user).filter(pk=pk))[0]
    decidable = can_decide(request.user, rating)
    scored = rating.scheme is not None and rating.scheme.scored
    form = DecideForm(
        initial={
            "level": rating.level or rating.proposed_level,
            "comment": rating.comment,
            "general_points": rating.general_points,
            "grounds": rating.grounds,
            "quota_exception": rating.quota_exception,
        },
        scheme=rating.scheme,
    )
    unit_lines = rating_lines(
        ratings_visible_to(request.user).filter(year=rating.year, authority_unit=rating.authority_unit)
    )
    history = rating.history.select_related("history_user").order_by("-history_date")  # type: ignore[attr-defined]
    return render(
        request,
        "ratings/detail.html",
        {
            "rating": rating,
            "line": line,
            "form": form,
            "can_decide": decidable,
            "history": history,
            "points": task_points(rating.scheme, line.inputs) if rating.scheme and scored else None,
            "quota": quota_table(unit_lines),
            "rule": _rule(rating),
        },
    )


@login_required
@require_POST
def decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_visible_to(request.user), pk=pk)
    form = DecideForm(request.POST, scheme=rating.scheme)
    if not form.is_valid():
        messages.error(request, "Chọn mức xếp loại và nhập nhận xét.")
        return redirect("ratings:detail", pk=pk)
    try:
        rating_decide(
            actor=request.user,
            rating=rating,
            level=form.cleaned_data["level"],
            comment=form.cleaned_data["comment"],
            general_points=form.cleaned_data.get("general_points"),
            grounds=form.cleaned_data.get("grounds", []),
            quota_exception=form.cleaned_data.get("quota_exception", ""),
        )
    except ApplicationError as exc:
        if exc.code == CoreRefusal.FORBIDDEN:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã lưu mức xếp loại.")
    return redirect("ratings:detail", pk=pk)
