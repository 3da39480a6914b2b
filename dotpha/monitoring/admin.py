"""Read-only for superusers: the regulation, its years and report periods, assignments, plans, visits,
reports and forms change only through the services (and their pages), which check the rules and keep the
history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly, ReadOnlyInlineMixin
from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringProgramme,
    MonitoringReport,
    MonitoringYear,
    ReportPeriod,
    Visit,
)


class ReportPeriodInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReportPeriod
    fields = ["name", "covers_from", "covers_to", "due_date"]


class MonitoringYearInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = MonitoringYear
    fields = ["year", "plan_deadline", "form_deadline"]
    show_change_link = True


@admin.register(MonitoringProgramme)
class MonitoringProgrammeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "document_kind", "title", "issued_on", "issuing_unit", "scope_unit"]
    search_fields = ["number", "title"]
    inlines = [MonitoringYearInline]


@admin.register(MonitoringYear)
class MonitoringYearAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["year", "programme", "plan_deadline", "form_deadline"]
    list_filter = ["programme"]
    inlines = [ReportPeriodInline]


class ReadOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    pass


@admin.register(MonitoringAssignment)
class MonitoringAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["commune", "cadre", "decision_number", "start_date", "end_date", "end_reason"]
    list_filter = ["programme", "end_reason"]
    search_fields = ["cadre__search_text", "commune__search_text", "decision_number"]
    list_select_related = ["commune", "cadre"]


@admin.register(MonitoringPlan)
class MonitoringPlanAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "year", "deadline", "submitted_on", "days_late"]
    list_select_related = ["assignment__cadre", "assignment__commune", "year__programme"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["visit_date", "assignment", "kind", "confirmed_at"]
    list_filter = ["kind"]
    list_select_related = ["assignment__cadre", "assignment__commune"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ReadOnlyAdmin):
    list_display = ["report_period", "assignment", "submitted_on"]
    list_select_related = ["report_period", "assignment__cadre", "assignment__commune"]


@admin.register(CommuneFeedback)
class CommuneFeedbackAdmin(ReadOnlyAdmin):
    list_display = [
        "year",
        "commune",
        "cadre",
        "completion_level",
        "proposes_commendation",
        "requests_replacement",
    ]
    list_filter = ["completion_level", "proposes_commendation", "requests_replacement"]
    list_select_related = ["year__programme", "commune", "cadre"]
