"""What the commune-monitoring operations read and write: shapes only, no rule (the services hold them)."""

import datetime
import uuid

from ninja import Field, Schema

from dotpha.api.types import Day, Id, Number, RequiredText, Text
from dotpha.monitoring.models import AssignmentEndReason, CommuneFeedback, CompletionLevel, VisitKind
from dotpha.monitoring.selectors import CoverageStatus
from dotpha.monitoring.selectors.corrections import feedback_record

DECISION_NUMBER = "Số quyết định phân công, ví dụ 15-QĐ/TU."
SECOND_COMMUNE = (
    "Chỉ khi cán bộ đang theo dõi một xã khác: lý do theo dõi thêm xã thứ hai (Ban Thường vụ quyết định)."
)


class ReportPeriodOut(Schema):
    id: int
    name: str
    covers_from: datetime.date
    covers_to: datetime.date
    due_date: datetime.date


class YearOut(Schema):
    id: int
    programme_id: int
    programme_number: str = Field(alias="programme.number")
    year: int
    plan_deadline: datetime.date
    form_deadline: datetime.date
    report_periods: list[ReportPeriodOut]

    @staticmethod
    def resolve_report_periods(year) -> list:
        return sorted(year.report_periods.all(), key=lambda p: (p.due_date, p.pk))


class AssignmentOut(Schema):
    id: int
    programme_id: int
    commune_id: int
    commune_name: str = Field(alias="commune.name")
    cadre_id: int
    cadre_name: str = Field(alias="cadre.full_name")
    appointment_id: int = Field(description="Chức vụ của cán bộ khi được phân công.")
    agency_id: int = Field(alias="appointment.unit_id", description="Cơ quan, đơn vị của cán bộ.")
    agency_name: str = Field(alias="appointment.unit.name")
    position: str = Field(alias="appointment.position.name")
    decision_number: str
    decision_date: datetime.date
    start_date: datetime.date
    end_date: datetime.date | None = Field(description="Trống: đang theo dõi.")
    end_reason: str = Field(description="Mã lý do kết thúc (trống khi chưa kết thúc).")
    end_note: str
    second_commune_reason: str = Field(description="Không trống: cán bộ theo dõi thêm xã thứ hai.")
    replaces_id: int | None = Field(description="Phân công được thay bằng phân công này.")
    cadre_left_on: datetime.date | None = Field(
        description="Ngày cán bộ thôi chức vụ (nghỉ hưu, chuyển công tác): từ ngày đó xã không có người "
        "theo dõi."
    )


class AssignmentFilter(Schema):
    year_id: Id | None = Field(None, description="Chỉ các phân công có hiệu lực trong năm theo dõi này.")
    on: Day | None = Field(None, description="Chỉ các phân công có hiệu lực vào ngày này.")
    commune_id: Id | None = None
    cadre_id: Id | None = None
    agency_id: Id | None = Field(None, description="Cơ quan, đơn vị của cán bộ khi được phân công.")
    active: bool | None = Field(
        None, description="true: đang theo dõi (chưa kết thúc đến hôm nay); false: đã kết thúc."
    )


class AssignmentIn(Schema):
    programme_id: Id = Field(description="Quy định theo dõi xã (xem năm theo dõi).")
    commune_id: Id
    cadre_id: Id
    appointment_id: Id | None = Field(
        None, description="Chức vụ lãnh đạo cấp tỉnh của cán bộ; trống: chức vụ cao nhất vào ngày bắt đầu."
    )
    decision_number: Number = Field(description=DECISION_NUMBER)
    decision_date: Day
    start_date: Day
    end_date: Day | None = None
    second_commune_reason: Text = Field("", description=SECOND_COMMUNE)


class AssignmentEndIn(Schema):
    end_date: Day = Field(description="Ngày cuối cán bộ theo dõi; xã không có người theo dõi từ hôm sau.")
    end_reason: AssignmentEndReason
    note: Text = ""


class ReassignIn(Schema):
    cadre_id: Id = Field(
        description="Cán bộ mới: một trong các cán bộ của monitoring_assignment_successors vào ngày bắt đầu."
    )
    appointment_id: Id | None = Field(None, description="Chức vụ của cán bộ mới; trống: chức vụ cao nhất.")
    decision_number: Number = Field(description=DECISION_NUMBER)
    decision_date: Day
    start_date: Day = Field(description="Cán bộ mới theo dõi từ ngày này; phân công cũ kết thúc hôm trước.")
    end_reason: AssignmentEndReason | None = Field(
        None, description="Trống: tự xác định (cán bộ đã nghỉ, chuyển công tác, hoặc phân công khác)."
    )
    note: Text = ""


class SuccessorOut(Schema):
    cadre_id: int = Field(alias="appointment.cadre_id")
    cadre_name: str = Field(alias="appointment.cadre.full_name")
    appointment_id: int = Field(alias="appointment.pk")
    position: str = Field(alias="appointment.position.name")
    agency_id: int = Field(alias="appointment.unit_id")
    agency_name: str = Field(alias="appointment.unit.name")


class SuccessorFilter(Schema):
    on: Day | None = Field(None, description="Ngày cán bộ mới bắt đầu theo dõi; trống: hôm nay.")


class CoverageFilter(Schema):
    programme_id: Id | None = Field(None, description="Trống: quy định của năm nay (hoặc năm gần nhất).")
    on: Day | None = Field(None, description="Ngày xem; trống: hôm nay.")
    status: CoverageStatus | None = None
    gaps_only: bool = Field(False, description="Chỉ các xã chưa có người theo dõi hoặc cán bộ đã nghỉ.")


