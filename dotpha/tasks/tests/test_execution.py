import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.tasks.files import MAX_EVIDENCE_BYTES
from dotpha.tasks.models import (
    Evidence,
    ProgressReport,
    ReportTargetValue,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.services import (
    evidence_add,
    milestone_complete,
    milestone_undo,
    progress_report_submit,
    target_record_value,
)
from dotpha.tasks.tests.evidence_samples import docx, jpeg, pdf, png, xls
from dotpha.tasks.tests.factories import MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db

REPORT_DAY = datetime.date(2024, 6, 5)


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def test_assignee_reports_progress_with_targets_and_evidence(stage, task):
    # given a target of 13 houses
    houses = TargetFactory.create(task=task)
    # when
    report = progress_report_submit(
        actor=stage.cadre,
        task=task,
        percent_done=60,
        narrative="  Đã khởi công 9/13 nhà, bàn giao 8 nhà.  ",
        target_values={houses: 8},
        files=[pdf(size=2000), png(), docx(), xls(), jpeg("anh.JPG")],
        today=REPORT_DAY,
    )
    # then
    report.refresh_from_db()
    houses.refresh_from_db()
    assert (report.reported_on, report.percent_done, report.author) == (REPORT_DAY, 60, stage.cadre)
    assert report.narrative == "Đã khởi công 9/13 nhà, bàn giao 8 nhà."
    assert houses.achieved_value == Decimal(8)
    assert ReportTargetValue.objects.get(report=report).value == Decimal(8)
    files = list(report.evidence.order_by("pk"))
    assert [f.original_name for f in files] == [
        "bien-ban.pdf",
        "anh-hien-truong.png",
        "bao-cao.docx",
        "so-lieu.xls",
        "anh.JPG",
    ]
    assert files[0].size == 2000 and files[0].uploaded_by == stage.cadre
    stored = files[0].file.name or ""
    assert stored.startswith("tasks/evidence/") and "bien-ban" not in stored
    event = task.events.get()
    assert event.kind == TaskEventKind.PROGRESS_REPORTED
    assert event.payload == {
        "report_id": report.pk,
        "percent_done": 60,
        "targets": {str(houses.pk): "8"},
        "files": 5,
    }
    assert report.history.get().history_user == stage.cadre
    assert houses.history.latest().history_user == stage.cadre


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ" + b"0" * 10), "chỉ nhận PDF, Word"),
        (SimpleUploadedFile("ghi-chu.txt", b"hello"), "không được chấp nhận"),
        (pdf(size=MAX_EVIDENCE_BYTES + 1), "vượt quá dung lượng cho phép"),
        (SimpleUploadedFile("gia-mao.pdf", b"MZ\x90\x00 not a pdf"), "không đúng định dạng PDF"),
        (SimpleUploadedFile("anh.png", b"\xff\xd8\xff\xe0 jpeg"), "không đúng định dạng PNG"),
        (SimpleUploadedFile("rong.pdf", b""), "rỗng"),
    ],
)
def test_evidence_refused_by_extension_size_or_content_and_nothing_is_saved(stage, task, upload, message):
    with pytest.raises(ApplicationError, match=message):
        progress_report_submit(
            actor=stage.cadre,
            task=task,
            percent_done=10,
            narrative="Báo cáo",
            files=[pdf(), upload],
            today=REPORT_DAY,
        )
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert not TaskEvent.objects.exists()


def test_a_file_of_exactly_ten_megabytes_is_accepted(stage, task):
    report = progress_report_submit(
        actor=stage.cadre,
        task=task,
        percent_done=10,
        narrative="Báo cáo",
        files=[pdf(size=MAX_EVIDENCE_BYTES)],
        today=REPORT_DAY,
    )
    assert report.evidence.get().size == MAX_EVIDENCE_BYTES


def test_more_evidence_for_an_existing_report(stage, task):
    report = progress_report_submit(
        actor=stage.cadre, task=task, percent_done=10, narrative="Báo cáo", today=REPORT_DAY
    )
    evidence_add(actor=stage.cadre, report=report, files=[png()])
    assert report.evidence.count() == 1
    with pytest.raises(PermissionDeniedError):
        evidence_add(actor=stage.approver, report=report, files=[png()])
    with pytest.raises(ApplicationError, match="Chọn tệp"):
        evidence_add(actor=stage.cadre, report=report, files=[])


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_must_be_between_0_and_100(stage, task, percent):
    with pytest.raises(ApplicationError, match="từ 0 đến 100"):
        progress_report_submit(
            actor=stage.cadre, task=task, percent_done=percent, narrative="x", today=REPORT_DAY
        )
    assert not ProgressReport.objects.exists()


