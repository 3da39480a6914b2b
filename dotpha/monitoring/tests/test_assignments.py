"""Assignments: one cadre per commune, a second commune only by explicit decision (and flagged), the
coverage alert when a post ends, reassignment keeping history."""

import datetime

import pytest
from django.db import transaction

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import AssignmentEndReason, MonitoringAssignment
from dotpha.monitoring.selectors import (
    CoverageStatus,
    coverage_on,
    leader_posts,
    reassignment_candidates,
    successor_candidates,
)
from dotpha.monitoring.services import assignment_create, assignment_end, assignment_reassign
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import Appointment, Cadre, EndReason
from dotpha.org.tests.factories import PositionFactory, make_unit
from dotpha.structure.services import appointment_end, unit_merge

pytestmark = pytest.mark.django_db


def _status(stage, commune, day):
    return {row.commune.pk: row for row in coverage_on(stage.programme, day).rows}[commune.pk]


def test_assignment_records_decision_post_history_and_tells_the_cadre(stage):
    # given the fixture's assignment of Hạnh to Xã Tân Lập
    assignment = stage.tan_lap
    # then
    assert (assignment.decision_number, assignment.start_date, assignment.end_date) == (
        "15-QĐ/TU",
        stage.day(1, 5),
        None,
    )
    assert assignment.appointment.unit == stage.world.home_affairs
    assert assignment.created_by == stage.organizer
    record = assignment.history.get()
    assert (record.history_type, record.history_user) == ("+", stage.organizer)
    note = Notification.objects.get(recipient=stage.cadre_user, kind=NotificationKind.MONITORING_ASSIGNED)
    assert "Xã Tân Lập" in note.title and "15-QĐ/TU" in note.title


def test_a_commune_has_one_monitor_a_second_assignment_is_refused(stage):
    # when another cadre is assigned to Xã Tân Lập while Hạnh follows it
    with pytest.raises(ApplicationError, match="Mỗi xã chỉ một cán bộ theo dõi") as refused:
        assignment_create(
            actor=stage.organizer,
            programme=stage.programme,
            commune=stage.world.commune,
            cadre=stage.hung,
            decision_number="20-QĐ/TU",
            decision_date=stage.day(3, 1),
            start_date=stage.day(3, 1),
        )
    # then nothing changed
    assert refused.value.code == "commune_taken"
    assert MonitoringAssignment.objects.filter(commune=stage.world.commune).count() == 1
    # an assignment ending before Hạnh's start does not overlap and is accepted (history before hers)
    earlier = assignment_create(
        actor=stage.organizer,
        programme=stage.programme,
        commune=stage.world.commune,
        cadre=stage.hung,
        decision_number="2-QĐ/TU",
        decision_date=datetime.date(2025, 7, 1),
        start_date=datetime.date(2025, 7, 1),
        end_date=stage.day(1, 4),
    )
    assert earlier.end_date == stage.day(1, 4)


def test_a_second_commune_needs_an_explicit_reason_and_is_flagged_a_third_is_refused(stage, world):
    # given Phường Hòa Bình is free from February
    assignment_end(
        actor=stage.organizer,
        assignment=stage.hoa_binh,
        end_date=stage.day(1, 31),
        end_reason=AssignmentEndReason.OTHER,
    )
    # a cadre already following a commune is refused a second one without a reason
    with pytest.raises(ApplicationError, match="phải ghi rõ lý do") as refused:
        assignment_create(
            actor=stage.organizer,
            programme=stage.programme,
            commune=world.other_commune,
            cadre=stage.hanh,
            decision_number="21-QĐ/TU",
            decision_date=stage.day(2, 1),
            start_date=stage.day(2, 1),
        )
    assert refused.value.code == "cadre_busy"
    # with the standing committee's reason it is allowed...
    second = assignment_create(
        actor=stage.organizer,
        programme=stage.programme,
        commune=world.other_commune,
        cadre=stage.hanh,
        decision_number="21-QĐ/TU",
        decision_date=stage.day(2, 1),
        start_date=stage.day(2, 1),
        second_commune_reason="Sở Tài chính chưa có lãnh đạo thay thế.",
    )
    assert second.second_commune_reason == "Sở Tài chính chưa có lãnh đạo thay thế."
    # ... and both communes are flagged on the coverage board
    coverage = coverage_on(stage.programme, stage.day(2, 1))
    assert {row.commune.name: row.status for row in coverage.rows} == {
        "Xã Tân Lập": CoverageStatus.SHARED,
        "Phường Hòa Bình": CoverageStatus.SHARED,
    }
    assert list(coverage.shared_cadres) == [stage.hanh]
    # never a third commune, whatever the reason
    third = make_unit(world.province, "Xã Mới", "P-X3", "commune")
    with pytest.raises(ApplicationError, match="nhiều nhất 2 xã"):
        assignment_create(
            actor=stage.organizer,
            programme=stage.programme,
            commune=third,
            cadre=stage.hanh,
            decision_number="22-QĐ/TU",
            decision_date=stage.day(2, 1),
            start_date=stage.day(2, 1),
            second_commune_reason="x",
        )


