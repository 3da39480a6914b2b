"""Statistics through the API: the figures are those the dashboard selectors compute (on a small programme
year with known numbers), a unit manager reads only their subtree, callers without statistics are refused,
and the monitoring summary is that of the monitoring selector."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.api.tests.access import bearer, call
from dotpha.api.tests.access_monitoring import monitoring_stage
from dotpha.monitoring.models import CompletionLevel, VisitKind
from dotpha.monitoring.selectors import monitoring_summary
from dotpha.monitoring.services import commune_feedback_submit, visit_log
from dotpha.reports.selectors import RATES, StatsFilter, StatsRow, dashboard
from dotpha.reports.tests.factories import YearSpec, build_year
from dotpha.reports.tests.monitoring import build_monitoring
from dotpha.tasks.models import TaskStatus

pytestmark = pytest.mark.django_db

SPEC = YearSpec(
    excellent=4,
    good=3,
    completed=2,
    not_completed=1,
    not_evaluated=2,
    ahead=2,
    submitted=2,
    returned=1,
    rejected=1,
    drafts=2,
    cadres_per_unit=2,
)


@pytest.fixture
def year(world):
    return build_year(world, SPEC)


def get(client, user, name: str, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return call(client, "get", f"{reverse(f'api:{name}')}?{query}", bearer(user))


def figures(row: StatsRow) -> dict:
    return {**row.figures.as_dict(), **{code: getattr(row.figures, code) for code, _ in RATES}}


def rows(table: list[StatsRow]) -> list[tuple]:
    return [(r.key, r.label, r.unit_id, figures(r)) for r in table]


def as_rows(items: list[dict]) -> list[tuple]:
    return [(r["key"], r["label"], r["unit_id"], r["figures"]) for r in items]


def expected_dashboard(user, unit, f: StatsFilter, *, with_cadres: bool = False):
    return dashboard(user, unit, f, today=timezone.localdate(), with_cadres=with_cadres)


def test_the_provinces_figures_are_the_dashboards(client, world, year):
    organizer = world.users["organizer"]

    response = get(client, organizer, "statistics_tasks", unit_id=world.province.pk, period_id=year.period.pk)

    assert response.status_code == 200, response.content
    body = response.json()
    total = body["total"]
    # the known numbers
    assert (total["total"], total["approved"], total["submitted"], total["returned"], total["rejected"]) == (
        SPEC.counted,
        SPEC.approved,
        SPEC.submitted,
        SPEC.returned,
        SPEC.rejected,
    )
    assert (
        total["excellent"],
        total["good"],
        total["completed"],
        total["not_completed"],
        total["ahead"],
    ) == (
        4,
        3,
        2,
        1,
        2,
    )
    assert total["excellent_rate"] == pytest.approx(100 * 4 / SPEC.approved)
    # evaluated tasks, never reported and past their deadline, follow their evaluation: only the
    # tasks not evaluated are overdue
    assert (total["overdue"], total["at_risk"]) == (SPEC.not_evaluated, 0)
    # and every table is the selector's
    board = expected_dashboard(organizer, world.province, StatsFilter(period=year.period))
    assert total == figures(board.total)
    tables = {code: table for code, _title, table in board.tables()}  # the trend: the filter's years only
    for name in ("units", "fields", "kinds", "levels", "trend"):
        assert as_rows(body[name]) == rows(tables[name]), name
    assert body["cadres"] == []
    assert (body["unit_id"], body["period_id"], body["year"]) == (world.province.pk, year.period.pk, None)


def test_filters_select_the_same_tasks_as_the_dashboard(client, world, year):
    organizer = world.users["organizer"]
    field = year.tasks[0].field
    checks = [
        ({"field_id": field.pk}, StatsFilter(field=field)),
        ({"year": 2024}, StatsFilter(year=2024)),
        ({"year": 2023}, StatsFilter(year=2023)),
        (
            {"programme_id": year.programme.pk, "status": "approved"},
            StatsFilter(programme=year.programme, status="approved"),
        ),
        ({"kind": "difficult"}, StatsFilter(kind="difficult")),
    ]
    for params, f in checks:
        body = get(client, organizer, "statistics_tasks", unit_id=world.province.pk, **params).json()
        board = expected_dashboard(organizer, world.province, f)
        assert body["total"] == figures(board.total), params
        assert as_rows(body["units"]) == rows(board.units), params
    assert get(client, organizer, "statistics_tasks", year=2023).json()["total"]["total"] == 0
    by_field = get(client, organizer, "statistics_tasks", field_id=field.pk).json()["total"]["total"]
    assert 0 < by_field < SPEC.counted
    assert get(client, organizer, "statistics_tasks", programme_id=999999).status_code == 404


def test_a_unit_manager_reads_only_their_subtree(client, world, year):
    manager = world.users["unit_manager"]
    mine = {c.pk for c in year.cadres[world.home_affairs.code]}

    body = get(client, manager, "statistics_tasks", period_id=year.period.pk, with_cadres="true").json()

    assert body["unit_id"] == world.home_affairs.pk
    approved = [t for t in year.tasks if t.assignee_cadre_id in mine and t.status == TaskStatus.APPROVED]
    assert body["total"]["approved"] == len(approved) > 0
    board = expected_dashboard(manager, world.home_affairs, StatsFilter(period=year.period), with_cadres=True)
    assert body["total"] == figures(board.total)
    assert as_rows(body["cadres"]) == rows(board.cadres)
    assert {r["label"] for r in body["cadres"]} == {c.full_name for c in year.cadres[world.home_affairs.code]}
    text = response_text = str(body)
    for other in ("Sở Tài chính", "Xã Tân Lập", "Ban Tổ chức Tỉnh ủy"):
        assert other not in text, response_text
    for unit in (world.finance, world.province):
        response = get(client, manager, "statistics_tasks", unit_id=unit.pk)
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_without_a_reporting_role_statistics_are_refused(client, world, year):
    for role in ("cadre", "nobody"):
        for name in ("statistics_tasks", "statistics_monitoring"):
            response = get(client, world.users[role], name)
            assert response.status_code == 403, (role, name)
            assert response.json() == {
                "code": "forbidden",
                "message": "Bạn không có quyền xem thống kê.",
                "details": [],
            }


def test_the_monitoring_summary_is_the_selectors(client, world):
    stage = monitoring_stage(world)
    visit_log(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        visit_date=stage.day(2, 1),
        kind=VisitKind.WORKING_VISIT,
        content="Làm việc.",
    )
    commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=world.commune,
        cadre=stage.hanh,
        completion_level=CompletionLevel.EXCELLENT,
        comments="Sâu sát.",
        proposes_commendation=True,
    )

    body = get(client, stage.organizer, "statistics_monitoring").json()

    summary = monitoring_summary(stage.year, today=timezone.localdate())
    assert (body["year_id"], body["year"], body["communes_total"]) == (stage.year.pk, stage.year.year, 2)
    assert body["reference_day"] == summary.reference_day.isoformat()
    total = body["total"]
    assert (
        total["agency_id"],
        total["communes_covered"],
        total["forms_expected"],
        total["forms_received"],
    ) == (
        None,
        2,
        2,
        1,
    )
    assert (total["visits"], total["cadres_commended"], total["commendation_share"]) == (1, 1, 100.0)
    assert total["cadres_assigned"] == summary.total.cadres_assigned == 2
    by_agency = {r["agency_name"]: r for r in body["rows"]}
    assert list(by_agency) == ["Sở Nội vụ", "Sở Tài chính"]
    for row in summary.rows:
        assert row.agency is not None
        got = by_agency[row.agency.name]
        assert got["agency_id"] == row.agency.pk
        for name in (
            "forms_expected",
            "forms_received",
            "visits",
            "plans_late",
            "plans_missing",
            "reports_missing",
        ):
            assert got[name] == getattr(row, name), (row.agency.name, name)
    assert by_agency["Sở Tài chính"]["commendation_share"] is None
    assert get(client, stage.organizer, "statistics_monitoring", year_id=stage.year.pk).json() == body
    # the page is for those who oversee the regulation: a unit manager reads reports, not this summary
    response = get(client, world.users["unit_manager"], "statistics_monitoring")
    assert response.status_code == 403
    assert get(client, stage.organizer, "statistics_monitoring", year_id=999999).status_code == 404


def test_the_monitoring_summary_of_one_unit_counts_its_own_cadres(client, world):
    known = build_monitoring(world)  # Hạnh of Sở Nội vụ follows two communes, Minh of Sở Tài chính one
    unit = world.home_affairs
    body = get(
        client, world.users["inspector"], "statistics_monitoring", year_id=known.year.pk, unit_id=unit.pk
    )
    total = body.json()["total"]
    assert (total["cadres_assigned"], total["assignments"], total["visits"]) == (1, 2, 3)
    assert (total["cadres_commended"], total["forms_commending"]) == (1, 2)
    assert [r["agency_name"] for r in body.json()["rows"]] == ["Sở Nội vụ"]
    whole = get(client, world.users["inspector"], "statistics_monitoring", year_id=known.year.pk).json()
    assert (whole["total"]["cadres_assigned"], whole["total"]["assignments"]) == (2, 3)
    # a unit's manager reads their unit's report, not this summary, whatever the unit asked
    response = get(client, world.users["unit_manager"], "statistics_monitoring", unit_id=unit.pk)
    assert response.status_code == 403
    missing = get(
        client, world.users["inspector"], "statistics_monitoring", year_id=known.year.pk, unit_id=999999
    )
    assert missing.status_code == 404
