"""The codes of the refusals org raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class OrgRefusal(StrEnum):
    DUPLICATE_CODE = "duplicate_code"
    LEVEL_REQUIRED = "level_required"
    INVALID_DATES = "invalid_dates"
    INVALID_POSITION = "invalid_position"  # a unit's latitude without longitude, or out of range
    REASON_REQUIRED = "reason_required"
    UNIT_HAS_POSTS = "unit_has_posts"
    UNIT_HAS_CHILDREN = "unit_has_children"  # closing a unit whose child units are still in force
    MERGE_SELF = "merge_self"
    MERGE_INTO_CHILD = "merge_into_child"
    DUPLICATE_APPOINTMENT = "duplicate_appointment"
    ALREADY_ENDED = "already_ended"
    MERGE_DUPLICATE = "merge_duplicate"
    SPLIT_TOO_FEW = "split_too_few"  # a split needs two successors or more
    SPLIT_DUPLICATE = "split_duplicate"  # a successor named twice, or a unit already merged or split away
    SPLIT_SELF = "split_self"
    SPLIT_INTO_CHILD = "split_into_child"
