"""`make bench` times the importer: the command runs end to end on a small file (timings are printed, never
asserted) and every row becomes a task; the direct insert it compares with is rolled back."""

import io

import pytest

from dotpha.imports.management.commands.bench_import import Command
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_import_bench_runs_on_50_rows_and_imports_them_all():
    out = io.StringIO()

    Command(stdout=out).run(50)

    text = out.getvalue()
    assert "Nhập 50 dòng" in text
    assert "tỷ lệ trình nhập / ghi thẳng:" in text
    assert Task.objects.filter(title__startswith="Việc nhập thử số").count() == 50
