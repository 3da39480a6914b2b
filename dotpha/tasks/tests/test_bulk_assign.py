"""Assigning many tasks at once (an imported list) writes, in bulk, the rows `task_assign` writes for each
task, field by field (the task, its partners and targets, its event, and every history row), refuses all
when one is refused, tells each person once, and costs a number of queries that does not follow the number
of tasks."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import Appointment, Cadre
from dotpha.programmes.tests.factories import DecisionFactory
from dotpha.tasks.models import CoResponsibleCadre, Target, Task, TaskEvent
from dotpha.tasks.services import (
    AssignItem,
    AssignmentsRefused,
    TargetInput,
    open_assignment,
    task_assign,
    task_assign_many,
)
from dotpha.tasks.tests.test_facts import fresh_facts, stored_facts

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2024, 4, 10)
ROW_FIELDS_SKIPPED = {"id", "at", "created_at", "updated_at", "history_id", "history_date", "task", "task_id"}


def decision(stage, number: str):
    return DecisionFactory.create(
        programme=stage.programme,
        period=stage.period,
        number=number,
        issuing_unit=stage.world.standing,
        created_by=stage.approver,
        signed_on=SIGNED,
    )


def items(stage, count: int, **overrides) -> list[AssignItem]:
    son = Cadre.objects.select_related("managing_unit").get(full_name="Lê Văn Sơn")
    hanh = Cadre.objects.select_related("managing_unit").get(pk=stage.cadre.cadre_id)
    made = []
    for i in range(count):
        values = {
            "title": f"Xóa  nhà tạm số {i + 1} ",
            "description": " Mỗi ngôi nhà là một dự án. ",
            "start_date": datetime.date(2024, 4, 1),
            "deadline": datetime.date(2024, 9, 30),
            "assignee_cadre": hanh if i % 2 else son,
            "field": stage.field,
            "deliverable": "Báo cáo" if i % 3 else "",
            "deadline_wording": "Quý III/2024" if i % 2 else "",
            "targets": [TargetInput("Nhà hoàn thành bàn giao", "nhà", 13)] if i % 3 == 0 else [],
            "co_cadres": [son] if i % 2 else [],
        }
        values.update(overrides)
        made.append(AssignItem(**values))
    return made


def one_by_one(stage, given: list[AssignItem], number: str) -> list[Task]:
    assignment = open_assignment(
        stage.approver, programme=stage.programme, period=stage.period, decision=decision(stage, number)
    )
    return [
        task_assign(
            actor=stage.approver,
            assignment=assignment,
            today=SIGNED,
            title=item.title,
            description=item.description,
            start_date=item.start_date,
            deadline=item.deadline,
            assignee_cadre=item.assignee_cadre,
            field=item.field,
            deliverable=item.deliverable,
            deadline_wording=item.deadline_wording,
            targets=item.targets,
            co_cadres=item.co_cadres,
        )
        for item in given
    ]


def in_bulk(stage, given: list[AssignItem], number: str) -> list[Task]:
    assignment = open_assignment(
        stage.approver, programme=stage.programme, period=stage.period, decision=decision(stage, number)
    )
    return task_assign_many(actor=stage.approver, assignment=assignment, items=given, today=SIGNED)


def row(instance, *skip: str) -> dict:
    """Every column of a row but its ids, times and those naming the decision (each way has its own)."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in ROW_FIELDS_SKIPPED | set(skip)
    }


def written(task: Task) -> dict:
    task = Task.objects.get(pk=task.pk)
    events = list(TaskEvent.objects.filter(task=task).order_by("pk"))
    payloads = [{**e.payload, "decision_id": None, "decision_number": None} for e in events]
    return {
        "task": row(task, "decision"),
        "history": [
            row(h, "decision", "history_user") | {"user": h.history_user_id} for h in task.history.all()
        ],
        "partners": [
            (row(p), [row(h, "history_user") | {"user": h.history_user_id} for h in p.history.all()])
            for p in CoResponsibleCadre.objects.filter(task=task).order_by("cadre_id")
        ],
        "targets": [
            (row(t), [row(h, "history_user") | {"user": h.history_user_id} for h in t.history.all()])
            for t in Target.objects.filter(task=task).order_by("pk")
        ],
        "events": [(row(e, "payload"), p) for e, p in zip(events, payloads, strict=True)],
        "event_history": [
            [row(h, "payload", "history_user") | {"user": h.history_user_id} for h in e.history.all()]
            for e in events
        ],
    }