class CoverageRowOut(Schema):
    commune_id: int
    commune_name: str
    status: CoverageStatus
    assignment_id: int | None
    cadre_id: int | None
    cadre_name: str | None
    agency_id: int | None
    agency_name: str | None
    cadre_load: int = Field(description="Số xã cán bộ đang theo dõi vào ngày xem.")
    cadre_left_on: datetime.date | None


class CommuneRef(Schema):
    id: int
    name: str


class SharedCadreOut(Schema):
    cadre_id: int
    cadre_name: str
    communes: list[CommuneRef]


class CoverageOut(Schema):
    programme_id: int
    on: datetime.date
    communes_total: int
    covered_count: int = Field(description="Có cán bộ theo dõi (kể cả cán bộ theo dõi hai xã).")
    counts: dict[CoverageStatus, int] = Field(description="Số xã theo tình trạng.")
    rows: list[CoverageRowOut] = Field(description="Từng xã, các xã thiếu người theo dõi trước.")
    shared_cadres: list[SharedCadreOut] = Field(description="Cán bộ đang theo dõi từ hai xã.")


class PlanIn(Schema):
    year_id: Id
    content: RequiredText


class PlanOut(Schema):
    id: int
    assignment_id: int
    year_id: int
    content: str
    deadline: datetime.date
    submitted_on: datetime.date
    days_late: int


class VisitIn(Schema):
    visit_date: Day = Field(description="Không sau hôm nay, trong thời gian được phân công.")
    kind: VisitKind
    content: RequiredText
    issues_found: Text = ""
    proposals: Text = ""
    idempotency_key: uuid.UUID | None = Field(
        None,
        description="Mã do ứng dụng tạo cho lượt này (UUID): gửi lại cùng mã (mất mạng giữa chừng) trả về "
        "lượt đã ghi, không ghi thêm lượt thứ hai.",
    )


class VisitOut(Schema):
    id: int
    assignment_id: int
    commune_id: int = Field(alias="assignment.commune_id")
    cadre_id: int = Field(alias="assignment.cadre_id")
    visit_date: datetime.date
    kind: VisitKind
    content: str
    issues_found: str
    proposals: str
    confirmed_at: datetime.datetime | None = Field(description="Trống: Đảng ủy xã chưa xác nhận.")


class VisitFilter(Schema):
    year_id: Id | None = Field(None, description="Các lượt đi cơ sở trong năm theo dõi này.")
    assignment_id: Id | None = None
    commune_id: Id | None = None
    agency_id: Id | None = None
    confirmed: bool | None = None


class ReportIn(Schema):
    report_period_id: Id = Field(description="Kỳ báo cáo (xem năm theo dõi).")
    content: RequiredText
    issues: Text = ""
    proposals: Text = ""


class ReportOut(Schema):
    id: int
    assignment_id: int
    report_period_id: int
    content: str
    issues: str
    proposals: str
    submitted_on: datetime.date


class FeedbackIn(Schema):
    assignment_id: Id = Field(description="Phân công của cán bộ được nhận xét, tại xã của người gửi.")
    year_id: Id
    completion_level: CompletionLevel
    comments: RequiredText
    proposes_commendation: bool = False
    requests_replacement: bool = False
    replacement_reason: Text = Field("", description="Bắt buộc khi đề nghị thay thế cán bộ.")


class FeedbackChangeOut(Schema):
    field: str
    before: str
    after: str


class FeedbackCorrectionOut(Schema):
    at: datetime.datetime
    by: str | None
    reason: str
    changes: list[FeedbackChangeOut]


class FeedbackOut(Schema):
    id: int
    year_id: int
    year: int = Field(alias="year.year")
    commune_id: int
    commune_name: str = Field(alias="commune.name")
    cadre_id: int
    cadre_name: str = Field(alias="cadre.full_name")
    assignment_id: int
    completion_level: CompletionLevel
    comments: str
    proposes_commendation: bool
    requests_replacement: bool
    replacement_reason: str
    submitted_on: datetime.date
    corrected_at: datetime.datetime | None = Field(description="Ban Tổ chức đã đính chính phiếu.")


class FeedbackDetailOut(FeedbackOut):
    corrections: list[FeedbackCorrectionOut] = Field(
        description="Các lần Ban Tổ chức đính chính: lý do, người sửa, từng nội dung trước và sau. Phiếu "
        "Đảng ủy gửi là nội dung `before` của lần đính chính đầu tiên."
    )

    @staticmethod
    def resolve_corrections(obj: CommuneFeedback) -> list[dict]:
        return [
            {
                "at": c.at,
                "by": str(c.by) if c.by else None,
                "reason": c.reason,
                "changes": [{"field": ch.label, "before": ch.before, "after": ch.after} for ch in c.changes],
            }
            for c in feedback_record(obj).corrections
        ]


class FeedbackCorrectIn(Schema):
    reason: RequiredText = Field(description="Lý do đính chính (bắt buộc), ghi vào nhật ký thay đổi.")
    completion_level: CompletionLevel | None = None
    comments: Text | None = None
    proposes_commendation: bool | None = None
    requests_replacement: bool | None = None
    replacement_reason: Text | None = None


class FeedbackFilter(Schema):
    year_id: Id | None = None
    commune_id: Id | None = None
    cadre_id: Id | None = None
    agency_id: Id | None = None