def test_report_needs_narrative_and_targets_of_the_task(stage, task):
    other_target = TargetFactory.create(task=stage.make_task(status=TaskStatus.APPROVED))
    with pytest.raises(ApplicationError, match="Nêu kết quả"):
        progress_report_submit(actor=stage.cadre, task=task, percent_done=5, narrative=" ", today=REPORT_DAY)
    with pytest.raises(ApplicationError, match="không thuộc việc này"):
        progress_report_submit(
            actor=stage.cadre,
            task=task,
            percent_done=5,
            narrative="x",
            target_values={other_target: 1},
            today=REPORT_DAY,
        )
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ["approver", "unit_manager", "organizer", "inspector", "nobody"])
def test_only_the_assignee_reports(stage, task, role):
    with pytest.raises(PermissionDeniedError, match="Chỉ người được giao việc"):
        progress_report_submit(
            actor=stage.world.users[role], task=task, percent_done=5, narrative="x", today=REPORT_DAY
        )


@pytest.mark.parametrize(
    "status", [TaskStatus.DRAFT, TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.REJECTED]
)
def test_no_report_before_approval(stage, status):
    task = stage.make_task(status=status)
    with pytest.raises(ApplicationError, match="chưa được phê duyệt"):
        progress_report_submit(actor=stage.cadre, task=task, percent_done=5, narrative="x", today=REPORT_DAY)


def test_unit_manager_and_accountable_cadre_report_for_a_collective(stage):
    task = stage.make_task(
        status=TaskStatus.APPROVED,
        assignee_unit=stage.world.home_affairs,
        accountable_cadre=stage.cadre.cadre,
    )
    progress_report_submit(
        actor=stage.unit_manager, task=task, percent_done=20, narrative="x", today=REPORT_DAY
    )
    progress_report_submit(actor=stage.cadre, task=task, percent_done=30, narrative="y", today=REPORT_DAY)
    assert task.progress_reports.count() == 2
    with pytest.raises(PermissionDeniedError):
        progress_report_submit(
            actor=stage.commune, task=task, percent_done=40, narrative="z", today=REPORT_DAY
        )


def test_milestone_completed_and_reopened_by_the_assignee(stage, task):
    # given
    milestone = MilestoneFactory.create(task=task, title="Khởi công")
    # when
    milestone_complete(
        actor=stage.cadre, milestone=milestone, done_on=datetime.date(2024, 6, 1), today=REPORT_DAY
    )
    # then
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2024, 6, 1)
    assert milestone.history.latest().history_user == stage.cadre
    event = task.events.get()
    assert (event.kind, event.comment) == (TaskEventKind.MILESTONE_COMPLETED, "Khởi công")
    with pytest.raises(ApplicationError, match="đã hoàn thành ngày 01/06/2024"):
        milestone_complete(actor=stage.cadre, milestone=milestone, today=REPORT_DAY)
    # and reopened
    milestone_undo(actor=stage.cadre, milestone=milestone, comment="Chưa nghiệm thu")
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert task.events.latest("pk").kind == TaskEventKind.MILESTONE_REOPENED
    with pytest.raises(ApplicationError, match="chưa hoàn thành"):
        milestone_undo(actor=stage.cadre, milestone=milestone)


def test_milestone_cannot_be_done_in_the_future_nor_by_others(stage, task):
    milestone = MilestoneFactory.create(task=task)
    with pytest.raises(ApplicationError, match="sau hôm nay"):
        milestone_complete(
            actor=stage.cadre, milestone=milestone, done_on=datetime.date(2024, 7, 1), today=REPORT_DAY
        )
    with pytest.raises(PermissionDeniedError):
        milestone_complete(actor=stage.approver, milestone=milestone, today=REPORT_DAY)
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_target_value_kept_current_outside_reports(stage, task):
    target = TargetFactory.create(task=task)
    target_record_value(actor=stage.cadre, target=target, value="9")
    target.refresh_from_db()
    assert target.achieved_value == Decimal(9)
    assert task.events.get().payload == {"target_id": target.pk, "value": "9"}
    with pytest.raises(ApplicationError, match="không phải là số"):
        target_record_value(actor=stage.cadre, target=target, value="chín")
    with pytest.raises(PermissionDeniedError):
        target_record_value(actor=stage.approver, target=target, value=10)
