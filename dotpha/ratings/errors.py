"""The codes of the refusals ratings raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class RatingRefusal(StrEnum):
    INVALID_YEAR = "invalid_year"
    EXCELLENT_QUOTA = "excellent_quota"  # over the unit's share of "excellent" without the stated exception
    INVALID_LEVEL = "invalid_level"
    COMMENT_REQUIRED = "comment_required"
    INVALID_GENERAL_POINTS = "invalid_general_points"
    INVALID_GROUND = "invalid_ground"
    DISQUALIFIED = "disqualified"  # a recorded ground allows only "not completed"
