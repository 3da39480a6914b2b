"""The yearly review of a phase task (`YearReview`, see `dotpha.tasks.phase_years`): the assignee reports the
year (what was done, the share of the task done so far), then the authority grades it, the way the year-end
self-assessment and evaluation go. Who may grade is who may evaluate the task (`check_decider`); a closed
phase refuses both as it refuses the evaluation. The phase's last year is not reviewed: it is the final
evaluation (`task_evaluate`)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Task, TaskEventKind, YearReview
from dotpha.tasks.permissions import acts_for_assignee
from dotpha.tasks.phase_years import final_year, is_phase, review_opens
from dotpha.tasks.services._common import Write, check_decider, check_version, fmt, fresh_task, today_or
from dotpha.tasks.services.evaluation import _check_grade, _require_approved


def _check_year(task: Task, year: int, today: datetime.date) -> None:
    """The task is a phase's, `year` one of its years before the last, and that year's review is due."""
    period = task.period
    if not is_phase(period):
        raise ApplicationError(
            _(
                "Chỉ việc của giai đoạn nhiều năm mới đánh giá hằng năm; việc của kỳ %(period)s được "
                "đánh giá cuối kỳ."
            )
            % {"period": period.name},
            code=TaskRefusal.NOT_PHASE_TASK,
        )
    if not period.start_date.year <= year <= period.end_date.year:
        raise ApplicationError(
            _("Năm %(year)s không thuộc giai đoạn %(period)s.") % {"year": year, "period": period.name},
            code=TaskRefusal.YEAR_OUTSIDE_PHASE,
        )
    if year == final_year(period):
        raise ApplicationError(
            _(
                "Năm %(year)s là năm cuối giai đoạn %(period)s: việc được đánh giá kết quả cả giai đoạn "
                "thay cho đánh giá năm."
            )
            % {"year": year, "period": period.name},
            code=TaskRefusal.FINAL_YEAR,
        )
    opens = review_opens(year)
    if today < opens:
        raise ApplicationError(
            _("Chưa đến kỳ đánh giá năm %(year)s (từ ngày %(day)s).") % {"year": year, "day": fmt(opens)},
            code=TaskRefusal.YEAR_NOT_DUE,
        )


def _review_for_update(task: Task, year: int) -> YearReview | None:
    return YearReview.objects.select_for_update().filter(task=task, year=year).first()


@transaction.atomic
def year_review_self_report(
    *,
    actor: User,
    task: Task,
    year: int,
    percent: int,
    report: str,
    version: int | None = None,
    today: datetime.date | None = None,
) -> YearReview:
    """The assignee's report of one year of a phase task. It may be sent again until the year is graded."""
    task = fresh_task(task)
    if not acts_for_assignee(actor, task):
        raise PermissionDeniedError(_("Chỉ người được giao việc mới tự báo cáo kết quả năm."))
    check_version(task, version)
    write = Write(actor, task)
    _require_approved(task)
    _check_year(task, year, today_or(today))
    if not 0 <= percent <= 100:
        raise ApplicationError(
            _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100%."), code=TaskRefusal.INVALID_PERCENT
        )
    if not report.strip():
        raise ApplicationError(_("Nhập nội dung tự báo cáo kết quả năm."), code=TaskRefusal.TEXT_REQUIRED)
    review = _review_for_update(task, year) or YearReview(task=task, year=year)
    if review.grade:
        raise ApplicationError(
            _("Năm %(year)s của việc đã được cấp có thẩm quyền đánh giá.") % {"year": year},
            code=TaskRefusal.ALREADY_EVALUATED,
        )
    review.self_percent = percent
    review.self_report = report.strip()
    review.self_reported_at = timezone.now()
    review.self_reported_by = actor
    write.save(review)
    write.event(
        TaskEventKind.YEAR_SELF_REPORTED,
        comment=review.self_report,
        payload={"year": year, "percent": percent},
    )
    return review


@transaction.atomic
def year_review_grade(
    *,
    actor: User,
    task: Task,
    year: int,
    grade: str,
    comment: str = "",
    version: int | None = None,
    today: datetime.date | None = None,
) -> YearReview:
    """The authority's grade of one year of a phase task, after the assignee's report. It may be given
    again while the phase is open (history keeps each)."""
    task = fresh_task(task)
    check_decider(
        actor, task, own_task_refusal=PermissionDeniedError(_("Không thể tự đánh giá việc của chính mình."))
    )
    check_version(task, version)
    write = Write(actor, task)
    _require_approved(task)
    _check_year(task, year, today_or(today))
    review = _review_for_update(task, year)
    if review is None or review.self_reported_at is None:
        raise ApplicationError(
            _("Người được giao chưa tự báo cáo kết quả năm %(year)s.") % {"year": year},
            code=TaskRefusal.NOT_SELF_ASSESSED,
        )
    _check_grade(task, grade)
    review.grade = grade
    review.comment = comment.strip()
    review.graded_at = timezone.now()
    review.graded_by = actor
    write.save(review)
    write.event(TaskEventKind.YEAR_REVIEWED, comment=review.comment, payload={"year": year, "grade": grade})
    return review