@pytest.mark.parametrize(
    "role", ["approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
)
def test_only_organizers_assign_end_and_reassign(stage, world, role):
    actor = world.users[role]
    with pytest.raises(PermissionDeniedError):
        assignment_create(
            actor=actor,
            programme=stage.programme,
            commune=world.commune,
            cadre=stage.hung,
            decision_number="x",
            decision_date=stage.day(2, 1),
            start_date=stage.day(2, 1),
        )
    with pytest.raises(PermissionDeniedError):
        assignment_end(actor=actor, assignment=stage.tan_lap, end_date=stage.day(2, 1), end_reason="other")
    with pytest.raises(PermissionDeniedError):
        assignment_reassign(
            actor=actor,
            assignment=stage.tan_lap,
            cadre=stage.hung,
            decision_number="x",
            decision_date=stage.day(2, 1),
            start_date=stage.day(2, 1),
        )
    assert MonitoringAssignment.objects.count() == 2
    assert MonitoringAssignment.objects.get(pk=stage.tan_lap.pk).end_date is None


def test_the_cadre_must_hold_a_provincial_post_and_the_commune_be_a_commune_in_force(stage, world):
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")  # secretary of the commune itself
    kwargs = {"actor": stage.organizer, "programme": stage.programme, "decision_number": "x"}
    day = stage.day(2, 1)
    with pytest.raises(ApplicationError, match="cơ quan, đơn vị cấp tỉnh"):
        assignment_create(
            commune=world.other_commune, cadre=secretary, decision_date=day, start_date=day, **kwargs
        )
    with pytest.raises(ApplicationError, match="không phải là xã"):
        assignment_create(
            commune=world.finance, cadre=stage.hung, decision_date=day, start_date=day, **kwargs
        )
    with pytest.raises(ApplicationError, match="không còn hiệu lực"):
        assignment_create(
            commune=world.old_commune, cadre=stage.hung, decision_date=day, start_date=day, **kwargs
        )
    with pytest.raises(ApplicationError, match="số quyết định"):
        assignment_create(
            actor=stage.organizer,
            programme=stage.programme,
            commune=world.commune,
            cadre=stage.hung,
            decision_number=" ",
            decision_date=day,
            start_date=day,
        )


def test_an_ended_appointment_opens_a_gap_the_same_day_and_alerts_organizers_with_a_proposal(stage, world):
    # given Hạnh follows Xã Tân Lập
    retirement = stage.day(5, 15)
    assert _status(stage, world.commune, retirement).status == CoverageStatus.COVERED
    # when her post ends through the foundation's service (she retires)
    appointment_end(
        actor=stage.organizer,
        appointment=stage.tan_lap.appointment,
        end_date=retirement,
        end_reason=EndReason.RETIRED,
    )
    # then the commune is a gap from that very day, not before
    assert (
        _status(stage, world.commune, retirement - datetime.timedelta(days=1)).status
        == CoverageStatus.COVERED
    )
    line = _status(stage, world.commune, retirement)
    assert line.status == CoverageStatus.CADRE_LEFT and line.is_gap
    # the assignment itself stays open: only a decision ends it
    assert MonitoringAssignment.objects.get(pk=stage.tan_lap.pk).end_date is None
    # the organizers were alerted at once, with Hùng of the same agency proposed
    alert = Notification.objects.get(kind=NotificationKind.COVERAGE_GAP)
    assert alert.recipient == stage.organizer
    assert "Xã Tân Lập không còn cán bộ theo dõi từ ngày 15/05/2026" in alert.title
    assert "nghỉ hưu" in alert.title
    assert "Đề xuất phân công đồng chí Nguyễn Văn Hùng, Giám đốc Sở Nội vụ" in alert.title
    assert alert.url == f"/monitoring/assignments/{stage.tan_lap.pk}/reassign/"


def test_a_merger_of_the_agency_alerts_like_a_departure(stage, world):
    # given Hạnh follows Xã Tân Lập from Sở Nội vụ, which merges into a new department on 01/06
    merged_on = stage.day(6, 1)
    successor = make_unit(world.province, "Sở Nội vụ và Lao động", "P-SNVLD", valid_from=merged_on)
    # Hùng, her director, has been in post longer: the merger closes her post first, then his
    Appointment.objects.filter(pk=stage.post(stage.hung).pk).update(start_date=datetime.date(2020, 1, 1))
    # when the organizer records the merger
    unit_merge(
        actor=stage.organizer,
        predecessors=[world.home_affairs],
        successor=successor,
        effective_date=merged_on,
    )
    # then her post ended the day before, and the commune is a gap from then, announced at once
    line = _status(stage, world.commune, stage.day(5, 31))
    assert line.status == CoverageStatus.CADRE_LEFT and line.is_gap
    alert = Notification.objects.get(kind=NotificationKind.COVERAGE_GAP, recipient=stage.organizer)
    assert "Xã Tân Lập không còn cán bộ theo dõi từ ngày 31/05/2026" in alert.title
    assert "sáp nhập đơn vị" in alert.title
    # Hùng leaves with the same merger: he is not proposed to replace her
    assert "Đề xuất" not in alert.title
    assert "Sở Nội vụ không còn lãnh đạo khác để đề xuất." in alert.title
    assert MonitoringAssignment.objects.get(pk=stage.tan_lap.pk).end_date is None


def test_an_appointment_without_assignment_raises_no_alert(stage):
    appointment_end(
        actor=stage.organizer,
        appointment=stage.post(stage.hung),
        end_date=stage.day(5, 1),
        end_reason=EndReason.TRANSFERRED,
    )
    assert not Notification.objects.filter(kind=NotificationKind.COVERAGE_GAP).exists()


def test_reassignment_keeps_history(stage, world):
    # given Hạnh retired on 15/05
    appointment_end(
        actor=stage.organizer,
        appointment=stage.tan_lap.appointment,
        end_date=stage.day(5, 15),
        end_reason=EndReason.RETIRED,
    )
    # when the organizer reassigns the commune to the proposed Hùng from 20/05
    new = assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(5, 18),
        start_date=stage.day(5, 20),
    )
    # then the old assignment ends the day before, with its reason; the new one replaces it
    old = MonitoringAssignment.objects.get(pk=stage.tan_lap.pk)
    assert (old.end_date, old.end_reason) == (stage.day(5, 19), AssignmentEndReason.CADRE_LEFT)
    assert new.replaces == old and new.appointment.unit == world.home_affairs
    # who followed which commune, when
    history = list(
        MonitoringAssignment.objects.filter(commune=world.commune)
        .order_by("start_date")
        .values_list("cadre__full_name", "start_date", "end_date")
    )
    assert history == [
        ("Đặng Thị Hạnh", stage.day(1, 5), stage.day(5, 19)),
        ("Nguyễn Văn Hùng", stage.day(5, 20), None),
    ]
    assert _status(stage, world.commune, stage.day(5, 17)).status == CoverageStatus.CADRE_LEFT
    assert _status(stage, world.commune, stage.day(5, 20)).assignment == new
    assert [h.history_user for h in old.history.order_by("history_date")] == [stage.organizer] * 2
    # a replaced assignment is not replaced twice
    with pytest.raises(ApplicationError, match="đã được thay"):
        assignment_reassign(
            actor=stage.organizer,
            assignment=old,
            cadre=stage.minh,
            decision_number="41-QĐ/TU",
            decision_date=stage.day(6, 1),
            start_date=stage.day(6, 1),
        )


