"""Statistics read from a streaming replica when one is configured (DATABASE_REPLICA_URL): the figures are
the heaviest reads and may be a moment behind, everything else reads and writes the primary.

A view opts in with `@reads_from_replica`; inside it every read goes to the `replica` database, writes
(an audit row, a session touched) still go to the primary. Without a replica the decorator does nothing.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica[F: Callable[..., Any]](view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading.get() and REPLICA in connections.settings:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        # always the primary, also for an object read from the replica (Django would write where it was read)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # the replica holds the primary's rows: an object read there may be related to one of the primary
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
