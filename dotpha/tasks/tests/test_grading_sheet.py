"""The year-end grading sheet's services: a draft is no evaluation; confirming evaluates every graded line
through the evaluation rules, all or none, then locks the sheet; only the authority's approvers work on it,
and only on the tasks under that authority."""

import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import CadreFactory, make_user
from dotpha.programmes.models import Grade
from dotpha.tasks.models import (
    Evaluation,
    GradingLine,
    GradingSheet,
    GradingSheetStatus,
    Task,
    TaskEventKind,
    TaskStatus,
)
from dotpha.tasks.selectors import ProgressState, with_progress
from dotpha.tasks.selectors import grading as grading_selectors
from dotpha.tasks.selectors.grading import grading_overview, sheet_rows, sheet_tasks
from dotpha.tasks.services import GradingLineInput, grading_sheet_confirm, grading_sheet_save
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory
from dotpha.tests.concurrency import concurrent, run_together

D = datetime.date
TODAY = D(2025, 1, 15)

pytestmark = pytest.mark.django_db


def self_assessed(stage, title: str, *, percent: int | None = 100, cadre=None) -> Task:
    """An approved task of 2024 reported at `percent` on 01/11/2024, self-assessed as good."""
    task = stage.make_task(status=TaskStatus.APPROVED, title=title, cadre=cadre)
    if percent is not None:
        ProgressReportFactory.create(
            task=task, reported_on=D(2024, 11, 1), percent_done=percent, author=stage.cadre
        )
    Evaluation.objects.create(
        task=task, self_grade=Grade.GOOD, self_assessment="Đã hoàn thành.", self_assessed_by=stage.cadre
    )
    return task


@pytest.fixture
def tasks(stage):
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    return [
        self_assessed(stage, "Số hóa hồ sơ cán bộ"),
        self_assessed(stage, "Giải quyết hồ sơ tồn đọng", percent=60, cadre=minh),
    ]


def save(stage, *lines: GradingLineInput, actor=None) -> GradingSheet:
    return grading_sheet_save(
        actor=actor or stage.approver, period=stage.period, authority_unit=stage.world.standing, lines=lines
    )


def confirm(stage, *lines: GradingLineInput, actor=None, versions=None) -> GradingSheet:
    return grading_sheet_confirm(
        actor=actor or stage.approver,
        period=stage.period,
        authority_unit=stage.world.standing,
        lines=lines,
        versions=versions,
    )


def grades() -> dict[str, str]:
    return dict(Evaluation.objects.values_list("task__title", "grade"))


def test_a_draft_is_kept_but_evaluates_nothing(stage, tasks):
    done, partial = tasks
    # when the approver saves a draft
    sheet = save(
        stage,
        GradingLineInput(
            task_id=done.pk, grade=Grade.EXCELLENT, ahead_of_plan=True, comment="Vượt chỉ tiêu."
        ),
        GradingLineInput(task_id=partial.pk),  # not graded yet: no line
    )
    # then the draft is on the sheet, audited
    assert sheet.status == GradingSheetStatus.DRAFT and sheet.created_by == stage.approver
    line = GradingLine.objects.get()
    assert (line.task, line.grade, line.ahead_of_plan, line.comment) == (
        done,
        Grade.EXCELLENT,
        True,
        "Vượt chỉ tiêu.",
    )
    assert line.history.get().history_user == stage.approver
    # but no task is evaluated: no grade, no event, the same version, the same progress state
    assert grades() == {done.title: "", partial.title: ""}
    assert not done.events.filter(kind=TaskEventKind.EVALUATED).exists()
    assert Task.objects.get(pk=done.pk).version == done.version
    states = {vars(t)["progress"] for t in with_progress(Task.objects.all(), TODAY)}
    assert ProgressState.EVALUATED not in states and states
    # saving again changes the line; an emptied grade stays a line without a grade
    save(stage, GradingLineInput(task_id=done.pk, grade="", comment="Chờ hội nghị."))
    assert GradingLine.objects.values_list("grade", "ahead_of_plan", "comment").get() == (
        "",
        False,
        "Chờ hội nghị.",
    )


