"""Commune monitoring (Quy định 26-QĐ/TU): the regulation and its years, who monitors which commune, the
plans, visits and periodic reports of the monitoring cadre, and the communes' year-end evaluation forms.

Coverage (gaps, cadres on two communes, cadres who left) and whether a plan or report came on time are
derived, never stored: see `dotpha.monitoring.selectors`.
"""

from dotpha.monitoring.models.assignment import (
    MAX_COMMUNES_PER_CADRE,
    AssignmentEndReason,
    MonitoringAssignment,
)
from dotpha.monitoring.models.evidence import FAR_FROM_COMMUNE_KM, ReportFile, VisitFile
from dotpha.monitoring.models.feedback import CommuneFeedback, CompletionLevel
from dotpha.monitoring.models.programme import MonitoringProgramme, MonitoringYear, ReportPeriod
from dotpha.monitoring.models.work import MonitoringPlan, MonitoringReport, Visit, VisitKind

__all__ = [
    "FAR_FROM_COMMUNE_KM",
    "MAX_COMMUNES_PER_CADRE",
    "AssignmentEndReason",
    "CommuneFeedback",
    "CompletionLevel",
    "MonitoringAssignment",
    "MonitoringPlan",
    "MonitoringProgramme",
    "MonitoringReport",
    "MonitoringYear",
    "ReportFile",
    "ReportPeriod",
    "Visit",
    "VisitFile",
    "VisitKind",
]
