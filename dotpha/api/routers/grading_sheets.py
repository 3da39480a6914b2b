"""The year-end grading sheet (bảng đánh giá cuối năm) of one period and authority unit: read it, keep draft
grades, confirm it (every graded line evaluated, all or none, then the sheet is locked). The same selectors
and services as the sheet page: only the authority of its tasks (403 for anyone who is neither an
approver nor a unit's leadership, 404 for a sheet that is not theirs)."""

import datetime
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from dotpha.accounts.models import User
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.routers.task_schemas import Version, today
from dotpha.api.types import Id, Text
from dotpha.core.errors import PermissionDeniedError
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade, Period
from dotpha.tasks import services
from dotpha.tasks.models import Evaluation, GradingSheetStatus, Task
from dotpha.tasks.permissions import is_authority_over, may_decide_tasks
from dotpha.tasks.selectors.grading import sheet_of, sheet_rows

router = Router()

SHEET = "/grading-sheets/{period_id}/{unit_id}"


class GradingRowOut(Schema):
    task_id: int
    title: str
    assignee: str = Field(description="Cán bộ hoặc tập thể được giao.")
    deadline: datetime.date | None
    self_grade: Grade | None = Field(description="Mức tự đánh giá của người được giao.")
    self_assessment: str
    latest_percent: int | None = Field(description="Tỷ lệ hoàn thành trong báo cáo gần nhất.")
    targets_reached: int
    targets_total: int
    milestones_done: int
    milestones_total: int
    open_obstacles: int = Field(description="Khó khăn, vướng mắc chưa tháo gỡ.")
    draft_grade: Grade | None = Field(description="Mức dự kiến trong bản nháp (chưa là kết quả đánh giá).")
    draft_ahead_of_plan: bool
    draft_comment: str
    grade: Grade | None = Field(description="Kết quả đánh giá đã ghi cho việc.")
    version: int = Field(description="Phiên bản của việc: gửi lại khi xác nhận.")


class GradingSheetOut(Schema):
    period_id: int
    authority_unit_id: int
    status: GradingSheetStatus | Literal["new"] = Field(
        description="new: chưa lưu lần nào; draft: bản nháp; confirmed: đã xác nhận và khóa."
    )
    confirmed_at: datetime.datetime | None
    rows: list[GradingRowOut]


class GradingLineIn(Schema):
    task_id: Id
    grade: Grade | Literal[""] = Field("", description="Mức dự kiến; rỗng: chưa chấm.")
    ahead_of_plan: bool = False
    comment: Text = ""
    version: Version | None = Field(
        None,
        description="Phiên bản của việc đã đọc: lưu cùng dòng nháp, kiểm tra khi xác nhận (việc đã đổi từ "
        "khi đọc thì bị từ chối).",
    )


class GradingLinesIn(Schema):
    lines: list[GradingLineIn] = Field(max_length=2000)


class GradingConfirmIn(Schema):
    lines: list[GradingLineIn] = Field(
        [], max_length=2000, description="Các dòng cần lưu trước khi xác nhận (có thể bỏ trống)."
    )


