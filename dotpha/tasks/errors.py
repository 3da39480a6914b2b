"""Why the tasks app refuses an action: the codes its services raise (`ApplicationError.code`), the same on
the pages and in the API's error body. The values are the API's: a client compares them, never rename one."""

from enum import StrEnum


class TaskRefusal(StrEnum):
    # the task's state does not allow the action (not approved yet, already answered, ...)
    INVALID_STATE = "invalid_state"
    NOT_EDITABLE = "not_editable"
    # someone changed the task after the user opened the page
    STALE_VERSION = "stale_version"
    PERIOD_CLOSED = "period_closed"
    REGISTRATION_NOT_OPEN = "registration_not_open"
    REGISTRATION_CLOSED = "registration_closed"
    # the programme's maximum number of tasks per assignee in a period
    LIMIT_REACHED = "limit_reached"
    # a field that is required was left blank
    REQUIRED = "required"
    ASSIGNEE_REQUIRED = "assignee_required"
    UNIT_ENDED = "unit_ended"
    CADRE_NOT_IN_POST = "cadre_not_in_post"
    # the assignee named again as a co-responsible cadre or unit
    PARTNER_SELF = "partner_self"
    PERIOD_MISMATCH = "period_mismatch"
    INVALID_KIND = "invalid_kind"
    KIND_NOT_ALLOWED = "kind_not_allowed"
    INVALID_DATES = "invalid_dates"
    DEADLINE_OUTSIDE_PERIOD = "deadline_outside_period"
    MILESTONE_OUTSIDE_SCHEDULE = "milestone_outside_schedule"
    # the "5 rõ" are not all stated
    INCOMPLETE = "incomplete"
    INVALID_FIELD = "invalid_field"
    INVALID_NUMBER = "invalid_number"
    TARGET_VALUE_REQUIRED = "target_value_required"
    TARGET_MISMATCH = "target_mismatch"
    DECISION_REQUIRED = "decision_required"
    DECISION_MISMATCH = "decision_mismatch"
    DECISION_CONFLICT = "decision_conflict"
    EMPTY_BATCH = "empty_batch"
    MISSING_TASK = "missing_task"
    MIXED_BATCH = "mixed_batch"
    # some tasks of a batch assignment were refused: none was assigned
    BATCH_REFUSED = "batch_refused"
    # the filter behind "select every task of the filter" does not validate
    INVALID_FILTER = "invalid_filter"
    COMMENT_REQUIRED = "comment_required"
    REASON_REQUIRED = "reason_required"
    INVALID_PERCENT = "invalid_percent"
    NARRATIVE_REQUIRED = "narrative_required"
    PROGRESS_DECREASE_REASON_REQUIRED = "progress_decrease_reason_required"
    # a warning the user may overrule (ConfirmationRequiredError)
    PROGRESS_CONTRADICTS_TARGETS = "progress_contradicts_targets"
    FILES_REQUIRED = "files_required"
    ALREADY_DONE = "already_done"
    FUTURE_DATE = "future_date"
    NOT_DONE = "not_done"
    UNDO_EXPIRED = "undo_expired"
    PENDING_EXISTS = "pending_exists"
    NO_CHANGE = "no_change"
    CONTENT_REQUIRED = "content_required"
    ANSWER_REQUIRED = "answer_required"
    NOT_ANSWERED = "not_answered"
    TEXT_REQUIRED = "text_required"
    ALREADY_EVALUATED = "already_evaluated"
    NOT_SELF_ASSESSED = "not_self_assessed"
    NOT_EVALUATED = "not_evaluated"
    INVALID_GRADE = "invalid_grade"
    NOT_AHEAD_OF_PLAN = "not_ahead_of_plan"
    # the yearly review of a phase task: only for a phase's task, a year of the phase before its last (the
    # last year is the final evaluation), once the year's review is due
    NOT_PHASE_TASK = "not_phase_task"
    YEAR_OUTSIDE_PHASE = "year_outside_phase"
    FINAL_YEAR = "final_year"
    YEAR_NOT_DUE = "year_not_due"
    SHEET_LOCKED = "sheet_locked"
    NOT_ON_SHEET = "not_on_sheet"
    NOTHING_GRADED = "nothing_graded"
    FILE_COUNT = "file_count"
    FILE_SIZE = "file_size"
    FILE_TOTAL_SIZE = "file_total_size"
    FILE_TYPE = "file_type"
    FILE_EMPTY = "file_empty"
    # the file's content is not of the type its name says
    FILE_CONTENT = "file_content"
    # nhập thay: the assistant's grant (ended, expired, not begun), the pair already granted, a draft already
    # confirmed or discarded
    GRANT_NOT_IN_FORCE = "grant_not_in_force"
    GRANT_EXISTS = "grant_exists"
    GRANT_SELF = "grant_self"
    GRANT_ENDED = "grant_ended"
    ACCOUNT_INACTIVE = "account_inactive"
    ENTRY_DECIDED = "entry_decided"
