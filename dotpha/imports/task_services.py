"""Create the tasks of a checked task list, approved under one decision, through the task services: the
decision by `decision_create` when it is new, the tasks together by `task_assign_many` (the rules of
`task_assign`, written in bulk). The services
decide whose tasks the actor may assign; a refusal is an issue at its row. A row whose task the period
already holds is skipped, or corrected by `task_correct` when the user chose so.

All or nothing: every row is tried, every refusal collected, and one refusal undoes the whole file.
`task_import_check` does the same inside a transaction it always rolls back, so the preview shows exactly
what the commit would refuse."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.imports.errors import ImportRefusal
from dotpha.imports.reader import Issue
from dotpha.imports.task_plan import TaskImportPlan, TaskImportSummary, TaskImportTarget, TaskRowPlan
from dotpha.org.models import Cadre
from dotpha.programmes.models import Decision, Field
from dotpha.programmes.services import decision_create
from dotpha.tasks.models import Task
from dotpha.tasks.services import (
    AssignItem,
    Assignment,
    AssignmentsRefused,
    open_assignment,
    task_assign_many,
    task_assign_many_refusals,
    task_correct,
)

UNACKNOWLEDGED = "cần xác nhận đã xem cảnh báo trước khi nhập"
CHANGED = "Dữ liệu đã thay đổi trong lúc nhập; hãy tải tệp lên lại để kiểm tra"
DEFAULT_DECISION_TITLE = "Giao việc đột phá, đổi mới {kind} {name}"
UPDATE_REASON = "Cập nhật theo danh sách nhập từ tệp (dòng {row})"


class TaskImportRejected(ApplicationError):
    """The file has errors, or a row was refused while applying: nothing was saved."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(
            _("Không nhập được: %(count)s lỗi, chưa lưu gì.") % {"count": len(issues)},
            code=ImportRefusal.IMPORT_REJECTED,
        )
        self.issues = issues


