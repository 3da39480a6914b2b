"""Keeping a task current through the API: reports with target values, obstacles, adjustments,
milestones, the year-end evaluation; refusals say why and change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dotpha.api.tests.test_tasks_api import api_fixture, assert_refused  # noqa: F401
from dotpha.tasks.models import (
    AdjustmentRequest,
    Evaluation,
    Milestone,
    Obstacle,
    ProgressReport,
    TaskStatus,
)
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_a_report_with_a_target_value(api):
    task = api.stage.task(TaskStatus.APPROVED)
    target = TargetFactory.create(task=task)
    body = {
        "percent_done": 60,
        "narrative": "Đã khởi công 9/13 nhà.",
        "target_values": [{"target_id": target.pk, "value": 9}],
    }
    response = api.post("cadre", "progress_report_submit", task.pk, body=body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["percent_done"], data["narrative"]) == (60, "Đã khởi công 9/13 nhà.")
    assert data["target_values"] == [{"target_id": target.pk, "value": "9.00"}]
    assert data["author_name"] == "Đặng Thị Hạnh"
    assert data["reported_on"] == timezone.localdate().isoformat()
    target.refresh_from_db()
    assert target.achieved_value == Decimal(9)

    shown = api.get("approver", "task_get", task.pk).json()
    assert shown["latest_percent"] == 60
    assert shown["targets"][0]["achieved_value"] == "9.00"
    assert shown["progress_reports"][0]["id"] == data["id"]


def test_report_refusals_change_nothing(api):
    draft = api.stage.task()
    body = {"percent_done": 10, "narrative": "Bắt đầu."}
    response = api.post("cadre", "progress_report_submit", draft.pk, body=body)
    assert_refused(response, 400, "invalid_state", "Việc chưa được phê duyệt nên chưa báo cáo tiến độ.")

    task = api.stage.task(TaskStatus.APPROVED)
    foreign = TargetFactory.create(task=api.stage.task(TaskStatus.APPROVED))
    wrong = {**body, "target_values": [{"target_id": foreign.pk, "value": 1}]}
    response = api.post("cadre", "progress_report_submit", task.pk, body=wrong)
    assert_refused(response, 400, "target_mismatch", "Chỉ tiêu không thuộc việc này.")
    response = api.post("cadre", "progress_report_submit", task.pk, body={**body, "narrative": " "})
    assert_refused(response, 400, "narrative_required")
    response = api.post("cadre", "progress_report_submit", task.pk, body={**body, "percent_done": 101})
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "percent_done"
    response = api.post("approver", "progress_report_submit", task.pk, body=body)
    assert_refused(response, 403, "forbidden", "Chỉ người được giao việc mới báo cáo tiến độ.")
    assert not ProgressReport.objects.exists()
    foreign.refresh_from_db()
    assert foreign.achieved_value is None


def test_a_lower_percentage_needs_a_reason_and_the_api_shows_it(api):
    task = api.stage.task(TaskStatus.APPROVED)
    ProgressReportFactory.create(
        task=task, percent_done=60, reported_on=timezone.localdate(), author=task.author
    )
    body = {"percent_done": 45, "narrative": "Bão làm sập 2 nhà."}
    response = api.post("cadre", "progress_report_submit", task.pk, body=body)
    assert_refused(
        response,
        400,
        "progress_decrease_reason_required",
        "Tiến độ thấp hơn lần báo cáo trước (60%): nêu lý do.",
    )
    assert task.progress_reports.count() == 1
    response = api.post(
        "cadre", "progress_report_submit", task.pk, body={**body, "decrease_reason": "Bão số 3."}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["decrease_reason"], response.json()["confirmed_warning"]) == ("Bão số 3.", "")
    shown = api.get("approver", "task_get", task.pk).json()
    assert shown["progress_reports"][0]["decrease_reason"] == "Bão số 3."


def test_a_contradicting_percentage_is_a_422_until_confirmed(api):
    task = api.stage.task(TaskStatus.APPROVED)
    target = TargetFactory.create(task=task, target_value=Decimal(10))
    body = {
        "percent_done": 100,
        "narrative": "Đã xong.",
        "target_values": [{"target_id": target.pk, "value": 4}],
    }
    warning = (
        "Báo cáo hoàn thành 100% nhưng chỉ tiêu “Xây nhà cho hộ nghèo” mới đạt 4/10 nhà. "
        "Kiểm tra lại số liệu, hoặc xác nhận nếu số liệu đúng."
    )
    response = api.post("cadre", "progress_report_submit", task.pk, body=body)
    assert_refused(response, 422, "progress_contradicts_targets", warning)
    assert not ProgressReport.objects.exists()
    target.refresh_from_db()
    assert target.achieved_value is None
    response = api.post("cadre", "progress_report_submit", task.pk, body={**body, "confirmed": True})
    assert response.status_code == 201, response.content
    assert response.json()["confirmed_warning"] == warning
    # a consistent report needs no confirmation
    consistent = {**body, "target_values": [{"target_id": target.pk, "value": 10}]}
    assert api.post("cadre", "progress_report_submit", task.pk, body=consistent).status_code == 201


def test_an_obstacle_raised_answered_and_resolved(api):
    task = api.stage.task(TaskStatus.APPROVED)
    body = {"content": "Thiếu kinh phí", "proposal": "Bổ sung 200 triệu"}
    raised = api.post("cadre", "obstacle_raise", task.pk, body=body)
    assert raised.status_code == 201
    assert (raised.json()["status"], raised.json()["proposal"]) == ("open", "Bổ sung 200 triệu")
    pk = raised.json()["id"]

    response = api.post("cadre", "obstacle_resolve", pk, body={})
    assert_refused(response, 400, "not_answered", "Cấp có thẩm quyền chưa trả lời khó khăn này.")
    answered = api.post("approver", "obstacle_answer", pk, body={"answer": "Đã chỉ đạo Sở Tài chính."})
    assert answered.status_code == 200
    assert (answered.json()["status"], answered.json()["answer"]) == ("answered", "Đã chỉ đạo Sở Tài chính.")
    again = api.post("approver", "obstacle_answer", pk, body={"answer": "Lần hai"})
    assert_refused(again, 400, "invalid_state", "Khó khăn này đã được trả lời.")

    resolved = api.post("cadre", "obstacle_resolve", pk, body={"comment": "Đã nhận kinh phí."})
    assert resolved.status_code == 200 and resolved.json()["resolved_at"] is not None
    obstacle = Obstacle.objects.get(pk=pk)
    assert (obstacle.status, obstacle.answer, obstacle.resolved_by) == (
        "resolved",
        "Đã chỉ đạo Sở Tài chính.",
        api.user("cadre"),
    )
    assert [o["status"] for o in api.get("cadre", "task_get", task.pk).json()["obstacles"]] == ["resolved"]


def test_an_obstacle_is_answered_by_the_authority_only(api):
    obstacle = api.stage.obstacle()
    response = api.post("commune_committee", "obstacle_answer", obstacle.pk, body={"answer": "Xong"})
    assert_refused(response, 404, "not_found")
    response = api.post("cadre", "obstacle_answer", obstacle.pk, body={"answer": "Tự trả lời"})
    assert_refused(response, 403, "forbidden", "Không thể tự trả lời khó khăn của việc của chính mình.")
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.answer) == ("open", "")


def test_an_adjustment_approved_changes_the_task(api):
    task = api.stage.task(TaskStatus.APPROVED)
    target = TargetFactory.create(task=task)
    body = {"reason": "Vướng mặt bằng", "new_deadline": api.day(12, 15), "target_id": target.pk}
    response = api.post("cadre", "adjustment_request", task.pk, body={**body, "new_target_value": "10"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["original_deadline"], data["new_target_value"]) == (
        "pending",
        api.day(12, 31),
        "10.00",
    )
    second = api.post(
        "cadre", "adjustment_request", task.pk, body={"reason": "Nữa", "new_description": "Mới"}
    )
    assert_refused(second, 400, "pending_exists", "Việc đang có một đề nghị điều chỉnh chờ xem xét.")

    approved = api.post("approver", "adjustment_approve", data["id"], body={"comment": "Đồng ý."})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    task.refresh_from_db()
    target.refresh_from_db()
    assert (task.deadline, target.target_value) == (datetime.date(api.year, 12, 15), Decimal(10))
    assert api.get("cadre", "task_get", task.pk).json()["deadline"] == api.day(12, 15)


def test_refusing_an_adjustment_needs_a_comment(api):
    adjustment = api.stage.adjustment()
    response = api.post("approver", "adjustment_refuse", adjustment.pk, body={"comment": ""})
    assert_refused(response, 400, "comment_required", "Nêu lý do không chấp thuận điều chỉnh.")
    adjustment.refresh_from_db()
    assert adjustment.status == "pending"
    response = api.post("approver", "adjustment_refuse", adjustment.pk, body={"comment": "Chưa đủ căn cứ."})
    assert response.status_code == 200
    adjustment.refresh_from_db()
    assert (adjustment.status, adjustment.decision_comment) == ("refused", "Chưa đủ căn cứ.")
    assert AdjustmentRequest.objects.count() == 1


def test_milestones_planned_on_a_draft_and_completed_once_approved(api):
    draft = api.stage.task()
    body = {"title": "Khảo sát", "due_date": api.day(3, 31)}
    added = api.post("cadre", "milestone_add", draft.pk, body=body)
    assert added.status_code == 201
    assert (added.json()["title"], added.json()["done_on"]) == ("Khảo sát", None)
    assert Milestone.objects.filter(task=draft).count() == 1

    approved = api.stage.task(TaskStatus.APPROVED)
    response = api.post("cadre", "milestone_add", approved.pk, body=body)
    assert_refused(response, 400, "not_editable")
    milestone = MilestoneFactory.create(task=approved, due_date=datetime.date(api.year, 6, 30))
    done = api.post("cadre", "milestone_complete", milestone.pk)
    assert done.status_code == 200 and done.json()["done_on"] == timezone.localdate().isoformat()
    again = api.post("cadre", "milestone_complete", milestone.pk)
    assert_refused(again, 400, "already_done")
    assert Milestone.objects.filter(task=approved).count() == 1


def test_a_milestone_undone_the_same_day_and_not_after(api):
    task = api.stage.task(TaskStatus.APPROVED)
    milestone = MilestoneFactory.create(task=task, due_date=datetime.date(api.year, 6, 30))
    done = api.post("cadre", "milestone_complete", milestone.pk)
    assert done.json()["completed_at"] is not None
    # an organizer who sees the task may not
    response = api.post("organizer", "milestone_undo", milestone.pk, body={})
    assert_refused(response, 403, "forbidden")
    # the task's authority may, the same day
    undone = api.post("approver", "milestone_undo", milestone.pk, body={"comment": "Chưa nghiệm thu"})
    assert undone.status_code == 200, undone.content
    assert (undone.json()["done_on"], undone.json()["completed_at"]) == (None, None)
    assert task.events.latest("pk").comment == "Chưa nghiệm thu"
    # completed again, then a day later: refused
    api.post("cadre", "milestone_complete", milestone.pk)
    Milestone.objects.filter(pk=milestone.pk).update(completed_at=timezone.now() - datetime.timedelta(days=1))
    response = api.post("cadre", "milestone_undo", milestone.pk, body={})
    assert_refused(response, 400, "undo_expired")
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()


def test_self_assessment_then_evaluation(api):
    task = api.stage.task(TaskStatus.APPROVED)
    # reported done two months before the deadline: ahead of plan may be granted
    done_on = task.deadline - datetime.timedelta(days=60)
    ProgressReportFactory.create(task=task, reported_on=done_on, percent_done=100, author=task.author)

    def version() -> int:
        return api.get("approver", "task_get", task.pk).json()["version"]

    early = api.post("approver", "task_evaluate", task.pk, body={"grade": "good", "version": version()})
    assert_refused(early, 400, "not_self_assessed", "Người được giao chưa tự đánh giá việc này.")

    body: dict = {"self_grade": "excellent", "self_assessment": "Vượt chỉ tiêu."}
    response = api.post("cadre", "task_self_assess", task.pk, body=body)
    assert response.status_code == 200
    assert (response.json()["self_grade"], response.json()["grade"]) == ("excellent", None)

    api.stage.programme.grades = ["good", "completed", "not_completed"]
    api.stage.programme.save()
    body = {"grade": "excellent", "version": version()}
    outside = api.post("approver", "task_evaluate", task.pk, body=body)
    assert_refused(outside, 400, "invalid_grade")
    body = {"grade": "good", "ahead_of_plan": True, "comment": "Tốt.", "version": version()}
    graded = api.post("approver", "task_evaluate", task.pk, body=body)
    assert graded.status_code == 200
    assert (graded.json()["grade"], graded.json()["ahead_of_plan"]) == ("good", True)
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.evaluated_by) == ("good", api.user("approver"))
    listed = api.get("cadre", "task_list").json()["items"]
    assert [t["grade"] for t in listed if t["id"] == task.pk] == ["good"]
    shown = api.get("cadre", "task_get", task.pk).json()["evaluation"]
    assert (shown["self_grade"], shown["grade"], shown["comment"]) == ("excellent", "good", "Tốt.")


def test_the_assignee_does_not_grade_herself(api):
    task = api.stage.self_assessed()
    response = api.post("cadre", "task_evaluate", task.pk, body={"grade": "excellent", "version": 1})
    assert_refused(response, 403, "forbidden", "Không thể tự đánh giá việc của chính mình.")
    assert Evaluation.objects.get(task=task).grade == ""


def test_the_api_refuses_grades_that_contradict_the_record_as_the_page_does(api):
    task = api.stage.self_assessed()
    ProgressReportFactory.create(
        task=task,
        reported_on=task.deadline - datetime.timedelta(days=90),
        percent_done=60,
        author=task.author,
    )

    def version() -> int:
        return api.get("approver", "task_get", task.pk).json()["version"]

    seen = version()
    missing = api.post("approver", "task_evaluate", task.pk, body={"comment": "Tốt.", "version": seen})
    assert missing.status_code == 422  # the grade is required, never assumed
    body = {"grade": "excellent", "ahead_of_plan": True, "comment": "Tốt.", "version": seen}
    ahead = api.post("approver", "task_evaluate", task.pk, body=body)
    assert_refused(
        ahead,
        400,
        "not_ahead_of_plan",
        "Chỉ đánh giá «Hoàn thành trước kế hoạch» khi việc đã hoàn thành (báo cáo tiến độ gần nhất đạt 100%, "
        "hoặc mọi chỉ tiêu và mốc đã đạt) trước ngày hết hạn.",
    )
    reasonless = api.post("approver", "task_evaluate", task.pk, body={"grade": "good", "version": seen})
    assert_refused(
        reasonless,
        400,
        "reason_required",
        "Báo cáo tiến độ gần nhất của việc mới đạt 60%: nêu lý do đánh giá mức «Hoàn thành tốt» "
        "trong phần nhận xét.",
    )
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.grade, evaluation.ahead_of_plan, evaluation.comment) == ("", False, "")
    assert version() == seen
    body = {"grade": "good", "comment": "Phần còn lại do khách quan.", "version": seen}
    graded = api.post("approver", "task_evaluate", task.pk, body=body)
    assert graded.status_code == 200
    shown = api.get("cadre", "task_get", task.pk).json()
    assert (shown["evaluation"]["grade"], shown["evaluation"]["comment"]) == (
        "good",
        "Phần còn lại do khách quan.",
    )
    # graded, its derived state follows the evaluation, not the calendar
    assert shown["progress"] == "evaluated"
