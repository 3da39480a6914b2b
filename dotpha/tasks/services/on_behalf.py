"""nhập thay: an assistant drafts, for a leader, a registration, a progress report or a self-assessment; the
leader confirms it (then it is the leader's act, through the very service the leader would call) or discards
it. The organizer who manages the leader grants and ends the assistant's right, between two dates.

A draft is checked when it is entered by running the leader's service in a savepoint that is rolled back, so
the assistant meets the same refusals at once; the leader's confirmation runs the service again, for real,
as the leader: a rule that changed in between refuses then. Until confirmed a draft writes nothing a figure,
a queue or a task's timeline reads."""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.access import can_manage_account
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Field, Period
from dotpha.tasks import events
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import (
    AssistantGrant,
    EntryKind,
    EntryStatus,
    OnBehalfEntry,
    Target,
    Task,
    TaskEventKind,
)
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.selectors import tasks_visible_to
from dotpha.tasks.services._common import MilestoneInput, TargetInput, fmt, today_or
from dotpha.tasks.services.evaluation import task_self_assess
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.services.registration import task_create_draft, task_submit


# --- the grant ---
def _check_manages(actor: User, leader: User) -> None:
    if not can_manage_account(actor, leader):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức quản lý tài khoản của lãnh đạo này mới giao, chấm dứt quyền nhập thay.")
        )


@transaction.atomic
def assistant_grant_create(
    *,
    actor: User,
    leader: User,
    assistant: User,
    valid_from: datetime.date,
    valid_to: datetime.date,
    today: datetime.date | None = None,
) -> AssistantGrant:
    """The organizer managing both accounts lets `assistant` draft for `leader` from `valid_from` to
    `valid_to`, both days included. One grant in force or to come per pair: a second would only blur which
    dates hold."""
    today = today_or(today)
    _check_manages(actor, leader)
    if not can_manage_account(actor, assistant):
        raise PermissionDeniedError(_("Chỉ giao quyền nhập thay cho tài khoản thuộc phạm vi bạn quản lý."))
    if leader.pk == assistant.pk:
        raise ApplicationError(
            _("Lãnh đạo không thể là trợ lý nhập thay của chính mình."), code=TaskRefusal.GRANT_SELF
        )
    if not (leader.is_active and assistant.is_active):
        raise ApplicationError(
            _("Tài khoản của lãnh đạo hoặc trợ lý đang bị khóa."), code=TaskRefusal.ACCOUNT_INACTIVE
        )
    if valid_to < valid_from:
        raise ApplicationError(
            _("Ngày hết hiệu lực phải từ ngày bắt đầu hiệu lực trở đi."), code=TaskRefusal.INVALID_DATES
        )
    if valid_to < today:
        raise ApplicationError(
            _("Ngày hết hiệu lực đã qua: quyền nhập thay phải còn hiệu lực từ hôm nay trở đi."),
            code=TaskRefusal.INVALID_DATES,
        )
    # the leader's row, locked, keeps two organizers from granting the same pair at once
    User.objects.select_for_update().filter(pk=leader.pk).first()
    if AssistantGrant.objects.filter(
        leader=leader, assistant=assistant, ended_at__isnull=True, valid_to__gte=today
    ).exists():
        raise ApplicationError(
            _("%(assistant)s đã có quyền nhập thay cho %(leader)s: chấm dứt quyền đó trước khi giao lại.")
            % {"assistant": assistant, "leader": leader},
            code=TaskRefusal.GRANT_EXISTS,
        )
    grant = AssistantGrant(
        leader=leader, assistant=assistant, valid_from=valid_from, valid_to=valid_to, granted_by=actor
    )
    as_actor(grant, actor).save()
    return grant


@transaction.atomic
def assistant_grant_end(*, actor: User, grant: AssistantGrant) -> AssistantGrant:
    """Ends the grant now. Drafts already entered stay for the leader to confirm or discard: the leader, not
    the assistant, answers for them."""
    grant = AssistantGrant.objects.select_for_update(of=("self",)).select_related("leader").get(pk=grant.pk)
    _check_manages(actor, grant.leader)
    if grant.ended_at is not None:
        raise ApplicationError(_("Quyền nhập thay này đã được chấm dứt."), code=TaskRefusal.GRANT_ENDED)
    grant.ended_at = timezone.now()
    grant.ended_by = actor
    as_actor(grant, actor).save()
    return grant


