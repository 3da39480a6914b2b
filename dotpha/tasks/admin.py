"""Superusers look up tasks and their audit history here. Read-only on purpose: every change to a task goes
through the services (pages), which check the rules and the closed-period lock; organizers correct a task
with `task_correct` / `evaluation_correct`, which audit the change."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly, ReadOnlyInlineMixin
from dotpha.core.search import normalize_words
from dotpha.tasks.models import (
    AdjustmentRequest,
    Evaluation,
    Evidence,
    Milestone,
    Obstacle,
    ProgressReport,
    Target,
    Task,
    TaskEvent,
    YearReview,
)


class ReadOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    pass


class ReadOnlyInline(ReadOnlyInlineMixin, admin.TabularInline):
    pass


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["title", "due_date", "done_on"]


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["name", "unit_of_measure", "target_value", "achieved_value"]


class TaskEventInline(ReadOnlyInline):
    model = TaskEvent
    fields = ["at", "kind", "actor", "comment"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "assignee_cadre", "assignee_unit", "period", "kind", "status", "deadline"]
    list_filter = ["status", "kind", "origin", "field"]
    search_fields = ["search_text"]
    inlines = [MilestoneInline, TargetInline, TaskEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assignee_cadre", "assignee_unit", "period")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_words(search_term))


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "size", "uploaded_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "reported_on", "percent_done", "author"]
    inlines = [EvidenceInline]


@admin.register(Obstacle)
class ObstacleAdmin(ReadOnlyAdmin):
    list_display = ["task", "status", "raised_by", "created_at", "answered_at", "resolved_at"]
    list_filter = ["status"]


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(ReadOnlyAdmin):
    list_display = ["task", "status", "requested_by", "new_deadline", "created_at", "decided_at"]
    list_filter = ["status"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["task", "self_grade", "grade", "ahead_of_plan", "evaluated_by"]
    list_filter = ["grade", "ahead_of_plan"]


@admin.register(YearReview)
class YearReviewAdmin(ReadOnlyAdmin):
    list_display = ["task", "year", "self_percent", "grade", "graded_by"]
    list_filter = ["year", "grade"]


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "task", "kind", "actor"]
    list_filter = ["kind"]