def test_reassignment_without_anyone_leaving_is_a_plain_reassignment(stage):
    new = assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(3, 1),
        start_date=stage.day(3, 1),
        note="Điều chỉnh theo Kết luận 1016-KL/TU.",
    )
    old = MonitoringAssignment.objects.get(pk=stage.tan_lap.pk)
    assert old.end_reason == AssignmentEndReason.REASSIGNED
    assert old.end_note == "Điều chỉnh theo Kết luận 1016-KL/TU."
    assert new.start_date == stage.day(3, 1)


def test_reassignment_refusals_change_nothing(stage):
    base = {
        "actor": stage.organizer,
        "assignment": stage.tan_lap,
        "decision_number": "x",
        "decision_date": stage.day(3, 1),
    }
    with pytest.raises(ApplicationError, match="cán bộ khác"):
        assignment_reassign(cadre=stage.hanh, start_date=stage.day(3, 1), **base)
    with pytest.raises(ApplicationError, match="sau ngày 05/01/2026"):
        assignment_reassign(cadre=stage.hung, start_date=stage.day(1, 5), **base)
    # Minh already follows Phường Hòa Bình: not a successor, and the old assignment stays open
    with pytest.raises(ApplicationError) as refused:
        assignment_reassign(cadre=stage.minh, start_date=stage.day(3, 1), **base)
    assert refused.value.code == "cadre_busy"
    assert refused.value.message == (
        "Đồng chí Trần Quang Minh đang theo dõi Phường Hòa Bình (từ 05/01/2026). Phân công lại chỉ chọn "
        "lãnh đạo chưa theo dõi xã nào từ ngày 01/03/2026; theo dõi thêm xã thứ hai (có lý do) thì phân "
        "công ở trang “Phân công cán bộ theo dõi”."
    )
    assert MonitoringAssignment.objects.get(pk=stage.tan_lap.pk).end_date is None
    assert MonitoringAssignment.objects.count() == 2


