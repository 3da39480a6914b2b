"""Opening the same monitoring year twice, one after the other and four times at once (the attack run sent
four "Mở năm theo dõi" submissions together under gunicorn and got three 500s): exactly one year is made,
every other call is refused with the service's own Vietnamese message, and nothing else is written."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.monitoring.models import MonitoringProgramme, MonitoringYear, ReportPeriod
from dotpha.monitoring.services import monitoring_year_create
from dotpha.tests.concurrency import concurrent, run_together


def fingerprint(programme: MonitoringProgramme) -> tuple[int, int, int]:
    return (
        MonitoringYear.objects.filter(programme=programme).count(),
        ReportPeriod.objects.filter(year__programme=programme).count(),
        MonitoringYear.history.filter(programme_id=programme.pk).count(),  # type: ignore[attr-defined]
    )


def open_year(user_id: int, programme_id: int, year: int) -> MonitoringYear:
    # Each thread reads its own rows, as each gunicorn worker does.
    return monitoring_year_create(
        actor=User.objects.get(pk=user_id),
        programme=MonitoringProgramme.objects.select_related("scope_unit").get(pk=programme_id),
        year=year,
        plan_deadline=datetime.date(year, 2, 15),
        form_deadline=datetime.date(year, 12, 20),
    )


@pytest.mark.django_db
def test_a_year_opened_a_second_time_is_refused_and_nothing_is_written(stage):
    next_year = stage.year.year + 1
    open_year(stage.organizer.pk, stage.programme.pk, next_year)
    before = fingerprint(stage.programme)
    with pytest.raises(ApplicationError) as refused:
        open_year(stage.organizer.pk, stage.programme.pk, next_year)
    assert refused.value.code == "duplicate_year"
    assert refused.value.message == f"Năm {next_year} của {stage.programme} đã có."
    assert fingerprint(stage.programme) == before


@concurrent
def test_four_organizers_opening_the_same_year_at_once_make_one_year(stage):
    next_year = stage.year.year + 1
    before = fingerprint(stage.programme)
    outcomes = run_together(4, lambda _: open_year(stage.organizer.pk, stage.programme.pk, next_year))
    made = [o.result for o in outcomes if o.error is None]
    refusals = [o.error for o in outcomes if o.error is not None]
    assert len(made) == 1
    assert [(type(e), e.code) for e in refusals] == [(ApplicationError, "duplicate_year")] * 3  # type: ignore[attr-defined]
    assert {e.message for e in refusals} == {f"Năm {next_year} của {stage.programme} đã có."}  # type: ignore[attr-defined]
    years, periods, history = before
    assert fingerprint(stage.programme) == (years + 1, periods + 2, history + 1)


@concurrent
def test_four_submissions_of_the_year_page_at_once_answer_one_success_and_three_refusals(live_stage):
    stage = live_stage
    next_year = stage.year.year + 1
    data = {
        "programme": stage.programme.pk,
        "year": next_year,
        "plan_deadline": f"15/02/{next_year}",
        "form_deadline": f"20/12/{next_year}",
    }
    clients = [Client() for _ in range(4)]
    for client in clients:
        client.force_login(stage.organizer)
    outcomes = run_together(4, lambda i: clients[i].post(reverse("monitoring:year_create"), data))
    assert [o.error for o in outcomes] == [None] * 4
    statuses = sorted(o.result.status_code for o in outcomes)  # type: ignore[attr-defined]
    assert statuses == [200, 200, 200, 302]
    for outcome in outcomes:
        response = outcome.result
        if response.status_code == 200:  # type: ignore[attr-defined]
            page = re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]
            assert f"Năm {next_year} của {stage.programme} đã có." in page
            assert f'value="15/02/{next_year}"' in page  # the form keeps what was typed
    assert MonitoringYear.objects.filter(programme=stage.programme, year=next_year).count() == 1
