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
    INVALID_ITEM_POINTS = "invalid_item_points"  # a checklist line outside 0..its maximum, or missing
    ALREADY_DECIDED = "already_decided"  # the self-score or the unit's proposal after the authority decided
    NOT_SCORED = "not_scored"  # a checklist under a scheme without one (the earlier, unscored rule)
    INVALID_DUTY_GROUP = "invalid_duty_group"
    INVALID_SCHEME_SETTING = "invalid_scheme_setting"
    SCHEME_IN_USE = "scheme_in_use"  # a scheme a decided or scored rating used keeps its settings
