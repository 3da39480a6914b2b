"""Quản lý → Tài khoản: organizers list, create and manage the accounts in their scope. Every write goes
through dotpha.accounts.services.accounts; a temporary password is shown once, on the answer to the POST."""

import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dotpha.accounts.access import can_manage_account, is_organizer
from dotpha.accounts.forms import AccountCreateForm, AccountSearchForm, BulkAccountsForm, GrantForm
from dotpha.accounts.http import AuthedHttpRequest
from dotpha.accounts.models import RoleGrant, User
from dotpha.accounts.selectors import accounts_managed_by, grants_of
from dotpha.accounts.services import accounts as services
from dotpha.core.errors import ApplicationError
from dotpha.core.text_cells import WORKBOOK_OPTIONS


def _organizer(request: AuthedHttpRequest) -> None:
    if not is_organizer(request.user):
        raise PermissionDenied


def _account(request: AuthedHttpRequest, pk: int) -> User:
    account = get_object_or_404(User, pk=pk)
    if not can_manage_account(request.user, account):
        raise Http404  # an account outside the organizer's scope is not named to them
    return account


@login_required
def account_list(request: AuthedHttpRequest) -> HttpResponse:
    _organizer(request)
    form = AccountSearchForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = accounts_managed_by(
        request.user, q=filters.get("q", ""), unit=filters.get("unit"), role=filters.get("role", "")
    )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/manage/list.html", {"form": form, "page": page})


@login_required
def account_create(request: AuthedHttpRequest) -> HttpResponse:
    _organizer(request)
    form = AccountCreateForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            issued = services.create_account(
                actor=request.user, cadre=form.cleaned_data["cadre"], username=form.cleaned_data["username"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return _show_password(request, issued, _("Đã tạo tài khoản."))
    return render(request, "accounts/manage/create.html", {"form": form})


def _show_password(request: AuthedHttpRequest, issued: services.IssuedPassword, title: str) -> HttpResponse:
    # rendered, not redirected: the password is in this answer only and stored nowhere in clear
    response = render(request, "accounts/manage/password.html", {"issued": issued, "title": title})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    account = _account(request, pk)
    form = GrantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(actor=request.user, account=account, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã cấp quyền."))
            return redirect("account_pages:detail", pk=account.pk)
    context = {"account": account, "grants": grants_of(account), "form": form}
    return render(request, "accounts/manage/detail.html", context)


def _write_then_back(request: AuthedHttpRequest, account: User, write, done: str) -> HttpResponse:
    """Run a service write; its refusal or `done` is the message on the account's page."""
    try:
        write()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("account_pages:detail", pk=account.pk)


@login_required
@require_POST
def grant_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    grant = get_object_or_404(RoleGrant.all_objects.select_related("user", "unit"), pk=pk)
    account = _account(request, grant.user_id)
    return _write_then_back(
        request,
        account,
        lambda: services.end_grant(actor=request.user, grant=grant),
        _("Đã thu hồi quyền từ hôm nay."),
    )


@login_required
@require_POST
def password_reset(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    account = _account(request, pk)
    try:
        issued = services.reset_password(actor=request.user, account=account)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("account_pages:detail", pk=account.pk)
    return _show_password(request, issued, _("Đã đặt lại mật khẩu."))


@login_required
@require_POST
def deactivate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    account = _account(request, pk)
    return _write_then_back(
        request,
        account,
        lambda: services.deactivate_account(actor=request.user, account=account),
        _("Đã vô hiệu hóa tài khoản; người này không đăng nhập được nữa."),
    )


@login_required
def bulk_create(request: AuthedHttpRequest) -> HttpResponse:
    """Accounts for every cadre of a unit without one; the answer is the list of temporary passwords as a
    .xlsx, downloaded once (it is not kept)."""
    _organizer(request)
    form = BulkAccountsForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            issued = services.create_accounts_for_unit(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            response = HttpResponse(
                _passwords_workbook(issued),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = 'attachment; filename="tai-khoan-moi.xlsx"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/manage/bulk.html", {"form": form})


def _passwords_workbook(issued: list[services.IssuedPassword]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, **WORKBOOK_OPTIONS})
    sheet = book.add_worksheet(_("Tài khoản"))
    bold = book.add_format({"bold": True})
    for col, title in enumerate(
        [_("Họ và tên"), _("Mã cán bộ"), _("Tên đăng nhập"), _("Mật khẩu tạm"), _("Đơn vị")]
    ):
        sheet.write_string(0, col, title, bold)
    for row, item in enumerate(issued, start=1):
        account = item.account
        grant = account.grants.select_related("unit").first()
        cadre = account.cadre
        cells = [
            cadre.full_name if cadre else "",
            cadre.code if cadre else "",
            account.username,
            item.password,
        ]
        cells.append(grant.unit.name if grant else "")
        for col, text in enumerate(cells):
            sheet.write_string(row, col, text)  # user text as text, never a formula
    sheet.set_column(0, 4, 24)
    book.close()
    return buffer.getvalue()
