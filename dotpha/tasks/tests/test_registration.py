import datetime
from decimal import Decimal

import pytest

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre
from dotpha.programmes.models import TaskKind
from dotpha.tasks.models import (
    CoResponsibleCadre,
    Milestone,
    Target,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.services import (
    MilestoneInput,
    TargetInput,
    milestone_add,
    milestone_remove,
    milestone_update,
    target_add,
    target_remove,
    target_update,
    task_create_draft,
    task_submit,
    task_update_draft,
)
from dotpha.tasks.tests.conftest import AFTER_WINDOW, IN_WINDOW
from dotpha.tasks.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def draft(stage, **kwargs):
    args = {
        "actor": stage.cadre,
        "programme": stage.programme,
        "period": stage.period,
        "assignee_cadre": stage.cadre.cadre,
        "title": "Số hóa 100% hồ sơ cán bộ của Sở",
        "description": "Rà soát, số hóa và cập nhật hồ sơ cán bộ lên phần mềm quản lý.",
        "field": stage.field,
        "start_date": datetime.date(2024, 3, 1),
        "deadline": datetime.date(2024, 11, 30),
        "deliverable": "Cơ sở dữ liệu hồ sơ cán bộ được số hóa.",
        "today": IN_WINDOW,
    }
    args.update(kwargs)
    return task_create_draft(**args)


def test_cadre_drafts_own_task_with_plan_and_the_authority_is_their_managing_unit(stage):
    # given the deputy director, managed by the provincial standing committee
    # when she drafts a task with two milestones and a target
    task = draft(
        stage,
        milestones=[
            MilestoneInput("Rà soát hồ sơ", datetime.date(2024, 5, 31)),
            MilestoneInput("Nhập liệu", datetime.date(2024, 9, 30)),
        ],
        targets=[TargetInput("Hồ sơ được số hóa", "hồ sơ", "1200")],
        co_cadres=[Cadre.objects.get(full_name="Trần Quang Minh")],
    )
    # then
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    assert task.authority_unit == stage.world.standing
    assert task.author == stage.cadre
    assert task.search_text == "so hoa 100 ho so can bo cua so"  # the signs between words are spaces
    assert [m.title for m in task.milestones.all()] == ["Rà soát hồ sơ", "Nhập liệu"]
    assert task.targets.get().target_value == Decimal(1200)
    assert [c.full_name for c in task.co_cadres.all()] == ["Trần Quang Minh"]
    assert list(task.events.values_list("kind", "actor")) == [(TaskEventKind.CREATED, stage.cadre.pk)]
    assert {h.history_user for h in task.history.all()} == {stage.cadre}
    assert task.history.earliest().history_type == "+"
    assert Milestone.history.filter(task_id=task.pk, history_user=stage.cadre).count() == 2


def test_unit_manager_drafts_for_the_collective_and_the_programme_issuer_is_the_authority(stage):
    task = task_create_draft(
        actor=stage.unit_manager,
        programme=stage.programme,
        period=stage.period,
        assignee_unit=stage.world.home_affairs,
        accountable_cadre=stage.unit_manager.cadre,
        title="Cải cách thủ tục hành chính của Sở",
        today=IN_WINDOW,
    )
    assert task.is_collective
    assert task.authority_unit == stage.programme.issuing_unit


@pytest.mark.parametrize(
    ("who", "assignee"),
    [
        ("cadre", "other_cadre"),  # a cadre registers only for themself
        ("cadre", "unit"),  # a cadre is not a unit manager
        ("unit_manager", "other_unit"),  # a unit manager only for their own subtree
        ("nobody", "unit"),
        ("inspector", "unit"),
    ],
)
def test_registration_refused_for_someone_else(stage, who, assignee):
    world = stage.world
    kwargs = {
        "other_cadre": {"assignee_cadre": Cadre.objects.get(full_name="Trần Quang Minh")},
        "unit": {"assignee_unit": world.home_affairs, "assignee_cadre": None},
        "other_unit": {"assignee_unit": world.finance, "assignee_cadre": None},
    }[assignee]
    with pytest.raises(PermissionDeniedError):
        draft(stage, actor=world.users[who], **kwargs)
    assert not Task.objects.exists()


def test_both_or_no_assignee_is_refused(stage):
    with pytest.raises(ApplicationError, match="một cán bộ hoặc một tập thể"):
        draft(stage, assignee_unit=stage.world.home_affairs)
    with pytest.raises(ApplicationError, match="một cán bộ hoặc một tập thể"):
        draft(stage, assignee_cadre=None)


def test_draft_refused_outside_the_registration_window(stage):
    with pytest.raises(ApplicationError) as exc:
        draft(stage, today=AFTER_WINDOW)
    assert exc.value.message == "Đã quá hạn đăng ký của chương trình (đến 31/03/2024)."
    with pytest.raises(ApplicationError, match=r"Chưa đến thời gian đăng ký .*từ 01/01/2024"):
        draft(stage, today=datetime.date(2023, 12, 31))
    assert not Task.objects.exists()


def test_period_window_overrides_the_programme_window(stage):
    stage.period.registration_opens = datetime.date(2024, 4, 1)
    stage.period.registration_closes = datetime.date(2024, 4, 30)
    stage.period.save()
    assert draft(stage, today=AFTER_WINDOW).pk
    with pytest.raises(ApplicationError, match="đến 30/04/2024"):
        draft(stage, today=datetime.date(2024, 5, 2))


def test_kind_not_in_the_programme_is_refused(stage):
    stage.programme.task_kinds = [TaskKind.BREAKTHROUGH]
    stage.programme.save()
    with pytest.raises(ApplicationError, match="không nhận loại “Việc khó”"):
        draft(stage, kind=TaskKind.DIFFICULT)


def test_deadline_before_start_is_refused(stage):
    with pytest.raises(ApplicationError, match="sau ngày bắt đầu"):
        draft(stage, start_date=datetime.date(2024, 6, 1), deadline=datetime.date(2024, 5, 1))


def test_co_responsible_changes_are_audited_row_by_row(stage):
    # given a draft with one co-responsible cadre
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    task = draft(stage, co_cadres=[minh])
    # when the author swaps him for another cadre and adds a unit
    task_update_draft(
        actor=stage.cadre, task=task, co_cadres=[stage.unit_manager.cadre], co_units=[stage.world.finance]
    )
    # then
    assert list(task.co_cadres.all()) == [stage.unit_manager.cadre]
    assert list(task.co_units.all()) == [stage.world.finance]
    changes = CoResponsibleCadre.history.filter(task_id=task.pk).order_by("history_date")
    assert [(h.cadre_id, h.history_type, h.history_user) for h in changes] == [
        (minh.pk, "+", stage.cadre),
        (stage.unit_manager.cadre_id, "+", stage.cadre),
        (minh.pk, "-", stage.cadre),
    ]
    with pytest.raises(ApplicationError, match="phối hợp"):
        task_update_draft(actor=stage.cadre, task=task, co_cadres=[stage.cadre.cadre])


def test_author_edits_draft_and_history_names_them(stage):
    # given
    task = draft(stage)
    # when
    task_update_draft(
        actor=stage.cadre, task=task, title="  Số hóa   hồ sơ  ", deadline=datetime.date(2024, 10, 31)
    )
    # then
    task.refresh_from_db()
    assert (task.title, task.deadline) == ("Số hóa hồ sơ", datetime.date(2024, 10, 31))
    assert task.history.latest().history_user == stage.cadre
    assert task.history.count() == 2


def test_edit_refused_to_others_for_unknown_fields_and_after_submission(stage):
    task = draft(stage)
    with pytest.raises(PermissionDeniedError):
        task_update_draft(actor=stage.approver, task=task, title="X")
    with pytest.raises(ApplicationError, match="Không sửa được trường"):
        task_update_draft(actor=stage.cadre, task=task, status=TaskStatus.APPROVED)
    task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    with pytest.raises(ApplicationError, match="không sửa được"):
        task_update_draft(actor=stage.cadre, task=task, title="X")
    task.refresh_from_db()
    assert task.title == "Số hóa 100% hồ sơ cán bộ của Sở"


def test_submit_moves_to_submitted_with_event_and_history(stage):
    # given
    task = draft(stage)
    # when
    task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    # then
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    assert task.submitted_at is not None
    event = task.events.get(kind=TaskEventKind.SUBMITTED)
    assert event.actor == stage.cadre and event.payload == {"resubmission": False}
    assert task.history.latest().status == TaskStatus.SUBMITTED
    assert task.history.latest().history_user == stage.cadre


def test_submit_requires_the_five_clears(stage):
    task = draft(stage, description="", deliverable="", start_date=None)
    with pytest.raises(ApplicationError) as exc:
        task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    assert exc.value.message == (
        "Việc chưa đủ “5 rõ”, còn thiếu: nội dung, giải pháp, ngày bắt đầu, sản phẩm hoặc chỉ tiêu."
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    assert not task.events.filter(kind=TaskEventKind.SUBMITTED).exists()


def test_a_target_stands_for_the_deliverable(stage):
    task = draft(stage, deliverable="", targets=[TargetInput("Nhà xây mới", "nhà", 13)])
    task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED


def test_collective_task_needs_an_accountable_cadre(stage):
    task = task_create_draft(
        actor=stage.unit_manager,
        programme=stage.programme,
        period=stage.period,
        assignee_unit=stage.world.home_affairs,
        title="Cải cách hành chính",
        description="Rút ngắn thời gian giải quyết thủ tục.",
        start_date=datetime.date(2024, 3, 1),
        deadline=datetime.date(2024, 12, 1),
        deliverable="Giảm 30% thời gian giải quyết.",
        today=IN_WINDOW,
    )
    with pytest.raises(ApplicationError, match="người chịu trách nhiệm"):
        task_submit(actor=stage.unit_manager, task=task, today=IN_WINDOW)


def test_submit_refused_when_deadline_outside_period_or_milestone_outside_schedule(stage):
    task = draft(stage, deadline=datetime.date(2025, 3, 1))
    with pytest.raises(ApplicationError, match=r"trong kỳ 2024 \(đến 31/12/2024\)"):
        task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    other = draft(stage, milestones=[MilestoneInput("Sơ kết", datetime.date(2024, 12, 20))])
    with pytest.raises(ApplicationError, match="Mốc “Sơ kết” nằm ngoài"):
        task_submit(actor=stage.cadre, task=other, today=IN_WINDOW)


def test_submit_enforces_the_maximum_per_assignee_and_period(stage):
    # given five tasks already counted (submitted or approved), and drafts/rejections that do not count
    for status in [TaskStatus.SUBMITTED] * 2 + [TaskStatus.APPROVED] * 3:
        stage.make_task(status=status)
    stage.make_task(status=TaskStatus.REJECTED)
    stage.make_task(status=TaskStatus.DRAFT)
    task = draft(stage)
    # when / then
    with pytest.raises(ApplicationError) as exc:
        task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    assert exc.value.message == "Mỗi cán bộ đăng ký tối đa 5 việc trong kỳ này."
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAFT
    assert Task.objects.filter(status=TaskStatus.SUBMITTED).count() == 2


def test_maximum_counts_per_period_and_per_assignee(stage):
    from dotpha.programmes.tests.factories import PeriodFactory

    other_period = PeriodFactory.create(
        programme=stage.programme,
        name="2023",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    for _ in range(5):
        stage.make_task(status=TaskStatus.APPROVED, period=other_period)
        stage.make_task(status=TaskStatus.APPROVED, cadre=Cadre.objects.get(full_name="Trần Quang Minh"))
    task = draft(stage)
    task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_collective_maximum_message(stage):
    for _ in range(5):
        stage.make_task(status=TaskStatus.APPROVED, assignee_unit=stage.world.home_affairs)
    task = stage.make_task(assignee_unit=stage.world.home_affairs)
    with pytest.raises(ApplicationError, match="Mỗi tập thể đăng ký tối đa 5 việc"):
        task_submit(actor=stage.unit_manager, task=task, today=IN_WINDOW)


def test_first_submission_refused_after_the_window(stage):
    task = draft(stage)
    with pytest.raises(ApplicationError, match="Đã quá hạn đăng ký"):
        task_submit(actor=stage.cadre, task=task, today=AFTER_WINDOW)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DRAFT


def test_returned_task_is_edited_and_resubmitted_after_the_window(stage):
    # given a task the approver returned after the window closed
    task = stage.make_task(status=TaskStatus.RETURNED, review_comment="Làm rõ chỉ tiêu.")
    # when the author edits it and sends it again
    task_update_draft(actor=stage.cadre, task=task, deliverable="1.200 hồ sơ được số hóa.")
    task_submit(actor=stage.cadre, task=task, today=AFTER_WINDOW)
    # then
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    assert task.events.get(kind=TaskEventKind.SUBMITTED).payload == {"resubmission": True}


def test_only_the_author_submits_and_only_drafts_or_returned(stage):
    task = draft(stage)
    with pytest.raises(PermissionDeniedError):
        task_submit(actor=stage.unit_manager, task=task, today=IN_WINDOW)
    approved = stage.make_task(status=TaskStatus.APPROVED)
    with pytest.raises(ApplicationError, match="không gửi được"):
        task_submit(actor=stage.cadre, task=approved, today=IN_WINDOW)


def test_submit_recomputes_the_authority_when_the_managing_unit_changed(stage):
    task = draft(stage)
    deputy = stage.cadre.cadre
    deputy.managing_unit = stage.world.board
    deputy.save()
    task_submit(actor=stage.cadre, task=task, today=IN_WINDOW)
    assert Task.objects.get(pk=task.pk).authority_unit == stage.world.board


def test_milestones_and_targets_are_shaped_while_draft(stage):
    # given
    task = draft(stage)
    # when
    milestone = milestone_add(
        actor=stage.cadre, task=task, title="Khảo sát", due_date=datetime.date(2024, 4, 1)
    )
    milestone_update(actor=stage.cadre, milestone=milestone, due_date=datetime.date(2024, 4, 15))
    target = target_add(
        actor=stage.cadre, task=task, name="Hồ sơ", unit_of_measure="hồ sơ", target_value="1200"
    )
    target_update(actor=stage.cadre, target=target, target_value=1500)
    # then
    milestone.refresh_from_db()
    target.refresh_from_db()
    assert milestone.due_date == datetime.date(2024, 4, 15)
    assert target.target_value == Decimal(1500)
    assert milestone.history.latest().history_user == stage.cadre
    # and removal leaves a deletion row naming the actor
    milestone_remove(actor=stage.cadre, milestone=milestone)
    target_remove(actor=stage.cadre, target=target)
    assert not Milestone.objects.filter(task=task).exists() and not Target.objects.filter(task=task).exists()
    removed = Milestone.history.get(id=milestone.pk, history_type="-")
    assert removed.history_user == stage.cadre


def test_plan_is_fixed_once_submitted_and_closed_to_others(stage):
    task = stage.make_task(status=TaskStatus.APPROVED)
    milestone = MilestoneFactory.create(task=task)
    with pytest.raises(ApplicationError, match="đề nghị điều chỉnh"):
        milestone_add(actor=stage.cadre, task=task, title="Thêm", due_date=datetime.date(2024, 5, 1))
    with pytest.raises(ApplicationError, match="đề nghị điều chỉnh"):
        milestone_update(actor=stage.cadre, milestone=milestone, due_date=datetime.date(2024, 12, 1))
    with pytest.raises(ApplicationError, match="Nhập tên chỉ tiêu"):
        target_add(actor=stage.cadre, task=draft(stage), name="", unit_of_measure="nhà", target_value=1)
    with pytest.raises(ApplicationError, match="không âm"):
        target_add(actor=stage.cadre, task=draft(stage), name="Nhà", unit_of_measure="nhà", target_value=-1)
    with pytest.raises(PermissionDeniedError):
        milestone_add(actor=stage.approver, task=draft(stage), title="X", due_date=datetime.date(2024, 5, 1))
    assert Milestone.objects.filter(task=task).count() == 1
    assert TaskEvent.objects.filter(task=task).count() == 0
