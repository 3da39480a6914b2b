"""The year-end evaluation form: one per commune, cadre and year; only from a commune the cadre followed;
read-only once sent; corrected by Ban Tổ chức only, audited."""

import pytest

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import CommuneFeedback, CompletionLevel, MonitoringYear
from dotpha.monitoring.selectors import FeedbackTally, feedback_duties, feedback_tally
from dotpha.monitoring.services import (
    assignment_reassign,
    commune_feedback_correct,
    commune_feedback_submit,
    monitoring_year_create,
)
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import Cadre, Unit
from dotpha.tests.concurrency import concurrent, run_together

pytestmark = pytest.mark.django_db


def _submit(stage, **overrides):
    values = {
        "actor": stage.committee,
        "year": stage.year,
        "commune": stage.world.commune,
        "cadre": stage.hanh,
        "completion_level": CompletionLevel.GOOD,
        "comments": "Thường xuyên về cơ sở, nắm chắc tình hình.",
        "proposes_commendation": True,
        "today": stage.day(12, 10),
    }
    return commune_feedback_submit(**{**values, **overrides})


def test_the_commune_committee_sends_its_form(stage):
    feedback = _submit(stage)
    assert (feedback.commune, feedback.cadre, feedback.assignment) == (
        stage.world.commune,
        stage.hanh,
        stage.tan_lap,
    )
    assert (feedback.completion_level, feedback.proposes_commendation, feedback.requests_replacement) == (
        CompletionLevel.GOOD,
        True,
        False,
    )
    assert (feedback.submitted_on, feedback.submitted_by) == (stage.day(12, 10), stage.committee)
    record = feedback.history.get()
    assert (record.history_type, record.history_user) == ("+", stage.committee)


def test_one_form_per_commune_cadre_and_year_then_read_only(stage):
    _submit(stage)
    with pytest.raises(ApplicationError, match="phiếu đã gửi không sửa được") as refused:
        _submit(stage, completion_level=CompletionLevel.EXCELLENT, today=stage.day(12, 11))
    assert refused.value.code == "already_submitted"
    feedback = CommuneFeedback.objects.get()
    assert feedback.completion_level == CompletionLevel.GOOD
    assert feedback.history.count() == 1


def test_no_form_about_a_cadre_who_did_not_follow_the_commune(stage):
    # Minh follows Phường Hòa Bình, not Xã Tân Lập
    with pytest.raises(ApplicationError, match="không được phân công theo dõi Xã Tân Lập") as refused:
        _submit(stage, cadre=stage.minh)
    assert refused.value.code == "not_followed"
    # nor about Hạnh for a year she did not follow it
    previous = monitoring_year_create(
        actor=stage.organizer,
        programme=stage.programme,
        year=2025,
        plan_deadline=stage.day(1, 31).replace(year=2025),
        form_deadline=stage.day(12, 31).replace(year=2025),
    )
    with pytest.raises(ApplicationError, match="năm 2025"):
        _submit(stage, year=previous)
    assert not CommuneFeedback.objects.exists()


@pytest.mark.parametrize("role", ["organizer", "approver", "unit_manager", "cadre", "inspector", "nobody"])
def test_only_the_commune_committee_sends_its_own_communes_forms(stage, world, role):
    with pytest.raises(PermissionDeniedError):
        _submit(stage, actor=world.users[role])
    assert not CommuneFeedback.objects.exists()


def test_a_committee_cannot_send_another_communes_form(stage):
    with pytest.raises(PermissionDeniedError, match="Chỉ Đảng ủy Phường Hòa Bình"):
        _submit(stage, commune=stage.world.other_commune, cadre=stage.minh)
    with pytest.raises(PermissionDeniedError):
        _submit(stage, actor=stage.other_committee)
    _submit(stage, actor=stage.other_committee, commune=stage.world.other_commune, cadre=stage.minh)