def check_grant_in_force(actor: User, grant: AssistantGrant, today: datetime.date) -> None:
    """The actor is the grant's assistant and the grant holds today, for an active leader; else refused,
    saying why."""
    if grant.assistant_id != actor.pk:
        raise PermissionDeniedError(_("Bạn không có quyền nhập thay cho lãnh đạo này."))
    leader = {"leader": grant.leader}
    if grant.ended_at is not None:
        raise ApplicationError(
            _("Quyền nhập thay cho %(leader)s đã bị chấm dứt ngày %(day)s.")
            % {**leader, "day": fmt(timezone.localdate(grant.ended_at))},
            code=TaskRefusal.GRANT_NOT_IN_FORCE,
        )
    if today > grant.valid_to:
        raise ApplicationError(
            _("Quyền nhập thay cho %(leader)s đã hết hiệu lực từ sau ngày %(day)s.")
            % {**leader, "day": fmt(grant.valid_to)},
            code=TaskRefusal.GRANT_NOT_IN_FORCE,
        )
    if today < grant.valid_from:
        raise ApplicationError(
            _("Quyền nhập thay cho %(leader)s có hiệu lực từ ngày %(day)s.")
            % {**leader, "day": fmt(grant.valid_from)},
            code=TaskRefusal.GRANT_NOT_IN_FORCE,
        )
    if not grant.leader.is_active:
        raise ApplicationError(
            _("Tài khoản của lãnh đạo hoặc trợ lý đang bị khóa."), code=TaskRefusal.ACCOUNT_INACTIVE
        )


def leader_task(grant: AssistantGrant, task: Task | int) -> Task:
    """A task the leader carries out, found through the leader's own visibility: the assistant never reaches
    a task the leader could not open."""
    pk = task.pk if isinstance(task, Task) else task
    found = tasks_visible_to(grant.leader).filter(pk=pk).select_related("programme", "period").first()
    if found is None or not acts_for_assignee(grant.leader, found):
        raise PermissionDeniedError(_("Việc này không phải việc lãnh đạo thực hiện."))
    return found


# --- drafts ---
class _DryRun(Exception):
    """Raised inside the savepoint to undo what the leader's service wrote while checking a draft."""


