"""Who may open what: every page with every role (allowed 200, forbidden 403, not disclosed 404,
anonymous sent to the login page)."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import (
    AdjustmentRequest,
    AssistantGrant,
    EntryKind,
    Evaluation,
    Evidence,
    Obstacle,
    ObstacleStatus,
    OnBehalfEntry,
    TaskStatus,
)
from dotpha.tasks.selectors.queue_table import selection_digest
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
ALL = dict.fromkeys(ROLES, 200)


def only(allowed: set[str], denied: int = 404) -> dict[str, int]:
    return {role: 200 if role in allowed else denied for role in ROLES}


def _import_job(world):
    from dotpha.imports.models import TaskImportJob, TaskImportStatus

    return TaskImportJob.objects.create(
        requested_by=world.users["organizer"],
        filename="giao-viec.xlsx",
        rows=600,
        status=TaskImportStatus.DONE,
    )


def cases(world):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh").pk
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan").pk
    retired = Cadre.objects.get(full_name="Phạm Văn Cũ").pk
    return [
        ("home", reverse("home"), ALL),
        ("password change", reverse("password_change"), ALL),
        ("tree", reverse("org:unit_tree"), ALL),
        ("tree search", reverse("org:unit_tree") + "?q=tan+lap", ALL),
        (
            "department page",
            reverse("org:unit_detail", args=[world.home_affairs.pk]),
            only({"organizer", "unit_manager", "cadre", "inspector"}),
        ),
        (
            "commune page",
            reverse("org:unit_detail", args=[world.commune.pk]),
            only({"organizer", "commune_committee", "inspector"}),
        ),
        (
            "merged commune page",
            reverse("org:unit_detail", args=[world.old_commune.pk]),
            only({"organizer", "commune_committee", "inspector"}),
        ),
        (
            "standing committee page",
            reverse("org:unit_detail", args=[world.standing.pk]),
            only({"organizer", "approver", "inspector"}),
        ),
        (
            "province children",
            reverse("org:unit_children", args=[world.province.pk]),
            only({"organizer", "inspector"}),
        ),
        (
            "deputy director",
            reverse("org:cadre_detail", args=[deputy]),
            only({"organizer", "approver", "unit_manager", "cadre", "inspector"}),
        ),
        ("ward chair", reverse("org:cadre_detail", args=[ward_chair]), only({"organizer", "inspector"})),
        (
            "retired chair of a merged commune",
            reverse("org:cadre_detail", args=[retired]),
            only({"organizer", "commune_committee", "inspector"}),
        ),
        ("audit log", reverse("audit:log"), only({"organizer", "inspector"}, denied=403)),
        (
            "audit log of tasks",
            reverse("audit:log") + "?kind=tasks.task",
            only({"organizer", "inspector"}, denied=403),
        ),
        (
            "audit log export",
            reverse("audit:export") + "?kind=org.cadre&date_from=01/01/2026",
            only({"organizer", "inspector"}, denied=403),
        ),
        ("read log", reverse("audit:reads"), only({"organizer", "inspector"}, denied=403)),
        ("working-day calendar", reverse("workdays:calendar"), only({"organizer"}, denied=403)),
        ("locked accounts", reverse("accounts:locked"), only({"organizer"}, denied=403)),
        (
            "read log filtered",
            reverse("audit:reads") + "?user=giamdoc&kind=export",
            only({"organizer", "inspector"}, denied=403),
        ),
        ("import page", reverse("imports:org_upload"), only({"organizer"}, denied=403)),
        ("import template", reverse("imports:org_template"), only({"organizer"}, denied=403)),
        ("task import page", reverse("imports:task_upload"), only({"organizer", "approver"}, denied=403)),
        (
            "task import template",
            reverse("imports:task_template"),
            only({"organizer", "approver"}, denied=403),
        ),
        (
            # an import the worker runs: its page is its requester's only, other organizers included
            "task import job",
            reverse("imports:task_job", args=[_import_job(world).pk]),
            only({"organizer"}),
        ),
        *task_cases(world),
    ]


class TaskStage:
    """A programme of the standing committee, open this year, and tasks of the cadre Đặng Thị Hạnh (managed
    by the standing committee, working in Sở Nội vụ)."""

    _names = itertools.count(1)

    def __init__(self, world) -> None:
        self.world = world
        today = timezone.localdate()
        self.year = today.year
        self.programme = ProgrammeFactory.create(
            issuing_unit=world.standing,
            registration_opens=today - datetime.timedelta(days=30),
            registration_closes=today + datetime.timedelta(days=30),
        )
        self.period = self.new_period()
        self.cadre = world.users["cadre"]

    def grant(self) -> AssistantGrant:
        """A clerk of the organisation board drafting for the cadre: none of the roles under test."""
        today = timezone.localdate()
        return AssistantGrant.objects.create(
            leader=self.cadre,
            assistant=make_user(f"troly{next(self._names)}", "cadre", self.world.board),
            valid_from=today,
            valid_to=today,
            granted_by=self.world.users["organizer"],
        )

    def new_period(self):
        return PeriodFactory.create(
            programme=self.programme,
            name=f"{self.year}-{next(self._names)}",
            start_date=datetime.date(self.year, 1, 1),
            end_date=datetime.date(self.year, 12, 31),
        )

    def task(self, status: str = TaskStatus.DRAFT, **kwargs):
        if status == TaskStatus.APPROVED:
            kwargs.update(
                approved_on=datetime.date(self.year, 1, 1), approved_by=self.world.users["approver"]
            )
        defaults = {
            "programme": self.programme,
            "period": self.period,
            "assignee_cadre": self.cadre.cadre,
            "author": self.cadre,
            "authority_unit": self.world.standing,
            "start_date": datetime.date(self.year, 1, 1),
            "deadline": datetime.date(self.year, 12, 31),
        }
        return TaskFactory.create(status=status, **(defaults | kwargs))

    def obstacle(self, status: str = ObstacleStatus.OPEN) -> Obstacle:
        extra = (
            {"answer": "Đã chỉ đạo.", "answered_by": self.world.users["approver"]} if status != "open" else {}
        )
        return Obstacle.objects.create(
            task=self.task(TaskStatus.APPROVED),
            content="Thiếu kinh phí",
            raised_by=self.cadre,
            status=status,
            **extra,
        )

    def adjustment(self) -> AdjustmentRequest:
        return AdjustmentRequest.objects.create(
            task=self.task(TaskStatus.APPROVED),
            reason="Lý do",
            requested_by=self.cadre,
            new_description="Mới",
        )

    def self_assessed(self, **kwargs):
        task = self.task(TaskStatus.APPROVED, **kwargs)
        Evaluation.objects.create(
            task=task, self_grade="good", self_assessment="Tốt", self_assessed_by=self.cadre
        )
        return task

    def evidence(self) -> Evidence:
        report = ProgressReportFactory.create(task=self.task(TaskStatus.APPROVED), author=self.cadre)
        return Evidence.objects.create(
            report=report,
            file=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"),
            original_name="Biên bản.pdf",
            size=19,
            uploaded_by=self.cadre,
        )


# who sees the cadre's tasks: her scope, her unit's manager, the authority, the province's organizer and
# inspector; the commune and a user without a role do not (404)
SEE_TASK = {"organizer", "approver", "unit_manager", "cadre", "inspector"}
# who opens the decision register (Quyết định phê duyệt)
REGISTER = {"organizer", "approver", "inspector"}


def task_cases(world):
    stage = TaskStage(world)
    draft = stage.task()
    approved = stage.task(TaskStatus.APPROVED)
    return [
        ("my tasks", reverse("tasks:mine"), ALL),
        ("task list", reverse("tasks:list"), ALL),
        ("task list filtered", reverse("tasks:list") + "?q=giai+phong&status=approved&page=2", ALL),
        (
            "register",
            reverse("tasks:register"),
            only({"organizer", "unit_manager", "cadre", "commune_committee"}, denied=403),
        ),
        ("task page", reverse("tasks:detail", args=[draft.pk]), only(SEE_TASK)),
        ("approved task page", reverse("tasks:detail", args=[approved.pk]), only(SEE_TASK)),
        ("edit draft", reverse("tasks:edit", args=[draft.pk]), seen_but(SEE_TASK, {"cadre"})),
        ("edit approved", reverse("tasks:edit", args=[approved.pk]), seen_but(SEE_TASK, set())),
        ("progress report", reverse("tasks:report", args=[approved.pk]), seen_but(SEE_TASK, {"cadre"})),
        (
            "confirm milestone done",
            reverse("tasks:milestone_complete", args=[MilestoneFactory.create(task=approved).pk]),
            seen_but(SEE_TASK, {"cadre"}),
        ),
        ("evidence", reverse("tasks:evidence", args=[stage.evidence().pk]), only(SEE_TASK)),
        # a unit's leadership has its own queue and sheets (of its own programmes' tasks)
        ("approval queue", reverse("tasks:approvals"), only({"approver", "unit_manager"}, denied=403)),
        # a unit's leadership assigns in its own unit's programmes (the service checks which)
        ("assign", reverse("tasks:assign"), only({"approver", "unit_manager"}, denied=403)),
        ("grading sheets", reverse("tasks:grading"), only({"approver", "unit_manager"}, denied=403)),
        (
            "grading sheet",
            reverse("tasks:grading_sheet", args=[stage.period.pk, world.standing.pk]),
            only({"approver"}, denied=403) | {"unit_manager": 404},
        ),
        (
            "grading sheet in Excel",
            reverse("reports:export", args=["grading_sheet"])
            + f"?period={stage.period.pk}&unit={world.standing.pk}",
            only({"approver"}, denied=403) | {"unit_manager": 404},
        ),
        ("programmes", reverse("programmes:list"), ALL),
        ("decision register", reverse("programmes:decision_list"), only(REGISTER, denied=403)),
        (
            "cadres below the minimum",
            reverse("tasks:registration_gaps", args=[stage.period.pk]),
            seen_but(SEE_TASK | {"commune_committee"}, {"organizer", "approver", "inspector"}),
        ),
        ("new programme", reverse("programmes:create"), only({"organizer", "unit_manager"}, denied=403)),
        # nhập thay: the organizer grants; only the grant's assistant opens the leader's tasks through it
        ("assistant grants", reverse("tasks:assistant_grants"), only({"organizer"}, denied=403)),
        ("leaders the user assists", reverse("tasks:on_behalf"), only(set(), denied=403)),
        (
            "a leader's tasks through a grant",
            reverse("tasks:on_behalf_leader", args=[stage.grant().pk]),
            only(set()),
        ),
        ("drafts waiting for the leader", reverse("tasks:entries"), ALL),
        (
            "new period",
            reverse("programmes:period_create", args=[stage.programme.pk]),
            {**only({"organizer"}, denied=403), "nobody": 404},
        ),
    ]


def seen_but(seen: set[str], allowed: set[str]) -> dict[str, int]:
    """Allowed roles 200, others who see the task 403, the rest 404."""
    return {role: 200 if role in allowed else 403 if role in seen else 404 for role in ROLES}


def posted(seen: set[str], done: set[str]) -> dict[str, int]:
    """POST: the allowed roles are sent on (302), others who see the task refused (403), the rest 404."""
    return {role: 302 if role in done else 403 if role in seen else 404 for role in ROLES}


def test_every_page_with_every_role(world, client):
    failures = []
    for label, url, expected in cases(world):
        for role, status in expected.items():
            client.force_login(world.users[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{label} as {role}: expected {status}, got {got}")
    assert failures == []


def test_anonymous_is_sent_to_login(world, client):
    for label, url, _ in cases(world):
        response = client.get(url)
        assert response.status_code == 302, label
        assert response.url.startswith(reverse("login")), label


def admin_cases(world):
    """The admin's entry points (every address of it is walked in test_admin_access.py): (label, url,
    status for an active superuser). Every role here is sent to the admin's login page."""
    commune = world.commune.pk
    return [
        ("admin index", reverse("admin:index"), 200),
        ("admin accounts", reverse("admin:app_list", args=["accounts"]), 200),
        ("admin organisation", reverse("admin:app_list", args=["org"]), 200),
        ("admin users", reverse("admin:accounts_user_changelist"), 200),
        (
            "admin own account",
            reverse("admin:accounts_user_change", args=[world.users["commune_committee"].pk]),
            200,
        ),
        (
            "admin password",
            reverse("admin:auth_user_password_change", args=[world.users["organizer"].pk]),
            403,
        ),
        ("admin new role grant", reverse("admin:accounts_rolegrant_add"), 403),
        ("admin units", reverse("admin:org_unit_changelist"), 200),
        ("admin unit", reverse("admin:org_unit_change", args=[commune]), 200),
        ("admin unit history", reverse("admin:org_unit_history", args=[commune]), 200),
        ("admin new merger", reverse("admin:org_unitmerger_add"), 403),
        ("admin delete unit", reverse("admin:org_unit_delete", args=[commune]), 403),
        ("admin programmes", reverse("admin:programmes_programme_changelist"), 200),
        ("admin tasks", reverse("admin:tasks_task_changelist"), 200),
        (
            "admin change log of a user",
            reverse("admin:accounts_user_history", args=[world.users["cadre"].pk]),
            200,
        ),
    ]


