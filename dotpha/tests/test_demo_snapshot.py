"""The browser journeys' demo copy puts back exactly what it took, on SQLite and on PostgreSQL: text that
COPY's text format must escape (tab, newline, backslash, its NULL marker `\\N`) and SQL in a user's words come
back as typed, rows added since are gone, and a stored file deleted or changed is back."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dotpha.programmes.models import Field
from dotpha.tests.demo_snapshot import DemoSnapshot

HOSTILE = 'Tab\there\nnew line \\ back\\slash \\N \'; DROP TABLE programmes_field; -- "quoted" Đổi mới'


@pytest.mark.django_db(transaction=True)
def test_the_copy_puts_back_hostile_text_rows_and_files_exactly():
    kept = Field.objects.create(code="thu-nghiem", name=HOSTILE)
    default_storage.save("snapshot/biên bản.txt", ContentFile(b"\x00\tfirst\\N"))
    snapshot = DemoSnapshot.take()

    Field.objects.filter(pk=kept.pk).update(name="changed")
    added = Field.objects.create(code="them-sau", name="added after")
    default_storage.delete("snapshot/biên bản.txt")
    default_storage.save("snapshot/later.txt", ContentFile(b"later"))
    snapshot.restore()

    assert Field.objects.get(pk=kept.pk).name == HOSTILE
    assert not Field.objects.filter(pk=added.pk).exists()
    with default_storage.open("snapshot/biên bản.txt") as stored:
        assert stored.read() == b"\x00\tfirst\\N"
    assert not default_storage.exists("snapshot/later.txt")
    # the sequences were set past the rows put back: a new row takes a new id
    assert Field.objects.create(code="moi", name="new").pk > kept.pk
