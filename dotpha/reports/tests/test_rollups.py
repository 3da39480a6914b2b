"""The statistics' rollups: after any sequence of service calls the stored rows and sums equal their
from-scratch computation, and the board read from them equals the board counted from the tasks; they are read
only on their day and by a viewer who sees every task; a calendar change or a deletion marks them old."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dotpha.accounts.access import holds_every_tree
from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Cadre, UnitMerger
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_unit
from dotpha.reports.models import (
    ROLLUP_KEYS,
    CadreRollup,
    CadreStateRollup,
    CountedTask,
    RollupState,
    TaskRollup,
)
from dotpha.reports.rollups import (
    CUBES,
    Cube,
    _increment,
    counted_rows,
    next_night,
    rebuild,
    rebuild_rollups,
    refresh,
)
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.selectors.cadres import cadre_rows
from dotpha.reports.selectors.dashboard import Dashboard, counted_facts, fold
from dotpha.reports.selectors.drilldown import Drill, drill_cadres, drill_tasks
from dotpha.reports.selectors.units import unit_map
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors import tasks_visible_to
from dotpha.tasks.services.execution import progress_report_submit
from dotpha.tasks.tests.walk import random_walk
from dotpha.workdays.services import day_off_add

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2024, 9, 2)
ROW = [*ROLLUP_KEYS, "tree_path", "cadre_id"]


def stored_rows() -> Counter:
    return Counter(CountedTask.objects.values_list("task_id", *ROW))


def fresh_rows() -> Counter:
    return Counter(
        (row.task_id, *(getattr(row, k) for k in ROW)) for row in counted_rows(Task.objects.all(), AS_OF)
    )


def sums(model, keys: list[str]) -> dict[tuple, int]:
    """What a rollup holds, summed over `keys` (zeros left out: a sum that went back to nothing)."""
    found: Counter = Counter()
    for *key, n in model.objects.values_list(*keys, "n"):
        found[tuple(key)] += n
    return {key: n for key, n in found.items() if n}


# the rows each cadre rollup sums: the board's distinct cadres (approved tasks of a cadre), the cadre table
ONLY = {
    CadreRollup: lambda row: row["status"] == TaskStatus.APPROVED and row["cadre_id"],
    CadreStateRollup: lambda row: row["cadre_id"],
}


def fresh_sums(rows: Counter, cube: Cube) -> dict[tuple, int]:
    found: Counter = Counter()
    for (_task, *values), n in rows.items():
        row = dict(zip(ROW, values, strict=True))
        if cube.model in ONLY and not ONLY[cube.model](row):
            continue
        found[tuple(row[k] for k in cube.keys)] += n
    return dict(found)


def tables(board: Dashboard) -> list:
    """Everything a board shows: every table's rows (the cadre table's too) with their labels, figures and
    drill-down parameters."""
    return [
        (code, [(r.key, r.label, r.note, r.params, r.figures.as_dict()) for r in rows])
        for code, _title, rows in [*board.tables(), ("trend-all", "", board.trend)]
    ]


def counted_board(user, unit, f: StatsFilter, today: datetime.date) -> Dashboard:
    umap = unit_map(unit, on=today)
    board = fold(unit, umap, f, counted_facts(user, umap, f, today=today), today=today)
    board.cadres = cadre_rows(user, umap, f, today=today, total=board.total, sums=False)
    return board


def assert_boards_agree(user, units, filters, today=AS_OF) -> None:
    for unit in units:
        for f in filters:
            rolled = dashboard(user, unit, f, today=today, with_cadres=True)
            assert tables(rolled) == tables(counted_board(user, unit, f, today)), (unit, f)


def assert_consistent(on) -> None:
    rows = fresh_rows()
    assert stored_rows() == rows
    for cube in CUBES:
        assert sums(cube.model, cube.keys) == fresh_sums(rows, cube), cube.model
    world = on.world
    assert_boards_agree(
        on.organizer,
        [world.province, world.home_affairs],
        [
            StatsFilter(year=2024),
            StatsFilter(),
            StatsFilter(period=on.period),
            StatsFilter(field=on.field),
            StatsFilter(level=world.commune.level),
        ],
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sums_follow_random_service_calls(stage, seed):
    assert holds_every_tree(stage.organizer)
    rebuild(AS_OF)
    rebuilt = 0

    def check(today: datetime.date) -> None:
        nonlocal rebuilt
        if RollupState.objects.get().as_of is None:  # a day off was added: the sums are old until rebuilt
            rebuild(AS_OF)
            rebuilt += 1
        assert_consistent(stage)

    done = random_walk(stage, seed, check)
    assert rebuilt == done.get("op_holiday", 0)
    # the walk changed what is counted: the sums are not those of an empty world
    assert TaskRollup.objects.filter(status=TaskStatus.APPROVED, n__gt=0).exists()


def test_the_board_reads_the_sums_not_the_tasks(world, stage):
    stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(stage.organizer, world.province, StatsFilter(year=2024), today=AS_OF)
    assert board.total.figures.approved == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert Task._meta.db_table not in sql
    # no field or kind chosen, the whole province: the small sums, by unit and by field, not their cross
    assert "reports_homerollup" in sql and "reports_fieldrollup" in sql and "reports_taskrollup" not in sql
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(stage.organizer, world.province, StatsFilter(field=stage.field), today=AS_OF)
    assert board.total.figures.approved == 1
    assert "reports_taskrollup" in " ".join(q["sql"] for q in queries.captured_queries)


def _two_provinces(stage):
    """The stage's province and a second one, each with tasks, and its organizer granted both."""
    stage.make_task(status=TaskStatus.APPROVED)
    stage.make_task(status=TaskStatus.SUBMITTED)
    other = make_unit(None, "Tỉnh Bên Cạnh", "Q", "province")
    department = make_unit(other, "Sở Y tế Bên Cạnh", "Q-SYT")
    commune = make_unit(other, "Xã Bên Cạnh", "Q-X1", "commune")
    stage.make_task(assignee_unit=department, status=TaskStatus.APPROVED)
    stage.make_task(assignee_unit=commune, status=TaskStatus.APPROVED)
    RoleGrant.objects.create(user=stage.organizer, role=Role.ORGANIZER, unit=other)
    organizer = User.objects.get(pk=stage.organizer.pk)
    assert holds_every_tree(organizer)
    return organizer, other, department, commune


