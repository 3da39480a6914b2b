"""The change log (simple_history's tables) is append-only: a history row is never deleted nor changed, not
by the admin, not by simple_history's clean_old_history / clean_duplicate_history commands, not by code.
Deleting a row of the domain adds a "deleted" history row; it never removes or rewrites the older ones.

simple_history itself only ever inserts history rows in normal operation (save, delete,
bulk_create_with_history, bulk_update_with_history). Its one helper that rewrites a row,
utils.update_change_reason, is not used here: a change reason is set on the instance before it is
saved (`_change_reason`)."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalChanges

MESSAGE = "Nhật ký thay đổi chỉ được ghi thêm, không được xóa hay sửa."


def refuse_history_deletion(sender, instance, **kwargs) -> None:
    raise PermissionDenied(MESSAGE)


def refuse_history_change(sender, instance, **kwargs) -> None:
    """A history row is saved once, when it is written. An instance read from the table, or one built with
    the id of a row that exists (Django would UPDATE that row), is refused."""
    if not instance._state.adding:
        raise PermissionDenied(MESSAGE)
    if (
        instance.pk is not None
        and sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).exists()
    ):
        raise PermissionDenied(MESSAGE)


class AppendOnlyQuerySetMixin:
    """QuerySet.update() (and bulk_update(), which uses it) on a history table."""

    def update(self, **kwargs):
        raise PermissionDenied(MESSAGE)

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied(MESSAGE)


def _append_only(queryset_class: type[models.QuerySet]) -> type[models.QuerySet]:
    if issubclass(queryset_class, AppendOnlyQuerySetMixin):
        return queryset_class
    return type(f"AppendOnly{queryset_class.__name__}", (AppendOnlyQuerySetMixin, queryset_class), {})


def _refuse_updates(history_model: type[models.Model]) -> None:
    """simple_history builds the history models itself and gives them plain managers, so their querysets are
    swapped here: the model's own managers (HistoricalTask.objects; related managers are made from the
    default manager's class) and the tracked model's history descriptor (Task.history, task.history)."""
    for manager in history_model._meta.local_managers:
        current = manager._queryset_class  # type: ignore[attr-defined]  # set on every Manager class
        queryset_class = _append_only(current)
        if current is not queryset_class:
            manager.__class__ = type(
                f"AppendOnly{type(manager).__name__}", (type(manager),), {"_queryset_class": queryset_class}
            )
    tracked = getattr(history_model, "instance_type", None)
    name = getattr(getattr(tracked, "_meta", None), "simple_history_manager_attribute", None)
    descriptor = tracked.__dict__.get(name) if tracked is not None and name else None
    if isinstance(descriptor, HistoryDescriptor):
        descriptor.queryset_class = _append_only(descriptor.queryset_class)


def protect_history_tables() -> None:
    # one receiver per history model (not one for every model), so Django still fast-deletes the others
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            pre_delete.connect(
                refuse_history_deletion, sender=model, dispatch_uid=f"history-append-only-{model._meta.label}"
            )
            pre_save.connect(
                refuse_history_change, sender=model, dispatch_uid=f"history-no-change-{model._meta.label}"
            )
            _refuse_updates(model)
