import datetime
from collections.abc import Callable

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import CadreFactory, make_user
from dotpha.programmes.models import Decision
from dotpha.programmes.tests.factories import (
    DecisionFactory,
    PeriodFactory,
    ProgrammeFactory,
    open_decision_for,
)
from dotpha.tasks.models import Task, TaskEvent, TaskEventKind, TaskOrigin, TaskStatus
from dotpha.tasks.services import (
    MilestoneInput,
    TargetInput,
    decision_approve_batch,
    task_approve,
    task_assign,
    task_reject,
    task_return_for_revision,
)

pytestmark = pytest.mark.django_db

APPROVAL_DAY = datetime.date(2024, 4, 10)
DECISIONS: list[tuple[Callable[..., Task], dict[str, str]]] = [
    (task_approve, {}),
    (task_return_for_revision, {"comment": "x"}),
    (task_reject, {"reason": "x"}),
]


def test_approver_approves_a_submitted_task(stage):
    # given
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    # when approved weeks later under a decision numbered and dated as it was signed
    task_approve(
        actor=stage.approver,
        task=task,
        comment="Đồng ý.",
        decision_number="125-QĐ/TU",
        signed_on=APPROVAL_DAY,
        today=datetime.date(2024, 5, 2),
    )
    # then the decision exists and its signing date is the approval date
    task.refresh_from_db()
    decision = Decision.objects.get()
    assert (decision.number, decision.signed_on, decision.issuing_unit) == (
        "125-QĐ/TU",
        APPROVAL_DAY,
        stage.world.standing,
    )
    assert task.status == TaskStatus.APPROVED and task.decision == decision
    assert (task.approved_on, task.approved_by) == (APPROVAL_DAY, stage.approver)
    event = task.events.get()
    assert (event.kind, event.actor, event.comment) == (TaskEventKind.APPROVED, stage.approver, "Đồng ý.")
    assert event.payload == {"decision_id": decision.pk, "decision_number": "125-QĐ/TU"}
    latest = task.history.latest()
    assert latest.status == TaskStatus.APPROVED and latest.history_user == stage.approver


def test_approve_under_an_existing_decision(stage):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    decision = DecisionFactory.create(
        programme=stage.programme,
        period=stage.period,
        issuing_unit=stage.world.standing,
        created_by=stage.approver,
    )
    task_approve(actor=stage.approver, task=task, decision=decision, today=APPROVAL_DAY)
    task.refresh_from_db()
    assert task.decision == decision
    assert task.events.get().payload == {"decision_id": decision.pk, "decision_number": decision.number}


def test_return_for_revision_needs_a_comment_and_keeps_it(stage):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    with pytest.raises(ApplicationError, match="Nêu nội dung cần hoàn thiện"):
        task_return_for_revision(actor=stage.approver, task=task, comment="  ")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED

    task_return_for_revision(actor=stage.approver, task=task, comment="Bổ sung chỉ tiêu đo được.")

    task.refresh_from_db()
    assert (task.status, task.review_comment) == (TaskStatus.RETURNED, "Bổ sung chỉ tiêu đo được.")
    event = task.events.get()
    assert (event.kind, event.comment) == (TaskEventKind.RETURNED, "Bổ sung chỉ tiêu đo được.")
    assert task.history.latest().history_user == stage.approver


def test_reject_needs_a_reason(stage):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    with pytest.raises(ApplicationError, match="lý do"):
        task_reject(actor=stage.approver, task=task, reason="")
    task_reject(actor=stage.approver, task=task, reason="Không phải việc đột phá.")
    task.refresh_from_db()
    assert task.status == TaskStatus.REJECTED
    assert task.events.get().kind == TaskEventKind.REJECTED