def test_admin_is_for_active_superusers_only(world, client):
    superuser = User.objects.create_superuser("quantri", password="Mat-khau-2025")
    staff = User.objects.create_user("nhanvien", password="Mat-khau-2025", is_staff=True)
    failures = []
    for label, url, superuser_status in admin_cases(world):
        for who in [*(world.users[role] for role in ROLES), staff, None]:
            if who is None:
                client.logout()
            else:
                client.force_login(who)
            response = client.get(url)
            if response.status_code != 302 or not response.url.startswith(reverse("admin:login")):
                failures.append(
                    f"{label} as {who}: expected the admin's login page, got {response.status_code}"
                )
        client.force_login(superuser)
        got = client.get(url).status_code
        if got != superuser_status:
            failures.append(f"{label} as superuser: expected {superuser_status}, got {got}")
    assert failures == []
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert "Quản trị dữ liệu" in response.text and "Tổ chức và cán bộ" in response.text


def test_admin_cadre_list_searches_without_diacritics(world, client):
    client.force_login(User.objects.create_superuser("quantri", password="Mat-khau-2025"))
    response = client.get(reverse("admin:org_cadre_changelist") + "?q=dang")
    assert response.status_code == 200
    assert "Đặng Thị Hạnh" in response.text
    assert "Nguyễn Văn Hùng" not in response.text