def _read(organizer, unit, f: StatsFilter) -> tuple[Dashboard, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(organizer, unit, f, today=AS_OF)
    sql = [q["sql"] for q in queries.captured_queries]
    assert Task._meta.db_table not in " ".join(sql)
    return board, sql


def test_a_province_beside_another_reads_the_sums_of_its_own_tree(world, stage):
    """An instance serving two provinces: the first is not the only tree, so its field, kind and trend tables
    read the sums by field of its own tree (at a million tasks, summing the crossed sums of its home units
    took 60-70 ms a table), and show what counting the tasks shows."""
    organizer, other, _department, _commune = _two_provinces(stage)
    rebuild(AS_OF)
    board, sql = _read(organizer, world.province, StatsFilter())
    assert board.total.figures.total == 2 and sum(r.figures.total for r in board.fields) == 2
    by_field = [q for q in sql if "reports_fieldrollup" in q]
    assert by_field and not any("reports_taskrollup" in q for q in sql)
    for q in by_field:
        assert '"tree_path" IN' in q.split(" WHERE ", 1)[1]
    other_board, _sql = _read(organizer, other, StatsFilter())
    assert other_board.total.figures.total == 2 and sum(r.figures.total for r in other_board.fields) == 2
    for f in (StatsFilter(), StatsFilter(year=2024), StatsFilter(field=stage.field)):
        assert_boards_agree(organizer, [world.province, other], [f])


def test_a_level_or_part_of_a_tree_sums_the_crossed_sums_of_its_home_units(world, stage):
    """By level, the lines lead by their home unit; a department is part of its tree: both read the crossed
    sums of their home units, summed in SQL without the home unit unless a level is chosen."""
    organizer, other, _department, _commune = _two_provinces(stage)
    rebuild(AS_OF)
    for unit, f in (
        (world.province, StatsFilter(level=world.commune.level)),
        (world.home_affairs, StatsFilter()),
    ):
        _board, sql = _read(organizer, unit, f)
        crossed = [q for q in sql if "reports_taskrollup" in q]
        assert crossed and not any("reports_fieldrollup" in q for q in sql)
        if f.level is None:
            for q in crossed:  # the home units filter the sums but are neither read nor grouped by
                columns, where = q.split(" FROM ", 1)
                assert "home_unit_id" not in columns and "home_unit_id" in where
        assert_boards_agree(organizer, [unit], [f])
    assert_boards_agree(organizer, [other], [StatsFilter(level=world.commune.level)])


def test_a_province_merged_into_another_counts_under_it_by_tree_or_by_home_unit(world, stage):
    """The 2025 reform merged provinces: a province merged whole counts under its successor, whose board reads
    both trees' sums by field; a province split between two successors is part of a tree for each, and
    their boards read the crossed sums. Every board shows what counting the tasks shows."""
    organizer, other, department, commune = _two_provinces(stage)
    UnitMerger.objects.create(predecessor=other, successor=world.province, effective_date=D(2024, 7, 1))
    rebuild(AS_OF)
    board, sql = _read(organizer, world.province, StatsFilter())
    assert board.total.figures.total == 4 and sum(r.figures.total for r in board.fields) == 4
    assert not any("reports_taskrollup" in q for q in sql)
    assert_boards_agree(organizer, [world.province], [StatsFilter(), StatsFilter(year=2024)])

    UnitMerger.objects.all().delete()
    third = make_unit(None, "Tỉnh Thứ Ba", "R", "province")
    RoleGrant.objects.create(user=organizer, role=Role.ORGANIZER, unit=third)
    UnitMerger.objects.create(predecessor=department, successor=world.province, effective_date=D(2024, 7, 1))
    UnitMerger.objects.create(predecessor=commune, successor=third, effective_date=D(2024, 7, 1))
    UnitMerger.objects.create(predecessor=other, successor=third, effective_date=D(2024, 7, 2))
    organizer = User.objects.get(pk=organizer.pk)
    rebuild(AS_OF)
    board, sql = _read(organizer, world.province, StatsFilter())
    assert board.total.figures.total == 3 and sum(r.figures.total for r in board.fields) == 3
    assert any("reports_taskrollup" in q for q in sql)
    assert_boards_agree(organizer, [world.province, third], [StatsFilter(), StatsFilter(year=2024)])


def test_the_cadre_table_reads_the_sums_unless_a_field_or_kind_is_chosen(world, stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(stage.organizer, world.home_affairs, StatsFilter(), today=AS_OF, with_cadres=True)
    assert [(row.label, row.figures.approved) for row in board.cadres] == [(task.assignee_cadre.full_name, 1)]
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert Task._meta.db_table not in sql and "reports_cadrestaterollup" in sql
    # the sums by cadre hold no field: the table counts the tasks of that field
    f = StatsFilter(field=stage.field)
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(stage.organizer, world.home_affairs, f, today=AS_OF, with_cadres=True)
    assert [(row.label, row.figures.approved) for row in board.cadres] == [(task.assignee_cadre.full_name, 1)]
    assert Task._meta.db_table in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_unit_head_on_their_own_unit_reads_the_sums(world, stage):
    """A viewer whose subtrees hold every home unit counted under the unit asked sees every task the sums
    count there (`tasks_visible_to` includes the home unit): the sums answer them, as they answer a viewer
    who sees everything."""
    stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    manager = stage.unit_manager
    assert not holds_every_tree(manager)
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(manager, world.home_affairs, StatsFilter(year=2024), today=AS_OF)
    assert board.total.figures.approved == 1
    assert Task._meta.db_table not in " ".join(q["sql"] for q in queries.captured_queries)
    assert_boards_agree(manager, [world.home_affairs], [StatsFilter(year=2024), StatsFilter()])


def test_a_viewer_asked_about_more_than_their_subtrees_counts_what_they_see(world, stage):
    stage.make_task(status=TaskStatus.APPROVED)
    # a commune's task, neither the manager's nor under their unit
    stage.make_task(
        status=TaskStatus.APPROVED,
        assignee_unit=world.commune,
        author=stage.organizer,
        accountable_cadre=stage.cadre.cadre,
    )
    rebuild(AS_OF)
    manager = stage.unit_manager
    with CaptureQueriesContext(connection) as queries:
        board = dashboard(manager, world.province, StatsFilter(year=2024), today=AS_OF)
    assert board.total.figures.approved == 1
    assert Task._meta.db_table in " ".join(q["sql"] for q in queries.captured_queries)
    assert_boards_agree(manager, [world.province], [StatsFilter(year=2024)])


def test_a_task_counted_under_a_unit_is_seen_by_whoever_sees_the_unit(world, stage):
    """A cadre held a post in Sở Nội vụ at the end of 2024, then moved to another province, whose standing
    committee approved the task: its only tie to this province is its home unit. The head of Sở Nội vụ sees
    it, and the unit's figure, read from the sums or counted, is its list."""
    other = make_unit(None, "Tỉnh Bên Cạnh", "Q", "province")
    other_standing = make_unit(other, "Ban Thường vụ Tỉnh ủy Bên Cạnh", "Q-BTV", "standing_committee")
    other_department = make_unit(other, "Sở Tài chính Bên Cạnh", "Q-STC")
    moved = CadreFactory(full_name="Lê Văn Chuyển", managing_unit=other_standing)
    position = PositionFactory(name="Phó Giám đốc")
    AppointmentFactory(
        cadre=moved,
        unit=world.home_affairs,
        position=position,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2025, 1, 31),
    )
    AppointmentFactory(
        cadre=moved, unit=other_department, position=position, start_date=datetime.date(2025, 2, 1)
    )
    task = stage.make_task(cadre=moved, status=TaskStatus.APPROVED, authority_unit=other_standing)
    assert task.facts.home_unit_id == world.home_affairs.pk
    manager = stage.unit_manager

    assert tasks_visible_to(manager).filter(pk=task.pk).exists()
    # a draft counts nowhere: the home unit shows it to no one
    draft = stage.make_task(cadre=moved, status=TaskStatus.DRAFT, authority_unit=other_standing)
    assert draft.facts.home_unit_id == world.home_affairs.pk
    assert not tasks_visible_to(manager).filter(pk=draft.pk).exists()
    for rebuilt in (False, True):
        if rebuilt:
            rebuild(AS_OF)
        board = dashboard(manager, world.home_affairs, StatsFilter(year=2024), today=AS_OF)
        assert board.total.figures.approved == 1
        drill = Drill(root=world.home_affairs, filter=StatsFilter(year=2024), measure="approved")
        listed, _umap = drill_tasks(manager, drill, today=AS_OF)
        assert list(listed.values_list("pk", flat=True)) == [task.pk]
    assert_boards_agree(manager, [world.home_affairs], [StatsFilter(year=2024)])


def queued() -> list:
    """What was enqueued since the test began (settings.test: DummyBackend keeps it)."""
    return task_backends["default"].results  # type: ignore[attr-defined]


def test_old_sums_are_not_read_and_a_rebuild_is_queued_once_a_day(world, stage):
    stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    for cube in CUBES:
        cube.model.objects.update(n=7)  # were they read, the board would say 7
    today = timezone.localdate()
    queued().clear()
    for _ in range(2):
        board = dashboard(stage.organizer, world.province, StatsFilter(year=2024), today=today)
        assert board.total.figures.approved == 1
    assert [(r.task.func, r.kwargs) for r in queued()] == [(rebuild_rollups.func, {})]
    assert RollupState.objects.get().queued_on == today


def test_the_nightly_rebuild_derives_todays_states_and_schedules_the_next(world, stage):
    stage.make_task(status=TaskStatus.APPROVED, deadline=D(2024, 5, 31))
    rebuild(AS_OF)
    assert TaskRollup.objects.get(n=1).progress == "overdue"
    queued().clear()
    assert rebuild_rollups.call(nightly=True) == 1
    assert RollupState.objects.get().as_of == timezone.localdate()
    assert TaskRollup.objects.get(n=1).progress == "overdue"  # still overdue today, derived again
    (job,) = queued()
    assert (job.task.func, job.kwargs) == (rebuild_rollups.func, {"nightly": True})
    assert job.task.run_after == next_night(timezone.now())
    evening = datetime.datetime(2026, 12, 4, 23, 30, tzinfo=timezone.get_current_timezone())
    assert next_night(evening) == datetime.datetime(2026, 12, 5, 0, 5, tzinfo=timezone.get_current_timezone())


def test_on_postgresql_a_rebuild_leaves_fresh_statistics_of_the_stored_rows(world, stage):
    if connection.vendor != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")
    for _ in range(3):
        stage.make_task(status=TaskStatus.APPROVED)

    def rows_estimated() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'reports_countedtask'")
            return cursor.fetchone()[0]

    assert rows_estimated() != 3
    rebuild(AS_OF)
    assert rows_estimated() == CountedTask.objects.count() == 3


def test_a_calendar_change_or_a_deleted_task_marks_the_sums_old(world, stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    rebuild(AS_OF)
    day_off_add(actor=stage.organizer, day=D(2024, 9, 4), name="Nghỉ bù")
    assert RollupState.objects.get().as_of is None
    rebuild(AS_OF)
    task.delete()
    assert RollupState.objects.get().as_of is None
    # the board counts the tasks meanwhile: the deleted task is not in it
    board = dashboard(stage.organizer, world.province, StatsFilter(year=2024), today=AS_OF)
    assert board.total.figures.total == 0


def test_a_report_moves_the_sums_in_the_writers_transaction(world, stage):
    task = stage.make_task(status=TaskStatus.APPROVED, deadline=D(2024, 12, 31))
    rebuild(AS_OF)
    progress_report_submit(
        actor=stage.cadre, task=task, percent_done=100, narrative="Xong.", confirmed=True, today=AS_OF
    )
    board = dashboard(stage.organizer, world.province, StatsFilter(year=2024), today=AS_OF)
    assert board.total.figures.done == 1
    assert sums(TaskRollup, ["progress"]) == {("ahead_of_plan",): 1}


def test_refresh_with_old_sums_writes_nothing(world, stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    refresh(Task.objects.filter(pk=task.pk))
    assert not CountedTask.objects.exists() and not TaskRollup.objects.exists()


def test_the_increments_bind_what_they_are_given(world, stage):
    hostile = "x');DROP TABLE t;--"  # within the column's 20 characters
    key = (2024, True, 1, 1, 1, 0, hostile, "approved", "", "", False)
    _increment(CUBES[0], Counter({key: 2}))
    _increment(CUBES[0], Counter({key: 3}))
    row = TaskRollup.objects.get()
    assert (row.kind, row.n) == (hostile, 5)


def test_the_commands_rebuild_now_and_schedule_the_nightly_rebuild(world, stage):
    stage.make_task(status=TaskStatus.APPROVED)
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "Đã dựng lại 1 dòng" in out.getvalue()
    assert RollupState.objects.get().as_of == timezone.localdate()
    assert sums(TaskRollup, ["status"]) == {("approved",): 1}
    queued().clear()
    call_command("schedule_reminders", stdout=io.StringIO())
    assert sorted((job.task.name, job.kwargs.get("nightly", False)) for job in queued()) == [
        ("daily_reminders", False),
        ("rebuild_rollups", True),
    ]


def test_the_number_of_cadres_lists_the_cadres_the_sums_counted(world, stage):
    """The "cadres" figure's list: while the sums answer, each cadre and their number of tasks come from the
    sums by cadre (a province's 258,000 tasks were grouped in 1.2 s at a million), and are those the tasks
    give, for the root, a row, a field, the tasks without a field and a status other than approved."""
    other = CadreFactory(full_name="Trần Thị Xã")
    AppointmentFactory(
        cadre=other, unit=world.commune, position=PositionFactory(name="Bí thư"), start_date=D(2023, 1, 1)
    )
    stage.make_task(status=TaskStatus.APPROVED)
    stage.make_task(status=TaskStatus.APPROVED)
    stage.make_task(status=TaskStatus.SUBMITTED)
    unfielded = stage.make_task(cadre=other, status=TaskStatus.APPROVED)
    Task.objects.filter(pk=unfielded.pk).update(field=None)
    rebuild(AS_OF)
    organizer = stage.organizer
    year = StatsFilter(year=2024)
    drills = [
        Drill(root=world.province, filter=year, measure="cadres"),
        Drill(root=world.province, filter=StatsFilter(), measure="cadres"),
        Drill(root=world.province, filter=year, measure="cadres", row=world.home_affairs),
        Drill(root=world.province, filter=StatsFilter(year=2024, field=stage.field), measure="cadres"),
        Drill(root=world.province, filter=year, measure="cadres", nofield=True),
        Drill(root=world.province, filter=StatsFilter(status=TaskStatus.SUBMITTED), measure="cadres"),
    ]
    listed_by_drill = []
    for drill in drills:
        tasks, umap = drill_tasks(organizer, drill, today=AS_OF)
        with CaptureQueriesContext(connection) as queries:
            listed = drill_cadres(organizer, drill, tasks, umap, today=AS_OF)
        assert Task._meta.db_table not in " ".join(q["sql"] for q in queries.captured_queries)
        counted = Counter(tasks.values_list("assignee_cadre", flat=True))
        assert {(row["assignee_cadre"], row["n"]) for row in listed} == set(counted.items()), drill
        listed_by_drill.append([(row["assignee_cadre__full_name"], row["n"]) for row in listed])
    mine = stage.cadre.cadre.full_name
    both = sorted(
        [(mine, 2), ("Trần Thị Xã", 1)], key=lambda line: bytes(Cadre.objects.get(full_name=line[0]).sort_key)
    )
    # no year chosen: each period's last year, here the same tasks
    assert listed_by_drill == [both, both, [(mine, 2)], [(mine, 2)], [("Trần Thị Xã", 1)], []]
