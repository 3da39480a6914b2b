"""Keeping a task current: milestones, progress reports (JSON, no files), obstacles, adjustment requests
and the year-end evaluation. Each operation finds its task (or the task's row) among those the caller may
see (404 otherwise) and calls the one service; the created or changed row is returned."""

from ninja import Field, Router, Schema, Status

from dotpha.api.auth import ApiRequest
from dotpha.api.errors import WRITE_ERRORS
from dotpha.api.routers.task_schemas import (
    STALE_RULE,
    AdjustmentOut,
    Amount,
    CommentIn,
    EvaluationOut,
    MilestoneOut,
    ObstacleOut,
    ProgressReportOut,
    RequiredCommentIn,
    RowTitle,
    SeenVersion,
    Version,
    visible_child,
    visible_task,
)
from dotpha.api.types import Day, Id, Text
from dotpha.programmes.models import Grade
from dotpha.tasks import services
from dotpha.tasks.models import AdjustmentRequest, Milestone, Obstacle, ProgressReport, Target

router = Router()


class MilestoneAddIn(Schema):
    title: RowTitle
    due_date: Day


class TargetValueIn(Schema):
    target_id: Id
    value: Amount


class ReportIn(Schema):
    percent_done: int = Field(ge=0, le=100, description="Tỷ lệ hoàn thành (%).")
    narrative: Text = Field(description="Kết quả thực hiện, nhận xét (bắt buộc).")
    decrease_reason: Text = Field(
        "",
        description=(
            "Lý do, bắt buộc khi tỷ lệ thấp hơn lần báo cáo trước (thiếu: 400 với mã "
            "progress_decrease_reason_required)."
        ),
    )
    confirmed: bool = Field(
        False,
        description=(
            "Xác nhận số liệu khi tỷ lệ mâu thuẫn với chỉ tiêu, mốc của việc: không xác nhận thì bị từ chối "
            "422 với mã progress_contradicts_targets và lời cảnh báo; gửi lại với true để ghi nhận."
        ),
    )
    target_values: list[TargetValueIn] = Field(
        [], max_length=100, description="Giá trị đạt được của các chỉ tiêu của việc."
    )


class ObstacleIn(Schema):
    content: Text = Field(description="Khó khăn, vướng mắc (bắt buộc).")
    proposal: Text = Field("", description="Kiến nghị, đề xuất.")


class AnswerIn(Schema):
    answer: Text = Field(description="Trả lời, chỉ đạo (bắt buộc).")


class AdjustmentIn(Schema):
    reason: Text = Field(description="Lý do điều chỉnh (bắt buộc).")
    new_deadline: Day | None = None
    new_description: Text = ""
    new_deliverable: Text = ""
    target_id: Id | None = Field(None, description="Chỉ tiêu cần điều chỉnh, kèm new_target_value.")
    new_target_value: Amount | None = None


class SelfAssessmentIn(SeenVersion):
    self_grade: Grade = Field(description="Một mức trong thang đánh giá của chương trình.")
    self_assessment: Text = Field(description="Tự nhận xét, đánh giá (bắt buộc).")


class EvaluationIn(Schema):
    grade: Grade = Field(description="Một mức trong thang đánh giá của chương trình.")
    ahead_of_plan: bool = Field(False, description="Hoàn thành trước kế hoạch.")
    comment: Text = ""
    # Required: a grade may be given again, and two evaluators at once overwrote each other.
    version: Version = Field(description=f"{STALE_RULE} Bắt buộc.")


@router.post(
    "/tasks/{task_id}/milestones",
    response={201: MilestoneOut, **WRITE_ERRORS},
    operation_id="milestone_add",
    summary="Thêm mốc vào kế hoạch (việc nháp)",
    description=(
        "Người lập thêm mốc khi việc còn nháp hoặc bị trả lại; việc đã phê duyệt thì đổi kế hoạch qua đề "
        "nghị điều chỉnh."
    ),
)
def milestone_add(request: ApiRequest, task_id: Id, payload: MilestoneAddIn):
    task = visible_task(request.auth, task_id)
    milestone = services.milestone_add(
        actor=request.auth, task=task, title=payload.title, due_date=payload.due_date
    )
    return Status(201, milestone)


