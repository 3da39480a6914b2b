"""Every write to tasks. Each service takes keyword-only arguments and an `actor`, runs in one
transaction, checks state and permission (raising ApplicationError / PermissionDeniedError with a
Vietnamese message, changing nothing), saves with history naming the actor and records a TaskEvent."""

from dotpha.tasks.services._common import LOCKED_EDIT_REASON, MilestoneInput, TargetInput
from dotpha.tasks.services.adjustments import adjustment_approve, adjustment_refuse, adjustment_request
from dotpha.tasks.services.approval import (
    Assignment,
    decision_approve_batch,
    open_assignment,
    task_approve,
    task_assign,
    task_reject,
    task_return_for_revision,
)
from dotpha.tasks.services.bulk_assign import (
    AssignItem,
    AssignmentsRefused,
    task_assign_many,
    task_assign_many_refusals,
)
from dotpha.tasks.services.evaluation import evaluation_correct, task_correct, task_evaluate, task_self_assess
from dotpha.tasks.services.execution import evidence_add, progress_report_submit
from dotpha.tasks.services.grading_sheet import GradingLineInput, grading_sheet_confirm, grading_sheet_save
from dotpha.tasks.services.lookalikes import lookalike_dismiss
from dotpha.tasks.services.obstacles import obstacle_answer, obstacle_raise, obstacle_resolve
from dotpha.tasks.services.on_behalf import (
    assistant_grant_create,
    assistant_grant_end,
    on_behalf_confirm,
    on_behalf_discard,
    on_behalf_registration,
    on_behalf_report,
    on_behalf_self_assessment,
)
from dotpha.tasks.services.plan import (
    milestone_add,
    milestone_complete,
    milestone_remove,
    milestone_undo,
    milestone_undo_refusal,
    milestone_update,
    target_add,
    target_record_value,
    target_remove,
    target_update,
)
from dotpha.tasks.services.registration import task_create_draft, task_submit, task_update_draft
from dotpha.tasks.services.year_review import year_review_grade, year_review_self_report

__all__ = [
    "LOCKED_EDIT_REASON",
    "AssignItem",
    "Assignment",
    "AssignmentsRefused",
    "GradingLineInput",
    "MilestoneInput",
    "TargetInput",
    "adjustment_approve",
    "adjustment_refuse",
    "adjustment_request",
    "assistant_grant_create",
    "assistant_grant_end",
    "decision_approve_batch",
    "evaluation_correct",
    "evidence_add",
    "grading_sheet_confirm",
    "grading_sheet_save",
    "lookalike_dismiss",
    "milestone_add",
    "milestone_complete",
    "milestone_remove",
    "milestone_undo",
    "milestone_undo_refusal",
    "milestone_update",
    "obstacle_answer",
    "obstacle_raise",
    "obstacle_resolve",
    "on_behalf_confirm",
    "on_behalf_discard",
    "on_behalf_registration",
    "on_behalf_report",
    "on_behalf_self_assessment",
    "open_assignment",
    "progress_report_submit",
    "target_add",
    "target_record_value",
    "target_remove",
    "target_update",
    "task_approve",
    "task_assign",
    "task_assign_many",
    "task_assign_many_refusals",
    "task_correct",
    "task_create_draft",
    "task_evaluate",
    "task_reject",
    "task_return_for_revision",
    "task_self_assess",
    "task_submit",
    "task_update_draft",
    "year_review_grade",
    "year_review_self_report",
]
