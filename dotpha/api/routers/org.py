"""Units and cadres, as far as the caller's scope reaches (the same selectors as the organisation pages)."""

import datetime
from typing import Any, cast

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dotpha.accounts.access import cadres_visible_to, units_visible_to
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS
from dotpha.api.pagination import Pages
from dotpha.api.types import Id, ShortText
from dotpha.audit.models import Channel
from dotpha.audit.services import record_cadre_list_read, record_cadre_read
from dotpha.core.collation import name_order
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Unit

router = Router()


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(alias="kind.code", description="Mã loại đơn vị (commune, department, …).")
    kind_name: str = Field(alias="kind.name")
    level: str = Field(alias="level.code", description="Mã cấp (province, commune, …).")
    parent_id: int | None
    depth: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None = Field(description="Ngày hết hiệu lực (đơn vị đã sáp nhập, giải thể).")


class UnitFilter(Schema):
    q: ShortText = Field("", description="Tìm theo tên hoặc mã, không cần dấu.")
    parent_id: Id | None = Field(None, description="Chỉ các đơn vị trực thuộc đơn vị này.")
    kind: ShortText = Field("", description="Mã loại đơn vị.")
    level: ShortText = Field("", description="Mã cấp.")
    on: datetime.date | None = Field(None, description="Chỉ các đơn vị có hiệu lực vào ngày này.")


class AppointmentOut(Schema):
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    position: str = Field(alias="position.name")
    start_date: datetime.date
    end_date: datetime.date | None
    end_reason: str


class CadreOut(Schema):
    id: int
    code: str
    full_name: str
    gender: str
    birth_year: int | None
    managing_unit_id: int | None = Field(description="Đơn vị quản lý cán bộ (phê duyệt, đánh giá việc).")
    current_appointments: list[AppointmentOut] = Field(description="Chức vụ đang giữ.")


class CadreFilter(Schema):
    q: ShortText = Field("", description="Tìm theo họ tên hoặc mã, không cần dấu.")
    unit_id: Id | None = Field(None, description="Đang giữ chức vụ trong đơn vị này hoặc đơn vị trực thuộc.")
    managing_unit_id: Id | None = None


class CadrePages(Pages):
    """Pages of cadres: each item is the profile the detail logs, so each page served is logged too."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        filters = params.get("filters")
        record_cadre_list_read(
            cast(ApiRequest, request).auth,  # the operation ran: authentication passed
            [cadre.pk for cadre in page["items"]],
            count=page["count"],
            page=page["page"],
            page_size=page["page_size"],
            filters=filters.model_dump(mode="json") if filters is not None else {},
        )
        return page


def _with_parent(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    parent = Unit.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen))
    return qs.annotate(parent_id=Subquery(parent.values("pk")[:1]))


def _cadres(request: ApiRequest) -> QuerySet[Cadre]:
    current = Appointment.objects.filter(end_date__isnull=True).select_related("unit", "position")
    return cadres_visible_to(request.auth).prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )


@router.get("/units", response={200: list[UnitOut], **ERRORS}, operation_id="unit_list", summary="Đơn vị")
@paginate(Pages)
def unit_list(request: ApiRequest, filters: Query[UnitFilter]):
    qs = _with_parent(units_visible_to(request.auth))
    if filters.q.strip():
        qs = qs.filter(search_text__contains=normalize_search(filters.q))
    if filters.parent_id is not None:
        parent = get_object_or_404(Unit, pk=filters.parent_id)
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if filters.kind:
        qs = qs.filter(kind__code=filters.kind)
    if filters.level:
        qs = qs.filter(level__code=filters.level)
    if filters.on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=filters.on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=filters.on)
        )
    return qs.order_by("path")


@router.get(
    "/units/{unit_id}", response={200: UnitOut, **ERRORS}, operation_id="unit_get", summary="Một đơn vị"
)
def unit_get(request: ApiRequest, unit_id: Id):
    return get_object_or_404(_with_parent(units_visible_to(request.auth)), pk=unit_id)


@router.get("/cadres", response={200: list[CadreOut], **ERRORS}, operation_id="cadre_list", summary="Cán bộ")
@paginate(CadrePages)
def cadre_list(request: ApiRequest, filters: Query[CadreFilter]):
    qs = _cadres(request)
    if filters.q.strip():
        qs = qs.filter(search_text__contains=normalize_search(filters.q))
    if filters.unit_id is not None:
        unit = get_object_or_404(Unit, pk=filters.unit_id)
        held = Appointment.objects.filter(end_date__isnull=True, unit__path__startswith=unit.path)
        qs = qs.filter(pk__in=held.values("cadre_id"))
    if filters.managing_unit_id is not None:
        qs = qs.filter(managing_unit_id=filters.managing_unit_id)
    return qs.order_by(*name_order(), "pk")


@router.get(
    "/cadres/{cadre_id}", response={200: CadreOut, **ERRORS}, operation_id="cadre_get", summary="Một cán bộ"
)
def cadre_get(request: ApiRequest, cadre_id: Id):
    cadre = get_object_or_404(_cadres(request).select_related("managing_unit"), pk=cadre_id)
    record_cadre_read(request.auth, cadre, channel=Channel.API)
    return cadre
