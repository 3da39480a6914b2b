import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.demo.province import build_demo_province
from dotpha.demo.tasks import plan_demo_tasks
from dotpha.org.models import Appointment, Cadre, Unit, UnitMerger
from dotpha.tasks.models import AssistantGrant, Task, TaskStatus
from dotpha.tasks.services import on_behalf_confirm, on_behalf_report
from dotpha.tests.seeded_rows import put_back_seeded_rows

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^\w+ \w+( \w+)? \w+$")


def test_demo_province_is_in_two_level_shape_with_history(demo):
    today_units = Unit.objects.filter(valid_to__isnull=True)
    communes = today_units.filter(kind__code__in=["commune", "ward"])
    departments = today_units.filter(kind__code="department")
    assert communes.count() >= 100
    assert 18 <= departments.count() <= 25
    for code in [
        "party_committee",
        "standing_committee",
        "organisation_board",
        "peoples_council",
        "peoples_committee",
        "central_agency",
    ]:
        assert today_units.filter(kind__code=code).exists(), code
    districts = Unit.objects.filter(kind__code="district_committee")
    assert districts.exists() and not districts.filter(valid_to__isnull=True).exists()
    # every new commune was formed by merging older ones on 1 July 2025
    assert set(UnitMerger.objects.values_list("successor", flat=True)) == set(
        communes.values_list("pk", flat=True)
    )


def test_demo_cadres_have_vietnamese_names_positions_and_managing_units(demo):
    cadres = Cadre.objects.all()
    assert 950 <= cadres.count() <= 1200
    assert all(NAME.match(c.full_name) for c in cadres)
    families = Counter(c.full_name.split()[0] for c in cadres)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert not cadres.filter(managing_unit__isnull=True).exists()
    assert not cadres.exclude(pk__in=Appointment.objects.values("cadre")).exists()
    assert Appointment.objects.filter(end_reason="retired").exists()
    assert Appointment.objects.filter(end_reason="merged").exists()


def test_demo_has_one_user_per_role_and_prints_accounts(demo):
    for role in Role.values:
        assert RoleGrant.objects.filter(role=role).exists(), role
    for username in ["tochuc", "thuongtruc", "giamdoc", "canbo", "xa", "kiemtra", "quantri"]:
        assert username in demo
        assert User.objects.get(username=username).check_password("Dotpha@2025")


def test_demo_is_loaded_once(demo):
    cadres = Cadre.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "đã có" in out.getvalue()
    assert Cadre.objects.count() == cadres


def test_demo_is_the_same_on_every_machine(demo):
    """A second build from scratch (the province, then the plan of the tasks) gives the same people, units
    and tasks for the same people."""
    cadres = list(Cadre.objects.order_by("code").values_list("code", "full_name", "birth_year"))
    units = list(Unit.objects.order_by("code").values_list("code", "name"))
    tasks = sorted(
        (
            number,
            period,
            title,
            cadre or unit,
        )
        for number, period, title, cadre, unit in Task.objects.values_list(
            "programme__number", "period__name", "title", "assignee_cadre__code", "assignee_unit__code"
        )
    )
    wipe_database()
    build_demo_province()
    planned = plan_demo_tasks()
    assert list(Cadre.objects.order_by("code").values_list("code", "full_name", "birth_year")) == cadres
    assert list(Unit.objects.order_by("code").values_list("code", "name")) == units
    assert planned == tasks


def wipe_database() -> None:
    """Empties every table (inside the test's transaction) and puts back what the migrations seed."""
    if connection.vendor == "postgresql":
        # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    put_back_seeded_rows()


def test_demo_assistant_drafts_for_the_standing_deputy_who_confirms(demo):
    # given trolyts, granted this year to draft for thuongtruc
    assistant = User.objects.get(username="trolyts")
    leader = User.objects.get(username="thuongtruc")
    assert "trolyts" in demo and assistant.check_password("Dotpha@2025")
    grant = AssistantGrant.objects.get(assistant=assistant)
    today = timezone.localdate()
    assert grant.leader == leader and grant.in_force_on(today)
    # when she drafts a report on one of his approved tasks of an open period, and he confirms it
    task = (
        Task.objects.filter(
            assignee_cadre=leader.cadre, status=TaskStatus.APPROVED, period__closed_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    assert task is not None
    before = task.progress_reports.order_by("-reported_on", "-pk").first()
    percent = before.percent_done if before else 0
    entry = on_behalf_report(
        actor=assistant,
        grant=grant,
        task=task,
        percent_done=percent,
        narrative="Cập nhật theo giao ban tuần.",
    )
    on_behalf_confirm(actor=leader, entry=entry, confirmed=True)
    # then the report is his
    after = task.progress_reports.order_by("-reported_on", "-pk").first()
    assert after is not None and after.author == leader
