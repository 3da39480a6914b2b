"""The dashboard's three aggregations written by hand in SQL (SQLite and PostgreSQL), for the benchmark:
the same visibility (an organizer's subtree), the same home unit, the same progress rule, grouped the
same way, so the same `fold` turns either into the same dashboard.

Written the way one would by hand: the reports of a task are aggregated once in a derived table instead of
one correlated subquery per value. Deadlines are the working-day calendar's, as in the product: a deadline on
a day off moves to the next working day (a join on `NonWorkingDay`), and "past its effective date" compares
the date with the last working day before today, a constant (`dotpha.tasks.selectors.progress`)."""

import datetime

from django.db import connection

from dotpha.accounts.models import User
from dotpha.org.models import Appointment, Cadre, Position, Unit
from dotpha.programmes.models import Period, Programme
from dotpha.reports.selectors.lines import Facts
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task
from dotpha.tasks.selectors.progress import AHEAD_OF_PLAN_DAYS, AT_RISK_TOLERANCE, day_number
from dotpha.workdays.calendar import WorkCalendar
from dotpha.workdays.models import NonWorkingDay

T = {
    "task": Task._meta.db_table,
    "period": Period._meta.db_table,
    "programme": Programme._meta.db_table,
    "cadre": Cadre._meta.db_table,
    "unit": Unit._meta.db_table,
    "appointment": Appointment._meta.db_table,
    "position": Position._meta.db_table,
    "evaluation": Evaluation._meta.db_table,
    "report": ProgressReport._meta.db_table,
    "milestone": Milestone._meta.db_table,
    "nonworking": NonWorkingDay._meta.db_table,
}


def _dn(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"(({expr})::date - DATE '1970-01-01')"
    return f"CAST(julianday({expr}) - 2440587.5 AS INTEGER)"


def _year(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {expr}) AS INTEGER)"


