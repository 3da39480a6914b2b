"""Breakthrough tasks and what hangs off them: milestones, targets, progress reports with evidence,
obstacles, adjustment requests, the year-end evaluation and the timeline of workflow events.

A task's progress state (on track, at risk, overdue, ...) is never stored: see `selectors.progress`; the
inputs it is derived from are, per task, in `TaskFacts` (kept by `dotpha.tasks.facts`).
"""

from dotpha.tasks.models.evaluation import Evaluation
from dotpha.tasks.models.events import TaskEvent, TaskEventKind
from dotpha.tasks.models.execution import (
    Evidence,
    Milestone,
    ProgressReport,
    ReportTargetValue,
    Target,
    evidence_path,
)
from dotpha.tasks.models.facts import TaskFacts
from dotpha.tasks.models.grading import GradingLine, GradingSheet, GradingSheetStatus
from dotpha.tasks.models.issues import AdjustmentRequest, AdjustmentStatus, Obstacle, ObstacleStatus
from dotpha.tasks.models.lookalikes import LookalikeDismissal
from dotpha.tasks.models.on_behalf import AssistantGrant, EntryKind, EntryStatus, OnBehalfEntry
from dotpha.tasks.models.task import (
    COUNTED_STATUSES,
    DEADLINE_KEY,
    EDITABLE_STATUSES,
    CoResponsibleCadre,
    CoResponsibleUnit,
    Task,
    TaskOrigin,
    TaskStatus,
)
from dotpha.tasks.models.year_review import YearReview

__all__ = [
    "COUNTED_STATUSES",
    "DEADLINE_KEY",
    "EDITABLE_STATUSES",
    "AdjustmentRequest",
    "AdjustmentStatus",
    "AssistantGrant",
    "CoResponsibleCadre",
    "CoResponsibleUnit",
    "EntryKind",
    "EntryStatus",
    "Evaluation",
    "Evidence",
    "GradingLine",
    "GradingSheet",
    "GradingSheetStatus",
    "LookalikeDismissal",
    "Milestone",
    "Obstacle",
    "ObstacleStatus",
    "OnBehalfEntry",
    "ProgressReport",
    "ReportTargetValue",
    "Target",
    "Task",
    "TaskEvent",
    "TaskEventKind",
    "TaskFacts",
    "TaskOrigin",
    "TaskStatus",
    "YearReview",
    "evidence_path",
]
