"""The demo is built for the day it is loaded, and its monitoring story must hold whatever that day is.

Which cadres register tasks, and so get an account, changes with the day. On 07/12/2026 every leader who
follows a single commune had one, and `load_demo` stopped with a StopIteration: the demo looked for a leader
without an account to retire. It now prefers one, then takes a leader whose account nobody signs in with."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.monitoring.models import MonitoringAssignment, Visit
from dotpha.monitoring.selectors import CoverageStatus, coverage_on
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import EndReason
from dotpha.tests.seeded_rows import put_back_seeded_rows

pytestmark = [
    pytest.mark.django_db,
    # the demo's story does not depend on the engine, and a build takes a minute: one pass is enough
    pytest.mark.skipif(connection.vendor != "sqlite", reason="runs in the SQLite pass"),
]

DAY = datetime.date(2026, 12, 7)


def test_on_a_day_every_single_commune_leader_registers_tasks_the_demo_still_retires_one(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DAY)
    put_back_seeded_rows()

    call_command("load_demo", stdout=StringIO())

    retired = MonitoringAssignment.objects.select_related("appointment", "cadre").get(
        appointment__end_reason=EndReason.RETIRED
    )
    # the day the demo could not build: the leader retired has an account (tasks of their own), unusable
    account = User.objects.get(cadre=retired.cadre)
    assert not account.has_usable_password()
    assert retired.appointment.end_date == DAY - datetime.timedelta(days=12)
    # the commune waits for a new monitor, and the organizers were told
    coverage = coverage_on(retired.programme, DAY)
    left = [row.commune for row in coverage.rows if row.status == CoverageStatus.CADRE_LEFT]
    assert left == [retired.commune]
    assert Notification.objects.filter(
        kind=NotificationKind.COVERAGE_GAP, recipient__username="tochuc"
    ).exists()
    # no visit logged after the retirement, by the history or by the last weeks' service calls
    assert Visit.objects.filter(assignment=retired).exists()
    assert not Visit.objects.filter(assignment=retired, visit_date__gte=retired.appointment.end_date).exists()
    # the leader who moved in March still hands over on 1 April
    handed = MonitoringAssignment.objects.get(replaces__isnull=False)
    assert handed.start_date == datetime.date(2026, 4, 1)
    assert handed.replaces is not None and handed.replaces.end_date == datetime.date(2026, 3, 31)
