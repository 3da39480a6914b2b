"""đăng ký: a cadre drafts tasks for themself, a unit manager for a collective, inside the programme's
registration window; the author edits until submission and again after a return; submission checks the
"5 rõ", the window and the maximum per assignee and period."""

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Field, Period, Programme, TaskKind
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import COUNTED_STATUSES, EDITABLE_STATUSES, Task, TaskEventKind, TaskStatus
from dotpha.tasks.permissions import can_edit_draft, can_register_for
from dotpha.tasks.services._common import (
    MilestoneInput,
    TargetInput,
    Write,
    add_plan,
    authority_for,
    check_assignee,
    check_dates,
    check_five_clears,
    check_kind,
    check_period_of,
    check_version,
    fmt,
    fresh_task,
    new_task,
    set_partners,
    today_or,
)

DRAFT_FIELDS = {
    "title",
    "description",
    "kind",
    "field",
    "start_date",
    "deadline",
    "deadline_wording",  # changes with the deadline: a corrected date must not keep the old wording
    "deliverable",
    "accountable_cadre",
}


def check_window(period: Period, today: datetime.date) -> None:
    opens, closes = period.registration_window()
    if today < opens:
        raise ApplicationError(
            _("Chưa đến thời gian đăng ký của chương trình (từ %(day)s).") % {"day": fmt(opens)},
            code=TaskRefusal.REGISTRATION_NOT_OPEN,
        )
    if today > closes:
        raise ApplicationError(
            _("Đã quá hạn đăng ký của chương trình (đến %(day)s).") % {"day": fmt(closes)},
            code=TaskRefusal.REGISTRATION_CLOSED,
        )


@transaction.atomic
def task_create_draft(
    *,
    actor: User,
    programme: Programme,
    period: Period,
    title: str,
    assignee_cadre: Cadre | None = None,
    assignee_unit: Unit | None = None,
    kind: str = TaskKind.BREAKTHROUGH,
    field: Field | None = None,
    description: str = "",
    start_date: datetime.date | None = None,
    deadline: datetime.date | None = None,
    deliverable: str = "",
    accountable_cadre: Cadre | None = None,
    co_cadres: Iterable[Cadre] = (),
    co_units: Iterable[Unit] = (),
    milestones: Sequence[MilestoneInput] = (),
    targets: Sequence[TargetInput] = (),
    today: datetime.date | None = None,
) -> Task:
    """A draft may be incomplete; the "5 rõ" are checked when it is submitted."""
    today = today_or(today)
    check_assignee(assignee_cadre=assignee_cadre, assignee_unit=assignee_unit, today=today)
    if not can_register_for(actor, assignee_cadre=assignee_cadre, assignee_unit=assignee_unit):
        raise PermissionDeniedError(
            _("Cán bộ chỉ đăng ký việc cho chính mình; việc của tập thể do lãnh đạo đơn vị đăng ký.")
        )
    check_period_of(programme, period)
    period = Period.objects.select_related("programme").get(pk=period.pk)
    if period.is_closed:
        raise ApplicationError(
            _("Kỳ %(period)s đã khóa.") % {"period": period.name}, code=TaskRefusal.PERIOD_CLOSED
        )
    check_window(period, today)
    check_kind(programme, kind)
    check_dates(start_date, deadline)
    if not title.strip():
        raise ApplicationError(_("Nhập tên việc."), code=TaskRefusal.REQUIRED)
    task = new_task(
        programme=programme,
        period=period,
        title=title,
        description=description,
        deliverable=deliverable,
        assignee_cadre=assignee_cadre,
        assignee_unit=assignee_unit,
        kind=kind,
        field=field,
        accountable_cadre=accountable_cadre,
        start_date=start_date,
        deadline=deadline,
        author=actor,
        status=TaskStatus.DRAFT,
    )
    write = Write(actor, task)
    write.save(task)
    set_partners(write, co_cadres=co_cadres, co_units=co_units)
    add_plan(write, task, milestones=milestones, targets=targets)
    write.event(TaskEventKind.CREATED)
    return task


