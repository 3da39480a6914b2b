"""Accounts and role grants, for organizers within their scope: the same selector and services as the pages
under Quản lý → Tài khoản. A temporary password is in the answer that made it, and nowhere else."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dotpha.accounts.access import is_organizer
from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.accounts.selectors import accounts_managed_by, grants_of
from dotpha.accounts.services import accounts as services
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.pagination import Pages
from dotpha.api.types import Day, Id, ShortText
from dotpha.core.errors import PermissionDeniedError
from dotpha.org.models import Cadre, Unit

router = Router()


class GrantOut(Schema):
    id: int
    role: Role
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    start_date: datetime.date | None
    end_date: datetime.date | None = Field(description="Từ ngày này quyền không còn hiệu lực.")


class AccountOut(Schema):
    id: int
    username: str
    cadre_id: int | None
    cadre_name: str | None = Field(None, alias="cadre.full_name")
    is_active: bool
    must_change_password: bool = Field(description="Đang dùng mật khẩu tạm, phải đổi ở lần đăng nhập tới.")


class AccountDetailOut(AccountOut):
    grants: list[GrantOut] = Field(description="Mọi quyền, kể cả đã thu hồi.")

    @staticmethod
    def resolve_grants(obj: User) -> list[RoleGrant]:
        return list(grants_of(obj))


class IssuedOut(Schema):
    account: AccountOut
    temporary_password: str = Field(alias="password", description="Chỉ có trong câu trả lời này.")


class AccountFilter(Schema):
    q: ShortText = Field("", description="Tìm theo tên đăng nhập hoặc họ tên, không cần dấu.")
    unit_id: Id | None = Field(
        None, description="Có quyền hoặc đang công tác trong đơn vị này (cả trực thuộc)."
    )
    role: Role | None = Field(None, description="Có vai trò này đang hiệu lực.")


class AccountIn(Schema):
    cadre_id: Id
    username: ShortText


class GrantIn(Schema):
    role: Role
    unit_id: Id
    start_date: Day | None = Field(None, description="Trống là hôm nay.")
    end_date: Day | None = Field(None, description="Trống là không thời hạn.")


class EndIn(Schema):
    end_date: Day | None = Field(None, description="Trống là hôm nay.")


class BulkIn(Schema):
    role: Role


def _organizer(request: ApiRequest) -> None:
    if not is_organizer(request.auth):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được quản lý tài khoản."))


def _account(request: ApiRequest, account_id: int) -> User:
    return get_object_or_404(accounts_managed_by(request.auth), pk=account_id)


@router.get(
    "/accounts", response={200: list[AccountOut], **ERRORS}, operation_id="account_list", summary="Tài khoản"
)
@paginate(Pages)
def account_list(request: ApiRequest, filters: Query[AccountFilter]):
    _organizer(request)
    unit = get_object_or_404(Unit, pk=filters.unit_id) if filters.unit_id is not None else None
    return accounts_managed_by(request.auth, q=filters.q, unit=unit, role=filters.role or "")


@router.get(
    "/accounts/{account_id}",
    response={200: AccountDetailOut, **ERRORS},
    operation_id="account_get",
    summary="Một tài khoản và các quyền",
)
def account_get(request: ApiRequest, account_id: Id):
    return _account(request, account_id)


@router.post(
    "/accounts",
    response={201: IssuedOut, **WRITE_ERRORS},
    operation_id="account_create",
    summary="Tạo tài khoản cho cán bộ",
    description="Mật khẩu tạm chỉ trả về một lần; người dùng phải đổi ở lần đăng nhập đầu.",
)
def account_create(request: ApiRequest, payload: AccountIn):
    _organizer(request)
    cadre = get_object_or_404(Cadre, pk=payload.cadre_id)
    return Status(201, services.create_account(actor=request.auth, cadre=cadre, username=payload.username))


@router.post(
    "/accounts/{account_id}/grants",
    response={201: GrantOut, **WRITE_ERRORS},
    operation_id="grant_create",
    summary="Cấp quyền trên một đơn vị",
)
def grant_create(request: ApiRequest, account_id: Id, payload: GrantIn):
    account = _account(request, account_id)
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    grant = services.grant_role(
        actor=request.auth,
        account=account,
        role=payload.role,
        unit=unit,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(201, grant)


@router.post(
    "/grants/{grant_id}/end",
    response={200: GrantOut, **WRITE_ERRORS},
    operation_id="grant_end",
    summary="Thu hồi quyền",
)
def grant_end(request: ApiRequest, grant_id: Id, payload: EndIn):
    managed = accounts_managed_by(request.auth).values("pk")
    grant = get_object_or_404(
        RoleGrant.all_objects.select_related("unit", "user").filter(user__in=managed), pk=grant_id
    )
    return services.end_grant(actor=request.auth, grant=grant, end_date=payload.end_date)


@router.post(
    "/accounts/{account_id}/reset-password",
    response={200: IssuedOut, **WRITE_ERRORS},
    operation_id="account_reset_password",
    summary="Đặt lại mật khẩu tạm",
)
def account_reset_password(request: ApiRequest, account_id: Id):
    return services.reset_password(actor=request.auth, account=_account(request, account_id))


@router.post(
    "/accounts/{account_id}/deactivate",
    response={200: AccountOut, **WRITE_ERRORS},
    operation_id="account_deactivate",
    summary="Vô hiệu hóa tài khoản",
)
def account_deactivate(request: ApiRequest, account_id: Id):
    return services.deactivate_account(actor=request.auth, account=_account(request, account_id))


@router.post(
    "/units/{unit_id}/accounts",
    response={201: list[IssuedOut], **WRITE_ERRORS},
    operation_id="accounts_bulk_create",
    summary="Tạo tài khoản cho cán bộ chưa có",
    description=(
        "Mỗi cán bộ đang công tác trong đơn vị (cả trực thuộc) chưa có tài khoản: một tài khoản với vai trò "
        "đã chọn trên đơn vị nơi công tác. Tất cả hoặc không (mã nothing_to_create khi không còn ai)."
    ),
)
def accounts_bulk_create(request: ApiRequest, unit_id: Id, payload: BulkIn):
    _organizer(request)
    unit = get_object_or_404(Unit, pk=unit_id)
    return Status(201, services.create_accounts_for_unit(actor=request.auth, unit=unit, role=payload.role))
