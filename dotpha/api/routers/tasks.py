"""Breakthrough tasks: the list and the task page's content (same scope as the pages), registration and
approval. Keeping an approved task current (reports, obstacles, adjustments, milestones, evaluation) is in
`task_actions`. Every write calls the one service of `dotpha.tasks.services`, which checks state and
permission: a refusal is a 400 (wrong state, with its code) or a 403 (not allowed), nothing changed."""

import datetime

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator

from dotpha.accounts.access import cadres_visible_to, units_visible_to
from dotpha.accounts.models import User
from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS, WRITE_ERRORS
from dotpha.api.pagination import IdsFirstPages, SeekPages
from dotpha.api.routers import grading_sheets, task_actions
from dotpha.api.routers.task_schemas import (
    ApproveIn,
    DecisionIn,
    RejectIn,
    ReturnIn,
    TaskAssignIn,
    TaskCreateIn,
    TaskDetailOut,
    TaskOut,
    TaskUpdateIn,
    task_page,
    today,
    visible_task,
)
from dotpha.api.types import Day, Id, ShortText
from dotpha.core.errors import PermissionDeniedError
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Period, TaskKind
from dotpha.programmes.selectors import active_fields, decisions_visible_to, programmes_visible_to
from dotpha.tasks import selectors, services
from dotpha.tasks.forms._fields import assignee_choices, cadre_choices, partner_unit_choices, unit_choices
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.permissions import may_decide_tasks
from dotpha.tasks.selectors import ProgressState, in_unit_subtree
from dotpha.tasks.selectors.queue_table import QueueFilters, QueueSort, approval_queue_table, queue_units
from dotpha.tasks.services import MilestoneInput, TargetInput

router = Router()
router.add_router("", task_actions.router)
router.add_router("", grading_sheets.router)


class TaskFilter(Schema):
    q: ShortText = Field(
        "",
        description="Tìm mọi từ, không cần dấu: tên, nội dung việc, người, đơn vị được giao, số quyết định.",
    )
    programme_id: Id | None = None
    period_id: Id | None = None
    status: TaskStatus | None = None
    progress: ProgressState | None = Field(None, description="Tiến độ suy ra (chỉ việc đã phê duyệt).")
    kind: TaskKind | None = None
    field_id: Id | None = None
    unit_id: Id | None = Field(
        None,
        description="Việc của tập thể thuộc đơn vị này (cả đơn vị trực thuộc) "
        "hoặc của cán bộ đang công tác ở đó.",
    )
    mine: bool = Field(False, description="Chỉ việc tôi thực hiện hoặc tôi đăng ký (trang “Việc của tôi”).")


def cadre_for(user: User, cadre_id: int | None) -> Cadre | None:
    """A cadre the task forms offer the caller (those they see, in post today); another is not found."""
    return None if cadre_id is None else get_object_or_404(cadre_choices(user, today()), pk=cadre_id)


def unit_for(user: User, unit_id: int | None) -> Unit | None:
    """A current unit the task forms offer the caller; another (or a merged one) is not found."""
    return None if unit_id is None else get_object_or_404(unit_choices(user), pk=unit_id)


