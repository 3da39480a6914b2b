"""The change log cannot be rewritten: neither QuerySet.update() (through any manager) nor saving a row that
is already there. Writing the history of a change still works."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from dotpha.org.models import Unit

pytestmark = pytest.mark.django_db


def history_snapshot() -> list[tuple]:
    return list(
        Unit.history.model.objects.order_by("history_id").values_list(
            "history_id", "name", "history_type", "history_change_reason", "history_user_id"
        )
    )


def test_the_change_log_cannot_be_rewritten(world):
    commune = world.commune
    before = history_snapshot()
    assert before  # the world's units were written to the change log
    history = Unit.history.model

    attempts = [
        lambda: history.objects.filter(id=commune.pk).update(name="Xã bị sửa lịch sử"),
        lambda: Unit.history.filter(id=commune.pk).update(history_change_reason="che giấu"),
        lambda: commune.history.update(history_user=None),
        lambda: history.objects.bulk_update(
            [_renamed(row) for row in history.objects.filter(id=commune.pk)], ["name"]
        ),
        lambda: _renamed(commune.history.first()).save(),
        # a new instance carrying an existing row's id: Django would UPDATE that row
        lambda: history(**{**_fields(commune.history.first()), "name": "Xã giả mạo"}).save(),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="chỉ được ghi thêm"), transaction.atomic():
            attempt()
    assert history_snapshot() == before


def test_a_change_still_adds_to_the_log(world):
    commune = world.commune
    before = history_snapshot()
    commune.name = "Xã Tân Lập Mới"
    commune.save()
    after = history_snapshot()
    assert after[: len(before)] == before
    assert [row[1:3] for row in after[len(before) :]] == [("Xã Tân Lập Mới", "~")]


def _renamed(row):
    row.name = "Xã bị sửa lịch sử"
    return row


def _fields(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
