"""The codes of the refusals programmes raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class ProgrammeRefusal(StrEnum):
    REQUIRED = "required"
    INVALID_TASK_KINDS = "invalid_task_kinds"
    INVALID_GRADES = "invalid_grades"
    INVALID_CADENCE = "invalid_cadence"
    INVALID_LIMITS = "invalid_limits"
    INVALID_DATES = "invalid_dates"
    INVALID_KIND = "invalid_kind"
    DUPLICATE_PERIOD = "duplicate_period"
    PERIOD_CLOSED = "period_closed"
    REASON_REQUIRED = "reason_required"
    PERIOD_OPEN = "period_open"
    DUPLICATE_FIELD = "duplicate_field"
    DECISION_DATE_FUTURE = "decision_date_future"
    DECISION_DATE_BEFORE_PERIOD = "decision_date_before_period"
    AMENDS_MISMATCH = "amends_mismatch"
    AMENDS_DATE = "amends_date"
    PERIOD_MISMATCH = "period_mismatch"
    DUPLICATE_DECISION = "duplicate_decision"
    DECISION_OPEN = "decision_open"
    DECISION_LOCKED = "decision_locked"
    DECISION_EMPTY = "decision_empty"
    FILE_TYPE = "file_type"
    FILE_EMPTY = "file_empty"
    FILE_SIZE = "file_size"
    FILE_CONTENT = "file_content"
