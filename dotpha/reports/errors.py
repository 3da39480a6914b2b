"""The codes of the refusals reports raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class ReportRefusal(StrEnum):
    INVALID_KIND = "invalid_kind"
    NOT_DOCX = "not_docx"
    TOO_LARGE = "too_large"
    TEMPLATE_INVALID = "template_invalid"
