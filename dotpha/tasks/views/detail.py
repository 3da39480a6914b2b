"""The task page: the "5 rõ", status and progress, plan, reports, obstacles, adjustments, evaluation and
the timeline. Each form appears only to the people the permission predicates allow; the POST views in the
other modules re-render this page with their bound form when a service refuses."""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.programmes.selectors import decisions_visible_to, open_decisions
from dotpha.tasks import services
from dotpha.tasks.forms import (
    AdjustmentForm,
    CommentForm,
    DecideForm,
    EvaluationForm,
    ObstacleAnswerForm,
    ObstacleForm,
    ReviewForm,
    SelfAssessmentForm,
    YearGradeForm,
    YearSelfReportForm,
)
from dotpha.tasks.models import AdjustmentStatus, ObstacleStatus, Task, TaskStatus, YearReview
from dotpha.tasks.permissions import acts_for_assignee, can_decide, can_edit_draft
from dotpha.tasks.phase_years import final_year, is_phase, review_opens, review_years
from dotpha.tasks.selectors import task_detail, task_progress, task_timeline
from dotpha.tasks.selectors.on_behalf import task_on_behalf
from dotpha.tasks.views._common import auto_id, today


@login_required
@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, pk)


def render_detail(
    request: AuthedHttpRequest, pk: int, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """`bound` holds the form that was posted, by key ("obstacle", "answer-12", ...), to show it with what
    the user typed and the refusal."""
    user = request.user
    try:
        task = task_detail(user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    bound = bound or {}
    acts = acts_for_assignee(user, task)
    decides = can_decide(user, task)
    approved = task.status == TaskStatus.APPROVED
    evaluation = getattr(task, "evaluation", None)

    def form(key: str, factory):
        return bound.get(key) or factory(auto_id=auto_id(key))

    milestones = list(task.milestones.all())
    for milestone in milestones:
        if milestone.done_on is not None:
            milestone.can_undo = services.milestone_undo_refusal(user, milestone, task) is None  # type: ignore[attr-defined]

    targets = {t.pk: t for t in task.targets.all()}
    on_behalf = task_on_behalf(task, user)
    reports = list(task.progress_reports.all())
    for report in reports:
        shown = [(targets.get(v.target_id), v.value) for v in report.target_values.all()]
        report.values_shown = shown  # type: ignore[attr-defined]
        report.on_behalf = on_behalf.reports.get(report.pk)  # type: ignore[attr-defined]

    obstacles = list(task.obstacles.all())
    for obstacle in obstacles:
        if decides and obstacle.status == ObstacleStatus.OPEN:
            obstacle.answer_form = form(f"answer-{obstacle.pk}", ObstacleAnswerForm)  # type: ignore[attr-defined]
        if obstacle.status == ObstacleStatus.ANSWERED and (acts or decides):
            obstacle.resolve_form = form(f"resolve-{obstacle.pk}", CommentForm)  # type: ignore[attr-defined]

    adjustments = list(task.adjustments.all())
    pending = any(a.status == AdjustmentStatus.PENDING for a in adjustments)
    for adjustment in adjustments:
        if decides and adjustment.status == AdjustmentStatus.PENDING:
            adjustment.decide_form = form(f"decide-{adjustment.pk}", DecideForm)  # type: ignore[attr-defined]

    graded = evaluation is not None and bool(evaluation.grade)
    self_assessed = evaluation is not None and bool(evaluation.self_grade)
    context = {
        "task": task,
        "decision_in_register": task.decision is not None
        and decisions_visible_to(user).filter(pk=task.decision.pk).exists(),
        "progress": task_progress(task, today()),
        "milestones": milestones,
        "latest_report": reports[0] if reports else None,
        "reports": reports,
        "obstacles": obstacles,
        "adjustments": adjustments,
        "evaluation": evaluation,
        "year_rows": _year_rows(task, form, acts=acts and approved, decides=decides and approved),
        "final_year": final_year(task.period) if is_phase(task.period) else None,
        "today": today(),
        "timeline": task_timeline(task),
        "on_behalf": on_behalf,
        "acts": acts and approved,
        "can_edit": can_edit_draft(user, task),
        "review_form": (
            form(
                "review",
                lambda **kw: ReviewForm(
                    initial={"origin": "detail", "version": task.version},
                    decisions=open_decisions(user, programme=task.programme, period=task.period),
                    **kw,
                ),
            )
            if decides and task.status == TaskStatus.SUBMITTED
            else None
        ),
        "obstacle_form": form("obstacle", ObstacleForm) if acts and approved else None,
        "adjustment_form": (
            form("adjustment", lambda **kw: AdjustmentForm(task=task, **kw))
            if acts and approved and not pending
            else None
        ),
        "self_form": (
            form(
                "self",
                lambda **kw: SelfAssessmentForm(task=task, initial=_self_initial(task, evaluation), **kw),
            )
            if acts and approved and not graded
            else None
        ),
        "evaluation_form": (
            form(
                "evaluation",
                lambda **kw: EvaluationForm(task=task, initial=_grade_initial(task, evaluation), **kw),
            )
            if decides and approved and self_assessed
            else None
        ),
    }
    return render(request, "tasks/detail.html", context, status=status)


@dataclass
class YearRow:
    """One year of a phase task on its page: its review, and the forms the user may send for it."""

    year: int
    review: YearReview | None
    opens: datetime.date
    self_form: forms.Form | None = None
    grade_form: forms.Form | None = None


def _year_rows(task: Task, form, *, acts: bool, decides: bool) -> list[YearRow]:
    """Every year of a phase task before its last (none for a year period), with the forms due that day."""
    years = review_years(task.period)
    if not years:
        return []
    reviews = {r.year: r for r in task.year_reviews.select_related("self_reported_by", "graded_by")}
    rows = []
    for year in years:
        review = reviews.get(year)
        row = YearRow(year=year, review=review, opens=review_opens(year))
        due = today() >= row.opens and not task.period.is_closed
        graded = review is not None and bool(review.grade)
        if acts and due and not graded:
            initial: dict[str, object] = {"version": task.version}
            if review is not None:
                initial |= {"percent": review.self_percent, "report": review.self_report}
            row.self_form = form(
                f"year-self-{year}", lambda initial=initial, **kw: YearSelfReportForm(initial=initial, **kw)
            )
        if decides and due and review is not None and review.self_reported_at is not None:
            given: dict[str, object] = {"version": task.version}
            if graded:
                given |= {"grade": review.grade, "comment": review.comment}
            row.grade_form = form(
                f"year-grade-{year}", lambda given=given, **kw: YearGradeForm(task=task, initial=given, **kw)
            )
        rows.append(row)
    return rows


def _self_initial(task: Task, evaluation) -> dict:
    """What was sent before, and the task's version this page shows (sent back to refuse a stale edit)."""
    if evaluation is None:
        return {"version": task.version}
    return {
        "self_grade": evaluation.self_grade,
        "self_assessment": evaluation.self_assessment,
        "version": task.version,
    }


def _grade_initial(task: Task, evaluation) -> dict:
    if evaluation is None or not evaluation.grade:
        return {"version": task.version}
    return {
        "grade": evaluation.grade,
        "ahead_of_plan": evaluation.ahead_of_plan,
        "comment": evaluation.comment,
        "version": task.version,
    }