def test_confirming_evaluates_every_graded_line_then_locks(stage, tasks):
    done, partial = tasks
    save(stage, GradingLineInput(task_id=done.pk, grade=Grade.EXCELLENT, ahead_of_plan=True))
    # when the approver confirms, grading the second row now (a reason, as it was reported at 60%)
    sheet = confirm(
        stage,
        GradingLineInput(task_id=partial.pk, grade=Grade.GOOD, comment="Khối lượng lớn, vượt khó."),
        versions={done.pk: done.version, partial.pk: partial.version},
    )
    # then both are evaluated as the evaluation service records them
    assert grades() == {done.title: Grade.EXCELLENT, partial.title: Grade.GOOD}
    evaluation = Evaluation.objects.get(task=done)
    assert (evaluation.ahead_of_plan, evaluation.evaluated_by) == (True, stage.approver)
    assert Evaluation.objects.get(task=partial).comment == "Khối lượng lớn, vượt khó."
    for task in tasks:
        assert task.events.filter(kind=TaskEventKind.EVALUATED, actor=stage.approver).count() == 1
    # the sheet is locked
    sheet.refresh_from_db()
    assert (sheet.status, sheet.confirmed_by) == (GradingSheetStatus.CONFIRMED, stage.approver)
    assert sheet.confirmed_at is not None
    with pytest.raises(ApplicationError, match="đã xác nhận và khóa") as refused:
        save(stage, GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED))
    assert refused.value.code == "sheet_locked"
    with pytest.raises(ApplicationError, match="đã xác nhận và khóa"):
        confirm(stage, GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED))
    assert GradingLine.objects.get(task=done).grade == Grade.EXCELLENT
    assert grades()[done.title] == Grade.EXCELLENT


def test_one_refusal_refuses_the_whole_sheet_and_names_the_task(stage, tasks):
    done, partial = tasks
    save(stage, GradingLineInput(task_id=done.pk, grade=Grade.EXCELLENT))
    # when the second task, last reported at 60%, is graded good without a reason
    with pytest.raises(ApplicationError) as refused:
        confirm(
            stage,
            GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED),
            GradingLineInput(task_id=partial.pk, grade=Grade.GOOD),
        )
    # then the message names the task and the rule; nothing is evaluated, the draft is as it was
    assert refused.value.code == "reason_required"
    assert refused.value.message.startswith("Việc “Giải quyết hồ sơ tồn đọng”: Báo cáo tiến độ gần nhất")
    assert "60%" in refused.value.message
    assert grades() == {done.title: "", partial.title: ""}
    assert list(GradingLine.objects.values_list("task__title", "grade")) == [(done.title, Grade.EXCELLENT)]
    assert GradingSheet.objects.get().status == GradingSheetStatus.DRAFT


def test_a_task_not_self_assessed_or_changed_since_is_refused(stage, tasks):
    done, _partial = tasks
    fresh = stage.make_task(status=TaskStatus.APPROVED, title="Chưa tự đánh giá")
    with pytest.raises(ApplicationError, match="Việc “Chưa tự đánh giá”: Người được giao chưa tự đánh giá"):
        confirm(stage, GradingLineInput(task_id=fresh.pk, grade=Grade.COMPLETED))
    # the version the evaluator saw is checked: someone changed the task after the page was read
    seen = done.version
    Task.objects.filter(pk=done.pk).update(version=seen + 1)
    with pytest.raises(ApplicationError) as refused:
        confirm(stage, GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED), versions={done.pk: seen})
    assert refused.value.code == "stale_version"
    assert "Số hóa hồ sơ cán bộ" in refused.value.message
    assert set(grades().values()) == {""}


def test_a_line_saved_with_the_version_seen_is_checked_at_the_confirmation(stage, tasks):
    """A long sheet is typed a page at a time: the version each line was typed on travels with the draft,
    and the confirmation, sent from another page without it, still refuses a task changed since."""
    done, _partial = tasks
    seen = done.version
    grading_sheet_save(
        actor=stage.approver,
        period=stage.period,
        authority_unit=stage.world.standing,
        lines=[GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED)],
        versions={done.pk: seen},
    )
    assert GradingLine.objects.get().task_version == seen
    # saved again by a caller that sends no version (the API's older clients): the version stays
    save(stage, GradingLineInput(task_id=done.pk, grade=Grade.GOOD))
    assert GradingLine.objects.values_list("grade", "task_version").get() == (Grade.GOOD, seen)
    Task.objects.filter(pk=done.pk).update(version=seen + 1)
    with pytest.raises(ApplicationError) as refused:
        confirm(stage)
    assert refused.value.code == "stale_version" and done.title in refused.value.message
    assert set(grades().values()) == {""}
    assert GradingSheet.objects.get().status == GradingSheetStatus.DRAFT
    # the page with the task, seen again and confirmed with today's version, goes through
    confirm(stage, GradingLineInput(task_id=done.pk, grade=Grade.GOOD), versions={done.pk: seen + 1})
    assert grades()[done.title] == Grade.GOOD


