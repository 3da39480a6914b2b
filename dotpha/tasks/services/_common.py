"""What every task service shares: fresh locked rows, the closed-period gate, audited saves, the "5 rõ"
check and the inputs for milestones and targets."""

import copy
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Appointment, Cadre, Unit
from dotpha.programmes.models import Period, Programme, TaskKind
from dotpha.structure.selectors import in_post_on
from dotpha.tasks import events
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import CoResponsibleCadre, CoResponsibleUnit, Milestone, Target, Task, TaskEventKind
from dotpha.tasks.permissions import is_own_task, is_programme_organizer, is_task_authority

LOCKED_EDIT_REASON = "Sửa khi kỳ đã khóa"


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_date: datetime.date


@dataclass(frozen=True)
class TargetInput:
    name: str
    unit_of_measure: str
    target_value: Decimal | int | str


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def locked_tasks() -> QuerySet[Task]:
    return Task.objects.select_for_update(of=("self",)).select_related(
        "programme",
        "programme__issuing_unit",
        "period",
        "period__programme",
        "authority_unit",
        "assignee_unit",
    )


def fresh_task(task: Task | int) -> Task:
    """The task as it is in the database now, locked until the transaction ends. Services check and change
    this copy, never the caller's, so a refusal leaves the caller's object as it was too."""
    return locked_tasks().get(pk=task.pk if isinstance(task, Task) else task)


def check_version(task: Task, version: int | None) -> None:
    """Refuses a change based on what the user saw before someone else changed the task. `task` is the
    locked fresh row, so the comparison and the change that follows cannot interleave with another's.
    None means the caller sent no version (older API clients): no check."""
    if version is not None and version != task.version:
        raise ApplicationError(
            _("Đã có người cập nhật việc này sau khi bạn mở trang; tải lại trang để xem thay đổi."),
            code=TaskRefusal.STALE_VERSION,
        )


def check_decider(actor: User, task: Task, *, own_task_refusal: PermissionDeniedError | None = None) -> None:
    """Approvers of the task's authority unit decide on it, never on their own task: `own_task_refusal`
    names the decision refused then (approval when None)."""
    if is_own_task(actor, task):
        raise own_task_refusal or PermissionDeniedError(_("Không thể tự phê duyệt việc của chính mình."))
    if not is_task_authority(actor, task):
        raise PermissionDeniedError(_("Việc không thuộc thẩm quyền phê duyệt của bạn."))


class Write:
    """How one service call saves: as `actor`, and, when an organizer changes a closed period, with the
    change reason and an `edited_after_lock` event on the task's timeline."""

    def __init__(self, actor: User, task: Task) -> None:
        self.actor = actor
        self.task = task
        self.locked = gate_period(task.period, actor, task)
        self.reason: str | None = LOCKED_EDIT_REASON if self.locked else None
        self._versioned = task.pk is None  # a new task starts at version 1

    def _bump_version(self) -> None:
        """The task's version goes up once per service call that writes, whatever it writes. The row is
        locked (fresh_task), so the copy in memory is the database's and a later save of it keeps this."""
        if self._versioned:
            return
        self._versioned = True
        Task.objects.filter(pk=self.task.pk).update(version=F("version") + 1)
        self.task.version += 1

    def _prepare(self, instance: Model) -> None:
        self._bump_version()
        as_actor(instance, self.actor)
        if self.reason:
            instance._change_reason = self.reason  # type: ignore[attr-defined]

    def save(self, instance: Model, **kwargs) -> Model:
        self._prepare(instance)
        instance.save(**kwargs)
        return instance

    def delete(self, instance: Model) -> None:
        self._prepare(instance)
        instance.delete()

    def event(self, kind: str, *, comment: str = "", payload: dict | None = None) -> None:
        self._bump_version()
        events.record(task=self.task, kind=kind, actor=self.actor, comment=comment, payload=payload)
        if self.locked:
            events.record(
                task=self.task,
                kind=TaskEventKind.EDITED_AFTER_LOCK,
                actor=self.actor,
                comment=LOCKED_EDIT_REASON,
                payload={"action": kind},
            )


def gate_period(period: Period, actor: User, task: Task | None = None) -> bool:
    """A closed period refuses every change except an organizer's. True when such an edit goes ahead."""
    if not period.is_closed:
        return False
    if task is not None and is_programme_organizer(actor, task):
        return True
    raise ApplicationError(
        _("Kỳ %(period)s đã khóa.") % {"period": period.name}, code=TaskRefusal.PERIOD_CLOSED
    )


def authority_for(programme: Programme, *, assignee_cadre: Cadre | None, assignee_unit: Unit | None) -> Unit:
    """The unit whose approvers approve and evaluate the task: the unit managing the cadre; for a
    collective (or a cadre whose managing unit is not recorded), the programme's issuing unit."""
    # no query when the caller loaded the cadre with its unit (an import: once for thousands of rows)
    if assignee_cadre is not None and assignee_cadre.managing_unit is not None:
        return assignee_cadre.managing_unit
    return programme.issuing_unit


