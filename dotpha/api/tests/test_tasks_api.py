"""Registration and approval through the API, by token: what the database holds after each call, what
the JSON says, and that a refusal (wrong state, not allowed, not visible) changes nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.api.tests.access import bearer, call
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_unit, make_user
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Milestone, Target, Task, TaskEvent, TaskOrigin, TaskStatus
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


class TaskApi:
    """The stage of the page table (the cadre Đặng Thị Hạnh's tasks under the standing committee) and
    calls by token as any role or user."""

    def __init__(self, world, client: Client) -> None:
        self.world = world
        self.client = client
        self.stage = TaskStage(world)
        self.year = self.stage.year
        self._headers: dict[int, dict[str, str]] = {}

    def user(self, who):
        return self.world.users[who] if isinstance(who, str) else who

    def call(self, who, method: str, name: str, *args, body: dict | None = None, query: str = ""):
        user = self.user(who)
        if user.pk not in self._headers:
            self._headers[user.pk] = bearer(user)
        url = reverse(f"api:{name}", args=args) + (f"?{query}" if query else "")
        return call(self.client, method, url, self._headers[user.pk], body)

    def get(self, who, name: str, *args, query: str = ""):
        return self.call(who, "get", name, *args, query=query)

    def post(self, who, name: str, *args, body: dict | None = None):
        return self.call(who, "post", name, *args, body=body)

    def day(self, month: int, day: int) -> str:
        return datetime.date(self.year, month, day).isoformat()

    def task(self, status: str = TaskStatus.DRAFT, **changes) -> Task:
        """A task of the stage with other values (saved straight, no service)."""
        task = self.stage.task(status)
        if changes:
            for name, value in changes.items():
                setattr(task, name, value)
            task.save()  # keeps the search text in step with the title
        return task

    def registration(self, **extra) -> dict:
        """Everything the "5 rõ" need, for the cadre herself."""
        return {
            "programme_id": self.stage.programme.pk,
            "period_id": self.stage.period.pk,
            "assignee_cadre_id": self.stage.cadre.cadre.pk,
            "title": "Số hóa  hồ sơ cán bộ",
            "description": "Quét và nhập liệu toàn bộ hồ sơ.",
            "start_date": self.day(1, 1),
            "deadline": self.day(12, 31),
            "milestones": [{"title": "Xong khảo sát", "due_date": self.day(3, 31)}],
            "targets": [{"name": "Hồ sơ được số hóa", "unit_of_measure": "hồ sơ", "target_value": "1200"}],
            **extra,
        }


@pytest.fixture(name="api")
def api_fixture(world, client) -> TaskApi:
    return TaskApi(world, client)


def assert_refused(response, status: int, code: str, message: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    if message is not None:
        assert body["message"] == message


def test_register_submit_and_approve(api):
    created = api.post("cadre", "task_create", body=api.registration())
    assert created.status_code == 201, created.content
    data = created.json()
    task = Task.objects.get(pk=data["id"])
    assert (task.status, task.author, task.authority_unit) == ("draft", api.user("cadre"), api.world.standing)
    assert data["title"] == "Số hóa hồ sơ cán bộ"  # spaces collapsed by the service
    assert data["status"] == "draft" and data["progress"] is None
    assert data["assignee_cadre_name"] == "Đặng Thị Hạnh"
    assert [m["title"] for m in data["milestones"]] == ["Xong khảo sát"]
    assert data["targets"][0]["target_value"] == "1200.00"

    submitted = api.post("cadre", "task_submit", task.pk)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED and task.submitted_at is not None

    queue = api.get("approver", "task_approval_queue").json()
    assert [t["id"] for t in queue["items"]] == [task.pk]

    # without a decision the approval is refused; with a new one's number and date it is approved on that date
    refused = api.post("approver", "task_approve", task.pk, body={"comment": "Đồng ý."})
    assert_refused(
        refused,
        400,
        "decision_required",
        "Việc được phê duyệt theo một quyết định: chọn quyết định đang mở hoặc nhập số và ngày ký "
        "quyết định.",
    )
    signed = timezone.localdate().replace(day=1)
    body = {"comment": "Đồng ý.", "decision_number": "125-QĐ/TU", "signed_on": signed.isoformat()}
    approved = api.post("approver", "task_approve", task.pk, body=body)
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_on"] == signed.isoformat()
    decision = Decision.objects.get(number="125-QĐ/TU")
    assert (approved.json()["decision_id"], decision.signed_on) == (decision.pk, signed)
    task.refresh_from_db()
    assert (task.status, task.approved_by, task.review_comment) == (
        "approved",
        api.user("approver"),
        "Đồng ý.",
    )
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "approved"]
    assert api.get("approver", "task_approval_queue").json()["count"] == 0


def test_register_and_send_at_once_is_all_or_nothing(api):
    sent = api.post("cadre", "task_create", body=api.registration(submit=True))
    assert sent.status_code == 201 and sent.json()["status"] == "submitted"

    incomplete = api.registration(submit=True, title="Việc thiếu nội dung", description="", deliverable="")
    incomplete["targets"] = []
    response = api.post("cadre", "task_create", body=incomplete)
    assert_refused(response, 400, "incomplete")
    assert "nội dung, giải pháp" in response.json()["message"]
    assert not Task.objects.filter(title="Việc thiếu nội dung").exists()  # the draft was not kept either


def test_inputs_are_bounded_before_any_service(api):
    target = {"name": "Hồ sơ", "unit_of_measure": "hồ sơ", "target_value": "1.005"}
    refused = {
        "title": api.registration(title="   "),
        "deadline": api.registration(deadline="3000-01-01"),
        "co_cadre_ids": api.registration(co_cadre_ids=list(range(1, 52))),
        "targets.0.target_value": api.registration(targets=[target]),
        "milestones.0.title": api.registration(milestones=[{"title": "x" * 301, "due_date": api.day(3, 1)}]),
    }
    for field, body in refused.items():
        response = api.post("cadre", "task_create", body=body)
        assert response.status_code == 422, field
        assert [d["field"] for d in response.json()["details"]] == [field]
    assert not Task.objects.exists()


def test_a_cadre_registers_only_for_herself(api):
    # the director sees his deputy, but registers only for himself or for a unit he manages
    response = api.post("unit_manager", "task_create", body=api.registration())
    assert_refused(
        response,
        403,
        "forbidden",
        "Cán bộ chỉ đăng ký việc cho chính mình; việc của tập thể do lãnh đạo đơn vị đăng ký.",
    )
    assert not Task.objects.exists()


def test_a_unit_manager_registers_for_his_unit(api):
    deputy = api.stage.cadre.cadre
    body = api.registration(
        assignee_cadre_id=None, assignee_unit_id=api.world.home_affairs.pk, accountable_cadre_id=deputy.pk
    )
    response = api.post("unit_manager", "task_create", body=body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["assignee_unit_name"], data["assignee_cadre_id"], data["accountable_cadre_name"]) == (
        "Sở Nội vụ",
        None,
        "Đặng Thị Hạnh",
    )
    task = Task.objects.get(pk=data["id"])
    assert (task.assignee_unit, task.author, task.authority_unit) == (
        api.world.home_affairs,
        api.user("unit_manager"),
        api.stage.programme.issuing_unit,
    )


def test_a_programme_or_cadre_the_caller_cannot_see_is_not_found(api):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    response = api.post("cadre", "task_create", body=api.registration(assignee_cadre_id=ward_chair.pk))
    assert_refused(response, 404, "not_found")
    response = api.post("commune_committee", "task_create", body=api.registration())
    assert_refused(response, 404, "not_found")
    assert not Task.objects.exists()


def test_a_co_responsible_unit_of_another_province_is_not_found(api):
    """An instance may serve several provinces: a draft names co-responsible units of its own only."""
    task = api.stage.task()
    other = make_unit(
        make_unit(None, "Tỉnh Bình An", "BA", "province"), "Sở Tài chính tỉnh Bình An", "BA-STC"
    )
    body = {"co_unit_ids": [api.world.home_affairs.pk, other.pk]}
    response = api.call("cadre", "patch", "task_update", task.pk, body=body)
    assert_refused(response, 404, "not_found")
    assert not task.co_units.exists()
    response = api.post("cadre", "task_create", body=api.registration(co_unit_ids=[other.pk]))
    assert_refused(response, 404, "not_found")
    assert list(Task.objects.all()) == [task]


def test_edit_a_draft(api):
    task = api.stage.task()
    unit = api.world.home_affairs
    body = {"title": "Tên  mới", "deadline": api.day(11, 30), "co_unit_ids": [unit.pk], "field_id": None}
    response = api.call("cadre", "patch", "task_update", task.pk, body=body)
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("Tên mới", datetime.date(api.year, 11, 30))
    assert task.description  # not sent, not changed
    assert response.json()["co_units"] == [{"id": unit.pk, "name": "Sở Nội vụ"}]

    response = api.call("cadre", "patch", "task_update", task.pk, body={"title": None})
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "title"


def test_edit_refusals_change_nothing(api):
    approved = api.stage.task(TaskStatus.APPROVED)
    response = api.call("cadre", "patch", "task_update", approved.pk, body={"title": "Đổi tên"})
    assert_refused(response, 400, "not_editable", "Việc đang ở trạng thái “Đã phê duyệt”, không sửa được.")
    draft = api.stage.task()
    response = api.call("unit_manager", "patch", "task_update", draft.pk, body={"title": "Đổi tên"})
    assert_refused(response, 403, "forbidden", "Chỉ người lập việc mới sửa được việc này.")
    assert not Task.objects.filter(title="Đổi tên").exists()


def test_return_with_a_comment_then_edit_and_send_again(api):
    task = api.stage.task(TaskStatus.SUBMITTED)
    blank = api.post("approver", "task_return", task.pk, body={"comment": "  "})
    assert_refused(blank, 400, "comment_required", "Nêu nội dung cần hoàn thiện khi trả lại việc.")
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED

    returned = api.post("approver", "task_return", task.pk, body={"comment": "Bổ sung chỉ tiêu."})
    assert returned.status_code == 200
    assert (returned.json()["status"], returned.json()["review_comment"]) == ("returned", "Bổ sung chỉ tiêu.")
    edited = api.call("cadre", "patch", "task_update", task.pk, body={"deliverable": "Báo cáo tổng kết."})
    assert edited.status_code == 200
    assert api.post("cadre", "task_submit", task.pk).json()["status"] == "submitted"


def test_reject_needs_a_reason(api):
    task = api.stage.task(TaskStatus.SUBMITTED)
    assert api.post("approver", "task_reject", task.pk, body={}).status_code == 422
    response = api.post("approver", "task_reject", task.pk, body={"reason": "Không phải việc đột phá."})
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.status, task.review_comment) == (TaskStatus.REJECTED, "Không phải việc đột phá.")


def test_approving_a_draft_is_refused_and_changes_nothing(api):
    task = api.stage.task()
    response = api.post("approver", "task_approve", task.pk, body={})
    assert_refused(response, 400, "invalid_state", "Việc đang ở trạng thái “Nháp”, không chờ phê duyệt.")
    task.refresh_from_db()
    assert (task.status, task.approved_by) == (TaskStatus.DRAFT, None)
    assert not TaskEvent.objects.filter(task=task).exists()


def test_nobody_approves_their_own_task(api):
    # Trần Quang Minh, managed by the standing committee, is also one of its approvers
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    approver = make_user("minh", Role.APPROVER, api.world.standing, minh)
    own = api.task(TaskStatus.SUBMITTED, assignee_cadre=minh, author=approver)
    assert api.get(approver, "task_approval_queue").json()["count"] == 0
    assert api.get("approver", "task_approval_queue").json()["count"] == 1
    response = api.post(approver, "task_approve", own.pk, body={})
    assert_refused(response, 403, "forbidden", "Không thể tự phê duyệt việc của chính mình.")
    own.refresh_from_db()
    assert own.status == TaskStatus.SUBMITTED


def test_another_cadres_task_is_not_found(api):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    task = api.task(
        TaskStatus.SUBMITTED,
        assignee_cadre=ward_chair,
        author=api.user("nobody"),
        authority_unit=api.world.other_commune,
    )
    assert_refused(api.get("cadre", "task_get", task.pk), 404, "not_found")
    assert_refused(api.post("cadre", "task_submit", task.pk), 404, "not_found")
    assert_refused(api.post("approver", "task_approve", task.pk, body={}), 404, "not_found")
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED


def test_the_approval_queue_is_for_approvers(api):
    api.stage.task(TaskStatus.SUBMITTED)
    response = api.get("cadre", "task_approval_queue")
    assert_refused(response, 403, "forbidden", "Chức năng này dành cho cấp phê duyệt và lãnh đạo đơn vị.")


def test_direct_assignment_starts_approved(api):
    body = api.registration(comment="Triển khai ngay.")
    body |= {"decision_number": "130-QĐ/TU", "signed_on": api.day(1, 2)}
    response = api.post("approver", "task_assign", body=body)
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.status, task.origin, task.approved_by) == (
        "approved",
        TaskOrigin.ASSIGNED,
        api.user("approver"),
    )
    assert Milestone.objects.filter(task=task).count() == 1 and Target.objects.filter(task=task).count() == 1
    assert response.json()["origin"] == "assigned" and response.json()["review_comment"] == "Triển khai ngay."

    assert_refused(api.post("cadre", "task_assign", body=body), 403, "forbidden")
    dates = api.registration(start_date=api.day(6, 1), deadline=api.day(5, 1))
    response = api.post("approver", "task_assign", body=dates)
    assert_refused(response, 400, "invalid_dates", "Thời hạn hoàn thành phải sau ngày bắt đầu.")
    assert Task.objects.count() == 1
