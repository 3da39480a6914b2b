"""Issue 11, #3: the change log as the organizer of one commune showed other units' task titles and cadre
names (the task itself answered 404). A history row is read only by those who may see its object."""

import datetime

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role, RoleGrant
from dotpha.audit.selectors import LogFilter, log_page
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.tasks.models import Milestone, TaskStatus
from dotpha.tests.test_access import ROLES, TaskStage

pytestmark = pytest.mark.django_db

FOREIGN_TASK = "Số hóa hồ sơ cán bộ Sở Nội vụ"
COMMUNE_TASK = "Chuyển đổi số xã Tân Lập"


@pytest.fixture
def log(world):
    """A task of Sở Nội vụ (authority: the standing committee) and one of the commune, both changed, and a
    ward's chair renamed: the history the commune's organizer must and must not read."""
    # as in the demo, `xa` is also organizer of its own commune (which gives it the change log)
    xa = world.users["commune_committee"]
    RoleGrant.objects.create(user=xa, role=Role.ORGANIZER, unit=world.commune)
    stage = TaskStage(world)
    foreign = stage.task(TaskStatus.APPROVED, title=FOREIGN_TASK)
    Milestone.objects.create(
        task=foreign, title="Mốc của Sở Nội vụ", due_date=datetime.date(stage.year, 6, 30)
    )
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    commune_task = stage.task(
        TaskStatus.APPROVED,
        title=COMMUNE_TASK,
        assignee_cadre=secretary,
        author=xa,
        authority_unit=world.commune,
    )
    Milestone.objects.create(task=commune_task, title="Mốc của xã", due_date=datetime.date(stage.year, 6, 30))
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    ward_chair.phone = "0912 345 678"
    ward_chair.save()
    return {"xa": xa, "foreign": foreign, "commune_task": commune_task}


def test_the_commune_organizer_reads_only_the_history_of_what_they_may_see(world, client, log):
    client.force_login(log["xa"])
    # the attack: the task is not theirs to open...
    assert client.get(reverse("tasks:detail", args=[log["foreign"].pk])).status_code == 404
    # ...and the log no longer names it, its milestone, the department's cadres or the ward's chair
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    for hidden in (FOREIGN_TASK, "Mốc của Sở Nội vụ", "Đặng Thị Hạnh", "Vũ Thị Lan", "Nguyễn Văn Hùng"):
        assert hidden not in page.text, hidden
    # what lies in the commune is still there: its task and the task's milestone, its secretary, the merged
    # commune's retired chair
    for shown in (COMMUNE_TASK, "Mốc của xã", "Lê Văn Sơn", "Phạm Văn Cũ", "Xã Tân Lập"):
        assert shown in page.text, shown
    # filtering by one kind of record discloses no more
    tasks_only = client.get(reverse("audit:log"), {"kind": "tasks.task"}).text
    assert COMMUNE_TASK in tasks_only and FOREIGN_TASK not in tasks_only
    # accounts and fields have no unit: a commune does not read their history
    accounts = client.get(reverse("audit:log"), {"kind": "accounts.user"}).text
    assert "Chưa có thay đổi nào." in accounts and "tochuc" not in accounts


@pytest.mark.parametrize("role", ["organizer", "inspector"])
def test_the_province_organizer_and_the_inspector_read_everything(world, client, log, role):
    client.force_login(world.users[role])
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    for shown in (FOREIGN_TASK, COMMUNE_TASK, "Mốc của Sở Nội vụ", "Vũ Thị Lan", "Lê Văn Sơn"):
        assert shown in page.text, (role, shown)
    assert "kiemtra" in client.get(reverse("audit:log"), {"kind": "accounts.user"}).text


def test_a_scoped_reader_still_gets_the_newest_rows_they_may_read(world, log):
    """The scope is applied in the query, before the limit: newer rows out of scope do not crowd out the
    rows in scope."""
    for n in range(5):
        log["foreign"].description = f"Sửa lần {n}"
        log["foreign"].save()
    entries = log_page(log["xa"], LogFilter(kind="tasks.task"), size=3).entries
    assert [e.object_repr for e in entries] == [COMMUNE_TASK]
    everything = log_page(world.users["organizer"], LogFilter(kind="tasks.task"), size=3).entries
    assert [e.object_repr for e in everything] == [FOREIGN_TASK] * 3


def test_a_unit_manager_organizer_of_a_department_reads_its_history_only(world, log):
    """An organizer of a department (not the province) reads its task and cadres, not the commune's."""
    manager = make_user("tochuc-so", Role.ORGANIZER, world.home_affairs)
    shown = {e.object_repr for e in log_page(manager, LogFilter(), size=200).entries}
    assert FOREIGN_TASK in shown and "Đặng Thị Hạnh" in shown
    assert COMMUNE_TASK not in shown and "Lê Văn Sơn" not in shown and "Vũ Thị Lan" not in shown


def test_who_reads_the_change_log(world, client):
    allowed = {"organizer", "inspector"}
    for role in ROLES:
        client.force_login(world.users[role])
        assert client.get(reverse("audit:log")).status_code == (200 if role in allowed else 403), role


def test_the_log_describes_only_the_rows_it_shows(world, log, django_assert_max_num_queries):
    """Its cost is bounded by the limit, not by the rows each history table holds: an appointment's name
    reads its cadre, position and unit, so describing every fetched row cost a query per relation."""
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    position = secretary.appointments.get(unit=world.commune).position
    for n in range(30):
        secretary.appointments.create(
            unit=world.commune,
            position=position,
            start_date=datetime.date(2000 + n % 20, 1, 1),
        )
    # one query for the keys, a few for the scope, then a fixed number per kind of record shown
    with django_assert_max_num_queries(12):
        entries = log_page(world.users["organizer"], LogFilter(), size=5).entries
    assert len(entries) == 5