@router.post(
    "/milestones/{milestone_id}/complete",
    response={200: MilestoneOut, **WRITE_ERRORS},
    operation_id="milestone_complete",
    summary="Ghi nhận hoàn thành mốc",
    description="Người được giao ghi nhận hoàn thành mốc (ngày hôm nay) của việc đã phê duyệt.",
)
def milestone_complete(request: ApiRequest, milestone_id: Id):
    milestone = visible_child(request.auth, Milestone.objects.all(), milestone_id)
    return services.milestone_complete(actor=request.auth, milestone=milestone)


@router.post(
    "/milestones/{milestone_id}/undo",
    response={200: MilestoneOut, **WRITE_ERRORS},
    operation_id="milestone_undo",
    summary="Hủy ghi nhận hoàn thành mốc",
    description=(
        "Trong ngày đã ghi nhận hoàn thành: người đã ghi nhận hoặc cấp có thẩm quyền hủy ghi nhận (mã "
        "undo_expired khi đã qua ngày đó)."
    ),
)
def milestone_undo(request: ApiRequest, milestone_id: Id, payload: CommentIn):
    milestone = visible_child(request.auth, Milestone.objects.all(), milestone_id)
    return services.milestone_undo(actor=request.auth, milestone=milestone, comment=payload.comment)


@router.post(
    "/tasks/{task_id}/reports",
    response={201: ProgressReportOut, **WRITE_ERRORS},
    operation_id="progress_report_submit",
    summary="Báo cáo tiến độ",
    description=(
        "Người được giao báo cáo tiến độ việc đã phê duyệt; giá trị chỉ tiêu gửi lên thành giá trị đã đạt"
        " của chỉ tiêu. Tệp minh chứng đính kèm trên trang việc. Tỷ lệ thấp hơn lần trước cần lý do; tỷ lệ"
        " mâu thuẫn với chỉ tiêu, mốc cần xác nhận (422, mã progress_contradicts_targets)."
    ),
)
def progress_report_submit(request: ApiRequest, task_id: Id, payload: ReportIn):
    task = visible_task(request.auth, task_id)
    report = services.progress_report_submit(
        actor=request.auth,
        task=task,
        percent_done=payload.percent_done,
        narrative=payload.narrative,
        decrease_reason=payload.decrease_reason,
        target_values={v.target_id: v.value for v in payload.target_values},
        confirmed=payload.confirmed,
    )
    shown = ProgressReport.objects.select_related("author__cadre").prefetch_related(
        "evidence", "target_values"
    )
    return Status(201, shown.get(pk=report.pk))


@router.post(
    "/tasks/{task_id}/obstacles",
    response={201: ObstacleOut, **WRITE_ERRORS},
    operation_id="obstacle_raise",
    summary="Nêu khó khăn, vướng mắc",
)
def obstacle_raise(request: ApiRequest, task_id: Id, payload: ObstacleIn):
    task = visible_task(request.auth, task_id)
    obstacle = services.obstacle_raise(
        actor=request.auth, task=task, content=payload.content, proposal=payload.proposal
    )
    return Status(201, obstacle)


@router.post(
    "/obstacles/{obstacle_id}/answer",
    response={200: ObstacleOut, **WRITE_ERRORS},
    operation_id="obstacle_answer",
    summary="Trả lời khó khăn, vướng mắc",
    description="Cấp có thẩm quyền trả lời khó khăn đang chờ (không trả lời cho việc của chính mình).",
)
def obstacle_answer(request: ApiRequest, obstacle_id: Id, payload: AnswerIn):
    obstacle = visible_child(request.auth, Obstacle.objects.all(), obstacle_id)
    return services.obstacle_answer(actor=request.auth, obstacle=obstacle, answer=payload.answer)


