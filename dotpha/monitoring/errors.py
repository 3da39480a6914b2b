"""The codes of the refusals monitoring raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class MonitoringRefusal(StrEnum):
    DUPLICATE_YEAR = "duplicate_year"
    INVALID_KIND = "invalid_kind"
    INVALID_DATES = "invalid_dates"
    YEAR_MISMATCH = "year_mismatch"
    OUTSIDE_ASSIGNMENT = "outside_assignment"
    ALREADY_SUBMITTED = "already_submitted"
    ALREADY_CONFIRMED = "already_confirmed"
    PERIOD_MISMATCH = "period_mismatch"
    TOO_EARLY = "too_early"
    CADRE_BUSY = "cadre_busy"  # already follows a commune: a second one needs a reason
    NOT_A_COMMUNE = "not_a_commune"
    OUTSIDE_SCOPE = "outside_scope"
    UNIT_INACTIVE = "unit_inactive"
    NOT_A_LEADER = "not_a_leader"
    COMMUNE_TAKEN = "commune_taken"
    CADRE_OVERLOADED = "cadre_overloaded"
    ALREADY_ENDED = "already_ended"
    INVALID_REASON = "invalid_reason"
    ALREADY_REPLACED = "already_replaced"
    SAME_CADRE = "same_cadre"
    INVALID_LEVEL = "invalid_level"
    REASON_REQUIRED = "reason_required"
    CONTRADICTORY_FORM = "contradictory_form"  # a feedback form asking to replace a cadre it praises
    NOT_FOLLOWED = "not_followed"  # feedback on a cadre not assigned to the commune that year
    NO_CHANGE = "no_change"
    REQUIRED = "required"  # a text field left empty
    FUTURE_DATE = "future_date"
    FILE_COUNT = "file_count"  # more photos and files on a visit than allowed
    FILE_TOTAL_SIZE = "file_total_size"
    FILE_TYPE = "file_type"
    FILE_CONTENT = "file_content"
    KEY_REUSED = "key_reused"  # a visit's idempotency key sent again for another assignment or person