@transaction.atomic
def task_update_draft(
    *,
    actor: User,
    task: Task,
    co_cadres: Iterable[Cadre] | None = None,
    co_units: Iterable[Unit] | None = None,
    version: int | None = None,
    **fields,
) -> Task:
    """The author edits a draft, or a task returned for revision. The assignee does not change: a task for
    someone else is a new task. `version`: the one the edit page showed (check_version)."""
    unknown = set(fields) - DRAFT_FIELDS
    if unknown:
        raise ApplicationError(
            _("Không sửa được trường %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code=TaskRefusal.INVALID_FIELD,
        )
    task = fresh_task(task)
    if task.author_id != actor.pk:
        raise PermissionDeniedError(_("Chỉ người lập việc mới sửa được việc này."))
    check_version(task, version)
    write = Write(actor, task)
    if not can_edit_draft(actor, task):
        raise ApplicationError(
            _("Việc đang ở trạng thái “%(status)s”, không sửa được.") % {"status": task.get_status_display()},
            code=TaskRefusal.NOT_EDITABLE,
        )
    for name, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.split()) if name == "title" else value.strip()
        setattr(task, name, value)
    if not task.title:
        raise ApplicationError(_("Nhập tên việc."), code=TaskRefusal.REQUIRED)
    if "kind" in fields:
        check_kind(task.programme, task.kind)
    check_dates(task.start_date, task.deadline)
    write.save(task)
    set_partners(write, co_cadres=co_cadres, co_units=co_units)
    return task


@transaction.atomic
def task_submit(*, actor: User, task: Task, today: datetime.date | None = None) -> Task:
    """Gửi phê duyệt. The registration window applies to the first submission; a task returned for
    revision may be sent back after the window, since the approver asked for it."""
    today = today_or(today)
    task = fresh_task(task)
    if task.author_id != actor.pk:
        raise PermissionDeniedError(_("Chỉ người lập việc mới gửi được việc này."))
    write = Write(actor, task)
    if task.status not in EDITABLE_STATUSES:
        raise ApplicationError(
            _("Việc đang ở trạng thái “%(status)s”, không gửi được.") % {"status": task.get_status_display()},
            code=TaskRefusal.INVALID_STATE,
        )
    first_submission = task.status == TaskStatus.DRAFT
    if first_submission:
        check_window(task.period, today)
    check_assignee(assignee_cadre=task.assignee_cadre, assignee_unit=task.assignee_unit, today=today)
    check_kind(task.programme, task.kind)
    check_five_clears(task)
    check_limit(task)
    task.authority_unit = authority_for(
        task.programme, assignee_cadre=task.assignee_cadre, assignee_unit=task.assignee_unit
    )
    task.status = TaskStatus.SUBMITTED
    task.submitted_at = timezone.now()
    write.save(task)
    write.event(TaskEventKind.SUBMITTED, payload={"resubmission": not first_submission})
    return task


def check_limit(task: Task) -> None:
    """The programme's maximum per assignee and period, counting tasks submitted or approved. The
    assignee's row is locked first so two submissions at once cannot both pass (PostgreSQL)."""
    programme = task.programme
    cadre_id, unit_id = task.assignee_cadre_id, task.assignee_unit_id
    if cadre_id is not None:
        Cadre.objects.select_for_update().filter(pk=cadre_id).first()
        same = Task.objects.filter(assignee_cadre_id=cadre_id)
    elif unit_id is not None:
        Unit.objects.select_for_update().filter(pk=unit_id).first()
        same = Task.objects.filter(assignee_unit_id=unit_id)
    else:
        raise ApplicationError(
            _("Chọn một cán bộ hoặc một tập thể được giao việc."), code=TaskRefusal.ASSIGNEE_REQUIRED
        )
    count = same.filter(period=task.period, status__in=COUNTED_STATUSES).exclude(pk=task.pk).count()
    if count >= programme.max_tasks_per_assignee:
        limit = {"limit": programme.max_tasks_per_assignee}
        if cadre_id is not None:
            raise ApplicationError(
                _("Mỗi cán bộ đăng ký tối đa %(limit)s việc trong kỳ này.") % limit,
                code=TaskRefusal.LIMIT_REACHED,
            )
        raise ApplicationError(
            _("Mỗi tập thể đăng ký tối đa %(limit)s việc trong kỳ này.") % limit,
            code=TaskRefusal.LIMIT_REACHED,
        )
