"""The monitoring cadre's plan, visits and periodic reports; the commune committee's confirmation."""

import datetime

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import (
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringReport,
    ReportPeriod,
    Visit,
    VisitKind,
)
from dotpha.monitoring.selectors import DueState, due_state, plan_deadline, plan_duties, report_duties
from dotpha.monitoring.services import (
    assignment_reassign,
    monitoring_plan_submit,
    monitoring_report_submit,
    visit_confirm,
    visit_log,
)
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import EndReason
from dotpha.structure.services import appointment_end

pytestmark = pytest.mark.django_db


def _plan_states(stage, today):
    return {d.assignment.commune.name: d.state for d in plan_duties(stage.year, today=today)}


def test_plan_on_time_then_late_lateness_is_recorded(stage):
    # when Hạnh sends her plan before the 31/01 deadline
    plan = monitoring_plan_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        year=stage.year,
        content="Dự hội nghị Đảng ủy hằng quý; làm việc về chuyển đổi số.",
        today=stage.day(1, 20),
    )
    # then it is on time, with the deadline it answered
    assert (plan.deadline, plan.submitted_on, plan.days_late, plan.is_late) == (
        stage.day(2, 4),  # assigned on 05/01: 30 days after, later than the year's 31/01
        stage.day(1, 20),
        0,
        False,
    )
    assert plan.history.get().history_user == stage.cadre_user
    # and Phường Hòa Bình's is pending, then missing once the deadline has passed
    assert _plan_states(stage, stage.day(1, 20)) == {
        "Xã Tân Lập": DueState.ON_TIME,
        "Phường Hòa Bình": DueState.PENDING,
    }
    assert _plan_states(stage, stage.day(2, 5))["Phường Hòa Bình"] == DueState.MISSING


def test_a_late_plan_keeps_how_late_it_was_and_is_sent_once(stage):
    plan = monitoring_plan_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        year=stage.year,
        content="Kế hoạch",
        today=stage.day(2, 14),
    )
    # 04/02 to 14/02/2026: ten days, seven of them working days (Tết is off from 14/02)
    assert (plan.days_late, plan.is_late) == (7, True)
    assert _plan_states(stage, stage.day(3, 1))["Xã Tân Lập"] == DueState.LATE
    with pytest.raises(ApplicationError, match="đã gửi ngày 14/02/2026") as refused:
        monitoring_plan_submit(
            actor=stage.cadre_user,
            assignment=stage.tan_lap,
            year=stage.year,
            content="Sửa",
            today=stage.day(2, 15),
        )
    assert refused.value.code == "already_submitted"
    assert MonitoringPlan.objects.get().content == "Kế hoạch"


@pytest.mark.parametrize(
    "role", ["organizer", "approver", "unit_manager", "commune_committee", "inspector", "nobody"]
)
def test_only_the_monitoring_cadre_writes_plans_visits_and_reports(stage, world, role):
    actor = world.users[role]
    with pytest.raises(PermissionDeniedError):
        monitoring_plan_submit(
            actor=actor, assignment=stage.tan_lap, year=stage.year, content="x", today=stage.day(1, 20)
        )
    with pytest.raises(PermissionDeniedError):
        visit_log(
            actor=actor,
            assignment=stage.tan_lap,
            visit_date=stage.day(2, 1),
            kind=VisitKind.WORKING_VISIT,
            content="x",
            today=stage.day(2, 1),
        )
    with pytest.raises(PermissionDeniedError):
        monitoring_report_submit(
            actor=actor,
            assignment=stage.tan_lap,
            report_period=stage.half_year,
            content="x",
            today=stage.day(6, 1),
        )
    # nor for another cadre's commune
    with pytest.raises(PermissionDeniedError):
        visit_log(
            actor=stage.cadre_user,
            assignment=stage.hoa_binh,
            visit_date=stage.day(2, 1),
            kind=VisitKind.WORKING_VISIT,
            content="x",
            today=stage.day(2, 1),
        )
    assert not (
        MonitoringPlan.objects.exists() or Visit.objects.exists() or MonitoringReport.objects.exists()
    )