def cadres_for(user: User, ids: list[int]) -> list[Cadre]:
    found = list(cadre_choices(user, today()).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404
    return found


def partner_units_for(user: User, ids: list[int]) -> list[Unit]:
    """Co-responsible units: any unit in force in the user's province, as the forms offer."""
    found = list(partner_unit_choices(user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404
    return found


def _require_decider(user: User) -> None:
    """The approval queue and direct assignment: approvers and units' leaderships, 403 for anyone else."""
    if not may_decide_tasks(user):
        raise PermissionDeniedError(_("Chức năng này dành cho cấp phê duyệt và lãnh đạo đơn vị."))


@router.get(
    "/tasks",
    response={200: list[TaskOut], **ERRORS},
    operation_id="task_list",
    summary="Danh sách việc",
    description="Mọi việc người gọi được xem (như trang Danh sách việc), theo thời hạn hoàn thành (việc "
    "chưa có thời hạn sau cùng). Theo số trang (`page`) hoặc, với danh sách dài, theo con trỏ (`cursor`).",
)
@paginate(SeekPages)
def task_list(request: ApiRequest, filters: Query[TaskFilter]):
    user = request.auth
    qs = selectors.task_list(
        user, today=today(), status=filters.status or "", progress=filters.progress or ""
    )
    if filters.programme_id is not None:
        qs = qs.filter(programme_id=filters.programme_id)
    if filters.period_id is not None:
        qs = qs.filter(period_id=filters.period_id)
    if filters.field_id is not None:
        qs = qs.filter(field_id=filters.field_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.unit_id is not None:
        qs = qs.filter(in_unit_subtree(get_object_or_404(units_visible_to(user), pk=filters.unit_id)))
    if filters.mine:
        qs = qs.filter(pk__in=selectors.my_tasks(user).values("pk"))
    # searched last, as the page does
    return selectors.search_list(qs, filters.q)


class ApprovalQueueFilter(Schema):
    q: ShortText = Field(
        "",
        description="Tìm mọi từ, không cần dấu: tên, nội dung việc, người, đơn vị được giao, số quyết định.",
    )
    programme_id: Id | None = None
    period_id: Id | None = None
    unit_id: Id | None = Field(
        None,
        description="Việc của tập thể thuộc đơn vị này (cả đơn vị trực thuộc) "
        "hoặc của cán bộ đang công tác ở đó.",
    )
    field_id: Id | None = None
    submitted_from: Day | None = Field(None, description="Gửi từ ngày (kể cả ngày này).")
    submitted_to: Day | None = Field(None, description="Gửi đến ngày (kể cả ngày này).")
    sort: QueueSort = Field(
        QueueSort.SUBMITTED,
        description="Sắp xếp theo cột; dấu trừ ở đầu: ngược lại. Mặc định: gửi trước ở trên.",
    )

    @field_validator("submitted_to")
    @classmethod
    def after_the_start(cls, value: datetime.date | None, info: ValidationInfo) -> datetime.date | None:
        start = info.data.get("submitted_from")
        if value is not None and start is not None and value < start:
            raise ValueError("Ngày cuối phải sau ngày đầu.")
        return value


class ApprovalQueueItemOut(TaskOut):
    submitted_at: datetime.datetime | None
    assignee_post: str | None = Field(description="Chức danh hiện nay của cán bộ được giao.")
    assignee_workplace: str | None = Field(
        description="Đơn vị cán bộ đang công tác; với việc tập thể: chính tập thể."
    )
    assignee_task_count: int = Field(
        description="Số việc đã gửi hoặc đã phê duyệt của người (tập thể) được giao trong kỳ, kể cả việc này."
    )
    min_tasks_per_assignee: int = Field(alias="programme.min_tasks_per_assignee")
    max_tasks_per_assignee: int = Field(alias="programme.max_tasks_per_assignee")
    over_limit: bool = Field(description="Số việc trong kỳ vượt số việc tối đa của chương trình.")
    start_passed: bool = Field(description="Ngày bắt đầu đã qua.")
    deadline_passed: bool = Field(description="Thời hạn hoàn thành đã qua.")

    @staticmethod
    def resolve_over_limit(obj: Task) -> bool:
        return obj.assignee_task_count > obj.programme.max_tasks_per_assignee  # type: ignore[attr-defined]


@router.get(
    "/tasks/approval-queue",
    response={200: list[ApprovalQueueItemOut], **ERRORS},
    operation_id="task_approval_queue",
    summary="Việc chờ phê duyệt",
    description=(
        "Việc đã gửi mà người gọi phải quyết định (thuộc thẩm quyền phê duyệt, không phải việc của chính "
        "mình), lọc và sắp xếp như trang Chờ phê duyệt, mỗi việc kèm số việc của người được giao trong kỳ "
        "so với giới hạn của chương trình và cảnh báo khi ngày bắt đầu hoặc thời hạn đã qua. "
        "Chỉ dành cho cấp phê duyệt và lãnh đạo đơn vị (403 với người khác)."
    ),
)
@paginate(IdsFirstPages)
def task_approval_queue(request: ApiRequest, filters: Query[ApprovalQueueFilter]):
    user = request.auth
    _require_decider(user)
    unit = None
    if filters.unit_id is not None:
        unit = get_object_or_404(queue_units(user), pk=filters.unit_id)
    queue = approval_queue_table(
        user,
        QueueFilters(
            programme_id=filters.programme_id,
            period_id=filters.period_id,
            unit=unit,
            field_id=filters.field_id,
            submitted_from=filters.submitted_from,
            submitted_to=filters.submitted_to,
            search=filters.q,
            sort=filters.sort,
        ),
        today=today(),
    )
    return selectors.with_progress(queue, today())


def _draft_objects(user: User, payload: TaskCreateIn | TaskAssignIn, *, assigning: bool = False) -> dict:
    """The objects a registration or assignment names, picked as the forms pick them: one registers for
    oneself, one assigns to a cadre in post under one's authority (`assignee_choices`)."""
    programmes = programmes_visible_to(user)
    cadres = assignee_choices(user, today()) if assigning else cadres_visible_to(user)
    cadre_id = payload.assignee_cadre_id
    return {
        "programme": get_object_or_404(programmes, pk=payload.programme_id),
        "period": get_object_or_404(
            Period.objects.filter(programme__in=programmes.values("pk")), pk=payload.period_id
        ),
        "assignee_cadre": None if cadre_id is None else get_object_or_404(cadres, pk=cadre_id),
        "assignee_unit": unit_for(user, payload.assignee_unit_id),
        "kind": payload.kind,
        "field": None
        if payload.field_id is None
        else get_object_or_404(active_fields(), pk=payload.field_id),
        "title": payload.title,
        "description": payload.description,
        "start_date": payload.start_date,
        "deadline": payload.deadline,
        "deliverable": payload.deliverable,
        "accountable_cadre": cadre_for(user, payload.accountable_cadre_id),
        "co_cadres": cadres_for(user, payload.co_cadre_ids),
        "co_units": partner_units_for(user, payload.co_unit_ids),
        "milestones": [MilestoneInput(title=m.title, due_date=m.due_date) for m in payload.milestones],
        "targets": [
            TargetInput(name=t.name, unit_of_measure=t.unit_of_measure, target_value=t.target_value)
            for t in payload.targets
        ],
    }


@router.post(
    "/tasks",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_create",
    summary="Đăng ký việc (lưu nháp, có thể gửi ngay)",
    description=(
        "Lưu nháp (có thể chưa đủ “5 rõ”). Với `submit: true` việc được gửi phê duyệt ngay, kiểm tra “5 "
        "rõ”, thời gian đăng ký và số việc tối đa; tất cả hoặc không. Cán bộ đăng ký cho chính mình; lãnh"
        " đạo đơn vị đăng ký việc tập thể."
    ),
)
def task_create(request: ApiRequest, payload: TaskCreateIn):
    user = request.auth
    with transaction.atomic():
        task = services.task_create_draft(actor=user, **_draft_objects(user, payload))
        if payload.submit:
            services.task_submit(actor=user, task=task)
    return Status(201, task_page(user, task.pk))


@router.post(
    "/tasks/assign",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_assign",
    summary="Giao việc trực tiếp",
    description=(
        "Cấp phê duyệt, hoặc lãnh đạo đơn vị trong chương trình của đơn vị mình, giao việc cho cán bộ đang "
        "giữ chức vụ hoặc tập thể thuộc thẩm quyền; việc bắt đầu ở trạng thái đã phê duyệt. 403 với người "
        "khác."
    ),
)
def task_assign(request: ApiRequest, payload: TaskAssignIn):
    user = request.auth
    _require_decider(user)
    objects = _draft_objects(user, payload, assigning=True)
    task = services.task_assign(
        actor=user, comment=payload.comment, **_decision_args(user, payload), **objects
    )
    return Status(201, task_page(user, task.pk))


@router.get(
    "/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS}, operation_id="task_get", summary="Một việc"
)
def task_get(request: ApiRequest, task_id: Id):
    return task_page(request.auth, task_id)


@router.patch(
    "/tasks/{task_id}",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_update",
    summary="Sửa việc nháp hoặc bị trả lại",
    description=(
        "Người lập sửa việc nháp hoặc bị trả lại; chỉ các trường gửi lên được thay đổi, không đổi người "
        "được giao."
    ),
)
def task_update(request: ApiRequest, task_id: Id, payload: TaskUpdateIn):
    user = request.auth
    task = visible_task(user, task_id)
    sent = payload.model_dump(exclude_unset=True)
    plain = ("kind", "title", "description", "deliverable", "start_date", "deadline")
    fields = {name: value for name, value in sent.items() if name in plain}
    if "field_id" in sent:
        fields["field"] = (
            None if sent["field_id"] is None else get_object_or_404(active_fields(), pk=sent["field_id"])
        )
    if "accountable_cadre_id" in sent:
        fields["accountable_cadre"] = cadre_for(user, sent["accountable_cadre_id"])
    services.task_update_draft(
        actor=user,
        task=task,
        co_cadres=cadres_for(user, sent["co_cadre_ids"]) if "co_cadre_ids" in sent else None,
        co_units=partner_units_for(user, sent["co_unit_ids"]) if "co_unit_ids" in sent else None,
        version=payload.version,
        **fields,
    )
    return task_page(user, task_id)


@router.post(
    "/tasks/{task_id}/submit",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_submit",
    summary="Gửi việc để phê duyệt",
    description=(
        "Người lập gửi việc nháp hoặc bị trả lại: kiểm tra “5 rõ”, thời gian đăng ký (lần gửi đầu) và số "
        "việc tối đa."
    ),
)
def task_submit(request: ApiRequest, task_id: Id):
    services.task_submit(actor=request.auth, task=visible_task(request.auth, task_id))
    return task_page(request.auth, task_id)


@router.post(
    "/tasks/{task_id}/approve",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_approve",
    summary="Phê duyệt việc",
    description="Cấp phê duyệt của việc phê duyệt việc đang chờ (không tự phê duyệt việc của mình).",
)
def task_approve(request: ApiRequest, task_id: Id, payload: ApproveIn):
    task = visible_task(request.auth, task_id)
    services.task_approve(
        actor=request.auth,
        task=task,
        comment=payload.comment,
        version=payload.version,
        **_decision_args(request.auth, payload),
    )
    return task_page(request.auth, task_id)


def _decision_args(user: User, payload: DecisionIn) -> dict:
    """The decision named (one the user may see, else 404) or the new one's number and date."""
    decision = (
        None
        if payload.decision_id is None
        else get_object_or_404(decisions_visible_to(user), pk=payload.decision_id)
    )
    return {
        "decision": decision,
        "decision_number": payload.decision_number,
        "signed_on": payload.signed_on,
        "decision_title": payload.decision_title,
    }


@router.post(
    "/tasks/{task_id}/return",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_return",
    summary="Trả lại việc để hoàn thiện",
    description="Người lập sửa rồi gửi lại; ý kiến nêu nội dung cần hoàn thiện.",
)
def task_return(request: ApiRequest, task_id: Id, payload: ReturnIn):
    task = visible_task(request.auth, task_id)
    services.task_return_for_revision(
        actor=request.auth, task=task, comment=payload.comment, version=payload.version
    )
    return task_page(request.auth, task_id)


@router.post(
    "/tasks/{task_id}/reject",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    operation_id="task_reject",
    summary="Không phê duyệt việc",
)
def task_reject(request: ApiRequest, task_id: Id, payload: RejectIn):
    task = visible_task(request.auth, task_id)
    services.task_reject(actor=request.auth, task=task, reason=payload.reason, version=payload.version)
    return task_page(request.auth, task_id)