def new_task(
    *,
    programme: Programme,
    period: Period,
    title: str,
    description: str,
    deliverable: str,
    assignee_cadre: Cadre | None,
    assignee_unit: Unit | None,
    **fields,
) -> Task:
    """A task registered or assigned: its texts tidied (one space between words in the title) and its
    authority found from the programme and the assignee, the same way for both."""
    return Task(
        programme=programme,
        period=period,
        title=" ".join(title.split()),
        description=description.strip(),
        deliverable=deliverable.strip(),
        assignee_cadre=assignee_cadre,
        assignee_unit=assignee_unit,
        authority_unit=authority_for(programme, assignee_cadre=assignee_cadre, assignee_unit=assignee_unit),
        **fields,
    )


def check_assignee(*, assignee_cadre: Cadre | None, assignee_unit: Unit | None, today: datetime.date) -> None:
    """One assignee; a collective that no longer exists (merged, dissolved) takes no new task: its
    successor does."""
    if (assignee_cadre is None) == (assignee_unit is None):
        raise ApplicationError(
            _("Chọn một cán bộ hoặc một tập thể được giao việc."), code=TaskRefusal.ASSIGNEE_REQUIRED
        )
    if assignee_unit is not None and assignee_unit.valid_to is not None and assignee_unit.valid_to < today:
        raise ApplicationError(
            _("%(unit)s đã thôi hoạt động từ %(day)s; giao việc cho đơn vị kế thừa.")
            % {"unit": assignee_unit.name, "day": fmt(assignee_unit.valid_to)},
            code=TaskRefusal.UNIT_ENDED,
        )


def check_in_post(
    cadre: Cadre | None, day: datetime.date, *, what: str, held: set[int] | None = None
) -> None:
    """A task is given to, or made the responsibility of, someone holding a post that day: not a cadre who
    has retired or moved away (the pickers offer the same people: `dotpha.structure.selectors.in_post`).
    `held`: the ids of the cadres in post that day, when the caller read them for many tasks at once
    (`cadres_in_post`)."""
    if cadre is None:
        return
    in_post = (cadre.pk in held) if held is not None else cadre.appointments.filter(in_post_on(day)).exists()
    if in_post:
        return
    raise ApplicationError(
        _("%(cadre)s không còn giữ chức vụ nào vào ngày %(day)s: không thể là %(what)s.")
        % {"cadre": cadre.full_name, "day": fmt(day), "what": what},
        code=TaskRefusal.CADRE_NOT_IN_POST,
    )


def cadres_in_post(cadre_ids: Iterable[int], day: datetime.date) -> set[int]:
    """Which of these cadres hold a post on `day`, in one query: `check_in_post`'s question for a batch."""
    held = Appointment.objects.filter(in_post_on(day), cadre_id__in=set(cadre_ids))
    return set(held.values_list("cadre_id", flat=True))


def check_period_of(programme: Programme, period: Period) -> None:
    if period.programme_id != programme.pk:
        raise ApplicationError(_("Kỳ không thuộc chương trình đã chọn."), code=TaskRefusal.PERIOD_MISMATCH)


def check_kind(programme: Programme, kind: str) -> None:
    if kind not in TaskKind.values:
        raise ApplicationError(_("Loại việc không hợp lệ."), code=TaskRefusal.INVALID_KIND)
    if kind not in programme.task_kinds:
        raise ApplicationError(
            _("Chương trình %(programme)s không nhận loại “%(kind)s”.")
            % {"programme": programme.number, "kind": TaskKind(kind).label},
            code=TaskRefusal.KIND_NOT_ALLOWED,
        )


def check_dates(start_date: datetime.date | None, deadline: datetime.date | None) -> None:
    if start_date and deadline and deadline < start_date:
        raise ApplicationError(
            _("Thời hạn hoàn thành phải sau ngày bắt đầu."), code=TaskRefusal.INVALID_DATES
        )


def check_five_clears(
    task: Task, *, milestones: Sequence[Milestone] | None = None, has_targets: bool | None = None
) -> None:
    """ "5 rõ": rõ người, rõ việc, rõ tiến độ, rõ hiệu quả, rõ trách nhiệm. Required before submission.
    `milestones`: all the task's milestones, when the caller just wrote them (a new task); `has_targets`:
    whether it has targets, when the caller knows (a batch not yet written)."""
    missing = []
    if not task.title.strip():
        missing.append(_("tên việc"))
    if not task.description.strip():
        missing.append(_("nội dung, giải pháp"))
    if task.start_date is None:
        missing.append(_("ngày bắt đầu"))
    if task.deadline is None:
        missing.append(_("thời hạn hoàn thành"))
    if not task.deliverable.strip() and not (task.targets.exists() if has_targets is None else has_targets):
        missing.append(_("sản phẩm hoặc chỉ tiêu"))
    if task.is_collective and task.accountable_cadre_id is None:
        missing.append(_("người chịu trách nhiệm"))
    if missing:
        raise ApplicationError(
            _("Việc chưa đủ “5 rõ”, còn thiếu: %(missing)s.") % {"missing": ", ".join(missing)},
            code=TaskRefusal.INCOMPLETE,
        )
    check_schedule(task, milestones=milestones)


