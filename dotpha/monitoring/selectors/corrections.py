"""A sent form and Ban Tổ chức's corrections of it, read back from its history: the form as the commune
sent it stays visible beside every correction (what changed, from what to what, by whom, why)."""

import datetime
import itertools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dotpha.monitoring.models import CommuneFeedback, CompletionLevel

CORRECTABLE = (
    "completion_level",
    "comments",
    "proposes_commendation",
    "requests_replacement",
    "replacement_reason",
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Correction:
    at: datetime.datetime
    by: object  # the organizer (a User), None if the account is gone
    reason: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class FeedbackRecord:
    original: list[FieldChange]  # the sent form, field by field (`before` is empty)
    corrections: list[Correction]


def _shown(name: str, value: object) -> str:
    if name == "completion_level":
        return str(CompletionLevel(value).label) if value in CompletionLevel.values else str(value)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return str(value or "")


def feedback_record(feedback: CommuneFeedback) -> FeedbackRecord:
    """Two queries whatever the number of corrections."""
    rows = list(feedback.history.select_related("history_user").order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    labels = {f.name: str(f.verbose_name) for f in CommuneFeedback._meta.fields if f.name in CORRECTABLE}
    first = rows[0]
    original = [FieldChange(labels[n], "", _shown(n, getattr(first, n))) for n in CORRECTABLE]
    corrections = []
    for previous, row in itertools.pairwise(rows):
        changes = [
            FieldChange(labels[n], _shown(n, getattr(previous, n)), _shown(n, getattr(row, n)))
            for n in CORRECTABLE
            if getattr(previous, n) != getattr(row, n)
        ]
        if changes or row.history_change_reason:
            corrections.append(
                Correction(row.history_date, row.history_user, row.history_change_reason or "", changes)
            )
    return FeedbackRecord(original=original, corrections=corrections)
