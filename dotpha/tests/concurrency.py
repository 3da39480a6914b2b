"""Running the same call from several threads at once, each on its own database connection, as gunicorn's
workers do. Only PostgreSQL can show a race: SQLite in memory has one connection that every thread shares,
so the tests that use this are skipped there (each has a sequential twin that runs everywhere)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, connections


def concurrent[F: Callable](test: F) -> F:
    """Marks a race test: PostgreSQL only; real threads need committed rows, so the test's database is
    transactional, and the flush after it puts back the rows the migrations seeded."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races need PostgreSQL's own connections"
    )(test)


@dataclass
class Outcome:
    result: object = None
    error: BaseException | None = None


def run_together(count: int, call: Callable[[int], object], *, timeout: float = 60) -> list[Outcome]:
    """Calls `call(0)` … `call(count - 1)` in `count` threads released by one barrier; returns what each
    returned or raised, in order. Nothing escapes: the test looks at every outcome."""
    barrier = threading.Barrier(count)
    outcomes = [Outcome() for _ in range(count)]

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout)
            outcomes[index].result = call(index)
        except BaseException as exc:  # handed to the test, which asserts on it
            outcomes[index].error = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a call did not finish: a deadlock?"
    return outcomes
