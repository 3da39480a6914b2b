"""Every write to commune monitoring. Each service takes keyword-only arguments and an `actor`, runs in one
transaction, checks permission and state (raising ApplicationError / PermissionDeniedError with a
Vietnamese message, changing nothing) and saves with a history row naming the actor."""

from dotpha.monitoring.services.assignments import (
    CoverageAlert,
    assignment_create,
    assignment_end,
    assignment_reassign,
    coverage_on_appointment_end,
)
from dotpha.monitoring.services.evidence import visit_files_add
from dotpha.monitoring.services.feedback import commune_feedback_correct, commune_feedback_submit
from dotpha.monitoring.services.programme import (
    ReportPeriodInput,
    default_report_periods,
    monitoring_programme_create,
    monitoring_year_create,
)
from dotpha.monitoring.services.work import (
    monitoring_plan_submit,
    monitoring_report_submit,
    visit_confirm,
    visit_log,
)

__all__ = [
    "CoverageAlert",
    "ReportPeriodInput",
    "assignment_create",
    "assignment_end",
    "assignment_reassign",
    "commune_feedback_correct",
    "commune_feedback_submit",
    "coverage_on_appointment_end",
    "default_report_periods",
    "monitoring_plan_submit",
    "monitoring_programme_create",
    "monitoring_report_submit",
    "monitoring_year_create",
    "visit_confirm",
    "visit_files_add",
    "visit_log",
]