def test_a_batch_writes_field_by_field_the_rows_of_one_by_one_assignments(stage):
    given = items(stage, 6)

    singles = one_by_one(stage, given, "150-QĐ/TU")
    batch = in_bulk(stage, given, "151-QĐ/TU")

    assert [t.title for t in batch] == [f"Xóa nhà tạm số {i + 1}" for i in range(6)]
    for single, bulk in zip(singles, batch, strict=True):
        expected, got = written(single), written(bulk)
        assert got == expected
        assert got["history"] and got["events"] and got["event_history"]
    assert sum(len(written(t)["partners"]) for t in batch) == 3
    assert sum(len(written(t)["targets"]) for t in batch) == 2
    assert Task.objects.get(pk=batch[0].pk).search_text == Task.objects.get(pk=singles[0].pk).search_text
    # the statistics' facts of the bulk-written tasks, written without save signals, are those of the record
    stored = stored_facts()
    assert {t.pk for t in batch} <= set(stored) and stored == fresh_facts()


def test_one_refused_task_refuses_the_batch_and_writes_nothing(stage):
    son = Cadre.objects.get(full_name="Lê Văn Sơn")
    Appointment.objects.filter(cadre=son).update(end_date=F("start_date"))  # none held on the 10/04/2024
    given = items(stage, 5)
    late = AssignItem(**{**given[3].__dict__, "deadline": datetime.date(2025, 3, 1)})
    given[3] = late
    before = (Task.objects.count(), TaskEvent.objects.count(), Task.history.count(), Target.objects.count())

    with pytest.raises(AssignmentsRefused) as refused:
        in_bulk(stage, given, "152-QĐ/TU")

    # Sơn holds no post on the decision's day (items 0, 2, 4); item 3's deadline lies past the period
    assert sorted(refused.value.refusals) == [0, 2, 3, 4]
    assert "không còn giữ chức vụ" in refused.value.refusals[0][0]
    assert "Thời hạn hoàn thành phải trong kỳ" in refused.value.refusals[3][0]
    after = (Task.objects.count(), TaskEvent.objects.count(), Task.history.count(), Target.objects.count())
    assert after == before


def test_each_person_is_told_once_for_the_tasks_of_a_batch(stage, django_capture_on_commit_callbacks):
    hanh = Cadre.objects.select_related("managing_unit").get(pk=stage.cadre.cadre_id)
    given = items(stage, 4, assignee_cadre=hanh, co_cadres=[])

    with django_capture_on_commit_callbacks(execute=True):
        in_bulk(stage, given, "153-QĐ/TU")

    told = Notification.objects.filter(recipient=stage.cadre, kind=NotificationKind.ASSIGNED)
    assert list(told.values_list("title", flat=True)) == [
        "Bạn được giao 4 việc theo Quyết định số 153-QĐ/TU."
    ]
    assert told.get().url == "/tasks/mine/"
    assert not Notification.objects.filter(recipient=stage.approver).exists()


def test_one_task_of_a_batch_is_told_as_one_assignment(stage, django_capture_on_commit_callbacks):
    hanh = Cadre.objects.select_related("managing_unit").get(pk=stage.cadre.cadre_id)

    with django_capture_on_commit_callbacks(execute=True):
        [task] = in_bulk(stage, items(stage, 1, assignee_cadre=hanh), "154-QĐ/TU")

    told = Notification.objects.get(recipient=stage.cadre)
    assert (told.title, told.url) == (f"Bạn được giao việc “{task.title}”.", f"/tasks/{task.pk}/")


def test_the_number_of_queries_does_not_follow_the_number_of_tasks(stage):
    def count(size: int, number: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            in_bulk(stage, items(stage, size), number)
        return len(queries)

    count(2, "155-QĐ/TU")  # the actor's roles, read once and kept on the user
    assert count(40, "156-QĐ/TU") == count(4, "157-QĐ/TU")
