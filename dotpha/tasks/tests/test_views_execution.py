"""Execution pages: the progress report with evidence files and their guarded download, milestones done,
obstacles (raise, answer, resolve) and adjustment requests (request, approve, refuse)."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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


def test_marking_a_milestone_done(web, approved, client):
    milestone = MilestoneFactory.create(task=approved, due_date=web.today)
    client.force_login(web.cadre)
    response = client.post(reverse("tasks:milestone_complete", args=[milestone.pk]))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == web.today
    # twice is refused with the service's message
    response = client.post(reverse("tasks:milestone_complete", args=[milestone.pk]))
    assert f"Mốc đã hoàn thành ngày {web.today:%d/%m/%Y}." in response.text


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