def _place(user: User, period_id: int, unit_id: int) -> tuple[Period, Unit]:
    if not may_decide_tasks(user):
        raise PermissionDeniedError(_("Chức năng này dành cho cấp đánh giá."))
    period = get_object_or_404(Period.objects.select_related("programme"), pk=period_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not is_authority_over(user, unit, period.programme):
        raise Http404
    return period, unit


def _row(task: Task) -> GradingRowOut:
    facts = vars(task)
    try:
        evaluation: Evaluation | None = task.evaluation
    except Evaluation.DoesNotExist:
        evaluation = None
    line = facts["line"]
    return GradingRowOut(
        task_id=task.pk,
        title=task.title,
        assignee=str(task.assignee),
        deadline=task.deadline,
        self_grade=Grade(evaluation.self_grade) if evaluation and evaluation.self_grade else None,
        self_assessment=evaluation.self_assessment if evaluation else "",
        latest_percent=facts["latest_percent"],
        targets_reached=facts["targets_reached"],
        targets_total=facts["targets_total"],
        milestones_done=facts["milestones_done"],
        milestones_total=facts["milestones_total"],
        open_obstacles=facts["open_obstacles"],
        draft_grade=(line.grade or None) if line else None,
        draft_ahead_of_plan=line.ahead_of_plan if line else False,
        draft_comment=line.comment if line else "",
        grade=Grade(evaluation.grade) if evaluation and evaluation.grade else None,
        version=task.version,
    )


def _sheet(user: User, period: Period, unit: Unit) -> GradingSheetOut:
    sheet = sheet_of(period, unit)
    tasks = sheet_rows(user, period, unit, today=today())
    if not tasks and sheet is None:
        raise Http404
    return GradingSheetOut(
        period_id=period.pk,
        authority_unit_id=unit.pk,
        status=GradingSheetStatus(sheet.status) if sheet else "new",
        confirmed_at=sheet.confirmed_at if sheet else None,
        rows=[_row(t) for t in tasks],
    )


def _versions(lines: list[GradingLineIn]) -> dict[int, int]:
    return {line.task_id: line.version for line in lines if line.version is not None}


def _inputs(lines: list[GradingLineIn]) -> list[services.GradingLineInput]:
    return [
        services.GradingLineInput(
            task_id=line.task_id, grade=line.grade, ahead_of_plan=line.ahead_of_plan, comment=line.comment
        )
        for line in lines
    ]


@router.get(
    SHEET,
    response={200: GradingSheetOut, **ERRORS},
    operation_id="grading_sheet_get",
    summary="Bảng đánh giá cuối năm",
    description=(
        "Mọi việc đã phê duyệt của kỳ thuộc thẩm quyền đánh giá của đơn vị: tự đánh giá, báo cáo gần nhất, "
        "chỉ tiêu, mốc, vướng mắc, mức dự kiến trong bản nháp và kết quả đánh giá đã ghi."
    ),
)
def grading_sheet_get(request: ApiRequest, period_id: Id, unit_id: Id):
    period, unit = _place(request.auth, period_id, unit_id)
    return _sheet(request.auth, period, unit)


@router.put(
    SHEET + "/lines",
    response={200: GradingSheetOut, **WRITE_ERRORS},
    operation_id="grading_sheet_save",
    summary="Lưu nháp bảng đánh giá",
    description=(
        "Lưu mức dự kiến và nhận xét của các dòng gửi lên (các dòng khác giữ nguyên). Bản nháp không là kết "
        "quả đánh giá: việc và số liệu thống kê không đổi. Bảng đã khóa: 400, mã sheet_locked."
    ),
)
def grading_sheet_save(request: ApiRequest, period_id: Id, unit_id: Id, payload: GradingLinesIn):
    period, unit = _place(request.auth, period_id, unit_id)
    services.grading_sheet_save(
        actor=request.auth,
        period=period,
        authority_unit=unit,
        lines=_inputs(payload.lines),
        versions=_versions(payload.lines),
    )
    return _sheet(request.auth, period, unit)


@router.post(
    SHEET + "/confirm",
    response={200: GradingSheetOut, **WRITE_ERRORS},
    operation_id="grading_sheet_confirm",
    summary="Xác nhận và khóa bảng đánh giá",
    description=(
        "Lưu các dòng gửi lên, rồi ghi kết quả đánh giá cho mọi dòng đã chọn mức, theo đúng quy tắc của "
        "đánh giá từng việc: một việc không đủ điều kiện thì không việc nào được ghi (400, thông báo nêu tên "
        "việc). Sau đó bảng bị khóa."
    ),
)
def grading_sheet_confirm(request: ApiRequest, period_id: Id, unit_id: Id, payload: GradingConfirmIn):
    period, unit = _place(request.auth, period_id, unit_id)
    services.grading_sheet_confirm(
        actor=request.auth,
        period=period,
        authority_unit=unit,
        lines=_inputs(payload.lines),
        versions=_versions(payload.lines),
    )
    return _sheet(request.auth, period, unit)