def test_nothing_graded_cannot_be_confirmed(stage, tasks):
    with pytest.raises(ApplicationError, match="Chưa chọn mức đánh giá") as refused:
        confirm(stage, GradingLineInput(task_id=tasks[0].pk, comment="Chưa thống nhất."))
    assert refused.value.code == "nothing_graded"
    assert not GradingSheet.objects.exists()


def test_rows_left_ungraded_stay_unevaluated(stage, tasks):
    done, partial = tasks
    confirm(stage, GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED))
    assert grades() == {done.title: Grade.COMPLETED, partial.title: ""}


@pytest.mark.parametrize("role", ["organizer", "unit_manager", "cadre", "inspector", "commune_committee"])
def test_only_the_authority_works_on_the_sheet(stage, tasks, role):
    actor = stage.world.users[role]
    with pytest.raises(PermissionDeniedError, match="cấp đánh giá"):
        save(stage, GradingLineInput(task_id=tasks[0].pk, grade=Grade.GOOD), actor=actor)
    with pytest.raises(PermissionDeniedError):
        confirm(stage, GradingLineInput(task_id=tasks[0].pk, grade=Grade.COMPLETED), actor=actor)
    assert not GradingSheet.objects.exists() and not GradingLine.objects.exists()


def test_never_a_task_outside_the_sheet(stage, tasks, approver_with_cadre, world):
    # a commune's task of the same period, under the commune's authority
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    elsewhere = stage.make_task(
        status=TaskStatus.APPROVED,
        cadre=ward_chair,
        authority_unit=world.other_commune,
        title="Việc của phường",
    )
    other_period = stage.make_task(
        status=TaskStatus.APPROVED,
        period=stage.period.__class__.objects.create(
            programme=stage.programme, name="2025", start_date=D(2025, 1, 1), end_date=D(2025, 12, 31)
        ),
        title="Việc năm 2025",
        deadline=D(2025, 12, 31),
    )
    submitted = stage.make_task(status=TaskStatus.SUBMITTED, title="Việc chờ phê duyệt")
    on_sheet = set(sheet_tasks(stage.approver, stage.period, world.standing).values_list("title", flat=True))
    assert on_sheet == {t.title for t in tasks}
    # Trần Quang Minh, on the standing committee, never sees his own task on his sheet
    mine = set(sheet_tasks(approver_with_cadre, stage.period, world.standing).values_list("title", flat=True))
    assert mine == {"Số hóa hồ sơ cán bộ"}
    for intruder in (elsewhere, other_period, submitted, tasks[1]):
        actor = approver_with_cadre if intruder == tasks[1] else stage.approver
        with pytest.raises(ApplicationError, match="không thuộc bảng đánh giá") as refused:
            save(stage, GradingLineInput(task_id=intruder.pk, grade=Grade.GOOD), actor=actor)
        assert refused.value.code == "not_on_sheet"
    assert not GradingLine.objects.exists()
    # a commune's approver is no evaluator of the standing committee's sheet
    ward = make_user("phuong", Role.APPROVER, world.other_commune)
    with pytest.raises(PermissionDeniedError):
        save(stage, GradingLineInput(task_id=tasks[0].pk, grade=Grade.GOOD), actor=ward)


def test_a_closed_period_refuses_the_sheet(stage, tasks):
    stage.period.closed_at = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    stage.period.save()
    with pytest.raises(ApplicationError, match="Kỳ 2024 đã khóa") as refused:
        save(stage, GradingLineInput(task_id=tasks[0].pk, grade=Grade.GOOD))
    assert refused.value.code == "period_closed"
    assert not GradingSheet.objects.exists()