def _dry_run(call: Callable[[], object]) -> None:
    """Runs the leader's service and undoes it: its refusals reach the assistant, its writes (rows, history,
    timeline, notifications on commit) never happen."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        pass


def _entry(grant: AssistantGrant, actor: User, kind: str, payload: dict, **links: Any) -> OnBehalfEntry:
    entry = OnBehalfEntry(
        kind=kind, grant=grant, leader=grant.leader, entered_by=actor, payload=payload, **links
    )
    as_actor(entry, actor).save()
    return entry


def _locked_grant(grant: AssistantGrant) -> AssistantGrant:
    # locked so an organizer ending the grant waits for, or is followed by, this draft: never both at once
    return AssistantGrant.objects.select_for_update(of=("self",)).select_related("leader").get(pk=grant.pk)


@transaction.atomic
def on_behalf_report(
    *,
    actor: User,
    grant: AssistantGrant,
    task: Task,
    percent_done: int,
    narrative: str,
    target_values: Mapping[int, Decimal | int | str] | None = None,
    decrease_reason: str = "",
    today: datetime.date | None = None,
) -> OnBehalfEntry:
    """A progress report drafted for the leader (without evidence files: the leader adds them to the report
    once it is theirs). A figures warning is left for the leader to confirm."""
    today = today_or(today)
    grant = _locked_grant(grant)
    check_grant_in_force(actor, grant, today)
    task = leader_task(grant, task)
    values: dict[Target | int, Decimal | int | str] = {int(pk): v for pk, v in (target_values or {}).items()}
    _dry_run(
        lambda: progress_report_submit(
            actor=grant.leader,
            task=task,
            percent_done=percent_done,
            narrative=narrative,
            target_values=values,
            decrease_reason=decrease_reason,
            confirmed=True,
            today=today,
        )
    )
    payload = {
        "percent_done": percent_done,
        "narrative": narrative.strip(),
        "decrease_reason": decrease_reason.strip(),
        "target_values": {str(pk): str(value) for pk, value in values.items()},
    }
    return _entry(grant, actor, EntryKind.PROGRESS_REPORT, payload, task=task)


@transaction.atomic
def on_behalf_self_assessment(
    *,
    actor: User,
    grant: AssistantGrant,
    task: Task,
    self_grade: str,
    self_assessment: str,
    today: datetime.date | None = None,
) -> OnBehalfEntry:
    today = today_or(today)
    grant = _locked_grant(grant)
    check_grant_in_force(actor, grant, today)
    task = leader_task(grant, task)
    _dry_run(
        lambda: task_self_assess(
            actor=grant.leader, task=task, self_grade=self_grade, self_assessment=self_assessment
        )
    )
    payload = {"self_grade": self_grade, "self_assessment": self_assessment.strip()}
    return _entry(grant, actor, EntryKind.SELF_ASSESSMENT, payload, task=task)


@transaction.atomic
def on_behalf_registration(
    *,
    actor: User,
    grant: AssistantGrant,
    period: Period,
    fields: Mapping[str, Any],
    assignee_cadre: Cadre | None = None,
    assignee_unit: Unit | None = None,
    co_cadres: Iterable[Cadre] = (),
    co_units: Iterable[Unit] = (),
    milestones: Sequence[MilestoneInput] = (),
    targets: Sequence[TargetInput] = (),
    today: datetime.date | None = None,
) -> OnBehalfEntry:
    """A task registered for the leader, to be sent for approval when the leader confirms it. `fields`: the
    draft's fields as task_create_draft takes them (title, description, kind, field, dates, deliverable,
    accountable cadre)."""
    today = today_or(today)
    grant = _locked_grant(grant)
    check_grant_in_force(actor, grant, today)
    co_cadres, co_units = list(co_cadres), list(co_units)
    kwargs = {
        "period": period,
        "assignee_cadre": assignee_cadre,
        "assignee_unit": assignee_unit,
        "co_cadres": co_cadres,
        "co_units": co_units,
        "milestones": milestones,
        "targets": targets,
        **fields,
    }
    _dry_run(lambda: _register(grant.leader, kwargs, today))
    payload = {
        "assignee_cadre": assignee_cadre.pk if assignee_cadre else None,
        "assignee_unit": assignee_unit.pk if assignee_unit else None,
        "co_cadres": [c.pk for c in co_cadres],
        "co_units": [u.pk for u in co_units],
        "milestones": [{"title": m.title, "due_date": m.due_date.isoformat()} for m in milestones],
        "targets": [
            {"name": t.name, "unit_of_measure": t.unit_of_measure, "target_value": str(t.target_value)}
            for t in targets
        ],
        **{name: _stored(value) for name, value in fields.items()},
    }
    return _entry(grant, actor, EntryKind.REGISTRATION, payload, period=period)


def _stored(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Cadre | Field):
        return value.pk
    return value


def _register(leader: User, kwargs: dict, today: datetime.date) -> Task:
    """The leader's registration, sent for approval: create the draft, then submit it."""
    period = kwargs["period"]
    rest = {name: value for name, value in kwargs.items() if name != "period"}
    task = task_create_draft(actor=leader, programme=period.programme, period=period, today=today, **rest)
    return task_submit(actor=leader, task=task, today=today)


def _registration_kwargs(entry: OnBehalfEntry) -> dict:
    """The payload back as task_create_draft's arguments; a row deleted since reads as none."""
    data = entry.payload

    def day(name: str) -> datetime.date | None:
        return datetime.date.fromisoformat(data[name]) if data.get(name) else None

    return {
        "period": entry.period,
        "assignee_cadre": Cadre.objects.filter(pk=data.get("assignee_cadre")).first(),
        "assignee_unit": Unit.objects.filter(pk=data.get("assignee_unit")).first(),
        "co_cadres": list(Cadre.objects.filter(pk__in=data.get("co_cadres", []))),
        "co_units": list(Unit.objects.filter(pk__in=data.get("co_units", []))),
        "milestones": [
            MilestoneInput(title=m["title"], due_date=datetime.date.fromisoformat(m["due_date"]))
            for m in data.get("milestones", [])
        ],
        "targets": [TargetInput(**t) for t in data.get("targets", [])],
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "deliverable": data.get("deliverable", ""),
        "kind": data["kind"],
        "field": Field.objects.filter(pk=data.get("field")).first(),
        "accountable_cadre": Cadre.objects.filter(pk=data.get("accountable_cadre")).first(),
        "start_date": day("start_date"),
        "deadline": day("deadline"),
    }


