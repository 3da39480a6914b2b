"""nhập thay: the organizer grants an assistant the right to draft for a leader; the assistant drafts a
progress report, a self-assessment or a registration; nothing of it counts until the leader confirms it,
through the leader's own service and rules; the leader may discard it."""

import datetime
from decimal import Decimal

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, ConfirmationRequiredError, PermissionDeniedError
from dotpha.org.tests.factories import make_user
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import (
    AssistantGrant,
    EntryStatus,
    Evaluation,
    OnBehalfEntry,
    ProgressReport,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.selectors import with_progress
from dotpha.tasks.services import (
    MilestoneInput,
    TargetInput,
    assistant_grant_create,
    assistant_grant_end,
    on_behalf_confirm,
    on_behalf_discard,
    on_behalf_registration,
    on_behalf_report,
    on_behalf_self_assessment,
)
from dotpha.tasks.tests.conftest import IN_WINDOW
from dotpha.tasks.tests.factories import ProgressReportFactory, TargetFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 5)


@pytest.fixture
def assistant(stage):
    """A clerk of the organisation board, no cadre of her own tasks here."""
    return make_user("troly", Role.CADRE, stage.world.board)


@pytest.fixture
def grant(stage, assistant):
    return assistant_grant_create(
        actor=stage.organizer,
        leader=stage.cadre,
        assistant=assistant,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        today=datetime.date(2024, 1, 1),
    )


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def latest_percent(task):
    """The percent every figure and list reads for the task."""
    return vars(with_progress(Task.objects.filter(pk=task.pk), DAY).get())["latest_percent"]


def report_draft(assistant, grant, task, **kwargs):
    args = {
        "actor": assistant,
        "grant": grant,
        "task": task,
        "percent_done": 40,
        "narrative": "Đã số hóa 480/1.200 hồ sơ.",
        "today": DAY,
    }
    return on_behalf_report(**(args | kwargs))


# --- the grant ---
def test_the_organizer_grants_and_ends_with_history(stage, assistant, grant):
    assert (grant.leader, grant.assistant, grant.granted_by) == (stage.cadre, assistant, stage.organizer)
    assert grant.in_force_on(DAY)
    assert grant.history.get().history_user == stage.organizer
    # when
    assistant_grant_end(actor=stage.organizer, grant=grant)
    # then
    grant.refresh_from_db()
    assert grant.ended_by == stage.organizer and not grant.in_force_on(DAY)
    assert grant.history.count() == 2
    with pytest.raises(ApplicationError) as exc:
        assistant_grant_end(actor=stage.organizer, grant=grant)
    assert exc.value.code == TaskRefusal.GRANT_ENDED


@pytest.mark.parametrize("who", ["approver", "unit_manager", "cadre", "commune", "nobody"])
def test_only_the_organizer_managing_the_leader_grants(stage, assistant, who):
    with pytest.raises(PermissionDeniedError):
        assistant_grant_create(
            actor=getattr(stage, who),
            leader=stage.cadre,
            assistant=assistant,
            valid_from=DAY,
            valid_to=DAY,
            today=DAY,
        )
    assert not AssistantGrant.objects.exists()


def test_a_commune_organizer_does_not_grant_for_a_provincial_leader(stage, assistant):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, stage.world.commune)
    with pytest.raises(PermissionDeniedError):
        assistant_grant_create(
            actor=commune_organizer,
            leader=stage.cadre,
            assistant=assistant,
            valid_from=DAY,
            valid_to=DAY,
            today=DAY,
        )


def test_grant_refusals_change_nothing(stage, assistant, grant):
    def create(**kwargs):
        args = {
            "leader": stage.cadre,
            "assistant": assistant,
            "valid_from": DAY,
            "valid_to": DAY,
            "today": DAY,
        }
        return assistant_grant_create(actor=stage.organizer, **(args | kwargs))

    cases = [
        ({"valid_to": DAY - datetime.timedelta(days=1)}, TaskRefusal.INVALID_DATES),
        (
            {"valid_from": DAY - datetime.timedelta(days=9), "valid_to": DAY - datetime.timedelta(days=1)},
            TaskRefusal.INVALID_DATES,
        ),
        ({"assistant": stage.cadre}, TaskRefusal.GRANT_SELF),
        ({}, TaskRefusal.GRANT_EXISTS),  # the pair holds a grant until 31/12
    ]
    for kwargs, code in cases:
        with pytest.raises(ApplicationError) as exc:
            create(**kwargs)
        assert exc.value.code == code
    assert AssistantGrant.objects.count() == 1
    # once ended, the pair may be granted again
    assistant_grant_end(actor=stage.organizer, grant=grant)
    assert create().pk != grant.pk