def test_the_rows_show_what_the_meeting_looks_at(stage, tasks):
    done, partial = tasks
    TargetFactory.create(task=done, target_value=13, achieved_value=13)
    TargetFactory.create(task=done, target_value=5, achieved_value=4)
    MilestoneFactory.create(task=done, done_on=D(2024, 6, 1))
    MilestoneFactory.create(task=done)
    partial.obstacles.create(content="Thiếu kinh phí", raised_by=stage.cadre)
    save(stage, GradingLineInput(task_id=partial.pk, grade=Grade.COMPLETED))
    rows = {t.title: t for t in sheet_rows(stage.approver, stage.period, stage.world.standing, today=TODAY)}
    first, second = vars(rows[done.title]), vars(rows[partial.title])  # the annotated facts
    assert (first["latest_percent"], first["targets_reached"], first["targets_total"]) == (100, 1, 2)
    assert (first["milestones_done"], first["milestones_total"], first["open_obstacles"]) == (1, 2, 0)
    assert (second["latest_percent"], second["open_obstacles"], second["line"].grade) == (
        60,
        1,
        Grade.COMPLETED,
    )
    assert first["line"] is None and rows[done.title].evaluation.self_grade == Grade.GOOD
    # the evaluator's list of sheets: one for the period, none evaluated yet, a draft
    [summary] = grading_overview(stage.approver)
    assert (summary.period, summary.authority_unit, summary.tasks, summary.evaluated) == (
        stage.period,
        stage.world.standing,
        2,
        0,
    )
    assert summary.sheet is not None and summary.sheet.status == GradingSheetStatus.DRAFT
    assert grading_overview(stage.unit_manager) == []


@concurrent
def test_two_evaluators_at_once_one_sheet_one_confirmation(stage, tasks, world):
    # thuongtruc (standing committee) and the provincial secretary (party committee) grade the same sheet
    secretary = make_user("bithu", Role.APPROVER, Unit.objects.get(code="P-TU"))
    done = tasks[0]
    evaluators = [stage.approver, secretary]
    # both save a first draft at once: one sheet, made once
    drafts = run_together(
        2,
        lambda i: save(stage, GradingLineInput(task_id=done.pk, grade=Grade.COMPLETED), actor=evaluators[i]),
    )
    assert [o.error for o in drafts] == [None, None]
    assert GradingSheet.objects.count() == 1
    # both confirm at once with different grades: one wins, the other is refused; the record is the winner's
    chosen = [Grade.EXCELLENT, Grade.COMPLETED]
    outcomes = run_together(
        2, lambda i: confirm(stage, GradingLineInput(task_id=done.pk, grade=chosen[i]), actor=evaluators[i])
    )
    won = [i for i, o in enumerate(outcomes) if o.error is None]
    assert len(won) == 1
    loser = outcomes[1 - won[0]].error
    assert isinstance(loser, ApplicationError) and loser.code == "sheet_locked"
    assert Evaluation.objects.get(task=done).grade == chosen[won[0]]
    assert GradingSheet.objects.get().confirmed_by == evaluators[won[0]]


def person(task: Task) -> str:
    return task.assignee_cadre.full_name if task.assignee_cadre else ""


def test_the_sheet_lists_people_as_vietnamese_lists_do_and_pages_in_that_order(stage, tasks, monkeypatch):
    """By given name in the Vietnamese alphabet (Đ after D, not after Z): An, Hạnh, Minh. The pages and the
    Excel sheet follow the same order."""
    an = CadreFactory.create(full_name="Đỗ Văn An", managing_unit=stage.world.standing)
    self_assessed(stage, "Chuyển đổi số hồ sơ", cadre=an)
    names = [person(t) for t in sheet_rows(stage.approver, stage.period, stage.world.standing, today=TODAY)]
    assert names == ["Đỗ Văn An", "Đặng Thị Hạnh", "Trần Quang Minh"]
    monkeypatch.setattr(grading_selectors, "SHEET_PAGE", 2)
    pages = [
        [
            person(t)
            for t in grading_selectors.sheet_page(
                stage.approver, stage.period, stage.world.standing, today=TODAY, number=n
            )
        ]
        for n in (1, 2)
    ]
    assert pages == [names[:2], names[2:]]
    streamed = grading_selectors.sheet_rows_streamed(
        stage.approver, stage.period, stage.world.standing, today=TODAY
    )
    assert [person(t) for t in streamed] == names