@pytest.mark.parametrize(
    "status", [TaskStatus.DRAFT, TaskStatus.RETURNED, TaskStatus.APPROVED, TaskStatus.REJECTED]
)
def test_only_submitted_tasks_are_decided(stage, status):
    task = stage.make_task(status=status)
    for service, extra in DECISIONS:
        with pytest.raises(ApplicationError, match="không chờ phê duyệt"):
            service(actor=stage.approver, task=task, **extra)
    assert Task.objects.get(pk=task.pk).status == status
    assert not TaskEvent.objects.exists()


def test_nobody_approves_their_own_task(stage, approver_with_cadre):
    # given an approver of the standing committee who registered his own task
    task = stage.make_task(
        cadre=approver_with_cadre.cadre, author=approver_with_cadre, status=TaskStatus.SUBMITTED
    )
    # when / then
    for service, extra in DECISIONS:
        with pytest.raises(PermissionDeniedError) as exc:
            service(actor=approver_with_cadre, task=task, **extra)
        assert exc.value.message == "Không thể tự phê duyệt việc của chính mình."
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    # and another approver may
    task_approve(actor=stage.approver, task=task, decision=open_decision_for(task, by=stage.approver))


@pytest.mark.parametrize(
    "role", ["unit_manager", "cadre", "inspector", "organizer", "commune_committee", "nobody"]
)
def test_non_approvers_cannot_approve(stage, role):
    task = stage.make_task(status=TaskStatus.SUBMITTED, cadre=Cadre.objects.get(full_name="Trần Quang Minh"))
    with pytest.raises(PermissionDeniedError):
        task_approve(actor=stage.world.users[role], task=task)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_approver_of_another_unit_is_outside_authority(stage):
    # given an approver of the ward, and a task of a cadre the province's standing committee manages
    ward_approver = make_user("phuong", Role.APPROVER, stage.world.other_commune)
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    # when / then
    with pytest.raises(PermissionDeniedError) as exc:
        task_approve(actor=ward_approver, task=task)
    assert exc.value.message == "Việc không thuộc thẩm quyền phê duyệt của bạn."


def test_approver_above_the_authority_unit_may_decide(stage):
    # a grant on the province covers the standing committee below it
    province_approver = make_user("tinh", Role.APPROVER, stage.world.province)
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    task_approve(actor=province_approver, task=task, decision=open_decision_for(task, by=province_approver))
    assert Task.objects.get(pk=task.pk).status == TaskStatus.APPROVED


def test_batch_decision_approves_many_tasks_for_many_cadres(stage):
    # given 12 submitted tasks of 6 cadres the standing committee manages
    cadres = [CadreFactory.create(managing_unit=stage.world.standing) for _ in range(6)]
    tasks = [stage.make_task(cadre=c, status=TaskStatus.SUBMITTED) for c in cadres for _ in range(2)]
    # when
    decision = decision_approve_batch(
        actor=stage.approver,
        tasks=tasks,
        number="125-QĐ/TU",
        title="Quyết định phê duyệt việc đột phá, đổi mới đợt 1 năm 2024",
        signed_on=APPROVAL_DAY,
        batch_number=1,
        today=APPROVAL_DAY,
    )
    # then
    decision.refresh_from_db()
    assert (decision.number, decision.batch_number, decision.issuing_unit) == (
        "125-QĐ/TU",
        1,
        stage.world.standing,
    )
    assert (decision.programme, decision.period, decision.created_by) == (
        stage.programme,
        stage.period,
        stage.approver,
    )
    assert decision.history.get().history_user == stage.approver
    assert decision.tasks.count() == 12
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.APPROVED}
    assert TaskEvent.objects.filter(kind=TaskEventKind.APPROVED, actor=stage.approver).count() == 12
    assert {e.payload["decision_number"] for e in TaskEvent.objects.all()} == {"125-QĐ/TU"}
    assert {t.history.latest().history_user for t in Task.objects.all()} == {stage.approver}