# --- a progress report drafted, then confirmed ---
def test_a_draft_counts_for_nothing_until_the_leader_confirms(stage, assistant, grant, task):
    # given a target of 1,200 files
    files = TargetFactory.create(task=task, target_value=1200)
    version = Task.objects.get(pk=task.pk).version
    # when the assistant drafts a report
    entry = report_draft(assistant, grant, task, target_values={files.pk: Decimal(480)})
    # then nothing of the task changed: no report, no timeline step, no progress, no target value
    task.refresh_from_db()
    files.refresh_from_db()
    assert (
        entry.status == EntryStatus.PENDING and entry.entered_by == assistant and entry.leader == stage.cadre
    )
    assert not ProgressReport.objects.exists() and not TaskEvent.objects.filter(task=task).exists()
    assert task.version == version and files.achieved_value is None
    assert latest_percent(task) is None
    assert entry.history.get().history_user == assistant

    # when the leader confirms it
    on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)

    # then it is the leader's report, counted, and the record says who entered and who confirmed it
    entry.refresh_from_db()
    report = ProgressReport.objects.get()
    files.refresh_from_db()
    assert (report.author, report.percent_done, entry.report) == (stage.cadre, 40, report)
    assert files.achieved_value == Decimal(480)
    assert latest_percent(task) == 40
    assert entry.status == EntryStatus.CONFIRMED and entry.decided_at is not None
    confirmation = entry.history.latest()
    assert confirmation.history_user == stage.cadre
    assert confirmation.history_change_reason.startswith(
        "Nhập thay bởi troly, xác nhận bởi Đặng Thị Hạnh lúc "
    )
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", "actor"))
    assert kinds == [
        (TaskEventKind.PROGRESS_REPORTED, stage.cadre.pk),
        (TaskEventKind.ON_BEHALF_CONFIRMED, stage.cadre.pk),
    ]
    event = TaskEvent.objects.get(kind=TaskEventKind.ON_BEHALF_CONFIRMED)
    assert event.payload["entered_by_id"] == assistant.pk and event.payload["entry_kind"] == "progress_report"


def test_the_draft_meets_the_leaders_refusals_at_once(stage, assistant, grant, task):
    ProgressReportFactory.create(
        task=task, author=stage.cadre, percent_done=60, reported_on=datetime.date(2024, 5, 1)
    )
    with pytest.raises(ApplicationError) as exc:
        report_draft(assistant, grant, task, percent_done=30)
    assert exc.value.code == TaskRefusal.PROGRESS_DECREASE_REASON_REQUIRED
    draft_task = stage.make_task(status=TaskStatus.DRAFT, title="Việc còn nháp")
    with pytest.raises(ApplicationError) as exc:
        report_draft(assistant, grant, draft_task)
    assert exc.value.code == TaskRefusal.INVALID_STATE
    assert not OnBehalfEntry.objects.exists() and ProgressReport.objects.count() == 1
    assert not TaskEvent.objects.exists()


def test_confirmation_goes_through_the_same_rules_at_the_time(stage, assistant, grant, task):
    # given a draft of 40% and, meanwhile, the leader's own report at 70%
    entry = report_draft(assistant, grant, task)
    ProgressReportFactory.create(
        task=task, author=stage.cadre, percent_done=70, reported_on=datetime.date(2024, 6, 4)
    )
    # then the confirmation is refused as the leader's own report would be, and the draft still waits
    with pytest.raises(ApplicationError) as exc:
        on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    assert exc.value.code == TaskRefusal.PROGRESS_DECREASE_REASON_REQUIRED
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING and ProgressReport.objects.count() == 1


def test_a_figures_warning_is_the_leaders_to_confirm(stage, assistant, grant, task):
    files = TargetFactory.create(task=task, target_value=1200)
    entry = report_draft(assistant, grant, task, percent_done=100, target_values={files.pk: 100})
    with pytest.raises(ConfirmationRequiredError):
        on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    assert not ProgressReport.objects.exists()
    on_behalf_confirm(actor=stage.cadre, entry=entry, confirmed=True, today=DAY)
    assert ProgressReport.objects.get().confirmed_warning


def test_only_the_leader_confirms_and_only_once(stage, assistant, grant, task):
    entry = report_draft(assistant, grant, task)
    for someone in (assistant, stage.organizer, stage.approver, stage.unit_manager):
        with pytest.raises(PermissionDeniedError):
            on_behalf_confirm(actor=someone, entry=entry, today=DAY)
    on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    with pytest.raises(ApplicationError) as exc:
        on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    assert exc.value.code == TaskRefusal.ENTRY_DECIDED
    assert ProgressReport.objects.count() == 1


def test_the_leader_discards_and_nothing_remains_but_the_record(stage, assistant, grant, task):
    entry = report_draft(assistant, grant, task)
    with pytest.raises(PermissionDeniedError):
        on_behalf_discard(actor=stage.organizer, entry=entry)
    on_behalf_discard(actor=stage.cadre, entry=entry)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISCARDED
    assert entry.history.latest().history_user == stage.cadre
    with pytest.raises(ApplicationError) as exc:
        on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    assert exc.value.code == TaskRefusal.ENTRY_DECIDED
    assert not ProgressReport.objects.exists() and not TaskEvent.objects.exists()