def check_schedule(task: Task, *, milestones: Sequence[Milestone] | None = None) -> None:
    """The deadline lies inside the period and every milestone inside the task's schedule. `milestones`:
    all the task's milestones when the caller holds them, else they are read."""
    period = task.period
    if task.deadline and task.deadline > period.end_date:
        raise ApplicationError(
            _("Thời hạn hoàn thành phải trong kỳ %(period)s (đến %(end)s).")
            % {"period": period.name, "end": fmt(period.end_date)},
            code=TaskRefusal.DEADLINE_OUTSIDE_PERIOD,
        )
    if task.start_date and task.deadline:
        if milestones is None:
            late = task.milestones.filter(due_date__gt=task.deadline).first()
            early = task.milestones.filter(due_date__lt=task.start_date).first()
        else:
            by_due = sorted(milestones, key=lambda m: (m.due_date, m.pk))  # Milestone's own ordering
            late = next((m for m in by_due if m.due_date > task.deadline), None)
            early = next((m for m in by_due if m.due_date < task.start_date), None)
        outside = late or early
        if outside is not None:
            raise ApplicationError(
                _("Mốc “%(milestone)s” nằm ngoài thời gian thực hiện việc.") % {"milestone": outside.title},
                code=TaskRefusal.MILESTONE_OUTSIDE_SCHEDULE,
            )


def add_plan(
    write: Write, task: Task, *, milestones: Sequence[MilestoneInput], targets: Sequence[TargetInput]
) -> list[Milestone]:
    """Adds the milestones and targets; returns the milestones added."""
    added = [new_milestone(task, item) for item in milestones]
    for milestone in added:
        write.save(milestone)
    for target_input in targets:
        write.save(new_target(task, target_input))
    return added


def new_milestone(task: Task, item: MilestoneInput) -> Milestone:
    if not item.title.strip():
        raise ApplicationError(_("Nhập nội dung mốc."), code=TaskRefusal.REQUIRED)
    return Milestone(task=task, title=item.title.strip(), due_date=item.due_date)


def new_target(task: Task, item: TargetInput) -> Target:
    value = to_decimal(item.target_value)
    if not item.name.strip() or not item.unit_of_measure.strip():
        raise ApplicationError(_("Nhập tên chỉ tiêu và đơn vị tính."), code=TaskRefusal.REQUIRED)
    return Target(
        task=task, name=item.name.strip(), unit_of_measure=item.unit_of_measure.strip(), target_value=value
    )


def to_decimal(value: Decimal | int | str | float) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise ApplicationError(
            _("“%(value)s” không phải là số.") % {"value": value}, code=TaskRefusal.INVALID_NUMBER
        ) from exc
    if not number.is_finite() or number < 0:
        raise ApplicationError(_("Giá trị chỉ tiêu phải là số không âm."), code=TaskRefusal.INVALID_NUMBER)
    return number


def decimal_text(value: Decimal) -> str:
    """13.00 -> "13", 2.50 -> "2.5": for event payloads."""
    return f"{value.normalize():f}"


def set_partners(write: Write, *, co_cadres: Iterable[Cadre] | None, co_units: Iterable[Unit] | None) -> None:
    """Co-responsible cadres and units (None: leave as they are). Rows are added and removed one by one,
    so each change has a history row naming the actor."""
    task = write.task
    if co_cadres is not None:
        wanted = {c.pk for c in co_cadres}
        check_partner_cadres(task, wanted)
        rows = {row.cadre_id: row for row in CoResponsibleCadre.objects.filter(task=task)}
        for cadre_id in sorted(wanted - rows.keys()):
            write.save(CoResponsibleCadre(task=task, cadre_id=cadre_id))
        for cadre_id in rows.keys() - wanted:
            write.delete(rows[cadre_id])
    if co_units is not None:
        wanted = {u.pk for u in co_units}
        if task.assignee_unit_id in wanted:
            raise ApplicationError(
                _("Tập thể được giao không đồng thời là đơn vị phối hợp."), code=TaskRefusal.PARTNER_SELF
            )
        unit_rows = {row.unit_id: row for row in CoResponsibleUnit.objects.filter(task=task)}
        for unit_id in sorted(wanted - unit_rows.keys()):
            write.save(CoResponsibleUnit(task=task, unit_id=unit_id))
        for unit_id in unit_rows.keys() - wanted:
            write.delete(unit_rows[unit_id])


def check_partner_cadres(task: Task, cadre_ids: set[int]) -> None:
    if task.assignee_cadre_id in cadre_ids:
        raise ApplicationError(
            _("Cán bộ được giao không đồng thời là cán bộ phối hợp."), code=TaskRefusal.PARTNER_SELF
        )


def with_task_title(exc: ApplicationError, task: Task) -> ApplicationError:
    """The refusal of one task among several, saying which task: a copy of `exc` (its class and code kept)
    whose message names the task."""
    titled = copy.copy(exc)
    titled.message = _("Việc “%(title)s”: %(message)s") % {"title": task.title, "message": exc.message}
    titled.args = (titled.message,)
    return titled