def test_a_replacement_request_needs_its_reason_and_alerts_the_organizers(stage):
    with pytest.raises(ApplicationError, match="lý do đề nghị thay thế"):
        _submit(stage, requests_replacement=True, proposes_commendation=False)
    feedback = _submit(
        stage,
        completion_level=CompletionLevel.COMPLETED,
        proposes_commendation=False,
        requests_replacement=True,
        replacement_reason="Ít về cơ sở, đang chờ nghỉ chế độ.",
    )
    assert feedback.replacement_reason == "Ít về cơ sở, đang chờ nghỉ chế độ."
    alert = Notification.objects.get(kind=NotificationKind.REPLACEMENT_REQUESTED)
    assert alert.recipient == stage.organizer and "Ít về cơ sở" in alert.title
    with pytest.raises(ApplicationError, match="mức độ hoàn thành"):
        _submit(
            stage,
            actor=stage.other_committee,
            commune=stage.world.other_commune,
            cadre=stage.minh,
            completion_level="perfect",
        )


def test_the_organizer_corrects_a_form_audited_with_the_reason(stage):
    feedback = _submit(stage)
    corrected = commune_feedback_correct(
        actor=stage.organizer,
        feedback=feedback,
        reason="Theo phiếu giấy số 12/ĐU ngày 12/12/2026: mức hoàn thành xuất sắc.",
        completion_level=CompletionLevel.EXCELLENT,
    )
    assert corrected.completion_level == CompletionLevel.EXCELLENT
    assert corrected.corrected_by == stage.organizer and corrected.corrected_at is not None
    latest = corrected.history.order_by("-history_date").first()
    assert latest.history_user == stage.organizer
    assert (
        latest.history_change_reason == "Theo phiếu giấy số 12/ĐU ngày 12/12/2026: mức hoàn thành xuất sắc."
    )
    assert latest.completion_level == CompletionLevel.EXCELLENT
    assert corrected.history.order_by("history_date").first().completion_level == CompletionLevel.GOOD


def test_corrections_need_an_organizer_a_reason_and_a_change(stage, world):
    feedback = _submit(stage)
    for actor in [stage.committee, world.users["approver"], world.users["inspector"], stage.cadre_user]:
        with pytest.raises(PermissionDeniedError):
            commune_feedback_correct(actor=actor, feedback=feedback, reason="x", comments="Sửa")
    with pytest.raises(ApplicationError, match="lý do đính chính"):
        commune_feedback_correct(actor=stage.organizer, feedback=feedback, reason=" ", comments="Sửa")
    with pytest.raises(ApplicationError, match="Không có nội dung nào thay đổi"):
        commune_feedback_correct(
            actor=stage.organizer, feedback=feedback, reason="x", completion_level=CompletionLevel.GOOD
        )
    with pytest.raises(ApplicationError, match="lý do đề nghị thay thế"):
        commune_feedback_correct(
            actor=stage.organizer, feedback=feedback, reason="x", requests_replacement=True
        )
    assert CommuneFeedback.objects.get().history.count() == 1


def test_forms_are_owed_for_every_cadre_who_followed_the_commune_that_year(stage):
    assignment_reassign(
        actor=stage.organizer,
        assignment=stage.tan_lap,
        cadre=stage.hung,
        decision_number="40-QĐ/TU",
        decision_date=stage.day(7, 1),
        start_date=stage.day(7, 1),
    )
    _submit(stage)
    owed = {(d.commune.name, d.cadre.full_name): d.is_received for d in feedback_duties(stage.year)}
    assert owed == {
        ("Xã Tân Lập", "Đặng Thị Hạnh"): True,
        ("Xã Tân Lập", "Nguyễn Văn Hùng"): False,
        ("Phường Hòa Bình", "Trần Quang Minh"): False,
    }
    # three forms owed by two communes, one of which changed its cadre and sent one of its two forms
    assert feedback_tally(feedback_duties(stage.year)) == FeedbackTally(
        expected=3, received=1, communes=2, several=1, communes_done=0
    )


CONTRADICTION_COMMENDATION = (
    "Phiếu không thể vừa đề nghị biểu dương, khen thưởng vừa đề nghị thay thế cán bộ theo dõi: "
    "bỏ một trong hai đề nghị."
)
CONTRADICTION_EXCELLENT = (
    "Phiếu đánh giá «Hoàn thành xuất sắc nhiệm vụ» thì không đề nghị thay thế cán bộ theo dõi: "
    "chọn lại mức độ hoàn thành hoặc bỏ đề nghị thay thế."
)