def post_cases(world):
    """(label, make a fresh object and return the url, data, expected status per role)."""
    stage = TaskStage(world)
    batch: dict[str, object] = {"number": "125-QĐ/TU", "signed_on": "15/04/2026", "batch_number": "1"}

    def batch_url() -> str:
        task_id = stage.task(TaskStatus.SUBMITTED).pk
        batch["tasks"] = [task_id]
        batch["confirm"] = selection_digest([task_id])  # as the confirmation step sends it
        batch["number"] = f"{next(TaskStage._names)}-QĐ/TU"
        return reverse("tasks:approve_batch")

    def milestone_url() -> str:
        milestone = MilestoneFactory.create(
            task=stage.task(TaskStatus.APPROVED), due_date=timezone.localdate()
        )
        return reverse("tasks:milestone_complete", args=[milestone.pk])

    def undo_url() -> str:
        milestone = MilestoneFactory.create(
            task=stage.task(TaskStatus.APPROVED),
            due_date=timezone.localdate(),
            done_on=timezone.localdate(),
            completed_by=stage.cadre,
            completed_at=timezone.now(),
        )
        return reverse("tasks:milestone_undo", args=[milestone.pk])

    approver = {"approver"}

    def draft_url(action: str):
        """A progress report an assistant drafted for the cadre: only she confirms or discards it."""

        def make() -> str:
            grant = stage.grant()
            entry = OnBehalfEntry.objects.create(
                kind=EntryKind.PROGRESS_REPORT,
                grant=grant,
                leader=stage.cadre,
                entered_by=grant.assistant,
                # a period of its own: her tasks here do not count against the submission below
                task=stage.task(TaskStatus.APPROVED, period=stage.new_period()),
                payload={
                    "percent_done": 10,
                    "narrative": "Khởi động",
                    "decrease_reason": "",
                    "target_values": {},
                },
            )
            return reverse(f"tasks:entry_{action}", args=[entry.pk])

        return make

    def new_decision() -> dict:
        """Every approval belongs to a decision: a new number each time (one number per year)."""
        number = f"{500 + next(TaskStage._names)}-QĐ/TU"
        return {"decision_number": number, "signed_on": f"{timezone.localdate():%d/%m/%Y}"}

    return [
        ("confirm a draft entered on her behalf", draft_url("confirm"), {}, only(set()) | {"cadre": 302}),
        ("discard a draft entered on her behalf", draft_url("discard"), {}, only(set()) | {"cadre": 302}),
        ("submit", lambda: reverse("tasks:submit", args=[stage.task().pk]), {}, posted(SEE_TASK, {"cadre"})),
        (
            "review",
            lambda: reverse("tasks:review", args=[stage.task(TaskStatus.SUBMITTED).pk]),
            lambda: {"action": "approve", "origin": "detail", **new_decision()},
            posted(SEE_TASK, approver),
        ),
        ("batch", batch_url, batch, only(set(), denied=403) | {"approver": 302}),
        ("milestone done", milestone_url, {}, posted(SEE_TASK, {"cadre"})),
        # the cadre who recorded it, or the task's authority, the same day
        ("milestone undone", undo_url, {}, posted(SEE_TASK, {"cadre", "approver"})),
        (
            "raise obstacle",
            lambda: reverse("tasks:obstacle_raise", args=[stage.task(TaskStatus.APPROVED).pk]),
            {"content": "Thiếu kinh phí"},
            posted(SEE_TASK, {"cadre"}),
        ),
        (
            "answer obstacle",
            lambda: reverse("tasks:obstacle_answer", args=[stage.obstacle().pk]),
            {"answer": "Đã chỉ đạo."},
            posted(SEE_TASK, approver),
        ),
        (
            "resolve obstacle",
            lambda: reverse("tasks:obstacle_resolve", args=[stage.obstacle(ObstacleStatus.ANSWERED).pk]),
            {},
            posted(SEE_TASK, {"approver", "cadre"}),
        ),
        (
            "request adjustment",
            lambda: reverse("tasks:adjustment_request", args=[stage.task(TaskStatus.APPROVED).pk]),
            {"reason": "Vướng mặt bằng", "new_description": "Nội dung mới"},
            posted(SEE_TASK, {"cadre"}),
        ),
        (
            "decide adjustment",
            lambda: reverse("tasks:adjustment_decide", args=[stage.adjustment().pk]),
            {"action": "approve"},
            posted(SEE_TASK, approver),
        ),
        (
            "self-assess",
            lambda: reverse("tasks:self_assess", args=[stage.task(TaskStatus.APPROVED).pk]),
            {"self_grade": "good", "self_assessment": "Hoàn thành tốt"},
            posted(SEE_TASK, {"cadre"}),
        ),
        (
            "evaluate",
            lambda: reverse("tasks:evaluate", args=[stage.self_assessed().pk]),
            {"grade": "good", "comment": "Đạt yêu cầu đề ra"},
            posted(SEE_TASK, approver),
        ),
        (
            "add a day off to the calendar",
            lambda: reverse("workdays:day_off_add"),
            {"day": "05/03/2027", "name": "Nghỉ theo thông báo"},
            {**only(set(), denied=403), "organizer": 302},
        ),
        (
            "close period",
            lambda: reverse("programmes:period_close", args=[stage.new_period().pk]),
            {},
            {**only(set(), denied=403), "organizer": 302, "nobody": 404},
        ),
    ]


def test_every_post_action_with_every_role(world, client):
    failures = []
    for label, make_url, data, expected in post_cases(world):
        for role, status in expected.items():
            client.force_login(world.users[role])
            got = client.post(make_url(), data() if callable(data) else data).status_code
            if got != status:
                failures.append(f"{label} as {role}: expected {status}, got {got}")
        client.logout()
        response = client.post(make_url(), data() if callable(data) else data)
        if response.status_code != 302 or not response.url.startswith(reverse("login")):
            failures.append(f"{label} anonymous: expected the login page, got {response.status_code}")
    assert failures == []


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("imports:org_commit", {"organizer"}),
        ("imports:task_map", {"organizer", "approver"}),
        ("imports:task_commit", {"organizer", "approver"}),
    ],
)
def test_import_steps_with_every_role(world, client, name, allowed):
    url = reverse(name)
    for role in ROLES:
        client.force_login(world.users[role])
        got = client.post(url, {"token": "khong-co"}).status_code
        # allowed users are sent back to the upload page (the token is unknown); others are refused
        assert got == (302 if role in allowed else 403), role
    client.logout()
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
