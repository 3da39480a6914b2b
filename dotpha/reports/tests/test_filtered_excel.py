"""A filtered statistics file holds only what its filter selects, in every sheet ("Theo năm" included)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.reports.selectors import MEASURE_LABELS
from dotpha.tasks.models import Task, TaskOrigin, TaskStatus

pytestmark = pytest.mark.django_db

LATER = 7  # tasks approved for 2025, outside a 2024 filter


def _add_2025(world, year) -> None:
    period = PeriodFactory.create(
        programme=year.programme,
        name="2025",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    cadre = year.tasks[0].assignee_cadre
    Task.objects.bulk_create(
        Task(
            programme=year.programme,
            period=period,
            title=f"Việc năm 2025 số {i}",
            assignee_cadre=cadre,
            authority_unit=cadre.managing_unit,
            author=world.users["organizer"],
            origin=TaskOrigin.ASSIGNED,
            status=TaskStatus.APPROVED,
            start_date=datetime.date(2025, 1, 1),
            deadline=datetime.date(2025, 12, 31),
            approved_on=datetime.date(2025, 3, 1),
        )
        for i in range(LATER)
    )


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def table(rows: list[tuple]) -> tuple[tuple, list[tuple], tuple]:
    """The header, the lines and the total line of a statistics sheet."""
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    end = next(i for i, row in enumerate(rows) if row[1] == "Tổng cộng")
    return rows[start], rows[start + 1 : end], rows[end]


def export(client, **params) -> dict[str, list[tuple]]:
    response = client.get(reverse("reports:export", args=["statistics"]), params)
    assert response.status_code == 200
    return sheets(response.content)


def test_every_sheet_of_a_file_filtered_on_a_year_holds_that_year_only(world, year, client):
    _add_2025(world, year)
    client.force_login(world.users["organizer"])
    found = export(client, year="2024")
    assert "Theo năm" in found
    for name, rows in found.items():
        assert "Lọc: năm 2024" in [c for row in rows[:8] for c in row], name
        header, lines, total = table(rows)
        approved = header.index(MEASURE_LABELS["approved"])
        assert total[approved] == year.spec.approved, name
        assert sum(line[approved] or 0 for line in lines) == year.spec.approved, name
    _header, lines, _total = table(found["Theo năm"])
    assert [line[1] for line in lines] == ["2024"]
    # without a year, the years are all there
    _header, lines, total = table(export(client, year="all")["Theo năm"])
    assert [line[1] for line in lines] == ["2024", "2025"]


def test_a_file_filtered_on_a_period_has_that_period_as_its_one_year_line(world, year, client):
    _add_2025(world, year)
    client.force_login(world.users["organizer"])
    found = export(client, period=year.period.pk)
    header, lines, total = table(found["Theo năm"])
    approved = header.index(MEASURE_LABELS["approved"])
    assert [(line[1], line[approved]) for line in lines] == [("2024", year.spec.approved)]
    assert total[approved] == year.spec.approved


def test_the_statistics_file_is_refused_to_users_without_a_reporting_role(world, year, client):
    client.force_login(world.users["nobody"])
    response = client.get(reverse("reports:export", args=["statistics"]), {"year": "2024"})
    assert response.status_code == 403