def test_batch_is_all_or_nothing_and_names_the_task_that_blocks_it(stage, approver_with_cadre):
    # given submitted tasks and, among them, the approver's own task
    tasks = [stage.make_task(status=TaskStatus.SUBMITTED) for _ in range(3)]
    own = stage.make_task(
        cadre=approver_with_cadre.cadre,
        author=approver_with_cadre,
        status=TaskStatus.SUBMITTED,
        title="Việc của chính tôi",
    )
    # when / then
    with pytest.raises(PermissionDeniedError) as exc:
        decision_approve_batch(
            actor=approver_with_cadre,
            tasks=[*tasks, own],
            number="126-QĐ/TU",
            title="Đợt 2",
            signed_on=APPROVAL_DAY,
        )
    assert exc.value.message == "Việc “Việc của chính tôi”: Không thể tự phê duyệt việc của chính mình."
    assert not Decision.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}
    assert not TaskEvent.objects.exists()


def test_batch_refuses_a_task_not_submitted(stage):
    tasks = [stage.make_task(status=TaskStatus.SUBMITTED), stage.make_task(status=TaskStatus.DRAFT)]
    with pytest.raises(ApplicationError, match="không chờ phê duyệt"):
        decision_approve_batch(
            actor=stage.approver, tasks=tasks, number="1-QĐ/TU", title="Đợt 1", signed_on=APPROVAL_DAY
        )
    assert not Decision.objects.exists()


