"""The change log (simple_history's tables) is append-only: a history row is never deleted, not by the admin,
not by simple_history's clean_old_history / clean_duplicate_history commands, not by code. Deleting a row
of the domain adds a "deleted" history row; it never removes the older ones."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete
from simple_history.models import HistoricalChanges


def refuse_history_deletion(sender, instance, **kwargs) -> None:
    raise PermissionDenied("Nhật ký thay đổi chỉ được ghi thêm, không được xóa.")


def protect_history_tables() -> None:
    # one receiver per history model (not one for every model), so Django still fast-deletes the others
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            pre_delete.connect(
                refuse_history_deletion, sender=model, dispatch_uid=f"history-append-only-{model._meta.label}"
            )
