"""`make bench` times the importer: the command runs end to end on a small file (timings are printed, never
asserted) and every row becomes a task; the direct insert it compares with is rolled back. What is
asserted instead is the commit's number of queries per row."""

import dataclasses
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.imports.management.commands.bench_import import Command, annex, bench_desk, copy_tasks
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.task_services import task_import_apply
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind

pytestmark = pytest.mark.django_db


def test_the_import_bench_runs_on_50_rows_and_imports_them_all():
    out = io.StringIO()

    Command(stdout=out).run(50)

    text = out.getvalue()
    assert "Nhập 50 dòng" in text
    assert "tỷ lệ trình nhập / ghi thẳng:" in text
    assert Task.objects.filter(title__startswith="Việc nhập thử số").count() == 50


def test_committing_a_file_reads_and_writes_a_fixed_number_of_times_whatever_its_rows():
    """The commit path of 10,000 rows: the programme, period, decision and cadres are read once per file,
    the checks (the assignees in post) once for all rows, and every table written once for all rows (tasks,
    their history rows, their timeline events and those events' history rows), by task_assign_many."""
    approver, target, names = bench_desk()

    def commit(rows: int, first: int, number: str) -> int:
        each = dataclasses.replace(target, decision_number=number)
        plan = task_import_parse(annex(names, rows, first=first), actor=approver, target=each)
        with CaptureQueriesContext(connection) as queries:
            summary = task_import_apply(actor=approver, plan=plan, target=each)
        assert summary.tasks == rows
        return len(queries)

    small = commit(20, first=1, number="125-QĐ/TU")
    large = commit(200, first=21, number="126-QĐ/TU")

    assert large == small, (small, large)  # was 7 a row (task_assign row by row), 16 before that
    tasks = Task.objects.filter(title__startswith="Việc nhập thử số")
    assert tasks.count() == 220
    assert large < 40
    assert Task.history.filter(title__startswith="Việc nhập thử số").count() == 220
    assigned = TaskEvent.objects.filter(task__in=tasks, kind=TaskEventKind.ASSIGNED, actor=approver)
    assert assigned.count() == 220
    assert set(tasks.values_list("decision__number", flat=True)) == {"125-QĐ/TU", "126-QĐ/TU"}


HOSTILE = [
    "Việc'); DROP TABLE tasks_task; --",
    "Cột\tthứ hai\nDòng mới",
    "\\.",
    "\\N",
    'Đường dẫn C:\\Tệp "mới" \\\\máy chủ',
]


def test_the_bench_copy_writes_hostile_text_as_data():
    """The bench's COPY (PostgreSQL) or bulk insert (SQLite) against titles that would end the COPY stream
    (`\\.`), read as NULL (`\\N`), split a row (tab, newline) or close an SQL string: each copy carries its
    title exactly and the table is still there."""
    approver, target, names = bench_desk()
    plan = task_import_parse(annex(names, len(HOSTILE)), actor=approver, target=target)
    task_import_apply(actor=approver, plan=plan, target=target)
    originals = list(Task.objects.filter(title__startswith="Việc nhập thử số").order_by("pk"))
    for task, title in zip(originals, HOSTILE, strict=True):
        task.title = title
    before = set(Task.objects.values_list("pk", flat=True))

    copy_tasks(originals)

    copies = Task.objects.exclude(pk__in=before).order_by("pk")
    assert list(copies.values_list("title", flat=True)) == HOSTILE
    assert list(copies.values_list("deadline", flat=True)) == [t.deadline for t in originals]
    assert Task.objects.count() == len(before) + len(HOSTILE)
