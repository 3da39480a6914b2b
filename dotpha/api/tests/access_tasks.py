"""The task operations with every role, on the page table's stage (the cadre Đặng Thị Hạnh's tasks under
the standing committee's programme): who sees a task is the page table's SEE_TASK; who may act is who may
post the same form on the task page. Writes make a fresh task (or row) for every role."""

import itertools

from django.urls import reverse
from django.utils import timezone

from dotpha.api.tests.access import ALL, ApiCase, only, seen_but
from dotpha.tasks.models import ObstacleStatus, TaskStatus
from dotpha.tasks.tests.factories import MilestoneFactory
from dotpha.tests.test_access import SEE_TASK, TaskStage

CADRE = {"cadre"}
APPROVER = {"approver"}


def cases(world) -> list[ApiCase]:
    stage = TaskStage(world)
    draft = stage.task()
    approved = stage.task(TaskStatus.APPROVED)
    deputy = stage.cadre.cadre

    def url(name: str, make):
        return lambda: reverse(f"api:{name}", args=[make().pk])

    def milestone():
        return MilestoneFactory.create(task=stage.task(TaskStatus.APPROVED), due_date=timezone.localdate())

    def completed_today():
        return MilestoneFactory.create(
            task=stage.task(TaskStatus.APPROVED),
            due_date=timezone.localdate(),
            done_on=timezone.localdate(),
            completed_by=stage.cadre,
            completed_at=timezone.now(),
        )

    new_task = {
        "programme_id": stage.programme.pk,
        "period_id": stage.period.pk,
        "assignee_cadre_id": deputy.pk,
        "title": "Số hóa hồ sơ cán bộ",
    }
    assigned = {
        **new_task,
        "description": "Số hóa toàn bộ hồ sơ.",
        "deliverable": "Cơ sở dữ liệu hồ sơ.",
        "start_date": f"{stage.year}-01-01",
        "deadline": f"{stage.year}-12-31",
    }
    submitted = lambda: stage.task(TaskStatus.SUBMITTED)  # noqa: E731
    standing = world.standing.pk
    sheet = reverse("api:grading_sheet_get", args=[stage.period.pk, standing])
    confirming: dict = {}

    def sheet_to_confirm() -> str:
        """A period of its own for every role: one confirmation locks a sheet."""
        period = stage.new_period()
        confirming["task"] = stage.self_assessed(period=period)
        return reverse("api:grading_sheet_confirm", args=[period.pk, standing])

    numbers = itertools.count(1)

    def decision() -> dict:
        """A new decision for every call (one number is entered once a year)."""
        return {
            "decision_number": f"{1000 + next(numbers)}-QĐ/TU",
            "signed_on": timezone.localdate().isoformat(),
        }

    return [
        ApiCase("task_list", "get", reverse("api:task_list"), ALL),
        ApiCase("task_list", "get", reverse("api:task_list") + "?q=giai+phong&status=approved&page=2", ALL),
        ApiCase("task_get", "get", reverse("api:task_get", args=[draft.pk]), only(SEE_TASK)),
        ApiCase(
            "task_get", "get", reverse("api:task_get", args=[approved.pk]), only(SEE_TASK), label="approved"
        ),
        ApiCase(
            "task_approval_queue",
            "get",
            reverse("api:task_approval_queue"),
            # a unit's leadership reads its own queue (empty here)
            {**only(APPROVER, denied=403), "unit_manager": 200},
        ),
        ApiCase(
            "task_approval_queue",
            "get",
            reverse("api:task_approval_queue") + f"?sort=-cadre&q=so+hoa&submitted_from={stage.year}-01-01",
            {**only(APPROVER, denied=403), "unit_manager": 200},
            label="filtered",
        ),
        ApiCase(
            "task_create",
            "post",
            reverse("api:task_create"),
            # others who see the programme and the cadre are refused by the service: a cadre registers for
            # themself only
            {**seen_but(SEE_TASK, CADRE, ok=201), "commune_committee": 404},
            new_task,
        ),
        ApiCase(
            "task_assign",
            "post",
            reverse("api:task_assign"),
            # a unit's leadership may assign, but only its own staff: the deputy is not one it is offered
            {**only(APPROVER, ok=201, denied=403), "unit_manager": 404},
            lambda: assigned | decision(),
        ),
        ApiCase(
            "task_update",
            "patch",
            url("task_update", stage.task),
            seen_but(SEE_TASK, CADRE),
            {"title": "Mới"},
        ),
        ApiCase("task_submit", "post", url("task_submit", stage.task), seen_but(SEE_TASK, CADRE)),
        ApiCase(
            "task_approve", "post", url("task_approve", submitted), seen_but(SEE_TASK, APPROVER), decision
        ),
        ApiCase(
            "task_return",
            "post",
            url("task_return", submitted),
            seen_but(SEE_TASK, APPROVER),
            {"comment": "Bổ sung chỉ tiêu."},
        ),
        ApiCase(
            "task_reject",
            "post",
            url("task_reject", submitted),
            seen_but(SEE_TASK, APPROVER),
            {"reason": "Không phải việc đột phá."},
        ),
        ApiCase(
            "milestone_add",
            "post",
            url("milestone_add", stage.task),
            seen_but(SEE_TASK, CADRE, ok=201),
            {"title": "Khảo sát", "due_date": f"{stage.year}-03-31"},
        ),
        ApiCase(
            "milestone_complete", "post", url("milestone_complete", milestone), seen_but(SEE_TASK, CADRE)
        ),
        # the cadre who recorded it, or the task's authority, the same day
        ApiCase(
            "milestone_undo",
            "post",
            url("milestone_undo", completed_today),
            seen_but(SEE_TASK, CADRE | APPROVER),
            {},
        ),
        ApiCase(
            "progress_report_submit",
            "post",
            url("progress_report_submit", lambda: stage.task(TaskStatus.APPROVED)),
            seen_but(SEE_TASK, CADRE, ok=201),
            {"percent_done": 40, "narrative": "Đã số hóa 40% hồ sơ."},
        ),
        ApiCase(
            "obstacle_raise",
            "post",
            url("obstacle_raise", lambda: stage.task(TaskStatus.APPROVED)),
            seen_but(SEE_TASK, CADRE, ok=201),
            {"content": "Thiếu kinh phí"},
        ),
        ApiCase(
            "obstacle_answer",
            "post",
            url("obstacle_answer", stage.obstacle),
            seen_but(SEE_TASK, APPROVER),
            {"answer": "Đã chỉ đạo."},
        ),
        ApiCase(
            "obstacle_resolve",
            "post",
            url("obstacle_resolve", lambda: stage.obstacle(ObstacleStatus.ANSWERED)),
            seen_but(SEE_TASK, APPROVER | CADRE),
            {},
        ),
        ApiCase(
            "adjustment_request",
            "post",
            url("adjustment_request", lambda: stage.task(TaskStatus.APPROVED)),
            seen_but(SEE_TASK, CADRE, ok=201),
            {"reason": "Vướng mặt bằng", "new_description": "Nội dung mới"},
        ),
        ApiCase(
            "adjustment_approve",
            "post",
            url("adjustment_approve", stage.adjustment),
            seen_but(SEE_TASK, APPROVER),
            {},
        ),
        ApiCase(
            "adjustment_refuse",
            "post",
            url("adjustment_refuse", stage.adjustment),
            seen_but(SEE_TASK, APPROVER),
            {"comment": "Chưa đủ căn cứ."},
        ),
        ApiCase(
            "task_self_assess",
            "post",
            url("task_self_assess", lambda: stage.task(TaskStatus.APPROVED)),
            seen_but(SEE_TASK, CADRE),
            {"self_grade": "good", "self_assessment": "Hoàn thành tốt"},
        ),
        ApiCase(
            "task_evaluate",
            "post",
            url("task_evaluate", stage.self_assessed),
            seen_but(SEE_TASK, APPROVER),
            {"grade": "good", "version": 1, "comment": "Đạt yêu cầu đề ra"},  # a task the stage just made
        ),
        # the grading sheet is the approvers' (403 for anyone else), like the sheet page
        ApiCase("grading_sheet_get", "get", sheet, {**only(APPROVER, denied=403), "unit_manager": 404}),
        ApiCase(
            "grading_sheet_save",
            "put",
            sheet + "/lines",
            # a unit's leadership has sheets of its own, not the standing committee's
            {**only(APPROVER, denied=403), "unit_manager": 404},
            {"lines": [{"task_id": approved.pk, "grade": "good", "comment": "Dự kiến"}]},
        ),
        ApiCase(
            "grading_sheet_confirm",
            "post",
            sheet_to_confirm,
            {**only(APPROVER, denied=403), "unit_manager": 404},
            lambda: {"lines": [{"task_id": confirming["task"].pk, "grade": "completed"}]},
        ),
    ]