# --- the leader's answer ---
def _pending_for_leader(actor: User, entry: OnBehalfEntry) -> OnBehalfEntry:
    entry = (
        OnBehalfEntry.objects.select_for_update(of=("self",))
        .select_related("entered_by", "leader", "task", "period__programme")
        .get(pk=entry.pk)
    )
    if entry.leader_id != actor.pk:
        raise PermissionDeniedError(_("Chỉ lãnh đạo được nhập thay mới xác nhận nội dung này."))
    if entry.status != EntryStatus.PENDING:
        raise ApplicationError(
            _("Nội dung nhập thay này đã được xử lý (%(status)s).") % {"status": entry.get_status_display()},
            code=TaskRefusal.ENTRY_DECIDED,
        )
    return entry


@transaction.atomic
def on_behalf_confirm(
    *, actor: User, entry: OnBehalfEntry, confirmed: bool = False, today: datetime.date | None = None
) -> OnBehalfEntry:
    """The leader makes the draft theirs: the service they would call runs as them, with its rules and
    refusals (a refusal leaves the draft pending). `confirmed`: the leader overrules a progress report's
    figures warning, as on their own report form. The task's timeline records who entered it and who
    confirmed it, when."""
    today = today_or(today)
    entry = _pending_for_leader(actor, entry)
    data = entry.payload
    drafted_for = cast(Task, entry.task)  # a report's or a self-assessment's draft always names its task
    if entry.kind == EntryKind.PROGRESS_REPORT:
        report = progress_report_submit(
            actor=actor,
            task=drafted_for,
            percent_done=data["percent_done"],
            narrative=data["narrative"],
            target_values={int(pk): Decimal(v) for pk, v in data["target_values"].items()},
            decrease_reason=data["decrease_reason"],
            confirmed=confirmed,
            today=today,
        )
        entry.report = report
        task = report.task
    elif entry.kind == EntryKind.SELF_ASSESSMENT:
        evaluation = task_self_assess(
            actor=actor,
            task=drafted_for,
            self_grade=data["self_grade"],
            self_assessment=data["self_assessment"],
        )
        entry.evaluation = evaluation
        task = evaluation.task
    else:
        task = _register(actor, _registration_kwargs(entry), today)
        entry.task = task
    entry.status = EntryStatus.CONFIRMED
    entry.decided_at = timezone.now()
    # the change log's reason column, a record kept in the product's language whatever the reader's
    at = timezone.localtime(entry.decided_at)
    entry._change_reason = f"Nhập thay bởi {entry.entered_by}, xác nhận bởi {actor} lúc {at:%d/%m/%Y %H:%M}"  # type: ignore[attr-defined]
    as_actor(entry, actor).save()
    events.record(
        task=task,
        kind=TaskEventKind.ON_BEHALF_CONFIRMED,
        actor=actor,
        payload={
            "entry_id": entry.pk,
            "entry_kind": entry.kind,
            "entered_by": str(entry.entered_by),
            "entered_by_id": entry.entered_by_id,
        },
    )
    return entry


@transaction.atomic
def on_behalf_discard(*, actor: User, entry: OnBehalfEntry) -> OnBehalfEntry:
    """The leader discards a draft, or its assistant withdraws it, while it waits: nothing of it remains but
    its record."""
    locked = OnBehalfEntry.objects.select_for_update().get(pk=entry.pk)
    if actor.pk not in (locked.leader_id, locked.entered_by_id):
        raise PermissionDeniedError(_("Chỉ lãnh đạo hoặc người nhập thay mới bỏ được nội dung này."))
    if locked.status != EntryStatus.PENDING:
        raise ApplicationError(
            _("Nội dung nhập thay này đã được xử lý (%(status)s).") % {"status": locked.get_status_display()},
            code=TaskRefusal.ENTRY_DECIDED,
        )
    locked.status = EntryStatus.DISCARDED
    locked.decided_at = timezone.now()
    as_actor(locked, actor).save()
    return locked