@router.post(
    "/obstacles/{obstacle_id}/resolve",
    response={200: ObstacleOut, **WRITE_ERRORS},
    operation_id="obstacle_resolve",
    summary="Xác nhận khó khăn đã được tháo gỡ",
    description="Người được giao hoặc cấp có thẩm quyền, sau khi khó khăn đã được trả lời.",
)
def obstacle_resolve(request: ApiRequest, obstacle_id: Id, payload: CommentIn):
    obstacle = visible_child(request.auth, Obstacle.objects.all(), obstacle_id)
    return services.obstacle_resolve(actor=request.auth, obstacle=obstacle, comment=payload.comment)


@router.post(
    "/tasks/{task_id}/adjustments",
    response={201: AdjustmentOut, **WRITE_ERRORS},
    operation_id="adjustment_request",
    summary="Đề nghị điều chỉnh",
    description=(
        "Thời hạn, nội dung, sản phẩm hoặc giá trị chỉ tiêu mới cho việc đã phê duyệt, chờ cấp có thẩm "
        "quyền xem xét; mỗi lúc một đề nghị."
    ),
)
def adjustment_request(request: ApiRequest, task_id: Id, payload: AdjustmentIn):
    task = visible_task(request.auth, task_id)
    target = None
    if payload.target_id is not None:
        target = visible_child(request.auth, Target.objects.all(), payload.target_id)
    adjustment = services.adjustment_request(
        actor=request.auth,
        task=task,
        reason=payload.reason,
        new_deadline=payload.new_deadline,
        new_description=payload.new_description,
        new_deliverable=payload.new_deliverable,
        target=target,
        new_target_value=payload.new_target_value,
    )
    return Status(201, AdjustmentRequest.objects.get(pk=adjustment.pk))  # decimals as stored


@router.post(
    "/adjustments/{adjustment_id}/approve",
    response={200: AdjustmentOut, **WRITE_ERRORS},
    operation_id="adjustment_approve",
    summary="Chấp thuận đề nghị điều chỉnh",
    description="Thay đổi được áp dụng vào việc.",
)
def adjustment_approve(request: ApiRequest, adjustment_id: Id, payload: CommentIn):
    adjustment = visible_child(request.auth, AdjustmentRequest.objects.all(), adjustment_id)
    return services.adjustment_approve(actor=request.auth, adjustment=adjustment, comment=payload.comment)


@router.post(
    "/adjustments/{adjustment_id}/refuse",
    response={200: AdjustmentOut, **WRITE_ERRORS},
    operation_id="adjustment_refuse",
    summary="Không chấp thuận đề nghị điều chỉnh",
)
def adjustment_refuse(request: ApiRequest, adjustment_id: Id, payload: RequiredCommentIn):
    adjustment = visible_child(request.auth, AdjustmentRequest.objects.all(), adjustment_id)
    return services.adjustment_refuse(actor=request.auth, adjustment=adjustment, comment=payload.comment)


@router.post(
    "/tasks/{task_id}/self-assessment",
    response={200: EvaluationOut, **WRITE_ERRORS},
    operation_id="task_self_assess",
    summary="Tự đánh giá",
    description="Người được giao tự đánh giá cuối kỳ; gửi lại được cho đến khi cấp có thẩm quyền đánh giá.",
)
def task_self_assess(request: ApiRequest, task_id: Id, payload: SelfAssessmentIn):
    task = visible_task(request.auth, task_id)
    return services.task_self_assess(
        actor=request.auth,
        task=task,
        self_grade=payload.self_grade,
        self_assessment=payload.self_assessment,
        version=payload.version,
    )


@router.post(
    "/tasks/{task_id}/evaluation",
    response={200: EvaluationOut, **WRITE_ERRORS},
    operation_id="task_evaluate",
    summary="Đánh giá kết quả",
    description=(
        "Cấp có thẩm quyền đánh giá sau khi người được giao tự đánh giá (không đánh giá việc của chính mình)."
    ),
)
def task_evaluate(request: ApiRequest, task_id: Id, payload: EvaluationIn):
    task = visible_task(request.auth, task_id)
    return services.task_evaluate(
        actor=request.auth,
        task=task,
        grade=payload.grade,
        ahead_of_plan=payload.ahead_of_plan,
        comment=payload.comment,
        version=payload.version,
    )
