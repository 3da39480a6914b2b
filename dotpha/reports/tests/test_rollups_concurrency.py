"""Two writers refreshing the same task at once (PostgreSQL, `dotpha.tests.concurrency`; the random walks of
`test_rollups` are the sequential twin): the second waits for the first and then takes out the rows the first
stored, so each task counts once."""

import threading

from django.db import connections, transaction

from dotpha.reports.models import CountedTask
from dotpha.reports.rollups import CUBES, rebuild, refresh
from dotpha.reports.tests.test_rollups import AS_OF, fresh_rows, fresh_sums, stored_rows, sums
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tests.concurrency import concurrent


@concurrent
def test_two_writers_of_one_task_leave_it_counted_once(world, stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    first_in = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                refresh(Task.objects.filter(pk=task.pk))
                first_in.set()
                release.wait(10)  # holds its rows until the second writer has started
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with transaction.atomic():
                refresh(Task.objects.filter(pk=task.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_in.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(1)
    assert two.is_alive()  # waiting for the first writer's task lock
    release.set()
    one.join(10)
    two.join(10)
    assert not errors, errors
    rows = fresh_rows()
    assert stored_rows() == rows and sum(rows.values()) == 1
    for cube in CUBES:
        assert sums(cube.model, cube.keys) == fresh_sums(rows, cube)
    assert CountedTask.objects.count() == 1
