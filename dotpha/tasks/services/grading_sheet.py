"""The year-end grading sheet: the authority grades every task of a period in one pass.

- `grading_sheet_save` ("Lưu nháp"): keeps the draft grades and comments, with the version of each task the
  evaluator saw. They are no evaluation: the task, its state and the statistics do not change.
- `grading_sheet_confirm` ("Xác nhận và khóa"): saves what was typed, then evaluates every graded line
  through `task_evaluate`, the one door of the grading rules; one refusal refuses the whole sheet (naming
  the task) and changes nothing. The sheet is then locked: no line changes any more.

A sheet of hundreds of tasks (a district's) is typed a page at a time: each save sends one page's lines,
and the confirmation evaluates the lines of every page, each checked against the version it was typed on.

Only the authority of the sheet's tasks (is_authority_over: an approver of its authority unit, or the
leadership of that unit in a programme of its own) works on it, and only on its tasks (approved, of the
period, under exactly that authority, never their own): any other task is refused, whatever the caller
sends.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade, Period
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import GradingLine, GradingSheet, GradingSheetStatus, Task
from dotpha.tasks.permissions import is_authority_over
from dotpha.tasks.selectors.grading import sheet_tasks
from dotpha.tasks.services._common import gate_period, with_task_title
from dotpha.tasks.services.evaluation import task_evaluate


@dataclass(frozen=True)
class GradingLineInput:
    """One row as typed: an empty grade is a row not graded yet."""

    task_id: int
    grade: str = ""
    ahead_of_plan: bool = False
    comment: str = ""


def _open_sheet(actor: User, period: Period, authority_unit: Unit) -> GradingSheet:
    """The sheet of the period and authority, locked for this transaction; made on first save."""
    if not is_authority_over(actor, authority_unit, period.programme):
        raise PermissionDeniedError(_("Bạn không phải cấp đánh giá của các việc này."))
    gate_period(period, actor)
    sheets = GradingSheet.objects.select_for_update().filter(period=period, authority_unit=authority_unit)
    sheet = sheets.first()
    if sheet is None:
        try:
            with transaction.atomic():
                sheet = GradingSheet(period=period, authority_unit=authority_unit, created_by=actor)
                as_actor(sheet, actor).save()
        except IntegrityError:  # another evaluator of the same authority made it a moment ago
            sheet = sheets.get()
    if sheet.is_locked:
        raise ApplicationError(
            _("Bảng đánh giá kỳ %(period)s đã xác nhận và khóa, không sửa được nữa.")
            % {"period": period.name},
            code=TaskRefusal.SHEET_LOCKED,
        )
    return sheet


def _check_line(task: Task, line: GradingLineInput) -> None:
    if line.grade and (line.grade not in Grade.values or line.grade not in task.programme.grades):
        raise with_task_title(
            ApplicationError(
                _("Mức đánh giá không có trong thang đánh giá của chương trình."),
                code=TaskRefusal.INVALID_GRADE,
            ),
            task,
        )


def _write_lines(
    actor: User, sheet: GradingSheet, lines: Sequence[GradingLineInput], versions: Mapping[int, int]
) -> None:
    allowed = {
        t.pk: t for t in sheet_tasks(actor, sheet.period, sheet.authority_unit).select_related("programme")
    }
    existing = {line.task_id: line for line in sheet.lines.all()}
    for typed in lines:
        task = allowed.get(typed.task_id)
        if task is None:
            raise ApplicationError(_("Việc không thuộc bảng đánh giá này."), code=TaskRefusal.NOT_ON_SHEET)
        _check_line(task, typed)
        line = existing.get(task.pk)
        values = {
            "grade": typed.grade,
            "ahead_of_plan": bool(typed.ahead_of_plan and typed.grade),
            "comment": typed.comment.strip(),
            # a caller that sends no version keeps the one the line was typed on
            "task_version": versions.get(task.pk, line.task_version if line else None),
        }
        if line is None:
            if not values["grade"] and not values["comment"]:
                continue  # nothing typed on this row
            line = GradingLine(sheet=sheet, task=task)
        elif all(getattr(line, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(line, name, value)
        as_actor(line, actor).save()


@transaction.atomic
def grading_sheet_save(
    *,
    actor: User,
    period: Period,
    authority_unit: Unit,
    lines: Sequence[GradingLineInput],
    versions: Mapping[int, int] | None = None,
) -> GradingSheet:
    """Lưu nháp: the typed grades and comments are kept on the sheet, each with the task's version the
    evaluator saw (`versions`), checked at the confirmation; nothing is evaluated."""
    sheet = _open_sheet(actor, period, authority_unit)
    _write_lines(actor, sheet, lines, versions or {})
    return sheet


@transaction.atomic
def grading_sheet_confirm(
    *,
    actor: User,
    period: Period,
    authority_unit: Unit,
    lines: Sequence[GradingLineInput] = (),
    versions: Mapping[int, int] | None = None,
) -> GradingSheet:
    """Xác nhận và khóa: `lines` (what was typed, saved first) and the draft lines already on the sheet;
    every graded line is evaluated, all or none. `versions`: the task versions the evaluator saw on this
    page; a line saved from another page is checked against the version it was saved with (a task changed
    since is refused, see check_version)."""
    sheet = _open_sheet(actor, period, authority_unit)
    versions = versions or {}
    _write_lines(actor, sheet, lines, versions)
    graded = list(sheet.lines.exclude(grade="").select_related("task").order_by("pk"))
    if not graded:
        raise ApplicationError(
            _("Chưa chọn mức đánh giá cho việc nào trong bảng."), code=TaskRefusal.NOTHING_GRADED
        )
    on_sheet = set(sheet_tasks(actor, period, authority_unit).values_list("pk", flat=True))
    for line in graded:
        try:
            if line.task_id not in on_sheet:  # e.g. the task moved to another authority meanwhile
                raise ApplicationError(
                    _("Việc không thuộc bảng đánh giá này."), code=TaskRefusal.NOT_ON_SHEET
                )
            task_evaluate(
                actor=actor,
                task=line.task,
                grade=line.grade,
                ahead_of_plan=line.ahead_of_plan,
                comment=line.comment,
                version=versions.get(line.task_id, line.task_version),
            )
        except ApplicationError as exc:
            raise with_task_title(exc, line.task) from exc
    sheet.status = GradingSheetStatus.CONFIRMED
    sheet.confirmed_at = timezone.now()
    sheet.confirmed_by = actor
    as_actor(sheet, actor).save()
    return sheet