@pytest.mark.parametrize(
    ("level", "commend", "message"),
    [
        (CompletionLevel.GOOD, True, CONTRADICTION_COMMENDATION),
        (CompletionLevel.COMPLETED, True, CONTRADICTION_COMMENDATION),
        (CompletionLevel.EXCELLENT, False, CONTRADICTION_EXCELLENT),
        (CompletionLevel.EXCELLENT, True, CONTRADICTION_COMMENDATION),
    ],
)
def test_a_form_cannot_ask_to_replace_a_cadre_it_commends_or_rates_excellent(stage, level, commend, message):
    # given a committee that asks to replace its cadre, with a reason
    # when the same form commends the cadre or rates them excellent
    with pytest.raises(ApplicationError) as refused:
        _submit(
            stage,
            completion_level=level,
            proposes_commendation=commend,
            requests_replacement=True,
            replacement_reason="Ít về cơ sở.",
        )
    # then it is refused, says why, and nothing is written nor announced
    assert (refused.value.code, refused.value.message) == ("contradictory_form", message)
    assert not CommuneFeedback.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.REPLACEMENT_REQUESTED).exists()


def test_a_replacement_request_with_a_plain_or_good_grade_and_no_commendation_is_accepted(stage):
    feedback = _submit(
        stage,
        completion_level=CompletionLevel.GOOD,
        proposes_commendation=False,
        requests_replacement=True,
        replacement_reason="Đang chờ nghỉ chế độ, không bố trí được thời gian đi cơ sở.",
    )
    assert feedback.requests_replacement and not feedback.proposes_commendation


def test_a_correction_cannot_make_the_form_contradict_itself(stage):
    # given a sent form that commends the cadre
    feedback = _submit(stage)
    # when the organizer corrects it into a replacement request, keeping the commendation
    with pytest.raises(ApplicationError) as refused:
        commune_feedback_correct(
            actor=stage.organizer,
            feedback=feedback,
            reason="Theo phiếu giấy.",
            requests_replacement=True,
            replacement_reason="Ít về cơ sở.",
        )
    assert (refused.value.code, refused.value.message) == ("contradictory_form", CONTRADICTION_COMMENDATION)
    # then the form is as it was sent, with no correction recorded
    unchanged = CommuneFeedback.objects.get()
    assert (unchanged.requests_replacement, unchanged.corrected_at) == (False, None)
    assert unchanged.history.count() == 1
    # dropping the commendation in the same correction is accepted
    commune_feedback_correct(
        actor=stage.organizer,
        feedback=feedback,
        reason="Theo phiếu giấy.",
        proposes_commendation=False,
        requests_replacement=True,
        replacement_reason="Ít về cơ sở.",
    )
    assert CommuneFeedback.objects.get().requests_replacement


def _send_as(user_id: int, stage) -> CommuneFeedback:
    # Each thread reads its own rows, as each gunicorn worker does.
    return commune_feedback_submit(
        actor=User.objects.get(pk=user_id),
        year=MonitoringYear.objects.get(pk=stage.year.pk),
        commune=Unit.objects.get(pk=stage.world.commune.pk),
        cadre=Cadre.objects.get(pk=stage.hanh.pk),
        completion_level=CompletionLevel.GOOD,
        comments="Gửi từ hai thẻ cùng lúc.",
        today=stage.day(12, 10),
    )


@concurrent
def test_the_same_form_sent_twice_at_once_is_written_once(stage):
    # given two tabs (or a tab and the API) sending the same form at the same moment
    outcomes = run_together(2, lambda _: _send_as(stage.committee.pk, stage))
    # then one form is written; the other is refused with the service's message, not a server error
    refusals = [o.error for o in outcomes if o.error is not None]
    assert len([o for o in outcomes if o.error is None]) == 1
    assert [(type(e), e.code) for e in refusals] == [(ApplicationError, "already_submitted")]  # type: ignore[attr-defined]
    assert "phiếu đã gửi không sửa được" in refusals[0].message  # type: ignore[attr-defined]
    assert CommuneFeedback.objects.count() == 1
    assert CommuneFeedback.history.count() == 1  # type: ignore[attr-defined]
