"""Commune monitoring through the API: what a caller sees in the database and in the JSON after each step,
the refusals of the services (their code and message, nothing saved), the filters and each role's scope.

The stage (this year, from 1 January): Hạnh (user "canbo", Sở Nội vụ) follows Xã Tân Lập (committee "xa"),
Minh (Sở Tài chính) follows Phường Hòa Bình (committee "xa2"); Hùng (user "giamdoc", director of Sở Nội vụ)
follows nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.api.tests.access import bearer, call
from dotpha.api.tests.access_monitoring import monitoring_stage
from dotpha.monitoring.models import (
    CommuneFeedback,
    CompletionLevel,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringReport,
    Visit,
    VisitKind,
)
from dotpha.monitoring.selectors import coverage_on, plan_deadline
from dotpha.monitoring.services import commune_feedback_submit, visit_log
from dotpha.org.models import EndReason
from dotpha.org.tests.factories import make_unit, make_user
from dotpha.structure import services as org_services
from dotpha.workdays.calendar import working_days_late

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(world):
    return monitoring_stage(world)


def send(client, user, method: str, name: str, *args, body: dict | None = None, query: str = ""):
    return call(client, method, reverse(f"api:{name}", args=args) + query, bearer(user), body)


def new_commune(world, code: str = "P-X3", name: str = "Xã Mới"):
    return make_unit(world.province, name, code, "commune", valid_from=datetime.date(2025, 7, 1))


def assign_body(stage, commune, cadre, **extra) -> dict:
    start = stage.day(2, 1)
    return {
        "programme_id": stage.programme.pk,
        "commune_id": commune.pk,
        "cadre_id": cadre.pk,
        "decision_number": "20-QĐ/TU",
        "decision_date": start.isoformat(),
        "start_date": start.isoformat(),
        **extra,
    }


def test_assign_log_a_visit_the_commune_confirms_and_sends_its_form(client, stage):
    world = stage.world
    commune = new_commune(world)
    committee = make_user("xa3", Role.COMMUNE_COMMITTEE, commune)
    hung = world.users["unit_manager"]  # Nguyễn Văn Hùng's account

    # Ban Tổ chức assigns Hùng
    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_create",
        body=assign_body(stage, commune, stage.hung),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assignment = MonitoringAssignment.objects.get(pk=body["id"])
    assert (assignment.commune, assignment.cadre, assignment.created_by) == (
        commune,
        stage.hung,
        stage.organizer,
    )
    assert assignment.appointment.unit == world.home_affairs
    assert body["commune_name"] == "Xã Mới" and body["cadre_name"] == "Nguyễn Văn Hùng"
    assert body["agency_id"] == world.home_affairs.pk and body["agency_name"] == "Sở Nội vụ"
    assert body["start_date"] == stage.day(2, 1).isoformat() and body["end_date"] is None

    # he logs a visit
    visit_day = stage.day(2, 10)
    response = send(
        client,
        hung,
        "post",
        "monitoring_visit_log",
        assignment.pk,
        body={
            "visit_date": visit_day.isoformat(),
            "kind": "working_visit",
            "content": "Làm việc với Đảng ủy xã.",
            "idempotency_key": "6f1c2a9e-3b7d-4c1e-9a55-0d2f8e4b7c10",
        },
    )
    assert response.status_code == 201, response.content
    visit = Visit.objects.get(pk=response.json()["id"])
    # the answer was lost and the app sends the visit again under its key: the same visit, no second one
    again = send(
        client,
        hung,
        "post",
        "monitoring_visit_log",
        assignment.pk,
        body={
            "visit_date": visit_day.isoformat(),
            "kind": "working_visit",
            "content": "Làm việc với Đảng ủy xã.",
            "idempotency_key": "6f1c2a9e-3b7d-4c1e-9a55-0d2f8e4b7c10",
        },
    )
    assert again.json()["id"] == visit.pk and Visit.objects.filter(assignment=assignment).count() == 1
    assert (visit.assignment, visit.visit_date, visit.logged_by, visit.confirmed_at) == (
        assignment,
        visit_day,
        hung,
        None,
    )
    assert response.json()["commune_id"] == commune.pk and response.json()["confirmed_at"] is None

    # the commune sees it waiting, and confirms it
    waiting = send(client, committee, "get", "monitoring_visit_list", query="?confirmed=false").json()
    assert [v["id"] for v in waiting["items"]] == [visit.pk]
    response = send(client, committee, "post", "monitoring_visit_confirm", visit.pk)
    assert response.status_code == 200, response.content
    visit.refresh_from_db()
    assert visit.confirmed_by == committee and response.json()["confirmed_at"] is not None
    again = send(client, committee, "post", "monitoring_visit_confirm", visit.pk)
    assert (again.status_code, again.json()["code"]) == (400, "already_confirmed")

    # the year's plan and the half-year report, both late today
    response = send(
        client,
        hung,
        "post",
        "monitoring_plan_submit",
        assignment.pk,
        body={"year_id": stage.year.pk, "content": "Dự hội nghị."},
    )
    assert response.status_code == 201, response.content
    plan = MonitoringPlan.objects.get(assignment=assignment, year=stage.year)
    deadline = plan_deadline(assignment, stage.year)
    assert response.json()["deadline"] == deadline.isoformat()
    # late in working days (dotpha.workdays): weekends and holidays after the deadline do not count
    assert response.json()["days_late"] == plan.days_late == working_days_late(deadline, timezone.localdate())
    response = send(
        client,
        hung,
        "post",
        "monitoring_report_submit",
        assignment.pk,
        body={"report_period_id": stage.half_year.pk, "content": "Ổn định."},
    )
    assert response.status_code == 201, response.content
    assert MonitoringReport.objects.get(pk=response.json()["id"]).report_period == stage.half_year

    # the year-end form
    form = {
        "assignment_id": assignment.pk,
        "year_id": stage.year.pk,
        "completion_level": "excellent",
        "comments": "Sâu sát cơ sở.",
        "proposes_commendation": True,
    }
    response = send(client, committee, "post", "monitoring_feedback_submit", body=form)
    assert response.status_code == 201, response.content
    feedback = CommuneFeedback.objects.get(pk=response.json()["id"])
    assert (feedback.commune, feedback.cadre, feedback.assignment, feedback.submitted_by) == (
        commune,
        stage.hung,
        assignment,
        committee,
    )
    assert feedback.completion_level == CompletionLevel.EXCELLENT and feedback.proposes_commendation
    assert response.json()["year"] == stage.year.year and response.json()["cadre_name"] == "Nguyễn Văn Hùng"
    assert (
        send(client, committee, "get", "monitoring_feedback_get", feedback.pk).json()["comments"]
        == "Sâu sát cơ sở."
    )

    # sent once: a second form is refused and nothing changes
    response = send(
        client, committee, "post", "monitoring_feedback_submit", body={**form, "comments": "Khác."}
    )
    assert (response.status_code, response.json()["code"]) == (400, "already_submitted")
    assert CommuneFeedback.objects.filter(commune=commune).count() == 1
    feedback.refresh_from_db()
    assert feedback.comments == "Sâu sát cơ sở."

    # only Ban Tổ chức corrects it, with a reason; the form as sent stays readable beside the correction
    correction = {"reason": "Theo phiếu giấy số 12/ĐU.", "completion_level": "good"}
    refused = send(client, committee, "post", "monitoring_feedback_correct", feedback.pk, body=correction)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    contradictory = send(
        client,
        stage.organizer,
        "post",
        "monitoring_feedback_correct",
        feedback.pk,
        body={**correction, "requests_replacement": True, "replacement_reason": "Ít về cơ sở."},
    )
    assert (contradictory.status_code, contradictory.json()["code"]) == (400, "contradictory_form")
    feedback.refresh_from_db()
    assert (feedback.completion_level, feedback.corrected_at) == (CompletionLevel.EXCELLENT, None)
    response = send(
        client, stage.organizer, "post", "monitoring_feedback_correct", feedback.pk, body=correction
    )
    assert response.status_code == 200, response.content
    assert response.json()["completion_level"] == "good" and response.json()["corrected_at"]
    [done] = response.json()["corrections"]
    assert done["reason"] == "Theo phiếu giấy số 12/ĐU."
    assert done["changes"] == [
        {
            "field": "mức độ hoàn thành",
            "before": "Hoàn thành xuất sắc nhiệm vụ",
            "after": "Hoàn thành tốt nhiệm vụ",
        }
    ]
    read = send(client, committee, "get", "monitoring_feedback_get", feedback.pk).json()
    assert read["corrections"] == response.json()["corrections"]


def test_a_second_commune_needs_a_reason_and_a_third_is_refused(client, stage):
    world = stage.world
    commune = new_commune(world)
    before = MonitoringAssignment.objects.count()

    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_create",
        body=assign_body(stage, commune, stage.hanh),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "cadre_busy"
    assert response.json()["message"].startswith("Đồng chí Đặng Thị Hạnh đang theo dõi Xã Tân Lập.")
    assert MonitoringAssignment.objects.count() == before

    reason = "Ban Thường vụ quyết định tại Thông báo số 12-TB/TU."
    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_create",
        body=assign_body(stage, commune, stage.hanh, second_commune_reason=reason),
    )
    assert response.status_code == 201, response.content
    assert MonitoringAssignment.objects.get(pk=response.json()["id"]).second_commune_reason == reason
    assert response.json()["second_commune_reason"] == reason

    third = new_commune(world, "P-X4", "Xã Thứ Ba")
    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_create",
        body=assign_body(stage, third, stage.hanh, second_commune_reason=reason),
    )
    assert (response.status_code, response.json()["code"]) == (400, "cadre_overloaded")
    assert not MonitoringAssignment.objects.filter(commune=third).exists()

    # the coverage board flags her
    board = send(client, stage.organizer, "get", "monitoring_coverage", query=f"?on={stage.day(3, 1)}").json()
    assert board["shared_cadres"] == [
        {
            "cadre_id": stage.hanh.pk,
            "cadre_name": "Đặng Thị Hạnh",
            "communes": [{"id": c.pk, "name": c.name} for c in (commune, world.commune)],
        }
    ]
    statuses = {row["commune_name"]: row["status"] for row in board["rows"]}
    assert statuses == {
        "Xã Mới": "shared",
        "Xã Tân Lập": "shared",
        "Phường Hòa Bình": "covered",
        "Xã Thứ Ba": "uncovered",
    }
    assert board["rows"][0]["commune_name"] == "Xã Thứ Ba"  # gaps first


def test_a_commune_has_one_monitor(client, stage):
    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_create",
        body=assign_body(stage, stage.world.commune, stage.hung),
    )
    assert (response.status_code, response.json()["code"]) == (400, "commune_taken")
    assert "Xã Tân Lập đang có đồng chí Đặng Thị Hạnh theo dõi" in response.json()["message"]
    assert not MonitoringAssignment.objects.filter(cadre=stage.hung).exists()


def test_only_the_organizer_assigns(client, stage):
    commune = new_commune(stage.world)
    for role in ("approver", "unit_manager", "cadre", "commune_committee", "inspector"):
        response = send(
            client,
            stage.world.users[role],
            "post",
            "monitoring_assignment_create",
            body=assign_body(stage, commune, stage.hung),
        )
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), role
    assert not MonitoringAssignment.objects.filter(commune=commune).exists()


def test_another_cadres_assignment_is_not_found_or_refused(client, stage):
    visit = {"visit_date": stage.day(2, 1).isoformat(), "kind": "other", "content": "Đi cơ sở."}
    # Hạnh does not see Minh's assignment at all
    response = send(client, stage.cadre_user, "post", "monitoring_visit_log", stage.hoa_binh.pk, body=visit)
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert (
        send(client, stage.cadre_user, "get", "monitoring_assignment_get", stage.hoa_binh.pk).status_code
        == 404
    )
    # her director sees hers, but only she logs her visits and sends her plan
    director = stage.world.users["unit_manager"]
    response = send(client, director, "post", "monitoring_visit_log", stage.tan_lap.pk, body=visit)
    assert response.status_code == 403
    assert (
        response.json()["message"] == "Chỉ cán bộ được phân công theo dõi Xã Tân Lập mới ghi lượt đi cơ sở."
    )
    plan = {"year_id": stage.year.pk, "content": "Kế hoạch."}
    assert (
        send(client, director, "post", "monitoring_plan_submit", stage.tan_lap.pk, body=plan).status_code
        == 403
    )
    assert not Visit.objects.exists() and not MonitoringPlan.objects.exists()


def test_refusals_change_nothing(client, stage):
    future = timezone.localdate() + datetime.timedelta(days=1)
    body = {"visit_date": future.isoformat(), "kind": "other", "content": "Đi cơ sở."}
    response = send(client, stage.cadre_user, "post", "monitoring_visit_log", stage.tan_lap.pk, body=body)
    assert (response.status_code, response.json()["code"]) == (400, "future_date")
    assert not Visit.objects.exists()

    early = {"end_date": stage.day(1, 1).replace(year=stage.year.year - 1).isoformat(), "end_reason": "other"}
    response = send(
        client, stage.organizer, "post", "monitoring_assignment_end", stage.tan_lap.pk, body=early
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_dates")
    stage.tan_lap.refresh_from_db()
    assert stage.tan_lap.end_date is None

    form = {
        "assignment_id": stage.tan_lap.pk,
        "year_id": stage.year.pk,
        "completion_level": "good",
        "comments": "Tốt.",
    }
    response = send(
        client,
        stage.committee,
        "post",
        "monitoring_feedback_submit",
        body={**form, "requests_replacement": True},
    )
    assert (response.status_code, response.json()["code"]) == (400, "reason_required")
    assert not CommuneFeedback.objects.exists()
    # another commune's committee does not see Xã Tân Lập's assignment
    response = send(client, stage.other_committee, "post", "monitoring_feedback_submit", body=form)
    assert response.status_code == 404
    assert not CommuneFeedback.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("decision_number", "15\x00-QĐ/TU"),
        ("decision_number", "9" * 51),
        ("start_date", "0001-01-01"),
        ("cadre_id", 0),
    ],
)
def test_bad_input_is_refused_before_the_database(client, stage, field, value):
    body = assign_body(stage, new_commune(stage.world), stage.hung, **{field: value})
    response = send(client, stage.organizer, "post", "monitoring_assignment_create", body=body)
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == field
    assert not MonitoringAssignment.objects.filter(cadre=stage.hung).exists()


def test_end_and_reassign(client, stage):
    world = stage.world
    response = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_end",
        stage.hoa_binh.pk,
        body={"end_date": stage.day(3, 31).isoformat(), "end_reason": "other", "note": "Chờ phân công mới."},
    )
    assert response.status_code == 200, response.content
    stage.hoa_binh.refresh_from_db()
    assert (stage.hoa_binh.end_date, stage.hoa_binh.end_reason) == (stage.day(3, 31), "other")
    assert response.json()["end_date"] == stage.day(3, 31).isoformat()
    again = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_end",
        stage.hoa_binh.pk,
        body={"end_date": stage.day(4, 1).isoformat(), "end_reason": "other"},
    )
    assert (again.status_code, again.json()["code"]) == (400, "already_ended")

    start = stage.day(6, 1)
    body = {
        "cadre_id": stage.hung.pk,
        "decision_number": "30-QĐ/TU",
        "decision_date": start.isoformat(),
        "start_date": start.isoformat(),
    }
    response = send(
        client, stage.organizer, "post", "monitoring_assignment_reassign", stage.tan_lap.pk, body=body
    )
    assert response.status_code == 201, response.content
    new = MonitoringAssignment.objects.get(pk=response.json()["id"])
    stage.tan_lap.refresh_from_db()
    assert (new.cadre, new.commune, new.replaces) == (stage.hung, world.commune, stage.tan_lap)
    assert (stage.tan_lap.end_date, stage.tan_lap.end_reason) == (stage.day(5, 31), "reassigned")
    assert response.json()["replaces_id"] == stage.tan_lap.pk

    listed = send(
        client, stage.organizer, "get", "monitoring_assignment_list", query=f"?commune_id={world.commune.pk}"
    ).json()
    assert [a["id"] for a in listed["items"]] == [new.pk, stage.tan_lap.pk]
    current = send(client, stage.organizer, "get", "monitoring_assignment_list", query="?active=true").json()
    assert [a["id"] for a in current["items"]] == [new.pk]
    board = send(
        client, stage.organizer, "get", "monitoring_coverage", query=f"?on={stage.day(4, 1)}&gaps_only=true"
    ).json()
    assert [(r["commune_name"], r["status"]) for r in board["rows"]] == [("Phường Hòa Bình", "uncovered")]


def test_reassign_accepts_the_listed_successors_and_refuses_a_busy_cadre(client, stage):
    start = stage.day(6, 1)
    listed = send(
        client,
        stage.organizer,
        "get",
        "monitoring_assignment_successors",
        stage.tan_lap.pk,
        query=f"?on={start.isoformat()}",
    )
    assert listed.status_code == 200, listed.content
    names = [row["cadre_name"] for row in listed.json()]
    assert names[0] == "Nguyễn Văn Hùng" and "Trần Quang Minh" not in names
    assert listed.json()[0]["agency_name"] == "Sở Nội vụ"
    body = {
        "decision_number": "30-QĐ/TU",
        "decision_date": start.isoformat(),
        "start_date": start.isoformat(),
    }
    busy = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_reassign",
        stage.tan_lap.pk,
        body={**body, "cadre_id": stage.minh.pk},
    )
    assert (busy.status_code, busy.json()["code"]) == (400, "cadre_busy")
    assert "Phân công lại chỉ chọn lãnh đạo chưa theo dõi xã nào" in busy.json()["message"]
    stage.tan_lap.refresh_from_db()
    assert stage.tan_lap.end_date is None
    ok = send(
        client,
        stage.organizer,
        "post",
        "monitoring_assignment_reassign",
        stage.tan_lap.pk,
        body={**body, "cadre_id": listed.json()[0]["cadre_id"]},
    )
    assert ok.status_code == 201, ok.content


def test_coverage_shows_a_cadre_who_left(client, stage):
    org_services.appointment_end(
        actor=stage.organizer,
        appointment=stage.post(stage.minh),
        end_date=stage.day(3, 1),
        end_reason=EndReason.RETIRED,
    )
    day = stage.day(3, 2)
    board = send(client, stage.organizer, "get", "monitoring_coverage", query=f"?on={day}").json()
    left = [r for r in board["rows"] if r["status"] == "cadre_left"]
    assert left == [
        {
            "commune_id": stage.world.other_commune.pk,
            "commune_name": "Phường Hòa Bình",
            "status": "cadre_left",
            "assignment_id": stage.hoa_binh.pk,
            "cadre_id": stage.minh.pk,
            "cadre_name": "Trần Quang Minh",
            "agency_id": stage.world.finance.pk,
            "agency_name": "Sở Tài chính",
            "cadre_load": 0,
            "cadre_left_on": stage.day(3, 1).isoformat(),
        }
    ]
    expected = coverage_on(stage.programme, day)
    assert board["counts"] == {
        status: expected.counts[status] for status in ("uncovered", "cadre_left", "shared", "covered")
    }
    assert board["communes_total"] == 2 and board["covered_count"] == 1
    filtered = send(
        client, stage.organizer, "get", "monitoring_coverage", query=f"?on={day}&status=covered"
    ).json()
    assert [r["commune_name"] for r in filtered["rows"]] == ["Xã Tân Lập"]
    refused = send(client, stage.world.users["unit_manager"], "get", "monitoring_coverage")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_assignment_filters_and_scope(client, stage):
    world = stage.world

    def ids(user, query=""):
        return [
            a["id"]
            for a in send(client, user, "get", "monitoring_assignment_list", query=query).json()["items"]
        ]

    a1, a2 = stage.tan_lap.pk, stage.hoa_binh.pk
    organizer = stage.organizer
    assert ids(organizer) == [a2, a1]  # by commune name
    assert ids(organizer, f"?commune_id={world.commune.pk}") == [a1]
    assert ids(organizer, f"?cadre_id={stage.minh.pk}") == [a2]
    assert ids(organizer, f"?agency_id={world.finance.pk}") == [a2]
    assert ids(organizer, f"?year_id={stage.year.pk}") == [a2, a1]
    assert ids(organizer, f"?on={stage.day(1, 1).replace(year=stage.year.year - 1)}") == []
    assert ids(organizer, "?active=false") == []
    page = send(client, organizer, "get", "monitoring_assignment_list", query="?page_size=1&page=2").json()
    assert (page["count"], page["page"], [a["id"] for a in page["items"]]) == (2, 2, [a1])
    # each role sees their own part
    assert ids(stage.cadre_user) == [a1]
    assert ids(world.users["unit_manager"]) == [a1]
    assert ids(stage.committee) == [a1]
    assert ids(stage.other_committee) == [a2]
    assert ids(world.users["nobody"]) == []


def test_visit_and_form_filters_and_scope(client, stage):
    world = stage.world
    minh = make_user("minh", cadre=stage.minh)

    def log(actor, assignment, day):
        return visit_log(
            actor=actor, assignment=assignment, visit_date=day, kind=VisitKind.OTHER, content="Làm việc."
        )

    first = log(stage.cadre_user, stage.tan_lap, stage.day(2, 1))
    second = log(stage.cadre_user, stage.tan_lap, stage.day(3, 1))
    other = log(minh, stage.hoa_binh, stage.day(2, 15))
    send(client, stage.committee, "post", "monitoring_visit_confirm", first.pk)

    def visits(user, query=""):
        return [
            v["id"] for v in send(client, user, "get", "monitoring_visit_list", query=query).json()["items"]
        ]

    assert visits(stage.organizer) == [second.pk, other.pk, first.pk]
    assert visits(stage.organizer, f"?assignment_id={stage.tan_lap.pk}&confirmed=true") == [first.pk]
    assert visits(stage.organizer, f"?commune_id={world.other_commune.pk}") == [other.pk]
    assert visits(stage.organizer, f"?agency_id={world.home_affairs.pk}&confirmed=false") == [second.pk]
    assert visits(stage.organizer, f"?year_id={stage.year.pk}") == [second.pk, other.pk, first.pk]
    assert visits(stage.committee) == [second.pk, first.pk]
    assert visits(stage.cadre_user) == [second.pk, first.pk]
    assert visits(minh) == [other.pk]
    # the committee may not confirm another commune's visit it cannot see
    assert send(client, stage.committee, "post", "monitoring_visit_confirm", other.pk).status_code == 404

    sent = {}
    for committee, commune, cadre in (
        (stage.committee, world.commune, stage.hanh),
        (stage.other_committee, world.other_commune, stage.minh),
    ):
        sent[commune.pk] = commune_feedback_submit(
            actor=committee,
            year=stage.year,
            commune=commune,
            cadre=cadre,
            completion_level="good",
            comments="Tốt.",
        ).pk

    def forms(user, query=""):
        return [
            f["id"]
            for f in send(client, user, "get", "monitoring_feedback_list", query=query).json()["items"]
        ]

    assert forms(stage.organizer) == [sent[world.other_commune.pk], sent[world.commune.pk]]
    assert forms(stage.organizer, f"?commune_id={world.commune.pk}&year_id={stage.year.pk}") == [
        sent[world.commune.pk]
    ]
    assert forms(stage.organizer, f"?cadre_id={stage.minh.pk}") == [sent[world.other_commune.pk]]
    assert forms(stage.committee) == [sent[world.commune.pk]]
    # the commune's evaluation is addressed to Ban Tổ chức, not to the cadre it is about
    assert forms(stage.cadre_user) == []
    assert (
        send(client, stage.cadre_user, "get", "monitoring_feedback_get", sent[world.commune.pk]).status_code
        == 404
    )


def test_years_list_their_report_periods(client, stage):
    years = send(client, stage.world.users["nobody"], "get", "monitoring_year_list").json()
    assert [(y["id"], y["programme_number"], y["year"]) for y in years] == [
        (stage.year.pk, "26-QĐ/TU", stage.year.year)
    ]
    assert [p["id"] for p in years[0]["report_periods"]] == [stage.half_year.pk, stage.year_end.pk]


def test_an_organizer_opens_a_year_with_its_two_reports(world, client):
    stage = monitoring_stage(world)
    year = stage.year.year + 1
    body = {
        "programme_id": stage.programme.pk,
        "year": year,
        "plan_deadline": f"{year}-02-15",
        "form_deadline": f"{year}-12-20",
    }
    headers = bearer(world.users["organizer"])
    response = call(client, "post", reverse("api:monitoring_year_create"), headers, body)
    assert response.status_code == 201, response.content
    assert [p["due_date"] for p in response.json()["report_periods"]] == [f"{year}-06-20", f"{year}-12-20"]
    assert stage.programme.years.filter(year=year).exists()

    again = call(client, "post", reverse("api:monitoring_year_create"), headers, body)
    assert again.json()["code"] == "duplicate_year"
    late_plan = {**body, "year": year + 1, "plan_deadline": f"{year}-02-15"}
    refused = call(client, "post", reverse("api:monitoring_year_create"), headers, late_plan)
    assert refused.json() == {
        "code": "invalid_dates",
        "message": f"Hạn gửi kế hoạch phải trong năm {year + 1}.",
        "details": [],
    }
    assert not stage.programme.years.filter(year=year + 1).exists()
