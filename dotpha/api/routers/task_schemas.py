"""What the task operations read and write, and how both task routers find a task or a row of a task:
one the caller cannot see is not found (404), as on the task pages."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema
from pydantic import StringConstraints, field_validator

from dotpha.accounts.models import User
from dotpha.api.types import NO_NUL, Day, Id, ShortText, Text, Title
from dotpha.programmes.models import Grade, TaskKind
from dotpha.tasks.models import AdjustmentStatus, ObstacleStatus, Task, TaskOrigin, TaskStatus
from dotpha.tasks.selectors import ProgressState, task_detail, task_progress, tasks_visible_to

# The lengths of the plan's columns (a milestone's title, a target's name and unit), so that no long text
# reaches the database as an error.
RowTitle = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=300)]
Measure = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=50)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
IdList = Annotated[list[Id], Field(max_length=50)]
# The task's version a client read (TaskOut.version) and bases a change on: optimistic concurrency.
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
STALE_RULE = (
    "Phiên bản của việc (trường version khi đọc việc) mà thay đổi này dựa vào. Nếu đã có người cập nhật "
    "việc sau đó, yêu cầu bị từ chối (400, mã stale_version) và không thay đổi gì: đọc lại việc rồi gửi lại."
)


def today() -> datetime.date:
    return timezone.localdate()


# --- lookups ---------------------------------------------------------------------------------------------


def visible_task(user: User, task_id: int) -> Task:
    return get_object_or_404(
        tasks_visible_to(user).select_related("programme", "period", "authority_unit"), pk=task_id
    )


def task_page(user: User, task_id: int) -> Task:
    """The task with everything its page shows (not found unless visible), the reports' authors' names
    included in one more query."""
    task = task_detail(user, task_id)
    prefetch_related_objects(list(task.progress_reports.all()), "author__cadre")
    return task


def visible_child[M: Model](user: User, queryset: QuerySet[M], pk: int) -> M:
    """A row of a task (obstacle, adjustment, milestone) whose task the caller may see."""
    try:
        return queryset.filter(task__in=tasks_visible_to(user).values("pk")).get(pk=pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


# --- output ----------------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    title: str
    kind: TaskKind
    status: TaskStatus
    progress: ProgressState | None = Field(
        description="Tiến độ suy ra (chỉ với việc đã phê duyệt): đúng tiến độ, có nguy cơ chậm, quá hạn, "
        "chậm báo cáo, hoàn thành đúng hạn / chậm / trước kế hoạch; đã đánh giá (việc chưa báo cáo "
        "hoàn thành mà cấp có thẩm quyền đã đánh giá: tiến độ theo kết quả đánh giá)."
    )
    latest_percent: int | None = Field(description="Tỷ lệ hoàn thành trong báo cáo gần nhất.")
    programme_id: int
    period_id: int
    field_id: int | None
    assignee_cadre_id: int | None = Field(description="Cán bộ được giao (việc cá nhân).")
    assignee_cadre_name: str | None = Field(None, alias="assignee_cadre.full_name")
    assignee_unit_id: int | None = Field(description="Tập thể được giao (việc tập thể).")
    assignee_unit_name: str | None = Field(None, alias="assignee_unit.name")
    authority_unit_id: int = Field(description="Cấp phê duyệt, đánh giá việc.")
    start_date: datetime.date | None
    deadline: datetime.date | None
    decision_id: int | None = Field(description="Quyết định phê duyệt theo đợt, nếu có.")
    grade: Grade | None = Field(description="Kết quả đánh giá của cấp có thẩm quyền, nếu đã đánh giá.")
    version: int = Field(
        description="Phiên bản của việc: tăng mỗi lần việc hoặc nội dung của việc thay đổi. Gửi lại khi "
        "sửa, phê duyệt, tự đánh giá, đánh giá để không ghi đè thay đổi của người khác."
    )

    @staticmethod
    def resolve_progress(obj: Task) -> str | None:
        if hasattr(obj, "progress"):  # the list's annotation
            return obj.progress
        return task_progress(obj, today())

    @staticmethod
    def resolve_latest_percent(obj: Task) -> int | None:
        if hasattr(obj, "latest_percent"):
            return obj.latest_percent
        reports = sorted(obj.progress_reports.all(), key=lambda r: (r.reported_on, r.pk))
        return reports[-1].percent_done if reports else None

    @staticmethod
    def resolve_grade(obj: Task) -> str | None:
        evaluation = getattr(obj, "evaluation", None)
        return (evaluation.grade or None) if evaluation is not None else None


class CadreRef(Schema):
    id: int
    full_name: str


class UnitRef(Schema):
    id: int
    name: str


class MilestoneOut(Schema):
    id: int
    task_id: int
    title: str
    due_date: datetime.date
    done_on: datetime.date | None = Field(description="Ngày hoàn thành mốc; trống khi chưa xong.")
    completed_at: datetime.datetime | None = Field(
        description="Lúc ghi nhận hoàn thành; hủy được ghi nhận đến hết ngày này."
    )


class TargetOut(Schema):
    id: int
    name: str
    unit_of_measure: str
    target_value: Decimal = Field(description="Giá trị phải đạt (số thập phân dạng chuỗi).")
    achieved_value: Decimal | None = Field(description="Giá trị đã đạt theo báo cáo gần nhất.")


class TargetValueOut(Schema):
    target_id: int
    value: Decimal


class EvidenceOut(Schema):
    id: int
    original_name: str = Field(description="Tên tệp minh chứng khi tải lên.")
    size: int = Field(description="Dung lượng (byte).")


class ProgressReportOut(Schema):
    id: int
    task_id: int
    reported_on: datetime.date
    percent_done: int
    narrative: str
    decrease_reason: str = Field(description="Lý do tiến độ thấp hơn lần báo cáo trước (nếu giảm).")
    confirmed_warning: str = Field(
        description="Cảnh báo tỷ lệ mâu thuẫn với chỉ tiêu, mốc mà người báo cáo đã xác nhận (nếu có)."
    )
    author_name: str = Field(description="Người báo cáo.")
    target_values: list[TargetValueOut] = Field(description="Giá trị các chỉ tiêu đạt được tại báo cáo.")
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_author_name(obj) -> str:
        return str(obj.author)


class ObstacleOut(Schema):
    id: int
    task_id: int
    content: str
    proposal: str
    status: ObstacleStatus
    answer: str = Field(description="Trả lời, chỉ đạo của cấp có thẩm quyền.")
    created_at: datetime.datetime
    answered_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


class AdjustmentOut(Schema):
    id: int
    task_id: int
    reason: str
    status: AdjustmentStatus
    new_deadline: datetime.date | None
    new_description: str
    new_deliverable: str
    target_id: int | None
    new_target_value: Decimal | None
    original_deadline: datetime.date | None = Field(description="Giá trị cũ, lúc đề nghị.")
    original_description: str
    original_deliverable: str
    original_target_value: Decimal | None
    decision_comment: str = Field(description="Ý kiến của cấp có thẩm quyền khi xem xét.")
    decided_at: datetime.datetime | None
    created_at: datetime.datetime


class EvaluationOut(Schema):
    task_id: int
    self_grade: Grade | None = Field(description="Mức tự đánh giá của người được giao.")
    self_assessment: str
    self_assessed_at: datetime.datetime | None
    grade: Grade | None = Field(description="Kết quả đánh giá của cấp có thẩm quyền.")
    ahead_of_plan: bool
    comment: str
    evaluated_at: datetime.datetime | None
    task_version: int = Field(description="Phiên bản của việc sau thay đổi này (để gửi thay đổi tiếp theo).")

    @staticmethod
    def resolve_task_version(obj) -> int:
        return obj.task.version

    @staticmethod
    def resolve_self_grade(obj) -> str | None:
        return obj.self_grade or None

    @staticmethod
    def resolve_grade(obj) -> str | None:
        return obj.grade or None


class TaskDetailOut(TaskOut):
    """Một việc với “5 rõ” và mọi nội dung trang việc hiển thị."""

    origin: TaskOrigin = Field(description="Đăng ký (registered) hoặc giao trực tiếp (assigned).")
    description: str
    deliverable: str
    accountable_cadre_id: int | None = Field(description="Người chịu trách nhiệm (việc tập thể).")
    accountable_cadre_name: str | None = Field(None, alias="accountable_cadre.full_name")
    author_id: int = Field(description="Tài khoản người lập việc.")
    submitted_at: datetime.datetime | None
    approved_on: datetime.date | None
    review_comment: str = Field(description="Ý kiến của cấp phê duyệt (phê duyệt, trả lại, không duyệt).")
    co_cadres: list[CadreRef] = Field(description="Cán bộ phối hợp.")
    co_units: list[UnitRef] = Field(description="Đơn vị phối hợp.")
    milestones: list[MilestoneOut]
    targets: list[TargetOut]
    progress_reports: list[ProgressReportOut] = Field(description="Mới nhất trước.")
    obstacles: list[ObstacleOut]
    adjustments: list[AdjustmentOut]
    evaluation: EvaluationOut | None

    @staticmethod
    def resolve_evaluation(obj: Task):
        return getattr(obj, "evaluation", None)


# --- input -----------------------------------------------------------------------------------------------


class MilestoneIn(Schema):
    title: RowTitle
    due_date: Day


class TargetIn(Schema):
    name: RowTitle
    unit_of_measure: Measure
    target_value: Amount


class _DraftIn(Schema):
    kind: TaskKind = TaskKind.BREAKTHROUGH
    field_id: Id | None = Field(None, description="Lĩnh vực (đang dùng).")
    title: Title
    description: Text = Field("", description="Nội dung, giải pháp (rõ việc).")
    start_date: Day | None = None
    deadline: Day | None = Field(None, description="Thời hạn hoàn thành (rõ tiến độ).")
    deliverable: Text = Field("", description="Sản phẩm (rõ hiệu quả).")
    accountable_cadre_id: Id | None = Field(None, description="Người chịu trách nhiệm (việc tập thể).")
    co_cadre_ids: IdList = Field([], description="Cán bộ phối hợp.")
    co_unit_ids: IdList = Field([], description="Đơn vị phối hợp.")
    programme_id: Id
    period_id: Id
    assignee_cadre_id: Id | None = Field(None, description="Cán bộ được giao; hoặc assignee_unit_id.")
    assignee_unit_id: Id | None = Field(None, description="Tập thể được giao; hoặc assignee_cadre_id.")
    milestones: list[MilestoneIn] = Field([], max_length=30)
    targets: list[TargetIn] = Field([], max_length=20)


class TaskCreateIn(_DraftIn):
    """Đăng ký việc: cán bộ cho chính mình (assignee_cadre_id là cán bộ của mình), lãnh đạo đơn vị cho
    tập thể đơn vị mình quản lý (assignee_unit_id). Lưu nháp; `submit` thì gửi phê duyệt luôn."""

    submit: bool = Field(False, description="Gửi phê duyệt ngay (như nút “Lưu và gửi phê duyệt”).")


class DecisionIn(Schema):
    """Every approval belongs to a numbered decision: an open one (`decision_id`), or a new one created at
    once from its number and signing date. The task's approval date is the decision's signing date."""

    decision_id: Id | None = Field(
        None, description="Quyết định đang mở (chưa có bản ký) của cùng chương trình và kỳ."
    )
    decision_number: ShortText = Field("", description="Hoặc số quyết định mới, ví dụ 125-QĐ/TU.")
    signed_on: Day | None = Field(
        None, description="Ngày ký quyết định mới: không sau hôm nay, không trước ngày kỳ mở."
    )
    decision_title: ShortText = Field(
        "", description="Trích yếu quyết định mới; trống: “Quyết định phê duyệt”."
    )


class TaskAssignIn(_DraftIn, DecisionIn):
    """Giao việc trực tiếp: việc bắt đầu ở trạng thái đã phê duyệt."""

    description: Text = Field(description="Nội dung, giải pháp (rõ việc).")
    start_date: Day
    deadline: Day
    comment: Text = Field("", description="Ý kiến chỉ đạo.")


class TaskUpdateIn(Schema):
    """Chỉ các trường gửi lên được thay đổi; `null` xóa field_id, accountable_cadre_id, start_date,
    deadline (các trường khác không nhận `null`)."""

    kind: TaskKind | None = None
    field_id: Id | None = None
    title: Title | None = None
    description: Text | None = None
    start_date: Day | None = None
    deadline: Day | None = None
    deliverable: Text | None = None
    accountable_cadre_id: Id | None = None
    co_cadre_ids: IdList | None = Field(None, description="Thay toàn bộ danh sách cán bộ phối hợp.")
    co_unit_ids: IdList | None = Field(None, description="Thay toàn bộ danh sách đơn vị phối hợp.")
    version: Version | None = Field(None, description=f"{STALE_RULE} Không gửi: không kiểm tra.")

    @field_validator("kind", "title", "description", "deliverable", "co_cadre_ids", "co_unit_ids")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("không được để null")
        return value


class CommentIn(Schema):
    comment: Text = Field("", description="Ý kiến (không bắt buộc).")


class RequiredCommentIn(Schema):
    comment: Text = Field(description="Ý kiến (bắt buộc, không để trống).")


class ReasonIn(Schema):
    reason: Text = Field(description="Lý do (bắt buộc, không để trống).")


class SeenVersion(Schema):
    """Optional for the clients written before versions existed: without it nothing is checked."""

    version: Version | None = Field(None, description=f"{STALE_RULE} Không gửi: không kiểm tra.")


class ApproveIn(CommentIn, SeenVersion, DecisionIn):
    pass


class ReturnIn(RequiredCommentIn, SeenVersion):
    pass


class RejectIn(ReasonIn, SeenVersion):
    pass
