"""Reads of commune monitoring, scoped to the viewer (`visibility`), and the derived figures: coverage at
any date, plans/reports/forms owed and their state, the year's summary. Each runs a fixed number of queries.
"""

from dotpha.monitoring.selectors.candidates import (
    Candidate,
    leader_posts,
    reassignment_candidates,
    successor_candidates,
)
from dotpha.monitoring.selectors.coverage import (
    GAP_STATUSES,
    CommuneCoverage,
    Coverage,
    CoverageStatus,
    assignments_on,
    communes_in_force,
    coverage_on,
)
from dotpha.monitoring.selectors.duties import (
    DueState,
    FeedbackDuty,
    FeedbackTally,
    PlanDuty,
    ReportDuty,
    assignments_in_year,
    due_state,
    feedback_duties,
    feedback_tally,
    plan_deadline,
    plan_duties,
    report_duties,
)
from dotpha.monitoring.selectors.summary import (
    AssignmentLine,
    MonitoringSummary,
    SummaryRow,
    monitoring_summary,
    summary_for,
)
from dotpha.monitoring.selectors.visibility import (
    assignments_for_committee,
    assignments_for_feedback,
    assignments_visible_to,
    communes_visible_to,
    feedback_visible_to,
    plans_visible_to,
    reports_visible_to,
    visits_visible_to,
)

__all__ = [
    "GAP_STATUSES",
    "AssignmentLine",
    "Candidate",
    "CommuneCoverage",
    "Coverage",
    "CoverageStatus",
    "DueState",
    "FeedbackDuty",
    "FeedbackTally",
    "MonitoringSummary",
    "PlanDuty",
    "ReportDuty",
    "SummaryRow",
    "assignments_for_committee",
    "assignments_for_feedback",
    "assignments_in_year",
    "assignments_on",
    "assignments_visible_to",
    "communes_in_force",
    "communes_visible_to",
    "coverage_on",
    "due_state",
    "feedback_duties",
    "feedback_tally",
    "feedback_visible_to",
    "leader_posts",
    "monitoring_summary",
    "plan_deadline",
    "plan_duties",
    "plans_visible_to",
    "reassignment_candidates",
    "report_duties",
    "reports_visible_to",
    "successor_candidates",
    "summary_for",
    "visits_visible_to",
]