def test_assignment_end_leaves_a_gap_from_the_next_day(stage, world):
    assignment_end(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        end_date=stage.day(6, 30),
        end_reason=AssignmentEndReason.REPLACEMENT_REQUESTED,
        note="Đảng ủy xã đề nghị thay thế.",
    )
    assert _status(stage, world.commune, stage.day(6, 30)).status == CoverageStatus.COVERED
    assert _status(stage, world.commune, stage.day(7, 1)).status == CoverageStatus.UNCOVERED
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        assignment_end(
            actor=stage.organizer, assignment=stage.tan_lap, end_date=stage.day(7, 1), end_reason="other"
        )
    with pytest.raises(ApplicationError, match="từ ngày bắt đầu"):
        assignment_end(
            actor=stage.organizer, assignment=stage.hoa_binh, end_date=stage.day(1, 1), end_reason="other"
        )


def test_coverage_at_any_date(stage, world):
    before = coverage_on(stage.programme, datetime.date(2025, 12, 31))
    assert {row.commune.name: row.status for row in before.rows} == {
        "Xã Tân Lập": CoverageStatus.UNCOVERED,
        "Phường Hòa Bình": CoverageStatus.UNCOVERED,
    }
    # the old commune merged on 01/07/2025 shows on the dates it was in force
    older = coverage_on(stage.programme, datetime.date(2025, 6, 1))
    assert [row.commune.name for row in older.rows] == ["Xã Đông Cũ"]
    during = coverage_on(stage.programme, stage.day(3, 1))
    assert during.covered_count == 2 and during.gaps == []


def test_reassignment_candidates_are_the_same_agency_free_first(stage, world):
    candidates = reassignment_candidates(stage.tan_lap, on=stage.day(3, 1))
    assert [(c.appointment.cadre.full_name, c.load) for c in candidates] == [("Nguyễn Văn Hùng", 0)]
    # Minh's agency has nobody else
    assert reassignment_candidates(stage.hoa_binh, on=stage.day(3, 1)) == []


def _reassign_tan_lap(stage, cadre, start) -> MonitoringAssignment:
    return assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=cadre,
        decision_number="40-QĐ/TU",
        decision_date=start,
        start_date=start,
    )


def _accepted(stage, cadre, start) -> bool:
    """Whether the service reassigns Xã Tân Lập to `cadre` from `start` (undone either way)."""
    with transaction.atomic():
        try:
            _reassign_tan_lap(stage, cadre, start)
        except ApplicationError:
            return False
        finally:
            transaction.set_rollback(True)
    return True