def test_mid_year_assignment_gets_its_own_plan_deadline(stage):
    new = assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(5, 18),
        start_date=stage.day(5, 20),
    )
    assert plan_deadline(new, stage.year) == stage.day(6, 19)
    duties = {d.assignment.pk: d for d in plan_duties(stage.year, today=stage.day(6, 1))}
    # Hạnh's assignment lasted past the plan deadline: she owed (and missed) a plan
    assert duties[stage.tan_lap.pk].state == DueState.MISSING
    assert duties[new.pk].state == DueState.PENDING


def test_visit_logged_notifies_the_committee_which_confirms_it_once(stage, world):
    # when Hạnh logs a visit
    visit = visit_log(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        visit_date=stage.day(3, 10),
        kind=VisitKind.PARTY_CONFERENCE,
        content="Dự hội nghị Ban Chấp hành Đảng bộ xã quý I.",
        issues_found="Tiến độ giải phóng mặt bằng đường liên xã chậm.",
        proposals="Đề nghị tỉnh bố trí vốn đối ứng.",
        today=stage.day(3, 12),
    )
    # then the commune committee is asked to confirm it
    note = Notification.objects.get(kind=NotificationKind.VISIT_LOGGED)
    assert note.recipient == stage.committee and "10/03/2026" in note.title
    # only that commune's committee confirms
    for actor in [stage.other_committee, stage.organizer, stage.cadre_user, world.users["inspector"]]:
        with pytest.raises(PermissionDeniedError):
            visit_confirm(actor=actor, visit=visit)
    confirmed = visit_confirm(actor=stage.committee, visit=visit)
    assert confirmed.confirmed_by == stage.committee and confirmed.is_confirmed
    with pytest.raises(ApplicationError, match="đã được xác nhận"):
        visit_confirm(actor=stage.committee, visit=visit)
    assert [h.history_user for h in visit.history.order_by("history_date")] == [
        stage.cadre_user,
        stage.committee,
    ]


def test_visit_dates_must_be_inside_the_assignment_and_not_in_the_future(stage):
    base = {
        "actor": stage.cadre_user,
        "assignment": stage.tan_lap,
        "kind": VisitKind.WORKING_VISIT,
        "content": "x",
    }
    with pytest.raises(ApplicationError, match="không được sau hôm nay"):
        visit_log(visit_date=stage.day(3, 2), today=stage.day(3, 1), **base)
    with pytest.raises(ApplicationError, match="ngoài thời gian"):
        visit_log(visit_date=stage.day(1, 2), today=stage.day(3, 1), **base)
    with pytest.raises(ApplicationError, match="hình thức"):
        visit_log(**{**base, "kind": "party"}, visit_date=stage.day(3, 1), today=stage.day(3, 1))
    with pytest.raises(ApplicationError, match="Nhập nội dung"):
        visit_log(**{**base, "content": " "}, visit_date=stage.day(3, 1), today=stage.day(3, 1))
    # after her post ended she no longer visits for the province
    appointment_end(
        actor=stage.organizer,
        appointment=stage.tan_lap.appointment,
        end_date=stage.day(4, 1),
        end_reason=EndReason.TRANSFERRED,
    )
    with pytest.raises(ApplicationError, match="ngoài thời gian"):
        visit_log(visit_date=stage.day(4, 2), today=stage.day(4, 3), **base)
    visit_log(visit_date=stage.day(3, 31), today=stage.day(4, 3), **base)
    assert Visit.objects.count() == 1