class _RolledBack(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("rolled back")
        self.issues = issues


def task_import_check(*, actor: User, plan: TaskImportPlan, target: TaskImportTarget) -> list[Issue]:
    """What the services would refuse, row by row, for the rows that are ready (rows still waiting for
    the user's choice are left out). Nothing is kept."""
    try:
        with transaction.atomic():
            issues = _run(actor, plan, target, write=False)[1]
            raise _RolledBack(issues)
    except _RolledBack as done:
        return done.issues


@transaction.atomic
def task_import_apply(
    *, actor: User, plan: TaskImportPlan, target: TaskImportTarget, acknowledged: bool = False
) -> TaskImportSummary:
    """Apply a plan made by `task_import_parse` for the same actor and target, all rows or none.
    `acknowledged`: the user read the plan's warnings (posts that differ); without it they refuse."""
    if plan.actor_id != actor.pk:
        raise PermissionDeniedError(_("Tệp phải được kiểm tra lại với tài khoản của người nhập."))
    issues = plan_refusals(plan, acknowledged=acknowledged)
    if issues:
        raise TaskImportRejected(issues)
    summary, issues = _run(actor, plan, target)
    if issues:
        raise TaskImportRejected(issues)  # leaving the atomic block undoes every row already saved
    return summary


def plan_refusals(plan: TaskImportPlan, *, acknowledged: bool) -> list[Issue]:
    """What refuses the plan before any row is tried: its errors, the names still waiting for the user's
    choice, and (not `acknowledged`) its warnings."""
    issues = plan.issues + plan.choice_issues()
    if not acknowledged:
        issues += [
            Issue(f"{w.message} — {UNACKNOWLEDGED}", sheet=w.sheet, row=w.row, column=w.column)
            for w in plan.warnings()
        ]
    return issues


def _run(
    actor: User, plan: TaskImportPlan, target: TaskImportTarget, *, write: bool = True
) -> tuple[TaskImportSummary, list[Issue]]:
    """`write=False` (the preview): the new tasks are only checked, by the same rules; the decision and
    the corrections are still made, in the caller's transaction that rolls back."""
    issues: list[Issue] = []
    summary = TaskImportSummary(decision=target.number)
    ready = [row for row in plan.rows if row.to_create]
    updates = [row for row in plan.rows if row.to_update]
    summary.skipped = sum(1 for row in plan.rows if row.ok and row.existing) - len(updates)
    decision = target.decision
    if decision is None and ready:  # a file whose every task exists already makes no empty decision
        decision = _new_decision(actor, target, issues)
        summary.decision_created = decision is not None
    assignment = _open_assignment(actor, target, decision, issues) if decision is not None and ready else None
    if assignment is None:
        ready = []  # no decision to assign under: the file's issue says why, no row is tried
    wanted = [r.cadre.pk for r in ready if r.cadre] + [pk for r in ready + updates for pk in r.co_cadre_ids]
    cadres = Cadre.objects.select_related("managing_unit").in_bulk(wanted)
    fields = Field.objects.in_bulk([r.field_id for r in ready + updates if r.field_id])
    items: list[AssignItem] = []
    item_rows: list[TaskRowPlan] = []
    for row in ready:
        assert row.cadre is not None and row.deadline is not None and row.start_date is not None
        cadre = cadres.get(row.cadre.pk)
        co_cadres = [cadres[pk] for pk in row.co_cadre_ids if pk in cadres]
        if cadre is None or len(co_cadres) != len(row.co_cadre_ids):
            issues.append(Issue(CHANGED, sheet=plan.sheet, row=row.row))
            continue
        item_rows.append(row)
        items.append(
            AssignItem(
                title=row.title,
                description=row.description,
                start_date=row.start_date,
                deadline=row.deadline,
                assignee_cadre=cadre,
                kind=row.kind,
                field=fields.get(row.field_id) if row.field_id else None,
                deliverable=row.deliverable,
                targets=row.targets,
                co_cadres=co_cadres,
                deadline_wording=row.deadline_text,
            )
        )
    if items and not write:
        _refusals(actor, plan, assignment, items, item_rows, target, issues)
    assigned = _assign(actor, plan, assignment, items, item_rows, target, issues) if items and write else []
    summary.tasks = len(assigned)
    summary.cadres = len({task.assignee_cadre_id for task in assigned})
    _update(actor, plan, updates, cadres, fields, summary, issues)
    return summary, issues


def _assign(
    actor: User,
    plan: TaskImportPlan,
    assignment: Assignment | None,
    items: list[AssignItem],
    rows: list[TaskRowPlan],
    target: TaskImportTarget,
    issues: list[Issue],
) -> list[Task]:
    """Every new task of the file in one `task_assign_many`: its refusals become issues at their rows, and
    a refused batch writes nothing (its savepoint is undone), so the user sees every refusal at once."""
    assert assignment is not None
    try:
        with transaction.atomic():
            return task_assign_many(
                actor=actor, assignment=assignment, items=items, today=target.approval_day
            )
    except AssignmentsRefused as refused:
        _at_rows(plan, rows, refused.refusals, issues)
    except DatabaseError:
        issues.append(Issue(CHANGED, sheet=plan.sheet))
    return []


def _refusals(
    actor: User,
    plan: TaskImportPlan,
    assignment: Assignment | None,
    items: list[AssignItem],
    rows: list[TaskRowPlan],
    target: TaskImportTarget,
    issues: list[Issue],
) -> None:
    """What `_assign` would refuse, at its rows, without writing the tasks."""
    assert assignment is not None
    refusals = task_assign_many_refusals(
        actor=actor, assignment=assignment, items=items, today=target.approval_day
    )
    _at_rows(plan, rows, refusals, issues)


def _at_rows(
    plan: TaskImportPlan, rows: list[TaskRowPlan], refusals: dict[int, list[str]], issues: list[Issue]
) -> None:
    for index, messages in refusals.items():
        issues.extend(Issue(message, sheet=plan.sheet, row=rows[index].row) for message in messages)


def _update(
    actor: User,
    plan: TaskImportPlan,
    rows: list[TaskRowPlan],
    cadres: dict[int, Cadre],
    fields: dict[int, Field],
    summary: TaskImportSummary,
    issues: list[Issue],
) -> None:
    """The rows whose existing task the user chose to correct from the file: by `task_correct`, which
    decides who may and records the change in the task's history and timeline."""
    tasks = Task.objects.in_bulk([r.existing_task_id for r in rows if r.existing_task_id])
    for row in rows:
        task = tasks.get(row.existing_task_id or 0)
        if task is None:
            issues.append(Issue(CHANGED, sheet=plan.sheet, row=row.row))
            continue
        values: dict = {}
        keys = {change.key for change in row.changes}
        if "deadline" in keys:
            values.update(deadline=row.deadline, deadline_wording=row.deadline_text)
        for key in keys & {"deliverable", "description", "kind"}:
            values[key] = getattr(row, key)
        if "field" in keys:
            values["field"] = fields.get(row.field_id or 0)
        if "co_cadres" in keys:
            values["co_cadres"] = [cadres[pk] for pk in row.co_cadre_ids if pk in cadres]
        reason = UPDATE_REASON.format(row=row.row)
        if _row_write(plan, row, issues, task_correct, actor=actor, task=task, reason=reason, **values):
            summary.updated += 1


def _row_write(
    plan: TaskImportPlan, row: TaskRowPlan, issues: list[Issue], write: Callable[..., object], **values
) -> bool:
    """One row's service call: a refusal becomes an issue at the row, and the other rows are still tried so
    that the user sees every refusal at once. The services are atomic, so inside the import's transaction
    each call is its own savepoint and a refused row leaves nothing behind."""
    try:
        write(**values)
    except ApplicationError as error:
        issues.append(Issue(error.message, sheet=plan.sheet, row=row.row))
    except ValidationError as error:
        issues.extend(Issue(m, sheet=plan.sheet, row=row.row) for m in error.messages)
    except DatabaseError:
        issues.append(Issue(CHANGED, sheet=plan.sheet, row=row.row))
    else:
        return True
    return False


def _open_assignment(
    actor: User, target: TaskImportTarget, decision: Decision, issues: list[Issue]
) -> Assignment | None:
    """The period and decision every row is assigned under, checked once for the whole file: a refusal
    here (a locked decision, one the actor may not issue) is the file's, not each row's."""
    try:
        with transaction.atomic():
            return open_assignment(actor, programme=target.programme, period=target.period, decision=decision)
    except ApplicationError as error:
        issues.append(Issue(f"Quyết định số {decision.number}: {error.message}"))
        return None


def _new_decision(actor: User, target: TaskImportTarget, issues: list[Issue]) -> Decision | None:
    if target.signed_on is None:
        issues.append(Issue(f"Quyết định số {target.decision_number}: thiếu ngày ký"))
        return None
    period = target.period
    title = target.decision_title.strip() or DEFAULT_DECISION_TITLE.format(
        kind=period.get_kind_display().lower(), name=period.name
    )
    try:
        with transaction.atomic():
            return decision_create(
                actor=actor,
                programme=target.programme,
                period=target.period,
                number=target.decision_number,
                title=title,
                signed_on=target.signed_on,
                batch_number=target.batch_number,
            )
    except ApplicationError as error:
        issues.append(Issue(f"Quyết định số {target.decision_number}: {error.message}"))
        return None
