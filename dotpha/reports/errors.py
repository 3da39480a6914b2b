"""The codes of the refusals reports raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class ReportRefusal(StrEnum):
    INVALID_KIND = "invalid_kind"
    NOT_DOCX = "not_docx"
    TOO_LARGE = "too_large"
    TEMPLATE_INVALID = "template_invalid"
    # publishing a closed period's results (`dotpha.reports.publication`)
    PERIOD_OPEN = "period_open"
    SNAPSHOT_SUPERSEDED = "snapshot_superseded"  # the period was reopened and closed again since
    ALREADY_PUBLISHED = "already_published"
    NOT_PUBLISHED = "not_published"
    REASON_REQUIRED = "reason_required"
