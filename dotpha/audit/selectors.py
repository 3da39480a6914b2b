"""The change log: every history row of every tracked model, newest first.

Each tracked model keeps its own history table (django-simple-history); the log reads the newest rows of
each, one query per model, and merges them, so its cost does not grow with the size of the tables.
"""

from dataclasses import dataclass
from datetime import datetime
from heapq import merge

from django.db.models import Model
from simple_history.models import registered_models


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    model_label: str
    model_name: str
    object_id: int
    object_repr: str
    action: str
    user: str
    reason: str


ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def tracked_models() -> list[type[Model]]:
    return sorted(registered_models.values(), key=lambda m: str(m._meta.verbose_name))


def audit_entries(*, model_label: str = "", limit: int = 200) -> list[AuditEntry]:
    models = [m for m in tracked_models() if not model_label or m._meta.label_lower == model_label]
    streams = []
    for model in models:
        history = model.history.model  # type: ignore[attr-defined]
        rows = history.objects.select_related("history_user").order_by("-history_date")[:limit]
        streams.append([_entry(model, row) for row in rows])
    merged = merge(*streams, key=lambda e: e.at, reverse=True)
    return [entry for _, entry in zip(range(limit), merged, strict=False)]


def _entry(model: type[Model], row) -> AuditEntry:
    instance = row.instance_type
    try:
        shown = str(row.instance)
    except Exception:  # a row of a deleted object whose __str__ needs a relation that is gone
        shown = f"#{row.id}"
    return AuditEntry(
        at=row.history_date,
        model_label=model._meta.label_lower,
        model_name=str(instance._meta.verbose_name),
        object_id=row.id,
        object_repr=shown,
        action=ACTIONS.get(row.history_type, row.history_type),
        user=str(row.history_user) if row.history_user else "hệ thống",
        reason=row.history_change_reason or "",
    )