def _base(*, period_clause: str, with_progress: bool, today: datetime.date, with_home: bool = True) -> str:
    now = day_number(today)
    start = _dn("COALESCE(t.start_date, t.approved_on)")
    progress = "NULL"
    if with_progress:
        baseline = _dn(
            "COALESCE(r.last_on, CASE WHEN t.approved_on IS NULL THEN t.start_date "
            "WHEN t.start_date IS NULL THEN t.approved_on "
            "WHEN t.approved_on > t.start_date THEN t.approved_on ELSE t.start_date END)"
        )
        latest = (
            f"(SELECT lr.percent_done FROM {T['report']} lr WHERE lr.task_id = t.id "
            "ORDER BY lr.reported_on DESC, lr.id DESC LIMIT 1)"
        )
        progress = f"""CASE
          WHEN t.status <> 'approved' THEN NULL
          WHEN r.done_on IS NOT NULL THEN CASE
            WHEN t.deadline IS NULL THEN 'completed_on_time'
            WHEN {_dn("r.done_on")} <= {_dn("t.deadline")} - {AHEAD_OF_PLAN_DAYS} THEN 'ahead_of_plan'
            WHEN {_dn("r.done_on")} <= {_dn("COALESCE(nwd.next_working_day, t.deadline)")}
              THEN 'completed_on_time'
            ELSE 'completed_late' END
          WHEN ev.grade IS NOT NULL AND ev.grade <> '' THEN 'evaluated'
          WHEN t.deadline <= %(cutoff)s THEN 'overdue'
          WHEN EXISTS (SELECT 1 FROM {T["milestone"]} m WHERE m.task_id = t.id AND m.done_on IS NULL
                       AND m.due_date <= %(cutoff)s) THEN 'at_risk'
          WHEN (CASE WHEN {start} < {now} THEN ({now} - {start}) * 100 ELSE 0 END)
               > (COALESCE({latest}, 0) + {AT_RISK_TOLERANCE}) * ({_dn("t.deadline")} - {start})
               THEN 'at_risk'
          WHEN {baseline} < {now} - CASE prog.report_cadence
               WHEN 'weekly' THEN 7 WHEN 'quarterly' THEN 92
               ELSE 31 END THEN 'stale'
          ELSE 'on_track' END"""
    reports = (
        f"LEFT JOIN (SELECT task_id, MAX(reported_on) AS last_on, "
        f"MIN(CASE WHEN percent_done = 100 THEN reported_on END) AS done_on FROM {T['report']} "
        f"GROUP BY task_id) r ON r.task_id = t.id "
        f"LEFT JOIN {T['nonworking']} nwd ON nwd.day = t.deadline"
        if with_progress
        else ""
    )
    home_unit = f"""COALESCE(t.assignee_unit_id,
          (SELECT a.unit_id FROM {T["appointment"]} a JOIN {T["position"]} p ON p.id = a.position_id
            WHERE a.cadre_id = t.assignee_cadre_id AND a.start_date <= per.end_date
            ORDER BY a.end_date DESC NULLS FIRST, p.rank, a.start_date DESC, a.id DESC LIMIT 1),
          c.managing_unit_id, t.authority_unit_id)"""
    return f"""
      SELECT t.id, t.field_id, t.kind, t.status, t.assignee_cadre_id,
        {_year("per.start_date")} AS year, per.kind AS period_kind,
        {home_unit if with_home else "NULL"} AS home_unit,
        ev.grade AS grade, ev.ahead_of_plan AS ahead, {progress} AS progress
      FROM {T["task"]} t
      JOIN {T["period"]} per ON per.id = t.period_id
      JOIN {T["programme"]} prog ON prog.id = t.programme_id
      JOIN {T["unit"]} thu ON thu.id = t.authority_unit_id
      LEFT JOIN {T["cadre"]} c ON c.id = t.assignee_cadre_id
      LEFT JOIN {T["unit"]} au ON au.id = t.assignee_unit_id
      LEFT JOIN {T["unit"]} mu ON mu.id = c.managing_unit_id
      LEFT JOIN {T["evaluation"]} ev ON ev.task_id = t.id
      {reports}
      WHERE t.status IN ('submitted', 'returned', 'approved', 'rejected') {period_clause}
        AND (t.author_id = %(user)s OR au.path LIKE %(path)s OR mu.path LIKE %(path)s
             OR thu.path LIKE %(path)s
             OR EXISTS (SELECT 1 FROM {T["appointment"]} a2 JOIN {T["unit"]} u2 ON u2.id = a2.unit_id
                        WHERE a2.cadre_id = t.assignee_cadre_id AND a2.end_date IS NULL
                          AND u2.path LIKE %(path)s))
    """


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def raw_facts(
    user: User, root: Unit, period: Period, *, today: datetime.date, whole_tree: bool = False
) -> Facts:
    """`whole_tree`: the trend skips the home unit, as the selector does for a single province's board."""
    # past its effective date: on or before the last working day before today
    cutoff = WorkCalendar().last_working_day_before(today)
    params = {"user": user.pk, "path": f"{root.path}%", "period": period.pk, "cutoff": cutoff}
    in_period = "AND t.period_id = %(period)s"
    lines = _rows(
        f"""SELECT home_unit, field_id, kind, status, progress, grade, ahead, COUNT(*)
            FROM ({_base(period_clause=in_period, with_progress=True, today=today)}) x
            GROUP BY home_unit, field_id, kind, status, progress, grade, ahead""",
        params,
    )
    cadres = _rows(
        f"""SELECT DISTINCT home_unit, assignee_cadre_id, field_id, kind
            FROM ({_base(period_clause=in_period, with_progress=False, today=today)}) x
            WHERE status = 'approved' AND assignee_cadre_id IS NOT NULL""",
        params,
    )
    home = f"{root.pk} AS home_unit" if whole_tree else "home_unit"
    trend = _rows(
        f"""SELECT {home}, year, status, grade, ahead, COUNT(*)
            FROM ({_base(period_clause="", with_progress=False, today=today, with_home=not whole_tree)}) x
            WHERE period_kind = 'year'
            GROUP BY {"" if whole_tree else "home_unit, "}year, status, grade, ahead""",
        params,
    )
    return Facts(lines=lines, cadres=cadres, trend=trend)
