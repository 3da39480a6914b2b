"""Statistics in the API access table, with the expectations of the statistics pages
(dotpha/reports/tests/test_access.py): readers of reports see the figures of their own scope, others are
refused (403); a unit outside a reader's statistics is not found (404). The monitoring summary is read, as
its page, only by those who oversee the regulation."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dotpha.api.tests.access import ApiCase
from dotpha.monitoring.services import monitoring_programme_create, monitoring_year_create
from dotpha.tasks.models import TaskStatus
from dotpha.tests.test_access import ROLES, TaskStage

READERS = {"organizer", "approver", "unit_manager", "commune_committee", "inspector"}
BOARD = {"organizer", "approver", "inspector"}


def expect(allowed: set[str], *, denied: int = 404) -> dict[str, int]:
    """`allowed` get 200; other readers `denied`; roles without statistics (cadre, nobody) 403."""
    return {role: 200 if role in allowed else denied if role in READERS else 403 for role in ROLES}


def cases(world) -> list[ApiCase]:
    stage = TaskStage(world)
    for status in (TaskStatus.SUBMITTED, TaskStatus.APPROVED):
        stage.task(status)
    organizer = world.users["organizer"]
    programme = monitoring_programme_create(
        actor=organizer,
        number="27-QĐ/TU",
        title="Quy định theo dõi xã (thống kê)",
        issued_on=datetime.date(2022, 12, 14),
        issuing_unit=world.standing,
        scope_unit=world.province,
    )
    year = timezone.localdate().year
    monitoring_year = monitoring_year_create(
        actor=organizer,
        programme=programme,
        year=year,
        plan_deadline=datetime.date(year, 1, 31),
        form_deadline=datetime.date(year, 12, 31),
    )
    tasks = reverse("api:statistics_tasks")
    return [
        ApiCase("statistics_tasks", "get", tasks, expect(READERS)),
        ApiCase(
            "statistics_tasks",
            "get",
            f"{tasks}?unit_id={world.province.pk}&year={year}",
            expect(BOARD),
            label="province",
        ),
        ApiCase(
            "statistics_tasks",
            "get",
            f"{tasks}?unit_id={world.home_affairs.pk}&with_cadres=true",
            expect(BOARD | {"unit_manager"}),
            label="department",
        ),
        ApiCase(
            "statistics_tasks",
            "get",
            f"{tasks}?unit_id={world.old_commune.pk}",
            expect(BOARD | {"commune_committee"}),
            label="merged commune",
        ),
        ApiCase(
            "statistics_monitoring",
            "get",
            reverse("api:statistics_monitoring") + f"?year_id={monitoring_year.pk}",
            expect(BOARD, denied=403),
        ),
    ]
