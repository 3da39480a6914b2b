"""Execution pages: the progress report with evidence files and their guarded download, milestones done,
obstacles (raise, answer, resolve) and adjustment requests (request, approve, refuse)."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dotpha.tasks.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    Evidence,
    Obstacle,
    ObstacleStatus,
    ProgressReport,
    TaskStatus,
)
from dotpha.tasks.tests.evidence_samples import image_bytes, pdf_bytes
from dotpha.tasks.tests.factories import MilestoneFactory, TargetFactory
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
PNG = image_bytes("PNG")


@pytest.fixture
def approved(web):
    task = web.task(status=TaskStatus.APPROVED, title="Xây 13 nhà cho hộ nghèo")
    TargetFactory.create(task=task)
    return task


def report_data(target, **changes) -> dict:
    data = {"percent_done": "60", "narrative": "Đã khởi công 9/13 nhà.", f"target_{target.pk}": "9"}
    data.update(changes)
    return data


def test_the_report_form_is_for_the_assignee(web, approved, client):
    client.force_login(web.cadre)
    response = client.get(reverse("tasks:report", args=[approved.pk]))
    assert response.status_code == 200
    assert "Xây nhà cho hộ nghèo — đã đạt (nhà), phải đạt 13" in response.text
    client.force_login(web.approver)
    assert client.get(reverse("tasks:report", args=[approved.pk])).status_code == 403
    client.force_login(web.commune)
    assert client.get(reverse("tasks:report", args=[approved.pk])).status_code == 404


def test_a_report_with_two_evidence_files_and_a_target_value(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()
    files = [
        SimpleUploadedFile("Biên bản khởi công.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("ảnh công trình.png", PNG, content_type="image/png"),
    ]
    response = client.post(
        reverse("tasks:report", args=[approved.pk]), {**report_data(target), "evidence": files}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.percent_done, report.narrative, report.author) == (60, "Đã khởi công 9/13 nhà.", web.cadre)
    assert sorted(report.evidence.values_list("original_name", flat=True)) == [
        "Biên bản khởi công.pdf",
        "ảnh công trình.png",
    ]
    target.refresh_from_db()
    assert target.achieved_value == 9
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    assert "Biên bản khởi công.pdf" in page.text
    assert "/media/" not in page.text


def test_a_renamed_executable_is_refused_and_nothing_is_saved(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("tasks:report", args=[approved.pk]), {**report_data(target), "evidence": [fake]}
    )
    assert response.status_code == 200
    assert "Nội dung tệp “bao-cao.pdf” không đúng định dạng PDF." in response.text
    assert "Đã khởi công 9/13 nhà." in response.text  # the narrative is kept
    assert ProgressReport.objects.count() == 0
    target.refresh_from_db()
    assert target.achieved_value is None


def test_a_report_on_a_task_not_yet_approved_is_refused(web, client):
    task = web.task(status=TaskStatus.SUBMITTED)
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:report", args=[task.pk]), {"percent_done": "10", "narrative": "x"})
    assert "Việc chưa được phê duyệt nên chưa báo cáo tiến độ." in response.text
    assert ProgressReport.objects.count() == 0


def test_a_lower_percentage_asks_for_a_reason_keeps_what_was_typed_and_shows_it(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()
    url = reverse("tasks:report", args=[approved.pk])
    # the first report has no reason field: nothing to fall below
    assert "Lý do tiến độ thấp hơn lần báo cáo trước" not in client.get(url).text
    client.post(url, report_data(target))  # 60%, 9 houses
    form = client.get(url).text
    assert "Bắt buộc khi tỷ lệ hoàn thành thấp hơn lần báo cáo trước (60%)." in form
    # 45% with no reason: refused, typed figures kept
    lower = report_data(
        target, percent_done="45", narrative="Bão làm sập 2 nhà.", **{f"target_{target.pk}": "7"}
    )
    response = client.post(url, lower)
    assert response.status_code == 200
    assert "Tiến độ thấp hơn lần báo cáo trước (60%): nêu lý do." in response.text
    assert 'value="45"' in response.text and "Bão làm sập 2 nhà." in response.text
    assert ProgressReport.objects.count() == 1
    # with the reason it is sent, and the reason shows in the task's reports
    response = client.post(url, {**lower, "decrease_reason": "Bão số 3 làm sập 2 nhà đang xây."}, follow=True)
    assert ProgressReport.objects.get(percent_done=45).decrease_reason == "Bão số 3 làm sập 2 nhà đang xây."
    assert "Lý do tiến độ thấp hơn lần trước:" in response.text
    assert "Bão số 3 làm sập 2 nhà đang xây." in response.text


def test_a_contradicting_percentage_is_warned_then_confirmed(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()  # 13 houses
    url = reverse("tasks:report", args=[approved.pk])
    done = report_data(target, percent_done="100", narrative="Đã xong.", **{f"target_{target.pk}": "5"})
    # when 100% with 5 of 13 houses
    response = client.post(url, done)
    # then a warning with a box to tick, what was typed kept, nothing saved
    assert response.status_code == 200
    assert "Báo cáo hoàn thành 100% nhưng chỉ tiêu “Xây nhà cho hộ nghèo” mới đạt 5/13 nhà." in response.text
    assert "Tôi xác nhận số liệu này" in response.text
    assert 'name="confirmed"' in response.text and "checked" not in response.text
    assert 'value="100"' in response.text and 'value="5"' in response.text and "Đã xong." in response.text
    assert ProgressReport.objects.count() == 0
    # when confirmed, it is sent and the task's reports say the reporter confirmed the warning
    response = client.post(url, {**done, "confirmed": "on"}, follow=True)
    report = ProgressReport.objects.get()
    assert report.percent_done == 100 and "mới đạt 5/13 nhà" in report.confirmed_warning
    assert "Người báo cáo đã xác nhận số liệu dù có cảnh báo:" in response.text


def test_files_chosen_before_a_warning_must_be_chosen_again(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()
    pdf = SimpleUploadedFile("Biên bản.pdf", PDF, content_type="application/pdf")
    data = report_data(target, percent_done="100", **{f"target_{target.pk}": "5"})
    response = client.post(reverse("tasks:report", args=[approved.pk]), {**data, "evidence": [pdf]})
    assert "Tệp minh chứng đã chọn chưa được gửi: chọn lại tệp trước khi gửi báo cáo." in response.text
    assert Evidence.objects.count() == 0


@pytest.fixture
def evidence(web, approved, client):
    client.force_login(web.cadre)
    target = approved.targets.get()
    upload = SimpleUploadedFile("Biên bản nghiệm thu.pdf", PDF, content_type="application/pdf")
    client.post(reverse("tasks:report", args=[approved.pk]), {**report_data(target), "evidence": [upload]})
    client.logout()
    return Evidence.objects.get()


def test_evidence_is_served_with_its_original_name_to_those_who_see_the_task(web, evidence, client):
    for user in (web.cadre, web.approver, web.organizer, web.unit_manager, web.inspector):
        client.force_login(user)
        response = client.get(reverse("tasks:evidence", args=[evidence.pk]))
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert quote("Biên bản nghiệm thu.pdf") in disposition
        assert response["Content-Type"] == "application/pdf"


def test_evidence_is_not_disclosed_to_others(web, evidence, client):
    for user in (web.commune, web.nobody):
        client.force_login(user)
        assert client.get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 302
    assert not evidence.file.name.startswith("/")
    assert "Biên bản" not in evidence.file.name  # stored under a random name


def test_marking_a_milestone_done_goes_through_a_confirmation_page(web, approved, client):
    milestone = MilestoneFactory.create(task=approved, title="Khởi công nhà đầu tiên", due_date=web.today)
    client.force_login(web.cadre)
    # the task page links to the confirmation, it does not post
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    confirm_url = reverse("tasks:milestone_complete", args=[milestone.pk])
    assert f'href="{confirm_url}"' in page.text
    # the confirmation names the milestone; opening it changes nothing
    response = client.get(confirm_url)
    assert response.status_code == 200
    assert "Xác nhận hoàn thành mốc" in response.text and "Khởi công nhà đầu tiên" in response.text
    milestone.refresh_from_db()
    assert milestone.done_on is None
    # confirming records it (today, the day left empty)
    response = client.post(confirm_url, {"done_on": ""})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.completed_by) == (web.today, web.cadre)
    # twice is refused with the service's message
    response = client.post(confirm_url)
    assert f"Mốc đã hoàn thành ngày {web.today:%d/%m/%Y}." in response.text


def test_the_confirmation_keeps_a_bad_date_and_says_why(web, approved, client):
    milestone = MilestoneFactory.create(task=approved, due_date=web.today)
    client.force_login(web.cadre)
    url = reverse("tasks:milestone_complete", args=[milestone.pk])
    tomorrow = f"{web.today + datetime.timedelta(days=1):%d/%m/%Y}"
    response = client.post(url, {"done_on": tomorrow})
    assert response.status_code == 200
    assert "Ngày hoàn thành mốc không được sau hôm nay." in response.text
    assert f'value="{tomorrow}"' in response.text
    response = client.post(url, {"done_on": "2026-03-05"})
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.text
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_only_the_assignee_opens_the_confirmation(web, approved, client):
    milestone = MilestoneFactory.create(task=approved, due_date=web.today)
    url = reverse("tasks:milestone_complete", args=[milestone.pk])
    client.force_login(web.approver)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(web.commune)
    assert client.get(url).status_code == 404
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_milestone_done_today_is_undone_from_the_task_page(web, approved, client):
    milestone = MilestoneFactory.create(task=approved, title="Khởi công", due_date=web.today)
    client.force_login(web.cadre)
    client.post(reverse("tasks:milestone_complete", args=[milestone.pk]))
    undo_url = reverse("tasks:milestone_undo", args=[milestone.pk])
    # the task authority sees the button too; an organizer does not and is refused
    client.force_login(web.stage.organizer)
    assert undo_url not in client.get(reverse("tasks:detail", args=[approved.pk])).text
    assert client.post(undo_url).status_code == 403
    client.force_login(web.approver)
    assert undo_url in client.get(reverse("tasks:detail", args=[approved.pk])).text
    # the cadre undoes it
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    assert "Hủy hoàn thành" in page.text and undo_url in page.text
    response = client.post(undo_url, follow=True)
    assert "Đã hủy ghi nhận hoàn thành mốc “Khởi công”." in response.text
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert "Mở lại mốc" in response.text  # the timeline


def test_a_milestone_done_yesterday_is_not_undone(web, approved, client):
    milestone = MilestoneFactory.create(
        task=approved,
        due_date=web.today,
        done_on=web.today,
        completed_by=web.cadre,
        completed_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(web.cadre)
    undo_url = reverse("tasks:milestone_undo", args=[milestone.pk])
    assert undo_url not in client.get(reverse("tasks:detail", args=[approved.pk])).text
    response = client.post(undo_url)
    assert response.status_code == 200
    assert "chỉ hủy được trong ngày ghi nhận." in response.text
    milestone.refresh_from_db()
    assert milestone.done_on == web.today


def test_obstacle_raised_answered_and_resolved(web, approved, client):
    # the assignee raises it
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    assert "Nêu khó khăn, vướng mắc" in page.text
    response = client.post(
        reverse("tasks:obstacle_raise", args=[approved.pk]),
        {"content": "Thiếu kinh phí đối ứng.", "proposal": "Đề nghị tỉnh hỗ trợ 2 tỷ đồng."},
    )
    assert response.status_code == 302
    obstacle = Obstacle.objects.get()
    assert obstacle.status == ObstacleStatus.OPEN
    # she cannot answer it; the authority can
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    assert "Gửi trả lời" not in page.text
    response = client.post(reverse("tasks:obstacle_answer", args=[obstacle.pk]), {"answer": "Tự trả lời"})
    assert response.status_code == 403
    assert "Không thể tự trả lời khó khăn của việc của chính mình." in response.text
    client.force_login(web.approver)
    page = client.get(reverse("tasks:detail", args=[approved.pk]))
    assert "Gửi trả lời" in page.text
    client.post(
        reverse("tasks:obstacle_answer", args=[obstacle.pk]), {"answer": "Giao Sở Tài chính cân đối."}
    )
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.answer) == (ObstacleStatus.ANSWERED, "Giao Sở Tài chính cân đối.")
    # the assignee confirms it is resolved
    client.force_login(web.cadre)
    client.post(reverse("tasks:obstacle_resolve", args=[obstacle.pk]), {"comment": ""})
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.RESOLVED


def test_an_empty_obstacle_is_refused_by_the_form(web, approved, client):
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:obstacle_raise", args=[approved.pk]), {"content": ""})
    assert response.status_code == 200
    assert Obstacle.objects.count() == 0


def test_an_obstacle_on_a_task_out_of_sight_is_not_disclosed(web, approved, client):
    obstacle = Obstacle.objects.create(task=approved, content="x", raised_by=web.cadre)
    client.force_login(web.commune)
    assert (
        client.post(reverse("tasks:obstacle_answer", args=[obstacle.pk]), {"answer": "y"}).status_code == 404
    )


def test_adjustment_requested_then_approved(web, approved, client):
    client.force_login(web.cadre)
    new_deadline = web.deadline - datetime.timedelta(days=10)
    response = client.post(
        reverse("tasks:adjustment_request", args=[approved.pk]),
        {"reason": "Vướng mặt bằng.", "new_deadline": f"{new_deadline:%d/%m/%Y}"},
    )
    assert response.status_code == 302
    adjustment = AdjustmentRequest.objects.get()
    # a second one while the first waits is refused
    response = client.post(
        reverse("tasks:adjustment_request", args=[approved.pk]),
        {"reason": "Lần hai.", "new_description": "Nội dung khác"},
    )
    # the form is not shown while one waits; a forged post gets the service's refusal
    assert "Việc đang có một đề nghị điều chỉnh chờ xem xét." in response.text
    client.force_login(web.approver)
    client.post(reverse("tasks:adjustment_decide", args=[adjustment.pk]), {"action": "approve"})
    adjustment.refresh_from_db()
    approved.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert approved.deadline == new_deadline


def test_adjustment_refused_needs_a_comment(web, approved, client):
    adjustment = AdjustmentRequest.objects.create(
        task=approved, reason="Lý do", requested_by=web.cadre, new_description="Mới"
    )
    client.force_login(web.approver)
    response = client.post(reverse("tasks:adjustment_decide", args=[adjustment.pk]), {"action": "refuse"})
    assert "Nêu lý do không chấp thuận điều chỉnh." in response.text
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING
    client.post(
        reverse("tasks:adjustment_decide", args=[adjustment.pk]),
        {"action": "refuse", "comment": "Chưa đủ căn cứ."},
    )
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.REFUSED


def test_an_adjustment_that_changes_nothing_is_refused(web, approved, client):
    client.force_login(web.cadre)
    response = client.post(
        reverse("tasks:adjustment_request", args=[approved.pk]), {"reason": "Không đổi gì"}
    )
    assert "Đề nghị điều chỉnh chưa thay đổi nội dung nào." in response.text
    assert "Không đổi gì" in response.text
    assert AdjustmentRequest.objects.count() == 0