def test_batch_refuses_mixed_periods_empty_batches_and_duplicate_numbers(stage):
    other_period = PeriodFactory.create(
        programme=stage.programme,
        name="2021–2025",
        kind="phase",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    mixed = [
        stage.make_task(status=TaskStatus.SUBMITTED),
        stage.make_task(status=TaskStatus.SUBMITTED, period=other_period),
    ]
    with pytest.raises(ApplicationError, match="cùng chương trình và cùng kỳ"):
        decision_approve_batch(
            actor=stage.approver, tasks=mixed, number="1", title="Đợt 1", signed_on=APPROVAL_DAY
        )
    with pytest.raises(ApplicationError, match="ít nhất một việc"):
        decision_approve_batch(
            actor=stage.approver, tasks=[], number="1", title="Đợt 1", signed_on=APPROVAL_DAY
        )
    DecisionFactory.create(
        programme=stage.programme,
        period=stage.period,
        issuing_unit=stage.world.standing,
        created_by=stage.approver,
        number="125-QĐ/TU",
        signed_on=datetime.date(2024, 1, 5),
    )
    with pytest.raises(ApplicationError, match="đã được nhập"):
        decision_approve_batch(
            actor=stage.approver, tasks=mixed[:1], number="125-QĐ/TU", title="Đợt 2", signed_on=APPROVAL_DAY
        )
    assert Decision.objects.count() == 1


def test_batch_decision_of_a_unit_outside_the_approvers_grant_is_refused(stage):
    tasks = [stage.make_task(status=TaskStatus.SUBMITTED)]
    with pytest.raises(PermissionDeniedError, match="quyết định"):
        decision_approve_batch(
            actor=stage.approver,
            tasks=tasks,
            number="9",
            title="Đợt 1",
            signed_on=APPROVAL_DAY,
            issuing_unit=stage.world.board,
        )


def assign(stage, **kwargs):
    args = {
        "actor": stage.approver,
        "programme": stage.programme,
        "period": stage.period,
        "assignee_cadre": Cadre.objects.get(full_name="Lê Văn Sơn"),
        "title": "Xóa nhà tạm, nhà dột nát cho hộ nghèo của xã",
        "description": "Mỗi ngôi nhà là một dự án: mức đầu tư, ngày khởi công, ngày hoàn thành.",
        "start_date": datetime.date(2024, 4, 1),
        "deadline": datetime.date(2024, 9, 30),
        "milestones": [MilestoneInput("Khởi công 13 nhà", datetime.date(2024, 6, 1))],
        "targets": [TargetInput("Nhà hoàn thành bàn giao", "nhà", 13)],
        "today": APPROVAL_DAY,
    }
    if "decision" not in kwargs:
        args.update(decision_number="150-QĐ/TU", signed_on=APPROVAL_DAY)
    args.update(kwargs)
    return task_assign(**args)


def test_approver_assigns_a_task_directly_it_starts_approved(stage):
    # given a decision to assign under
    decision = DecisionFactory.create(
        programme=stage.programme,
        period=stage.period,
        issuing_unit=stage.world.standing,
        created_by=stage.approver,
        signed_on=APPROVAL_DAY,
    )
    # when
    task = assign(stage, decision=decision)
    # then
    task.refresh_from_db()
    assert (task.status, task.origin, task.decision) == (TaskStatus.APPROVED, TaskOrigin.ASSIGNED, decision)
    assert (task.approved_on, task.approved_by, task.author) == (APPROVAL_DAY, stage.approver, stage.approver)
    assert task.authority_unit == stage.world.standing
    assert task.targets.get().target_value == 13
    assert list(task.events.values_list("kind", flat=True)) == [TaskEventKind.ASSIGNED]
    assert task.history.earliest().history_user == stage.approver


def test_assignment_ignores_window_and_maximum(stage):
    secretary = Cadre.objects.get(full_name="Lê Văn Sơn")
    for _ in range(5):
        stage.make_task(cadre=secretary, status=TaskStatus.APPROVED)
    task = assign(stage, today=datetime.date(2024, 8, 1))
    assert task.status == TaskStatus.APPROVED


def test_assignment_refused_to_self_outside_authority_and_incomplete(stage, approver_with_cadre):
    with pytest.raises(PermissionDeniedError, match="Không thể tự giao việc cho chính mình"):
        assign(stage, actor=approver_with_cadre, assignee_cadre=approver_with_cadre.cadre)
    with pytest.raises(PermissionDeniedError, match="thẩm quyền giao việc"):
        assign(stage, assignee_cadre=Cadre.objects.get(full_name="Vũ Thị Lan"))
    with pytest.raises(PermissionDeniedError):
        assign(stage, actor=stage.unit_manager, assignee_cadre=stage.cadre.cadre)
    with pytest.raises(ApplicationError, match="5 rõ"):
        assign(stage, description="", targets=[])
    assert not Task.objects.exists()
    assert not TaskEvent.objects.exists()


def test_decision_of_another_programme_is_refused(stage):
    other = ProgrammeFactory.create(issuing_unit=stage.world.standing)
    decision = DecisionFactory.create(
        programme=other,
        period=PeriodFactory.create(programme=other),
        issuing_unit=stage.world.standing,
        created_by=stage.approver,
    )
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    with pytest.raises(ApplicationError, match="không thuộc chương trình"):
        task_approve(actor=stage.approver, task=task, decision=decision)
    with pytest.raises(ApplicationError, match="không thuộc chương trình"):
        assign(stage, decision=decision)


def test_an_approval_without_a_decision_is_refused(stage):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    with pytest.raises(ApplicationError) as exc:
        task_approve(actor=stage.approver, task=task, comment="Đồng ý.")
    assert exc.value.code == "decision_required"
    assert exc.value.message == (
        "Việc được phê duyệt theo một quyết định: chọn quyết định đang mở hoặc nhập số và ngày ký quyết định."
    )
    decision = open_decision_for(task, by=stage.approver)
    with pytest.raises(ApplicationError) as exc:
        task_approve(
            actor=stage.approver,
            task=task,
            decision=decision,
            decision_number="9-QĐ/TU",
            signed_on=APPROVAL_DAY,
        )
    assert exc.value.code == "decision_conflict"
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    assert not TaskEvent.objects.exists()
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    ("signed_on", "code", "message"),
    [
        (
            datetime.date(2024, 5, 3),
            "decision_date_future",
            "Ngày ký 03/05/2024 chưa đến: nhập quyết định đã ký, ngày ký không sau hôm nay.",
        ),
        (
            datetime.date(2023, 12, 31),
            "decision_date_before_period",
            "Ngày ký 31/12/2023 trước ngày kỳ 2024 mở (01/01/2024): "
            "quyết định phê duyệt phải ký từ ngày kỳ mở.",
        ),
    ],
)
def test_a_decision_signed_in_the_future_or_before_the_period_opened_is_refused(
    stage, signed_on, code, message
):
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    with pytest.raises(ApplicationError) as exc:
        task_approve(
            actor=stage.approver,
            task=task,
            decision_number="125-QĐ/TU",
            signed_on=signed_on,
            today=datetime.date(2024, 5, 2),
        )
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not Decision.objects.exists()
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_a_batch_approved_today_records_the_decisions_signing_date(stage):
    # given two submitted tasks, approved in May under a decision signed on 15/03/2024
    tasks = [stage.make_task(status=TaskStatus.SUBMITTED) for _ in range(2)]
    signed = datetime.date(2024, 3, 15)
    decision = decision_approve_batch(
        actor=stage.approver,
        tasks=tasks,
        number="125-QĐ/TU",
        signed_on=signed,
        today=datetime.date(2024, 5, 2),
    )
    # then each task's approval date is the signing date, not the day it was entered
    assert set(Task.objects.values_list("approved_on", flat=True)) == {signed}
    # and a later batch adds tasks to the same open decision, on the same date
    more = [stage.make_task(status=TaskStatus.SUBMITTED) for _ in range(3)]
    again = decision_approve_batch(actor=stage.approver, tasks=more, decision=decision)
    assert again == decision and decision.tasks.count() == 5
    assert set(Task.objects.values_list("approved_on", flat=True)) == {signed}
    assert Decision.objects.count() == 1


