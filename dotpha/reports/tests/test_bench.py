"""The benchmark's hand-written SQL and the dashboard selector agree (so its ratio compares like with like).
The benchmark itself (`manage.py bench_dashboard`, 100,000 tasks) is not part of the suite."""

import datetime

import pytest
from django.db import DataError, connection, transaction

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.search import normalize_words
from dotpha.demo.management.commands.bench_lists import (
    commune_ids,
    late_reporting_where,
    tied_to_where,
    title_search_where,
)
from dotpha.org.models import Unit
from dotpha.reports.bench.data import build
from dotpha.reports.bench.raw import raw_facts
from dotpha.reports.selectors import StatsFilter, unit_map
from dotpha.reports.selectors.dashboard import fetch_facts, fold
from dotpha.tasks.facts import refresh_facts
from dotpha.tasks.models import Evaluation, Milestone, ProgressReport, Task, TaskStatus
from dotpha.tasks.selectors import search_list, task_list, tasks_visible_to
from dotpha.tasks.selectors.progress import ProgressState, with_progress

pytestmark = pytest.mark.django_db


def norm(rows):
    return sorted((tuple(bool(v) if isinstance(v, bool) else v for v in row) for row in rows), key=repr)


@pytest.mark.parametrize("today", [datetime.date(2024, 6, 1), datetime.date(2026, 11, 25)])
def test_hand_written_sql_and_the_selector_agree(today):
    province = build(600, districts=1)
    period = province.periods[2024]
    f = StatsFilter(period=period)
    umap = unit_map(province.root)
    orm = fetch_facts(province.organizer, umap, f, today=today)
    raw = raw_facts(province.organizer, province.root, period, today=today, whole_tree=True)
    for part in ("lines", "cadres", "trend"):
        assert norm(getattr(orm, part)) == norm(getattr(raw, part)), part
    board = fold(province.root, umap, f, orm, today=today)
    assert board.total.figures == fold(province.root, umap, f, raw, today=today).total.figures
    assert board.total.figures.approved > 0 and board.total.figures.on_track + board.total.figures.overdue > 0


def test_the_hand_written_sql_follows_the_working_day_calendar():
    """Deadlines on days off, as the product reads them: due Saturday 01/06/2024 and reported done on
    Monday 03/06 is on time; on Wednesday 25/11/2026 a task due the day before, a holiday (Ngày Văn hóa Việt
    Nam), is not overdue yet, nor is a milestone due that day."""
    today = datetime.date(2026, 11, 25)
    holiday = datetime.date(2026, 11, 24)
    province = build(120, districts=1)
    period = province.periods[2024]
    approved = list(Task.objects.filter(period=period, status=TaskStatus.APPROVED).order_by("pk")[:3])
    done_monday, due_holiday, milestone_holiday = approved
    for task in approved:
        ProgressReport.objects.filter(task=task).delete()
        Milestone.objects.filter(task=task).delete()
        Evaluation.objects.filter(task=task).delete()

    def report(task, day, percent):
        ProgressReport.objects.create(
            task=task, reported_on=day, percent_done=percent, narrative="Báo cáo.", author=province.organizer
        )

    Task.objects.filter(pk=done_monday.pk).update(deadline=datetime.date(2024, 6, 1))
    report(done_monday, datetime.date(2024, 6, 3), 100)
    Task.objects.filter(pk=due_holiday.pk).update(deadline=holiday)
    # started 01/11, due 31/12, half done on 20/11: on track but for its milestone
    Task.objects.filter(pk=milestone_holiday.pk).update(
        start_date=datetime.date(2026, 11, 1), deadline=datetime.date(2026, 12, 31)
    )
    report(milestone_holiday, datetime.date(2026, 11, 20), 50)
    Milestone.objects.create(task=milestone_holiday, title="Sơ kết", due_date=holiday)
    tasks = Task.objects.filter(pk__in=[t.pk for t in approved])
    refresh_facts(
        tasks
    )  # the updates above write no signal: the stored facts follow as a service's write would
    states = {t.pk: t.progress for t in with_progress(tasks, today)}  # type: ignore[attr-defined]
    assert states[done_monday.pk] == ProgressState.COMPLETED_ON_TIME
    assert states[due_holiday.pk] == ProgressState.AT_RISK  # not overdue before the next working day is out
    assert states[milestone_holiday.pk] == ProgressState.ON_TRACK
    f = StatsFilter(period=period)
    umap = unit_map(province.root)
    orm = fetch_facts(province.organizer, umap, f, today=today)
    raw = raw_facts(province.organizer, province.root, period, today=today, whole_tree=True)
    assert norm(orm.lines) == norm(raw.lines)


