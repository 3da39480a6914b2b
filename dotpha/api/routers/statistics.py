"""Statistics: the figures of the dashboards (breakthrough tasks) and the year's commune-monitoring summary,
computed by the same selectors as the pages, with the same permissions (`dotpha.reports.permissions`): a
caller without a reporting role is refused (403), a unit outside their statistics is not found (404)."""

import datetime
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS
from dotpha.api.types import Id
from dotpha.core.errors import PermissionDeniedError
from dotpha.core.replica import reads_from_replica
from dotpha.monitoring.models import MonitoringYear
from dotpha.monitoring.permissions import oversees
from dotpha.monitoring.selectors import SummaryRow, summary_for
from dotpha.org.models import Unit, UnitLevel
from dotpha.programmes.models import Field as TaskField
from dotpha.programmes.models import Period, TaskKind
from dotpha.reports.forms import visible_programmes
from dotpha.reports.permissions import can_read_reports, can_read_unit_stats, default_root
from dotpha.reports.selectors import RATES, Figures, StatsFilter, StatsRow, dashboard

router = Router()


class FiguresOut(Schema):
    total: int = Field(description="Tổng số việc (trừ bản nháp).")
    submitted: int = Field(description="Chờ phê duyệt.")
    returned: int = Field(description="Trả lại để hoàn thiện.")
    rejected: int = Field(description="Không phê duyệt.")
    approved: int = Field(description="Đã phê duyệt (được giao).")
    cadres: int = Field(description="Số cán bộ được giao (mỗi cán bộ tính một lần).")
    on_track: int
    stale: int = Field(description="Chậm báo cáo.")
    at_risk: int = Field(description="Có nguy cơ chậm.")
    overdue: int
    done: int = Field(description="Đã báo cáo hoàn thành.")
    excellent: int
    good: int
    completed: int
    not_completed: int
    ahead: int = Field(description="Hoàn thành trước kế hoạch.")
    excellent_rate: float | None = Field(
        description="Phần trăm trên số việc đã phê duyệt; trống khi chưa có."
    )
    finished_rate: float | None = Field(description="Hoàn thành trở lên, phần trăm.")
    ahead_rate: float | None
    at_risk_rate: float | None
    overdue_rate: float | None


class StatsRowOut(Schema):
    key: str = Field(description="unit:<id>, unit:direct (việc tính tại chính đơn vị), field:…, kind:…, …")
    label: str
    note: str
    unit_id: int | None
    is_historical: bool = Field(description="Đơn vị đã sáp nhập, giải thể.")
    figures: FiguresOut


class TaskStatsOut(Schema):
    unit_id: int = Field(description="Đơn vị gốc: số liệu của đơn vị này và các đơn vị trực thuộc.")
    unit_name: str
    as_of: datetime.date = Field(description="Ngày tính tiến độ.")
    programme_id: int | None
    period_id: int | None
    year: int | None
    field_id: int | None
    level_id: int | None
    kind: str
    status: str
    total: FiguresOut
    units: list[StatsRowOut] = Field(description="Theo đơn vị trực thuộc.")
    fields: list[StatsRowOut] = Field(description="Theo lĩnh vực.")
    kinds: list[StatsRowOut] = Field(description="Theo loại việc.")
    levels: list[StatsRowOut] = Field(description="Theo cấp.")
    trend: list[StatsRowOut] = Field(
        description="Theo năm (các kỳ một năm), trong bộ lọc: chỉ năm được chọn; kỳ được chọn là một dòng."
    )
    cadres: list[StatsRowOut] = Field(description="Theo cán bộ (khi with_cadres).")


class TaskStatsFilter(Schema):
    unit_id: Id | None = Field(
        None, description="Trống: tỉnh (Ban Tổ chức, Thường trực, kiểm tra) hoặc đơn vị của mình."
    )
    programme_id: Id | None = None
    period_id: Id | None = None
    year: int | None = Field(None, ge=1900, le=2999, description="Các kỳ một năm bắt đầu trong năm này.")
    field_id: Id | None = None
    level_id: Id | None = Field(None, description="Cấp của đơn vị được tính.")
    kind: TaskKind | None = None
    status: Literal["submitted", "returned", "approved", "rejected"] | None = None
    with_cadres: bool = Field(False, description="Thêm bảng theo cán bộ.")


def _figures(figures: Figures) -> dict:
    return {**figures.as_dict(), **{code: getattr(figures, code) for code, _label in RATES}}


def _row(row: StatsRow) -> dict:
    return row.as_dict() | {"figures": _figures(row.figures)}


def _root(request: ApiRequest, unit_id: int | None) -> Unit:
    if not can_read_reports(request.auth):
        raise PermissionDeniedError(_("Bạn không có quyền xem thống kê."))
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id is not None else default_root(request.auth)
    if unit is None or not can_read_unit_stats(request.auth, unit):
        raise Http404
    return unit