def test_a_locked_decision_takes_no_more_tasks(stage):
    # given a decision whose signed scan is attached
    first = stage.make_task(status=TaskStatus.SUBMITTED)
    decision = open_decision_for(first, by=stage.approver)
    task_approve(actor=stage.approver, task=first, decision=decision)
    Decision.objects.filter(pk=decision.pk).update(
        scan_uploaded_at=datetime.datetime(2024, 4, 20, tzinfo=datetime.UTC)
    )
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    message = (
        f"Quyết định số {decision.number} đã có bản ký, danh sách việc đã khóa: "
        "muốn thay đổi, ban hành quyết định sửa đổi, bổ sung quyết định này."
    )
    # when / then: neither one task nor a batch is added to it
    with pytest.raises(ApplicationError) as exc:
        task_approve(actor=stage.approver, task=task, decision=decision)
    assert (exc.value.code, exc.value.message) == ("decision_locked", message)
    with pytest.raises(ApplicationError, match="đã có bản ký"):
        decision_approve_batch(actor=stage.approver, tasks=[task], decision=decision)
    with pytest.raises(ApplicationError, match="đã có bản ký"):
        assign(stage, decision=decision)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
    assert list(decision.tasks.all()) == [first]


def test_a_decision_of_another_body_is_refused(stage):
    # a decision of the ward, whose approver the standing committee's approver is not
    task = stage.make_task(status=TaskStatus.SUBMITTED)
    decision = DecisionFactory.create(
        programme=stage.programme,
        period=stage.period,
        issuing_unit=stage.world.other_commune,
        created_by=stage.approver,
    )
    with pytest.raises(PermissionDeniedError, match="không thuộc thẩm quyền"):
        task_approve(actor=stage.approver, task=task, decision=decision)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_an_assignment_creates_its_decision_and_is_approved_on_its_date(stage):
    task = assign(stage, decision_number="160-QĐ/TU", signed_on=datetime.date(2024, 3, 20))
    task.refresh_from_db()
    assert (task.decision.number, task.decision.signed_on) == ("160-QĐ/TU", datetime.date(2024, 3, 20))
    assert task.approved_on == datetime.date(2024, 3, 20)
    assert task.events.get().payload == {"decision_id": task.decision.pk, "decision_number": "160-QĐ/TU"}
    with pytest.raises(ApplicationError) as exc:
        assign(stage, decision_number="", signed_on=None)
    assert exc.value.code == "decision_required"
    assert Task.objects.count() == 1
