"""The codes of the refusals accounts raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class AccountRefusal(StrEnum):
    USERNAME_REQUIRED = "username_required"
    USERNAME_TAKEN = "username_taken"
    CADRE_HAS_ACCOUNT = "cadre_has_account"
    BAD_ROLE = "bad_role"
    BAD_DATES = "bad_dates"
    GRANT_EXISTS = "grant_exists"
    GRANT_ENDED = "grant_ended"
    ACCOUNT_INACTIVE = "account_inactive"
    SELF_DEACTIVATION = "self_deactivation"
    NOTHING_TO_CREATE = "nothing_to_create"  # every cadre of the unit already has an account
    USERNAME_INVALID = "username_invalid"
    NOT_LOCKED = "not_locked"  # no failed sign-in lock for the account from that address
    BAD_ADDRESS = "bad_address"  # not an IP address
    BAD_LANGUAGE = "bad_language"  # not one of the product's languages