def test_reports_on_time_late_and_missing_are_derived(stage):
    half, year_end = stage.half_year, stage.year_end
    monitoring_report_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        report_period=half,
        content="6 tháng",
        today=stage.day(6, 20),
    )
    late = monitoring_report_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        report_period=year_end,
        content="Năm",
        today=stage.day(12, 28),
    )
    assert late.submitted_on > year_end.due_date
    states = {
        (d.assignment.commune.name, d.period.name): d.state
        for d in report_duties(stage.year, today=stage.day(12, 31))
    }
    assert states == {
        ("Xã Tân Lập", half.name): DueState.ON_TIME,
        ("Phường Hòa Bình", half.name): DueState.MISSING,
        ("Xã Tân Lập", year_end.name): DueState.LATE,
        ("Phường Hòa Bình", year_end.name): DueState.MISSING,
    }
    before_due = report_duties(stage.year, today=stage.day(6, 1))
    assert {d.state for d in before_due if d.assignment == stage.hoa_binh} == {DueState.PENDING}
    with pytest.raises(ApplicationError, match="đã gửi ngày 20/06/2026"):
        monitoring_report_submit(
            actor=stage.cadre_user,
            assignment=stage.tan_lap,
            report_period=half,
            content="x",
            today=stage.day(6, 21),
        )


def test_the_report_is_owed_by_whoever_follows_the_commune_at_the_period_end(stage):
    new = assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(3, 1),
        start_date=stage.day(3, 1),
    )
    owed = {
        (d.assignment.cadre.full_name, d.period.name)
        for d in report_duties(stage.year, today=stage.day(12, 31))
    }
    assert ("Nguyễn Văn Hùng", stage.half_year.name) in owed
    assert ("Đặng Thị Hạnh", stage.half_year.name) not in owed
    # Hạnh's assignment ended before the half-year's data: she may still report on what she saw
    monitoring_report_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        report_period=stage.half_year,
        content="x",
        today=stage.day(3, 1),
    )
    assert MonitoringAssignment.objects.get(pk=new.pk).replaces_id == stage.tan_lap.pk


def test_report_outside_the_assignment_or_before_its_period_is_refused(stage):
    assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(3, 1),
        start_date=stage.day(3, 1),
    )
    new = MonitoringAssignment.objects.get(cadre=stage.hung)
    hung_user = stage.world.users["unit_manager"]
    with pytest.raises(ApplicationError, match="Chưa đến kỳ"):
        monitoring_report_submit(
            actor=hung_user,
            assignment=new,
            report_period=stage.half_year,
            content="x",
            today=datetime.date(2025, 12, 1),
        )


def test_a_report_due_during_tet_is_not_late(stage):
    # a January report due Tuesday 17/02/2026, in Tết (off from 14/02 to 22/02): effective deadline 23/02
    period = ReportPeriod.objects.create(
        year=stage.year,
        name="Báo cáo tháng 01",
        covers_from=stage.day(1, 1),
        covers_to=stage.day(1, 31),
        due_date=stage.day(2, 17),
    )

    def state(today):
        return next(
            d.state
            for d in report_duties(stage.year, today=today)
            if d.period == period and d.assignment == stage.tan_lap
        )

    # not missing during Tết nor on the first working day after it
    assert state(stage.day(2, 20)) == DueState.PENDING
    assert state(stage.day(2, 23)) == DueState.PENDING
    assert state(stage.day(2, 24)) == DueState.MISSING
    # sent on Monday 23/02: on time
    monitoring_report_submit(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        report_period=period,
        content="x",
        today=stage.day(2, 23),
    )
    assert state(stage.day(3, 1)) == DueState.ON_TIME


def test_a_deadline_on_a_saturday_is_met_on_monday():
    saturday = datetime.date(2026, 1, 31)
    assert due_state(datetime.date(2026, 2, 2), saturday, datetime.date(2026, 3, 1)) == DueState.ON_TIME
    assert due_state(datetime.date(2026, 2, 3), saturday, datetime.date(2026, 3, 1)) == DueState.LATE
    assert due_state(None, saturday, datetime.date(2026, 2, 2)) == DueState.PENDING
    assert due_state(None, saturday, datetime.date(2026, 2, 3)) == DueState.MISSING
