"""Progress reports that cannot contradict the record: a lower percentage needs a reason, a percentage that
contradicts the targets and milestones needs the reporter's confirmation; a milestone marked done by
mistake is undone the same day, audited."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from dotpha.core.errors import ApplicationError, ConfirmationRequiredError, PermissionDeniedError
from dotpha.tasks.models import Milestone, ProgressReport, TaskEventKind, TaskStatus
from dotpha.tasks.services import milestone_complete, milestone_undo, progress_report_submit
from dotpha.tasks.services.report_consistency import progress_contradiction
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 5)


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def report(stage, task, percent, **kwargs):
    return progress_report_submit(
        actor=stage.cadre, task=task, percent_done=percent, narrative="Kết quả trong kỳ.", today=DAY, **kwargs
    )


def earlier(stage, task, percent, *, days_before):
    return ProgressReportFactory.create(
        task=task,
        percent_done=percent,
        reported_on=DAY - datetime.timedelta(days=days_before),
        author=stage.cadre,
    )


# ---- lower than the previous report


def test_a_lower_percentage_without_a_reason_is_refused_and_nothing_is_saved(stage, task):
    # given a report at 60%
    earlier(stage, task, 60, days_before=30)
    version = task.events.count()
    # when the next one says 45% with no reason (spaces only)
    with pytest.raises(ApplicationError) as refusal:
        report(stage, task, 45, decrease_reason="   ")
    # then
    assert refusal.value.message == "Tiến độ thấp hơn lần báo cáo trước (60%): nêu lý do."
    assert refusal.value.code == "progress_decrease_reason_required"
    assert task.progress_reports.count() == 1
    assert task.events.count() == version


def test_a_lower_percentage_with_a_reason_keeps_the_reason(stage, task):
    earlier(stage, task, 60, days_before=30)
    # when
    sent = report(stage, task, 45, decrease_reason="  Hai nhà bị bão làm sập, phải làm lại.  ")
    # then the reason is stored, audited and in the timeline's payload
    sent.refresh_from_db()
    assert (sent.percent_done, sent.decrease_reason) == (45, "Hai nhà bị bão làm sập, phải làm lại.")
    assert sent.history.get().decrease_reason == "Hai nhà bị bão làm sập, phải làm lại."
    event = task.events.get(kind=TaskEventKind.PROGRESS_REPORTED)
    assert event.payload["decrease_reason"] == "Hai nhà bị bão làm sập, phải làm lại."


def test_the_previous_report_is_the_latest_one_and_an_equal_or_higher_percentage_needs_no_reason(stage, task):
    # given 70% then 50% (with its reason): the previous report is the 50% one
    earlier(stage, task, 70, days_before=60)
    earlier(stage, task, 50, days_before=30)
    # when 50% and then 55%, no reason
    same = report(stage, task, 50, decrease_reason="không giảm")
    higher = report(stage, task, 55)
    # then both go through, and a reason beside a report that did not go down is not kept
    assert same.decrease_reason == "" and higher.decrease_reason == ""
    # and 54% after 55% needs one again
    with pytest.raises(ApplicationError, match=r"thấp hơn lần báo cáo trước \(55%\)"):
        report(stage, task, 54)


def test_the_first_report_needs_no_reason(stage, task):
    assert report(stage, task, 0).decrease_reason == ""


# ---- contradicting the targets and milestones


def test_100_percent_while_a_target_is_at_40_percent_needs_confirmation(stage, task):
    # given a goal of 10 houses, 4 built
    houses = TargetFactory.create(task=task, target_value=Decimal(10), achieved_value=Decimal(4))
    # when the report says 100% without confirming
    with pytest.raises(ConfirmationRequiredError) as warning:
        report(stage, task, 100)
    # then refused with the warning, nothing saved
    assert warning.value.code == "progress_contradicts_targets"
    assert warning.value.message == (
        "Báo cáo hoàn thành 100% nhưng chỉ tiêu “Xây nhà cho hộ nghèo” mới đạt 4/10 nhà. "
        "Kiểm tra lại số liệu, hoặc xác nhận nếu số liệu đúng."
    )
    assert not ProgressReport.objects.filter(task=task).exists()
    assert not task.events.exists()
    # when confirmed, it is saved with the warning the reporter confirmed
    sent = report(stage, task, 100, confirmed=True)
    assert sent.confirmed_warning == warning.value.message
    assert task.events.get().payload["confirmed_warning"] == warning.value.message
    houses.refresh_from_db()
    assert houses.achieved_value == Decimal(4)


def test_the_values_sent_with_the_report_count_and_an_open_milestone_contradicts_100_percent(stage, task):
    TargetFactory.create(task=task, target_value=Decimal(10), achieved_value=Decimal(4))
    MilestoneFactory.create(task=task, title="Bàn giao nhà")
    target = task.targets.get()
    # the 10 houses sent with the report reach the goal, but the hand-over is not done
    with pytest.raises(ConfirmationRequiredError, match=r"nhưng mốc “Bàn giao nhà” chưa hoàn thành\."):
        report(stage, task, 100, target_values={target: 10})
    # with the milestone done, 100% and 10/10 agree
    Milestone.objects.filter(task=task).update(done_on=DAY)
    assert report(stage, task, 100, target_values={target: 10}).confirmed_warning == ""


def test_20_percent_while_every_target_and_milestone_is_met_needs_confirmation(stage, task):
    TargetFactory.create(task=task, target_value=Decimal(13), achieved_value=Decimal(13))
    MilestoneFactory.create(task=task, done_on=DAY)
    with pytest.raises(ConfirmationRequiredError) as warning:
        report(stage, task, 20)
    assert warning.value.message == (
        "Tỷ lệ báo cáo 20% khác xa số liệu của việc: các chỉ tiêu đạt bình quân 100% giá trị phải đạt. "
        "Kiểm tra lại số liệu, hoặc xác nhận nếu số liệu đúng."
    )
    assert report(stage, task, 20, confirmed=True).confirmed_warning == warning.value.message


def test_the_warning_confirmed_is_kept_in_vietnamese_whatever_the_reporters_language(stage, task):
    TargetFactory.create(task=task, target_value=Decimal(13), achieved_value=Decimal(13))
    with translation.override("en"):
        sent = report(stage, task, 20, confirmed=True)
    kept = (
        "Tỷ lệ báo cáo 20% khác xa số liệu của việc: các chỉ tiêu đạt bình quân 100% giá trị phải đạt. "
        "Kiểm tra lại số liệu, hoặc xác nhận nếu số liệu đúng."
    )
    assert sent.confirmed_warning == kept
    assert task.events.get().payload["confirmed_warning"] == kept


def test_without_targets_the_share_of_milestones_done_is_the_measure(stage, task):
    MilestoneFactory.create(task=task, done_on=DAY)
    MilestoneFactory.create(task=task, done_on=DAY)
    with pytest.raises(ConfirmationRequiredError, match="đã hoàn thành 100% số mốc"):
        report(stage, task, 20)
    assert report(stage, task, 60).confirmed_warning == ""


@pytest.mark.parametrize(
    ("percent", "contradicts"),
    [(0, False), (50, False), (51, True), (99, True)],
)
def test_the_gap_allowed_is_50_points(percent, contradicts):
    # a goal of 13 houses, none reached yet: the record shows 0%
    target = TargetFactory.build(pk=1, target_value=Decimal(13), achieved_value=None)
    warning = progress_contradiction(percent, targets=[target], values={}, milestones=[])
    assert (warning is not None) == contradicts


def test_targets_average_their_capped_shares_and_a_zero_goal_counts_as_met():
    # 20/10 counts as 100%, not 200%; 0/10 as 0%; a goal of 0 as met: average 67%
    targets = [
        TargetFactory.build(pk=1, target_value=Decimal(10), achieved_value=Decimal(20)),
        TargetFactory.build(pk=2, target_value=Decimal(10), achieved_value=Decimal(0)),
        TargetFactory.build(pk=3, target_value=Decimal(0), achieved_value=Decimal(0)),
    ]
    assert progress_contradiction(17, targets=targets, values={}, milestones=[]) is None
    warning = progress_contradiction(16, targets=targets, values={}, milestones=[])
    assert warning is not None and "bình quân 67%" in warning.message


def test_a_task_without_targets_or_milestones_never_contradicts(stage, task):
    assert report(stage, task, 100).confirmed_warning == ""
    assert progress_contradiction(3, targets=[], values={}, milestones=[]) is None


def test_a_missing_reason_is_said_before_the_contradiction(stage, task):
    # both apply: the reason is asked first, the confirmation last
    earlier(stage, task, 60, days_before=30)
    TargetFactory.create(task=task, target_value=Decimal(10), achieved_value=Decimal(10))
    with pytest.raises(ApplicationError) as refusal:
        report(stage, task, 10)
    assert refusal.value.code == "progress_decrease_reason_required"
    with pytest.raises(ConfirmationRequiredError):
        report(stage, task, 10, decrease_reason="Số liệu trước báo nhầm.")
    sent = report(stage, task, 10, decrease_reason="Số liệu trước báo nhầm.", confirmed=True)
    assert sent.decrease_reason == "Số liệu trước báo nhầm." and sent.confirmed_warning


# ---- undoing a milestone done


def test_completion_records_who_and_when(stage, task):
    milestone = MilestoneFactory.create(task=task)
    milestone_complete(actor=stage.cadre, milestone=milestone, done_on=DAY, today=DAY)
    milestone.refresh_from_db()
    assert milestone.completed_by == stage.cadre
    assert milestone.completed_at is not None
    assert timezone.localdate(milestone.completed_at) == timezone.localdate()


def test_the_person_who_completed_it_undoes_it_the_same_day_audited(stage, task):
    # given a milestone marked done today (dated 01/06/2024, the day it was reached)
    milestone = MilestoneFactory.create(task=task, title="Khởi công")
    milestone_complete(actor=stage.cadre, milestone=milestone, done_on=datetime.date(2024, 6, 1))
    # when
    milestone_undo(actor=stage.cadre, milestone=milestone)
    # then it is open again, with its own event and a history row naming the cadre
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.completed_by, milestone.completed_at) == (None, None, None)
    event = task.events.latest("pk")
    assert (event.kind, event.actor, event.comment) == (
        TaskEventKind.MILESTONE_REOPENED,
        stage.cadre,
        "Khởi công",
    )
    assert event.payload == {"milestone_id": milestone.pk, "undone_done_on": "2024-06-01"}
    latest = milestone.history.latest()
    assert (latest.history_user, latest.done_on) == (stage.cadre, None)
    assert milestone.history.count() == 3  # created, completed, undone


def test_the_task_authority_may_undo_it_too(stage, task):
    milestone = MilestoneFactory.create(task=task)
    milestone_complete(actor=stage.cadre, milestone=milestone)
    milestone_undo(actor=stage.approver, milestone=milestone, comment="Chưa nghiệm thu")
    milestone.refresh_from_db()
    assert milestone.done_on is None
    event = task.events.latest("pk")
    assert (event.actor, event.comment) == (stage.approver, "Chưa nghiệm thu")


@pytest.mark.parametrize("role", ["unit_manager", "organizer", "inspector", "commune", "nobody"])
def test_others_may_not_undo_it(stage, task, role):
    milestone = MilestoneFactory.create(task=task)
    milestone_complete(actor=stage.cadre, milestone=milestone, done_on=DAY)
    with pytest.raises(PermissionDeniedError) as refusal:
        milestone_undo(actor=getattr(stage, role), milestone=milestone)
    assert refusal.value.message == (
        "Chỉ người đã ghi nhận hoàn thành mốc hoặc cấp có thẩm quyền mới hủy được việc ghi nhận."
    )
    milestone.refresh_from_db()
    assert milestone.done_on == DAY


def test_after_that_day_nobody_may_undo_it(stage, task):
    # given a completion recorded yesterday
    milestone = MilestoneFactory.create(task=task)
    milestone_complete(actor=stage.cadre, milestone=milestone, done_on=DAY)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Milestone.objects.filter(pk=milestone.pk).update(completed_at=yesterday)
    events = task.events.count()
    # when / then: refused for the cadre and the authority alike, nothing changes
    for actor in (stage.cadre, stage.approver):
        with pytest.raises(ApplicationError) as refusal:
            milestone_undo(actor=actor, milestone=milestone)
        assert refusal.value.code == "undo_expired"
        assert refusal.value.message == (
            f"Mốc đã được ghi nhận hoàn thành ngày {timezone.localdate(yesterday):%d/%m/%Y}: "
            "chỉ hủy được trong ngày ghi nhận."
        )
    milestone.refresh_from_db()
    assert milestone.done_on == DAY
    assert task.events.count() == events


def test_a_completion_of_unknown_time_cannot_be_undone(stage, task):
    # recorded before completions kept their time
    milestone = MilestoneFactory.create(task=task, done_on=DAY)
    with pytest.raises(ApplicationError, match=r"^Mốc đã được ghi nhận hoàn thành: chỉ hủy được trong ngày"):
        milestone_undo(actor=stage.cadre, milestone=milestone)


def test_an_open_milestone_has_nothing_to_undo(stage, task):
    milestone = MilestoneFactory.create(task=task)
    with pytest.raises(ApplicationError, match=r"^Mốc chưa hoàn thành\.$"):
        milestone_undo(actor=stage.cadre, milestone=milestone)
