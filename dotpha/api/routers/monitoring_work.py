"""The monitoring cadre's work (the year's plan, visits to the commune, periodic reports), the commune
committee's confirmation of a visit, and its year-end evaluation forms. Each write calls the one service."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.pagination import Pages
from dotpha.api.routers.monitoring_schemas import (
    FeedbackCorrectIn,
    FeedbackDetailOut,
    FeedbackFilter,
    FeedbackIn,
    FeedbackOut,
    PlanIn,
    PlanOut,
    ReportIn,
    ReportOut,
    VisitFilter,
    VisitIn,
    VisitOut,
)
from dotpha.api.types import Id
from dotpha.core.errors import PermissionDeniedError
from dotpha.monitoring import services
from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringYear,
    ReportPeriod,
    Visit,
)
from dotpha.monitoring.permissions import speaks_for_commune
from dotpha.monitoring.selectors import (
    assignments_for_feedback,
    assignments_visible_to,
    feedback_visible_to,
    visits_visible_to,
)
from dotpha.monitoring.views._common import ASSIGNMENT_RELATED

router = Router()
FEEDBACK_RELATED = ("year", "commune", "cadre")


def _assignment(request: ApiRequest, assignment_id: int) -> MonitoringAssignment:
    return get_object_or_404(
        assignments_visible_to(request.auth).select_related(*ASSIGNMENT_RELATED), pk=assignment_id
    )


def _visits(request: ApiRequest) -> QuerySet[Visit]:
    return visits_visible_to(request.auth).select_related("assignment")


@router.post(
    "/assignments/{assignment_id}/plans",
    response={201: PlanOut, **WRITE_ERRORS},
    operation_id="monitoring_plan_submit",
    summary="Gửi chương trình, kế hoạch theo dõi năm",
    description="Một kế hoạch mỗi năm, gửi một lần; gửi sau hạn thì ghi số ngày muộn (days_late).",
)
def monitoring_plan_submit(request: ApiRequest, assignment_id: Id, payload: PlanIn):
    assignment = _assignment(request, assignment_id)
    year = get_object_or_404(MonitoringYear.objects.select_related("programme"), pk=payload.year_id)
    plan = services.monitoring_plan_submit(
        actor=request.auth, assignment=assignment, year=year, content=payload.content
    )
    return Status(201, plan)


@router.post(
    "/assignments/{assignment_id}/visits",
    response={201: VisitOut, **WRITE_ERRORS},
    operation_id="monitoring_visit_log",
    summary="Ghi lượt đi cơ sở",
    description="Cán bộ theo dõi ghi; Đảng ủy xã được báo để xác nhận.",
)
def monitoring_visit_log(request: ApiRequest, assignment_id: Id, payload: VisitIn):
    assignment = _assignment(request, assignment_id)
    visit = services.visit_log(actor=request.auth, assignment=assignment, **payload.dict())
    return Status(201, get_object_or_404(_visits(request), pk=visit.pk))


@router.post(
    "/visits/{visit_id}/confirm",
    response={200: VisitOut, **WRITE_ERRORS},
    operation_id="monitoring_visit_confirm",
    summary="Đảng ủy xã xác nhận lượt đi cơ sở",
)
def monitoring_visit_confirm(request: ApiRequest, visit_id: Id):
    visit = get_object_or_404(_visits(request), pk=visit_id)
    services.visit_confirm(actor=request.auth, visit=visit)
    return get_object_or_404(_visits(request), pk=visit.pk)


@router.get(
    "/visits",
    response={200: list[VisitOut], **ERRORS},
    operation_id="monitoring_visit_list",
    summary="Lượt đi cơ sở",
)
@paginate(Pages)
def monitoring_visit_list(request: ApiRequest, filters: Query[VisitFilter]):
    qs = _visits(request)
    if filters.year_id is not None:
        year = get_object_or_404(MonitoringYear, pk=filters.year_id)
        qs = qs.filter(assignment__programme_id=year.programme_id, visit_date__year=year.year)
    for name, field in (
        ("assignment_id", "assignment_id"),
        ("commune_id", "assignment__commune_id"),
        ("agency_id", "assignment__appointment__unit_id"),
    ):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    if filters.confirmed is not None:
        qs = qs.filter(confirmed_at__isnull=not filters.confirmed)
    return qs.order_by("-visit_date", "-pk")


@router.post(
    "/assignments/{assignment_id}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    operation_id="monitoring_report_submit",
    summary="Gửi báo cáo kết quả theo dõi (định kỳ)",
)
def monitoring_report_submit(request: ApiRequest, assignment_id: Id, payload: ReportIn):
    assignment = _assignment(request, assignment_id)
    period = get_object_or_404(ReportPeriod.objects.select_related("year"), pk=payload.report_period_id)
    report = services.monitoring_report_submit(
        actor=request.auth,
        assignment=assignment,
        report_period=period,
        content=payload.content,
        issues=payload.issues,
        proposals=payload.proposals,
    )
    return Status(201, report)


def _feedback(request: ApiRequest) -> QuerySet[CommuneFeedback]:
    return feedback_visible_to(request.auth).select_related(*FEEDBACK_RELATED)


@router.get(
    "/feedback",
    response={200: list[FeedbackOut], **ERRORS},
    operation_id="monitoring_feedback_list",
    summary="Phiếu nhận xét cán bộ theo dõi xã",
    description="Các phiếu Đảng ủy xã đã gửi. Cán bộ không đọc phiếu nhận xét về chính mình.",
)
@paginate(Pages)
def monitoring_feedback_list(request: ApiRequest, filters: Query[FeedbackFilter]):
    qs = _feedback(request)
    for name, field in (
        ("year_id", "year_id"),
        ("commune_id", "commune_id"),
        ("cadre_id", "cadre_id"),
        ("agency_id", "assignment__appointment__unit_id"),
    ):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs.order_by("-year__year", "commune__name", "cadre__full_name", "pk")


@router.get(
    "/feedback/{feedback_id}",
    response={200: FeedbackDetailOut, **ERRORS},
    operation_id="monitoring_feedback_get",
    summary="Một phiếu nhận xét",
)
def monitoring_feedback_get(request: ApiRequest, feedback_id: Id):
    return get_object_or_404(_feedback(request), pk=feedback_id)


@router.post(
    "/feedback",
    response={201: FeedbackOut, **WRITE_ERRORS},
    operation_id="monitoring_feedback_submit",
    summary="Đảng ủy xã gửi phiếu nhận xét cán bộ theo dõi",
    description=(
        "Một phiếu mỗi năm cho mỗi cán bộ đã theo dõi xã; gửi một lần, sau đó chỉ Ban Tổ chức đính chính."
    ),
)
def monitoring_feedback_submit(request: ApiRequest, payload: FeedbackIn):
    assignment = get_object_or_404(
        assignments_for_feedback(request.auth).select_related("commune", "cadre"), pk=payload.assignment_id
    )
    year = get_object_or_404(MonitoringYear.objects.select_related("programme"), pk=payload.year_id)
    if not speaks_for_commune(request.auth, assignment.commune):
        raise PermissionDeniedError(
            _("Chỉ Đảng ủy %(commune)s được gửi phiếu nhận xét cán bộ theo dõi xã mình.")
            % {"commune": assignment.commune}
        )
    feedback = services.commune_feedback_submit(
        actor=request.auth,
        year=year,
        commune=assignment.commune,
        cadre=assignment.cadre,
        **payload.dict(exclude={"assignment_id", "year_id"}),
    )
    return Status(201, get_object_or_404(_feedback(request), pk=feedback.pk))


@router.post(
    "/feedback/{feedback_id}/correct",
    response={200: FeedbackDetailOut, **WRITE_ERRORS},
    operation_id="monitoring_feedback_correct",
    summary="Ban Tổ chức đính chính phiếu nhận xét",
    description=(
        "Chỉ Ban Tổ chức, có lý do; chỉ gửi các nội dung cần sửa. Phiếu Đảng ủy gửi được giữ nguyên trong "
        "lịch sử và trả về trong `corrections`."
    ),
)
def monitoring_feedback_correct(request: ApiRequest, feedback_id: Id, payload: FeedbackCorrectIn):
    feedback = get_object_or_404(_feedback(request), pk=feedback_id)
    services.commune_feedback_correct(actor=request.auth, feedback=feedback, **payload.dict())
    return get_object_or_404(_feedback(request), pk=feedback.pk)