@router.get(
    "/tasks",
    response={200: TaskStatsOut, **ERRORS},
    operation_id="statistics_tasks",
    summary="Số liệu việc đột phá",
    description=(
        "Các số liệu của trang thống kê: theo trạng thái, tiến độ, kết quả đánh giá, trước kế hoạch; "
        "theo đơn vị, lĩnh vực, loại việc, cấp, năm. Chỉ đếm các việc người gọi được xem, trừ bản nháp. "
        "Không chọn năm hay kỳ: mọi năm."
    ),
)
@reads_from_replica
def statistics_tasks(request: ApiRequest, filters: Query[TaskStatsFilter]):
    unit = _root(request, filters.unit_id)
    programmes = visible_programmes(request.auth)
    f = StatsFilter(
        programme=get_object_or_404(programmes, pk=filters.programme_id) if filters.programme_id else None,
        period=get_object_or_404(Period.objects.filter(programme__in=programmes), pk=filters.period_id)
        if filters.period_id
        else None,
        year=filters.year,
        level=get_object_or_404(UnitLevel, pk=filters.level_id) if filters.level_id else None,
        field=get_object_or_404(TaskField, pk=filters.field_id) if filters.field_id else None,
        kind=filters.kind or "",
        status=filters.status or "",
    )
    today = timezone.localdate()
    board = dashboard(request.auth, unit, f, today=today, with_cadres=filters.with_cadres)
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "as_of": today,
        "programme_id": f.programme.pk if f.programme else None,
        "period_id": f.period.pk if f.period else None,
        "year": f.year,
        "field_id": f.field.pk if f.field else None,
        "level_id": f.level.pk if f.level else None,
        "kind": f.kind,
        "status": f.status,
        "total": _figures(board.total.figures),
        **{name: [_row(r) for r in rows] for name, _title, rows in board.tables()},
        "cadres": [_row(r) for r in board.cadres],
    }


class MonitoringRowOut(Schema):
    agency_id: int | None = Field(
        description="Cơ quan, đơn vị của cán bộ khi được phân công; trống: toàn tỉnh."
    )
    agency_name: str | None
    cadres_assigned: int = Field(description="Cán bộ được phân công (một cán bộ có thể theo dõi hai xã).")
    assignments: int = Field(description="Phân công trong năm: danh sách sau con số cán bộ.")
    communes_covered: int
    forms_expected: int = Field(description="Phiếu nhận xét phải có.")
    forms_received: int
    visits: int
    cadres_evaluated: int
    cadres_commended: int = Field(description="Cán bộ được đề nghị biểu dương, khen thưởng.")
    forms_commending: int = Field(description="Phiếu đề nghị khen thưởng: danh sách sau con số cán bộ.")
    commendation_share: float | None = Field(description="Phần trăm trên số cán bộ được nhận xét.")
    replacement_requests: int
    plans_late: int
    plans_missing: int
    reports_late: int
    reports_missing: int


class MonitoringStatsOut(Schema):
    year_id: int
    year: int
    unit_id: int | None
    reference_day: datetime.date = Field(description="Ngày tính số xã có người theo dõi.")
    communes_total: int
    total: MonitoringRowOut
    rows: list[MonitoringRowOut] = Field(description="Theo cơ quan, đơn vị.")


class MonitoringStatsFilter(Schema):
    year_id: Id | None = Field(None, description="Năm theo dõi; trống: năm nay (hoặc năm gần nhất).")
    unit_id: Id | None = Field(
        None,
        description="Chỉ cán bộ của đơn vị này và các đơn vị trực thuộc (như phần theo dõi xã trong báo "
        "cáo năm của đơn vị); trống: toàn bộ quy định.",
    )


def _summary_row(row: SummaryRow) -> dict:
    return {
        **{name: getattr(row, name) for name in MonitoringRowOut.model_fields if hasattr(row, name)},
        "agency_id": row.agency.pk if row.agency else None,
        "agency_name": row.agency.name if row.agency else None,
    }


@router.get(
    "/monitoring",
    response={200: MonitoringStatsOut, **ERRORS},
    operation_id="statistics_monitoring",
    summary="Tổng hợp theo dõi xã trong năm",
    description=(
        "Theo cơ quan, đơn vị: số xã có người theo dõi, phiếu nhận xét đã nhận / phải có, lượt đi cơ sở, "
        "đề nghị khen thưởng, thay thế, kế hoạch và báo cáo muộn, chưa gửi. Như trang tổng hợp: chỉ Ban Tổ "
        "chức, cơ quan kiểm tra và Thường trực đơn vị ban hành quy định."
    ),
)
@reads_from_replica
def statistics_monitoring(request: ApiRequest, filters: Query[MonitoringStatsFilter]):
    if not can_read_reports(request.auth):
        raise PermissionDeniedError(_("Bạn không có quyền xem thống kê."))
    years = MonitoringYear.objects.select_related(
        "programme", "programme__scope_unit", "programme__issuing_unit"
    )
    today = timezone.localdate()
    year: MonitoringYear | None
    if filters.year_id is not None:
        year = get_object_or_404(years, pk=filters.year_id)
    else:
        year = years.filter(year=today.year).order_by("pk").first() or years.order_by("-year", "pk").first()
    if year is None:
        raise Http404
    if not oversees(request.auth, year.programme):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức, cơ quan kiểm tra và Thường trực xem tổng hợp theo dõi xã.")
        )
    unit = get_object_or_404(Unit, pk=filters.unit_id) if filters.unit_id is not None else None
    summary = summary_for(unit or year.programme.scope_unit, year, today=today)
    return {
        "year_id": year.pk,
        "year": year.year,
        "unit_id": unit.pk if unit else None,
        "reference_day": summary.reference_day,
        "communes_total": summary.communes_total,
        "total": _summary_row(summary.total),
        "rows": [_summary_row(row) for row in summary.rows],
    }