def test_the_proposed_successors_are_exactly_the_cadres_the_service_accepts(stage, world):
    # given Hùng, free in Sở Nội vụ; Minh, following Phường Hòa Bình; and a director who takes up a
    # commune in April and one whose post ends on 01/03
    later = Cadre.objects.create(code="L1", full_name="Lý Văn Sau", gender="male")
    Appointment.objects.create(
        cadre=later, unit=world.finance, position=stage.post(stage.minh).position, start_date=stage.day(1, 1)
    )
    assignment_create(
        actor=stage.organizer,
        programme=stage.programme,
        commune=make_unit(world.province, "Xã Mới Lập", "P-X9", "commune"),
        cadre=later,
        decision_number="30-QĐ/TU",
        decision_date=stage.day(3, 20),
        start_date=stage.day(4, 1),
    )
    leaving = Cadre.objects.create(code="L2", full_name="Mai Văn Đi", gender="male")
    Appointment.objects.create(
        cadre=leaving,
        unit=world.finance,
        position=stage.post(stage.minh).position,
        start_date=stage.day(1, 1),
        end_date=stage.day(3, 1),
        end_reason=EndReason.TRANSFERRED,
    )
    start = stage.day(3, 1)
    # when the page asks whom to propose from 01/03
    proposed = successor_candidates(stage.tan_lap, on=start)
    names = [c.appointment.cadre.full_name for c in proposed]
    # then the outgoing cadre's agency comes first, nobody busy, leaving or the outgoing cadre herself
    assert names[0] == "Nguyễn Văn Hùng"
    assert not {"Đặng Thị Hạnh", "Trần Quang Minh", "Lý Văn Sau", "Mai Văn Đi"} & set(names)
    assert all(c.is_free for c in proposed)
    # and the service accepts every proposed cadre and refuses every provincial cadre not proposed
    provincial = Cadre.objects.filter(
        appointments__unit__level__code="province", appointments__start_date__lte=start
    ).distinct()
    for cadre in provincial:
        assert _accepted(stage, cadre, start) == (cadre.full_name in names), cadre.full_name
    assert MonitoringAssignment.objects.filter(commune=world.commune).count() == 1


def test_only_leaders_in_post_are_proposed_and_a_specialist_is_refused(stage, world):
    # given a specialist (chuyên viên) and a second deputy director in Sở Nội vụ, Hạnh's agency
    specialist = Cadre.objects.create(code="S1", full_name="Bùi Văn Viên", gender="male")
    Appointment.objects.create(
        cadre=specialist,
        unit=world.home_affairs,
        position=PositionFactory.create(name="Chuyên viên"),
        start_date=stage.day(1, 1),
    )
    deputy = Cadre.objects.create(code="S2", full_name="Cao Thị Phó", gender="female")
    Appointment.objects.create(
        cadre=deputy,
        unit=world.home_affairs,
        position=PositionFactory.create(name="Phó Giám đốc Sở"),
        start_date=stage.day(1, 1),
    )
    start = stage.day(3, 1)
    # when the page asks whom to propose for Xã Tân Lập
    names = [c.appointment.cadre.full_name for c in reassignment_candidates(stage.tan_lap, on=start)]
    # then the deputy director is proposed and the specialist is not, here or on the assignment form
    assert sorted(names) == ["Cao Thị Phó", "Nguyễn Văn Hùng"]
    assert "Bùi Văn Viên" not in [c.appointment.cadre.full_name for c in leader_posts(on=start)]
    # and the service refuses the specialist, saying why, and changes nothing
    with pytest.raises(ApplicationError, match="không giữ chức vụ lãnh đạo") as refused:
        _reassign_tan_lap(stage, specialist, start)
    assert refused.value.code == "not_a_leader"
    assert MonitoringAssignment.objects.filter(commune=world.commune).count() == 1
    assert _accepted(stage, deputy, start)


def test_an_organizer_may_take_the_leadership_flag_off_a_post(stage, world):
    # given Hùng's post "Giám đốc" flagged as leadership by its title, then unflagged
    post = stage.post(stage.hung).position
    assert post.is_leadership
    post.is_leadership = False
    post.save()
    # then nobody holding it is proposed any more
    assert reassignment_candidates(stage.tan_lap, on=stage.day(3, 1)) == []
