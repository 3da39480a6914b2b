"""The change log: every history row of every tracked model, newest first.

Each tracked model keeps its own history table (django-simple-history); the log reads the newest rows of
each, one query per model, and merges them, so its cost does not grow with the size of the tables. Each
query carries the reader's scope (`dotpha.audit.scoping`): a user reads a row only about an object they
may see, and a scoped user still gets up to `limit` rows.
"""

from dataclasses import dataclass
from datetime import datetime
from heapq import merge

from django.db.models import Model, QuerySet
from simple_history.models import registered_models

from dotpha.accounts.access import sees_whole_tree
from dotpha.accounts.models import User
from dotpha.audit.models import ReadLog
from dotpha.audit.scoping import history_filter


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


def audit_entries(user: User, *, model_label: str = "", limit: int = 200) -> list[AuditEntry]:
    models = [m for m in tracked_models() if not model_label or m._meta.label_lower == model_label]
    whole_tree = sees_whole_tree(user)
    streams = []
    for model in models:
        scope = history_filter(model._meta.label_lower, user, whole_tree=whole_tree)
        if scope is None:
            continue
        history = model.history.model  # type: ignore[attr-defined]
        rows = (
            history.objects.filter(scope)
            .select_related("history_user__cadre")
            .order_by("-history_date")[:limit]
        )
        streams.append([(row.history_date, model, row) for row in rows])
    merged = merge(*streams, key=lambda item: item[0], reverse=True)
    # Only the rows shown are described: naming an object may read its relations.
    return [_entry(model, row) for _, (_at, model, row) in zip(range(limit), merged, strict=False)]


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


def read_log(*, username: str = "", kind: str = "") -> QuerySet[ReadLog]:
    """The log of personal-data reads, newest first; for the readers `can_read_read_log` allows."""
    qs = ReadLog.objects.order_by("-at", "-pk")
    if username:
        qs = qs.filter(username__iexact=username)
    if kind:
        qs = qs.filter(kind=kind)
    return qs
