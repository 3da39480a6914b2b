"""The database connection, from DATABASE_URL, with what the server needs on PostgreSQL.

- JIT off: PostgreSQL compiles a query to machine code when its estimated cost passes `jit_above_cost`; the
  statistics' queries pass it at a province's size and spent more time compiling than running (4.5 s of an
  8.6 s query at a million tasks, issue 18). The product's queries are short, index-driven and repeated, the
  workload JIT does not pay for, so it is off for every connection the product opens.
- join_collapse_limit 5 (PostgreSQL's default is 8): the lists read a page of tasks with their to-one
  relations in one query (ten tables, `select_related`), and the planner tried every order of up to eight of
  them: at 100,000 tasks, 30 ms of planning for a 1.5 ms query, on every task list, API page and task page.
  The order as written (the task, then its relations by key) is the plan it chose anyway. Measured over the
  queries of 18 pages of issue 18 at 100,000 and 1,000,000 tasks: planning 160 -> 56 ms and 121 -> 69 ms,
  execution 437 -> 424 ms and 1,735 -> 1,711 ms; at 4 a drill-down's grouped query took four times as long.
- A streaming replica (DATABASE_REPLICA_URL, optional): the statistics pages and API read from it
  (`dotpha.core.replica`), the rest reads and writes the primary.
- Behind PgBouncer in transaction mode (README, "Production"), a server-side cursor cannot outlive the
  transaction that opened it: DATABASE_DISABLE_SERVER_SIDE_CURSORS=1 makes `.iterator()` fetch client-side.
"""

import os
from typing import Any

import dj_database_url

POSTGRES = "django.db.backends.postgresql"
# set on every connection; behind a pooler that drops them, on the role (README, "Production")
SERVER_OPTIONS = "-c jit=off -c join_collapse_limit=5"


_CONNECTION: dict[str, Any] = {
    "conn_max_age": int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    # A persistent connection the server dropped (restart, failover) is replaced before use, not discovered
    # by a user's request.
    "conn_health_checks": True,
}


def databases(default_url: str) -> dict[str, dict[str, Any]]:
    """`default` from DATABASE_URL (else `default_url`), and `replica` when DATABASE_REPLICA_URL is set."""
    found = {"default": database(default_url)}
    replica = os.environ.get("DATABASE_REPLICA_URL", "").strip()
    if replica:
        found["replica"] = _with_server_options(dj_database_url.parse(replica, **_CONNECTION))
    return found


def database(default_url: str | None = None) -> dict[str, Any]:
    return _with_server_options(dj_database_url.config(default=default_url, **_CONNECTION))


def _with_server_options(config: Any) -> dict[str, Any]:
    db: dict[str, Any] = dict(config)
    if db.get("ENGINE") == POSTGRES:
        options = db.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), SERVER_OPTIONS]))
        if os.environ.get("DATABASE_DISABLE_SERVER_SIDE_CURSORS", "").strip().lower() in {"1", "true", "yes"}:
            db["DISABLE_SERVER_SIDE_CURSORS"] = True
    return db
