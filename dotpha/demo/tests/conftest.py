"""The demo is built once for all the tests of this package (it takes a while), inside a transaction that
is rolled back when they are done; each test runs in a savepoint of it, so a test may change or delete
what it likes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_build(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_build, db) -> str:
    """The output of `load_demo` (the data is in the database)."""
    return demo_build
