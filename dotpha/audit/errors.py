"""The codes of the refusals audit raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class AuditRefusal(StrEnum):
    RETENTION_TOO_SHORT = "retention_too_short"
