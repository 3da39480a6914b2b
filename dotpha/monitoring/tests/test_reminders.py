"""The daily monitoring reminders: gaps to the organizers, plans and reports due or overdue to the cadre,
forms not yet sent to the commune committee (and to the organizers after the deadline). Once a day."""

import pytest

from dotpha.monitoring.models import CompletionLevel
from dotpha.monitoring.reminders import send_monitoring_reminders
from dotpha.monitoring.services import commune_feedback_submit, monitoring_plan_submit
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import EndReason
from dotpha.structure.services import appointment_end

pytestmark = pytest.mark.django_db


def _sent(kind, **filters):
    return list(Notification.objects.filter(kind=kind, **filters).values_list("recipient__username", "title"))


def test_plan_due_then_overdue_reaches_the_cadre_once_a_day(stage):
    # a week before the plan deadline (04/02 for Hạnh, assigned on 05/01)
    summary = send_monitoring_reminders(today=stage.day(1, 29))
    assert summary.due == 1  # Minh has no account: only Hạnh is told
    [(user, title)] = _sent(NotificationKind.MONITORING_DUE)
    assert user == "canbo" and "kế hoạch theo dõi Xã Tân Lập năm 2026 (hạn 04/02/2026)" in title
    # a second run the same day sends nothing new
    assert send_monitoring_reminders(today=stage.day(1, 29)).due == 0
    # after the deadline, overdue every day until sent
    assert send_monitoring_reminders(today=stage.day(2, 10)).overdue == 1
    assert "Đã quá hạn gửi kế hoạch" in _sent(NotificationKind.MONITORING_OVERDUE)[0][1]
    monitoring_plan_submit(
        actor=stage.cadre_user, assignment=stage.tan_lap, year=stage.year, content="x", today=stage.day(2, 11)
    )
    assert send_monitoring_reminders(today=stage.day(2, 12)).overdue == 0


def test_report_due_reaches_the_cadre(stage):
    summary = send_monitoring_reminders(today=stage.day(6, 15))
    titles = [t for _, t in _sent(NotificationKind.MONITORING_DUE)]
    assert summary.due == 1 and "“Báo cáo 6 tháng đầu năm” theo dõi Xã Tân Lập (hạn 20/06/2026)" in titles[0]


def test_coverage_gaps_are_a_daily_digest_to_the_organizers(stage):
    assert send_monitoring_reminders(today=stage.day(3, 1)).coverage_gaps == 0
    appointment_end(
        actor=stage.organizer,
        appointment=stage.hoa_binh.appointment,
        end_date=stage.day(3, 1),
        end_reason=EndReason.RETIRED,
    )
    Notification.objects.all().delete()  # the instant alert; the digest follows
    summary = send_monitoring_reminders(today=stage.day(3, 2))
    assert summary.coverage_gaps == 1
    [(user, title)] = _sent(NotificationKind.COVERAGE_GAP)
    assert user == "tochuc" and title == "1 xã, phường chưa có cán bộ theo dõi: Phường Hòa Bình."
    # a cadre who left is not chased for plans and reports
    assert all("Phường Hòa Bình" not in t for _, t in _sent(NotificationKind.MONITORING_OVERDUE))


def test_forms_not_sent_reach_the_committee_then_the_organizers(stage):
    # three weeks before the deadline: nothing yet
    assert send_monitoring_reminders(today=stage.day(12, 10)).forms == 0
    # two weeks before: each committee hears about its own forms
    send_monitoring_reminders(today=stage.day(12, 20))
    sent = dict(_sent(NotificationKind.FEEDBACK_DUE))
    assert set(sent) == {"xa", "xa2"}
    assert (
        sent["xa"]
        == "Đảng ủy Xã Tân Lập chưa gửi 1 phiếu nhận xét năm 2026 (hạn 31/12/2026): đồng chí Đặng Thị Hạnh."
    )
    commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=stage.world.commune,
        cadre=stage.hanh,
        completion_level=CompletionLevel.GOOD,
        comments="Tốt.",
        today=stage.day(12, 21),
    )
    Notification.objects.all().delete()
    # after the deadline: the committee still missing its form, and a digest to the organizers
    send_monitoring_reminders(today=stage.day(1, 10).replace(year=2027))
    sent = dict(_sent(NotificationKind.FEEDBACK_DUE))
    assert set(sent) == {"xa2", "tochuc"}
    assert sent["tochuc"] == "Còn 1 phiếu nhận xét năm 2026 chưa gửi (hạn 31/12/2026), ở 1 xã, phường."
