"""The codes of the refusals programmes raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class ProgrammeRefusal(StrEnum):
    REQUIRED = "required"  # a text field left empty
    INVALID_TASK_KINDS = "invalid_task_kinds"
    INVALID_GRADES = "invalid_grades"
    INVALID_CADENCE = "invalid_cadence"
    INVALID_LIMITS = "invalid_limits"  # minimum and maximum tasks per assignee
    INVALID_DATES = "invalid_dates"
    INVALID_KIND = "invalid_kind"
    DUPLICATE_PERIOD = "duplicate_period"
    PERIOD_CLOSED = "period_closed"
    REASON_REQUIRED = "reason_required"
    PERIOD_OPEN = "period_open"
    DUPLICATE_FIELD = "duplicate_field"
    DECISION_DATE_FUTURE = "decision_date_future"
    DECISION_DATE_BEFORE_PERIOD = "decision_date_before_period"
    AMENDS_MISMATCH = "amends_mismatch"  # the amended decision is of another programme, period or issuer
    AMENDS_DATE = "amends_date"  # an amending decision signed before the one it amends
    PERIOD_MISMATCH = "period_mismatch"
    DUPLICATE_DECISION = "duplicate_decision"
    DECISION_OPEN = "decision_open"  # amending a decision whose task list is still open
    DECISION_LOCKED = "decision_locked"  # its signed copy locks the task list
    DECISION_EMPTY = "decision_empty"  # locking a decision that approves no task
    UNIT_OUTSIDE = "unit_outside"  # a routine duty for a unit outside the programme's scope
    FILE_TYPE = "file_type"
    FILE_EMPTY = "file_empty"
    FILE_SIZE = "file_size"
    FILE_CONTENT = "file_content"  # a signed copy named .pdf that is not a PDF
