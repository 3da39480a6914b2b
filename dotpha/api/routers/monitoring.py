"""Commune monitoring (Quy định 26-QĐ/TU): the years, who monitors which commune, the coverage board, and
Ban Tổ chức's decisions (assign, end, reassign). The same selectors, permissions and services as the pages:
an assignment the caller may not see is not found (404); one they see but may not change is refused (403).
The monitoring cadre's work and the communes' forms are in `monitoring_work`."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dotpha.accounts.access import cadres_visible_to, is_organizer
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.pagination import Pages
from dotpha.api.routers import monitoring_work
from dotpha.api.routers.monitoring_schemas import (
    AssignmentEndIn,
    AssignmentFilter,
    AssignmentIn,
    AssignmentOut,
    CoverageFilter,
    CoverageOut,
    ReassignIn,
    SuccessorFilter,
    SuccessorOut,
    YearOut,
)
from dotpha.api.types import Day, Id
from dotpha.core.errors import PermissionDeniedError
from dotpha.monitoring import services
from dotpha.monitoring.models import MonitoringAssignment, MonitoringProgramme, MonitoringYear, ReportPeriod
from dotpha.monitoring.permissions import can_assign, oversees
from dotpha.monitoring.selectors import (
    CoverageStatus,
    assignments_in_year,
    assignments_visible_to,
    communes_visible_to,
    coverage_on,
    successor_candidates,
)
from dotpha.monitoring.views._common import ASSIGNMENT_RELATED, today, years
from dotpha.org.models import Appointment, Cadre, Unit

router = Router()
router.add_router("", monitoring_work.router)


def visible_assignments(request: ApiRequest) -> QuerySet[MonitoringAssignment]:
    return assignments_visible_to(request.auth).select_related(*ASSIGNMENT_RELATED)


def _post(request: ApiRequest, cadre_id: int, appointment_id: int | None) -> tuple[Cadre, Appointment | None]:
    cadre = get_object_or_404(cadres_visible_to(request.auth), pk=cadre_id)
    if appointment_id is None:
        return cadre, None
    return cadre, get_object_or_404(Appointment.objects.filter(cadre=cadre), pk=appointment_id)


def _years() -> QuerySet[MonitoringYear]:
    periods = Prefetch("report_periods", queryset=ReportPeriod.objects.order_by("due_date", "pk"))
    return MonitoringYear.objects.select_related("programme").prefetch_related(periods)


@router.get(
    "/years",
    response={200: list[YearOut], **ERRORS},
    operation_id="monitoring_year_list",
    summary="Năm theo dõi",
)
def monitoring_year_list(request: ApiRequest):
    return _years().order_by("-year", "pk")


class YearIn(Schema):
    programme_id: Id
    year: int = Field(ge=2000, le=2100)
    plan_deadline: Day = Field(description="Trong năm theo dõi.")
    form_deadline: Day = Field(description="Không trước hạn gửi kế hoạch.")


@router.post(
    "/years",
    response={201: YearOut, **WRITE_ERRORS},
    operation_id="monitoring_year_create",
    summary="Mở năm theo dõi",
    description="Ban Tổ chức mở năm mới của quy định; năm có sẵn kỳ báo cáo 6 tháng đầu năm và cả năm.",
)
def monitoring_year_create(request: ApiRequest, payload: YearIn):
    programme = get_object_or_404(
        MonitoringProgramme.objects.select_related("scope_unit"), pk=payload.programme_id
    )
    year = services.monitoring_year_create(
        actor=request.auth,
        programme=programme,
        year=payload.year,
        plan_deadline=payload.plan_deadline,
        form_deadline=payload.form_deadline,
    )
    return Status(201, _years().get(pk=year.pk))


@router.get(
    "/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    operation_id="monitoring_assignment_list",
    summary="Phân công theo dõi xã",
)
@paginate(Pages)
def monitoring_assignment_list(request: ApiRequest, filters: Query[AssignmentFilter]):
    qs = assignments_visible_to(request.auth)
    if filters.year_id is not None:
        qs = assignments_in_year(get_object_or_404(MonitoringYear, pk=filters.year_id), qs)
    if filters.on is not None:
        qs = qs.filter(start_date__lte=filters.on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=filters.on)
        )
    for name, field in (
        ("commune_id", "commune_id"),
        ("cadre_id", "cadre_id"),
        ("agency_id", "appointment__unit_id"),
    ):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    current = Q(end_date__isnull=True) | Q(end_date__gte=today())
    if filters.active is not None:
        qs = qs.filter(current) if filters.active else qs.exclude(current)
    return qs.select_related(*ASSIGNMENT_RELATED).order_by("commune__name", "-start_date", "pk")


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **ERRORS},
    operation_id="monitoring_assignment_get",
    summary="Một phân công",
)
def monitoring_assignment_get(request: ApiRequest, assignment_id: Id):
    return get_object_or_404(visible_assignments(request), pk=assignment_id)


def _programme(programme_id: int | None) -> MonitoringProgramme:
    """The one asked for; else this year's (or the latest year's), as the coverage page."""
    queryset = MonitoringProgramme.objects.select_related("scope_unit", "issuing_unit")
    if programme_id is not None:
        return get_object_or_404(queryset, pk=programme_id)
    available = years()
    year = next((y for y in available if y.year == today().year), available[0] if available else None)
    programme = (
        year.programme if year is not None else queryset.order_by("-issued_on", "number", "pk").first()
    )
    if programme is None:
        raise Http404
    return programme


@router.get(
    "/coverage",
    response={200: CoverageOut, **ERRORS},
    operation_id="monitoring_coverage",
    summary="Tình hình phân công theo dõi xã",
    description=(
        "Tình trạng của từng xã, phường vào một ngày: chưa có cán bộ theo dõi, cán bộ đã nghỉ hoặc chuyển "
        "công tác, cán bộ theo dõi từ hai xã, có cán bộ theo dõi. Dành cho Ban Tổ chức, cơ quan kiểm tra và "
        "Thường trực đơn vị ban hành quy định."
    ),
)
def monitoring_coverage(request: ApiRequest, filters: Query[CoverageFilter]):
    programme = _programme(filters.programme_id)
    if not oversees(request.auth, programme):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức, cơ quan kiểm tra và Thường trực xem tình hình phân công.")
        )
    day = filters.on or today()
    coverage = coverage_on(programme, day, communes=communes_visible_to(request.auth, programme))
    rows = coverage.rows
    if filters.gaps_only:
        rows = coverage.gaps
    if filters.status is not None:
        rows = [row for row in rows if row.status == filters.status]
    return {
        "programme_id": programme.pk,
        "on": day,
        "communes_total": len(coverage.rows),
        "covered_count": coverage.covered_count,
        "counts": {status: coverage.counts[status.value] for status in CoverageStatus},
        "rows": [_coverage_row(row) for row in rows],
        "shared_cadres": [
            {
                "cadre_id": cadre.pk,
                "cadre_name": cadre.full_name,
                "communes": [{"id": c.pk, "name": c.name} for c in communes],
            }
            for cadre, communes in coverage.shared_cadres.items()
        ],
    }


def _coverage_row(row) -> dict:
    a = row.assignment
    return {
        "commune_id": row.commune.pk,
        "commune_name": row.commune.name,
        "status": row.status,
        "assignment_id": a.pk if a else None,
        "cadre_id": a.cadre_id if a else None,
        "cadre_name": a.cadre.full_name if a else None,
        "agency_id": a.appointment.unit_id if a else None,
        "agency_name": a.appointment.unit.name if a else None,
        "cadre_load": row.cadre_load,
        "cadre_left_on": a.cadre_left_on if a else None,
    }


@router.post(
    "/assignments",
    response={201: AssignmentOut, **WRITE_ERRORS},
    operation_id="monitoring_assignment_create",
    summary="Phân công cán bộ theo dõi xã",
    description=(
        "Mỗi xã một cán bộ theo dõi; mỗi cán bộ một xã, xã thứ hai chỉ khi ghi rõ lý do "
        "(second_commune_reason), không quá hai xã."
    ),
)
def monitoring_assignment_create(request: ApiRequest, payload: AssignmentIn):
    programme = get_object_or_404(
        MonitoringProgramme.objects.select_related("scope_unit"), pk=payload.programme_id
    )
    if not (is_organizer(request.auth) and can_assign(request.auth, programme.scope_unit)):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    commune: Unit = get_object_or_404(Unit.objects.select_related("level"), pk=payload.commune_id)
    cadre, appointment = _post(request, payload.cadre_id, payload.appointment_id)
    assignment = services.assignment_create(
        actor=request.auth,
        programme=programme,
        commune=commune,
        cadre=cadre,
        appointment=appointment,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        start_date=payload.start_date,
        end_date=payload.end_date,
        second_commune_reason=payload.second_commune_reason,
    )
    return Status(201, get_object_or_404(visible_assignments(request), pk=assignment.pk))


@router.post(
    "/assignments/{assignment_id}/end",
    response={200: AssignmentOut, **WRITE_ERRORS},
    operation_id="monitoring_assignment_end",
    summary="Kết thúc phân công (không có người thay)",
)
def monitoring_assignment_end(request: ApiRequest, assignment_id: Id, payload: AssignmentEndIn):
    assignment = get_object_or_404(visible_assignments(request), pk=assignment_id)
    services.assignment_end(
        actor=request.auth,
        assignment=assignment,
        end_date=payload.end_date,
        end_reason=payload.end_reason,
        note=payload.note,
    )
    return get_object_or_404(visible_assignments(request), pk=assignment.pk)


@router.get(
    "/assignments/{assignment_id}/successors",
    response={200: list[SuccessorOut], **ERRORS},
    operation_id="monitoring_assignment_successors",
    summary="Cán bộ có thể phân công lại theo dõi xã",
    description=(
        "Lãnh đạo cơ quan, đơn vị cấp tỉnh giữ chức vụ vào ngày bắt đầu và chưa theo dõi xã nào, cùng cơ "
        "quan với cán bộ đang theo dõi trước. Đúng danh sách mà monitoring_assignment_reassign chấp nhận. "
        "Dành cho Ban Tổ chức."
    ),
)
def monitoring_assignment_successors(request: ApiRequest, assignment_id: Id, filters: Query[SuccessorFilter]):
    old = get_object_or_404(visible_assignments(request), pk=assignment_id)
    if not can_assign(request.auth, old.commune):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    return successor_candidates(old, on=filters.on or today())


@router.post(
    "/assignments/{assignment_id}/reassign",
    response={201: AssignmentOut, **WRITE_ERRORS},
    operation_id="monitoring_assignment_reassign",
    summary="Phân công cán bộ khác theo dõi xã",
    description="Phân công cũ kết thúc ngày trước ngày bắt đầu của cán bộ mới; trả về phân công mới.",
)
def monitoring_assignment_reassign(request: ApiRequest, assignment_id: Id, payload: ReassignIn):
    old = get_object_or_404(visible_assignments(request), pk=assignment_id)
    if not can_assign(request.auth, old.commune):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    cadre, appointment = _post(request, payload.cadre_id, payload.appointment_id)
    new = services.assignment_reassign(
        actor=request.auth,
        assignment=old,
        cadre=cadre,
        appointment=appointment,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        start_date=payload.start_date,
        end_reason=payload.end_reason or "",
        note=payload.note,
    )
    return Status(201, get_object_or_404(visible_assignments(request), pk=new.pk))