HOSTILE = "'); DELETE FROM tasks_task; --"


@pytest.mark.parametrize("today", [datetime.date(2024, 6, 10), datetime.date(2024, 9, 2)])
def test_the_hand_written_late_reporting_list_is_the_product_list_and_reads_titles_as_data(today):
    """`bench_lists` compares the late-reporting list with this SQL: the same tasks, and a task's words
    (SQL in a title) stay data."""
    province = build(400, districts=1)
    Task.objects.filter(pk=Task.objects.order_by("pk").values("pk")[:1]).update(title=HOSTILE)
    where, params = late_reporting_where(today)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM tasks_task t WHERE {where}", params)
        by_hand = {row[0] for row in cursor.fetchall()}
    listed = set(
        task_list(province.organizer, today=today, progress=ProgressState.STALE).values_list("pk", flat=True)
    )
    assert by_hand == listed and listed
    assert Task.objects.count() == 400 and Task.objects.filter(title=HOSTILE).count() == 1


@pytest.mark.parametrize("typed", ["giảm nghèo bề", "nguồn nhân lực chấ", "DELETE FROM tas"])
def test_the_hand_written_title_search_finds_what_the_list_finds_and_binds_what_was_typed(typed):
    """`bench_lists` compares the list's search with this SQL on titles: on the benchmark's tasks (no
    description, no decision, and these words in no cadre's or unit's name) the same tasks; what was
    typed, SQL included, is bound, never written into the statement."""
    province = build(300, districts=1)
    hostile = Task.objects.order_by("pk").first()
    assert hostile is not None
    hostile.title = HOSTILE
    hostile.save()  # its search copy follows: "delete from tasks task"
    words = normalize_words(typed).split()
    where, params = title_search_where(words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM tasks_task t WHERE {where}", params)
        by_hand = {row[0] for row in cursor.fetchall()}
    listed = set(
        search_list(task_list(province.organizer, today=datetime.date(2024, 6, 10)), typed).tasks.values_list(
            "pk", flat=True
        )
    )
    assert by_hand == listed and listed
    # the raw text, quotes and all, as one word: a value, which matches nothing and deletes nothing
    where, params = title_search_where([HOSTILE])
    assert HOSTILE not in where
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.id FROM tasks_task t WHERE {where}", params)
        assert cursor.fetchall() == []
    assert Task.objects.count() == 300 and Task.objects.filter(title=HOSTILE).count() == 1


def test_the_hand_written_commune_list_holds_what_the_committee_sees_and_binds_its_ids():
    """`bench_lists` compares a commune party committee's list with this SQL: every task the committee sees
    (a floor: it also keeps tasks its cadres' statistics count elsewhere), of its units and cadres only; the
    ids are bound, never written into the statement, and a text among them changes nothing."""
    build(300, districts=1)
    commune = Unit.objects.get(name="Xã mới 1")
    committee = User.objects.create_user(username="bench-commune", password="-")
    RoleGrant.objects.create(user=committee, role=Role.COMMUNE_COMMITTEE, unit=commune)
    units, cadres = commune_ids(commune)
    where, params = tied_to_where(units, cadres)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.assignee_unit_id, t.authority_unit_id, t.assignee_cadre_id "
            f"FROM tasks_task t WHERE {where}",
            params,
        )
        rows = cursor.fetchall()
    seen = set(tasks_visible_to(committee).values_list("pk", flat=True))
    assert seen and seen <= {row[0] for row in rows}
    assert all(row[1] in units or row[2] in units or row[3] in cadres for row in rows)
    hostile = "0) OR 1=1; DELETE FROM tasks_task; --"
    where, params = tied_to_where([hostile], cadres)  # type: ignore[list-item]  # the attack: text where an id goes
    assert hostile not in where
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT t.id FROM tasks_task t WHERE {where}", params)
            found = {row[0] for row in cursor.fetchall()}
    except DataError:  # PostgreSQL refuses the text as an id
        found = set()
    assert not found - {row[0] for row in rows if row[3] in cadres}
    assert Task.objects.count() == 300
    with pytest.raises(ValueError):
        tied_to_where([], cadres)