# --- the grant's dates and the leader's visibility ---
@pytest.mark.parametrize(
    ("today", "ended"),
    [(datetime.date(2025, 1, 1), False), (datetime.date(2023, 12, 31), False), (DAY, True)],
)
def test_an_expired_not_begun_or_ended_grant_refuses(stage, assistant, grant, task, today, ended):
    if ended:
        assistant_grant_end(actor=stage.organizer, grant=grant)
    with pytest.raises(ApplicationError) as exc:
        report_draft(assistant, grant, task, today=today)
    assert exc.value.code == TaskRefusal.GRANT_NOT_IN_FORCE
    assert "Quyền nhập thay cho" in exc.value.message
    assert not OnBehalfEntry.objects.exists()


def test_the_assistant_reaches_only_the_leaders_tasks(stage, assistant, grant):
    # another cadre's task, which the organizer sees but the leader does not carry out
    other = stage.make_task(status=TaskStatus.APPROVED, cadre=stage.unit_manager.cadre)
    with pytest.raises(PermissionDeniedError):
        report_draft(assistant, grant, other)
    # and another assistant cannot use this grant
    stranger = make_user("lamthay", Role.CADRE, stage.world.board)
    with pytest.raises(PermissionDeniedError):
        report_draft(stranger, grant, stage.make_task(status=TaskStatus.APPROVED))
    assert not OnBehalfEntry.objects.exists()


# --- a self-assessment ---
def test_a_self_assessment_drafted_and_confirmed(stage, assistant, grant, task):
    entry = on_behalf_self_assessment(
        actor=assistant,
        grant=grant,
        task=task,
        self_grade="good",
        self_assessment="Hoàn thành đúng kế hoạch.",
        today=DAY,
    )
    assert not Evaluation.objects.exists()
    on_behalf_confirm(actor=stage.cadre, entry=entry, today=DAY)
    evaluation = Evaluation.objects.get(task=task)
    assert (evaluation.self_grade, evaluation.self_assessed_by) == ("good", stage.cadre)
    entry.refresh_from_db()
    assert entry.evaluation == evaluation


def test_a_self_assessment_with_a_grade_outside_the_scale_is_refused(stage, assistant, grant, task):
    with pytest.raises(ApplicationError) as exc:
        on_behalf_self_assessment(
            actor=assistant, grant=grant, task=task, self_grade="legendary", self_assessment="x", today=DAY
        )
    assert exc.value.code == TaskRefusal.INVALID_GRADE
    assert not Evaluation.objects.exists() and not OnBehalfEntry.objects.exists()


# --- a registration ---
def registration(stage, assistant, grant, **fields):
    args = {
        "title": "Số hóa 100% hồ sơ cán bộ của Sở",
        "description": "Rà soát, số hóa và cập nhật hồ sơ cán bộ lên phần mềm quản lý.",
        "kind": "breakthrough",
        "field": stage.field,
        "start_date": datetime.date(2024, 3, 1),
        "deadline": datetime.date(2024, 11, 30),
        "deliverable": "Cơ sở dữ liệu hồ sơ cán bộ được số hóa.",
        "accountable_cadre": None,
    }
    return on_behalf_registration(
        actor=assistant,
        grant=grant,
        period=stage.period,
        fields=args | fields,
        assignee_cadre=stage.cadre.cadre,
        milestones=[MilestoneInput("Rà soát hồ sơ", datetime.date(2024, 5, 31))],
        targets=[TargetInput("Hồ sơ được số hóa", "hồ sơ", "1200")],
        today=IN_WINDOW,
    )


def test_a_registration_reaches_the_approver_only_once_confirmed(stage, assistant, grant):
    entry = registration(stage, assistant, grant)
    assert not Task.objects.exists()
    on_behalf_confirm(actor=stage.cadre, entry=entry, today=IN_WINDOW)
    task = Task.objects.get()
    entry.refresh_from_db()
    assert entry.task == task
    assert (task.status, task.author, task.assignee_cadre) == (
        TaskStatus.SUBMITTED,
        stage.cadre,
        stage.cadre.cadre,
    )
    assert [m.title for m in task.milestones.all()] == ["Rà soát hồ sơ"]
    assert task.targets.get().target_value == Decimal(1200)
    assert list(task.events.values_list("kind", flat=True)) == [
        TaskEventKind.CREATED,
        TaskEventKind.SUBMITTED,
        TaskEventKind.ON_BEHALF_CONFIRMED,
    ]


def test_an_incomplete_registration_is_refused_at_entry(stage, assistant, grant):
    with pytest.raises(ApplicationError) as exc:
        registration(stage, assistant, grant, description="")
    assert exc.value.code == TaskRefusal.INCOMPLETE
    assert not Task.objects.exists() and not OnBehalfEntry.objects.exists()
