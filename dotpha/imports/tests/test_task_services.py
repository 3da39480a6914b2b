"""Committing a task list: approved tasks under the chosen decision, created through the task services,
all rows or none, each refusal placed at its row; names several cadres share are never guessed."""

import datetime

import pytest
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.core.errors import PermissionDeniedError
from dotpha.imports.task_plan import TaskMapping
from dotpha.imports.task_services import TaskImportRejected, task_import_apply, task_import_check
from dotpha.imports.tests.test_task_layouts import (
    SIGNED,
    UNFAMILIAR_MAPPING,
    Desk,
    make_desk,
    outsider_approver,
    parse,
    provincial_list,
    text_deadline_list,
    unfamiliar_list,
)
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Target, Task, TaskEvent, TaskEventKind, TaskOrigin, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def counts() -> tuple[int, int, int, int]:
    return Task.objects.count(), Decision.objects.count(), TaskEvent.objects.count(), Target.objects.count()


def created(**filters) -> list[tuple]:
    """Every task, in the order the file lists them: title, assignee, deadline, decision number."""
    tasks = Task.objects.filter(**filters).select_related("assignee_cadre", "decision").order_by("pk")
    return [(t.title, t.assignee_cadre_id, t.deadline, t.decision and t.decision.number) for t in tasks]


def test_provincial_list_creates_approved_tasks_under_a_new_decision(desk):
    # given a checked file
    plan = parse(desk, provincial_list())
    target = desk.target()
    assert task_import_check(actor=desk.approver, plan=plan, target=target) == []
    before = counts()
    assert before[0] == 0

    # when
    summary = task_import_apply(actor=desk.approver, plan=plan, target=target)

    # then one decision and one approved task per numbered row, in the file's order
    assert summary.describe() == (
        "Đã tạo 4 việc đã phê duyệt cho 3 cán bộ theo Quyết định số 125-QĐ/TU (quyết định mới)."
    )
    decision = Decision.objects.get(number="125-QĐ/TU")
    assert (decision.signed_on, decision.issuing_unit, decision.period, decision.title) == (
        SIGNED,
        desk.world.standing,
        desk.year,
        "Giao việc đột phá, đổi mới năm 2024",
    )
    assert created() == [
        (
            "Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ",
            desk.hung.pk,
            datetime.date(2024, 9, 30),
            "125-QĐ/TU",
        ),
        (
            "Rút ngắn thời gian giải quyết hồ sơ tuyển dụng",
            desk.hung.pk,
            datetime.date(2024, 12, 31),
            "125-QĐ/TU",
        ),
        ("Thu hồi dứt điểm nợ đọng thuế đất", desk.minh.pk, datetime.date(2024, 11, 30), "125-QĐ/TU"),
        ("Cân đối vốn cho dự án trọng điểm", desk.other_hung.pk, datetime.date(2024, 6, 30), "125-QĐ/TU"),
    ]
    for task in Task.objects.select_related("field"):
        assert (task.status, task.origin, task.approved_on, task.approved_by, task.author) == (
            TaskStatus.APPROVED,
            TaskOrigin.ASSIGNED,
            SIGNED,
            desk.approver,
            desk.approver,
        )
        assert (task.programme, task.period, task.authority_unit) == (
            desk.programme,
            desk.year,
            desk.world.standing,
        )
        assert task.start_date == SIGNED and task.description == task.title
        assert task.history.earliest().history_user == desk.approver
        assert list(task.events.values_list("kind", flat=True)) == [TaskEventKind.ASSIGNED]
    assert list(Task.objects.order_by("pk").values_list("field__name", "deliverable")) == [
        ("Chuyển đổi số", "Kho hồ sơ số"),
        ("Cải cách hành chính", "Quy trình mới được ban hành"),
        ("Quản lý đất đai, xử lý vi phạm", "Báo cáo kết quả thu hồi"),
        ("Phát triển kết cấu hạ tầng", "Phương án vốn được phê duyệt"),
    ]


def test_text_deadlines_under_an_existing_decision(desk):
    target = desk.target(desk.phase, decision=desk.decision)
    plan = parse(desk, text_deadline_list(), target=target)

    summary = task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert (summary.tasks, summary.cadres, summary.decision_created) == (6, 3, False)
    assert Decision.objects.count() == 1
    assert created() == [
        ("Xóa nhà tạm cho hộ nghèo", desk.minh.pk, datetime.date(2024, 9, 30), "90-QĐ/TU"),
        ("Kiện toàn bộ máy Văn phòng Sở", desk.hanh.pk, datetime.date(2023, 12, 31), "90-QĐ/TU"),
        ("Chuẩn hóa dữ liệu cán bộ", desk.hanh.pk, datetime.date(2023, 12, 31), "90-QĐ/TU"),
        ("Tổng kết mô hình dân vận khéo", desk.son.pk, datetime.date(2024, 12, 31), "90-QĐ/TU"),
        ("Hoàn thành sáp nhập thôn", desk.son.pk, datetime.date(2024, 6, 30), "90-QĐ/TU"),
        ("Phát triển đảng viên mới", desk.minh.pk, datetime.date(2025, 6, 30), "90-QĐ/TU"),
    ]
    assert set(Task.objects.values_list("approved_on", flat=True)) == {datetime.date(2022, 1, 10)}
    # the tasks start with the decision, signed after the phase began
    assert set(Task.objects.values_list("start_date", flat=True)) == {datetime.date(2022, 1, 10)}
    targets = Target.objects.order_by("pk").values_list(
        "task__title", "target_value", "unit_of_measure", "name"
    )
    assert [(title, int(value), unit, name) for title, value, unit, name in targets] == [
        ("Xóa nhà tạm cho hộ nghèo", 13, "nhà", "13 nhà"),
        ("Chuẩn hóa dữ liệu cán bộ", 100, "%", "100% hồ sơ"),
        ("Phát triển đảng viên mới", 1200, "đảng viên", "Kết nạp 1.200 đảng viên"),
    ]
    assert (
        Task.objects.get(title="Hoàn thành sáp nhập thôn").deliverable == "Chỉ tiêu: Sáp nhập xong các thôn"
    )


def test_a_shared_name_is_never_guessed(desk):
    mapping = TaskMapping("Tổng hợp", UNFAMILIAR_MAPPING)
    target = desk.target()
    plan = parse(desk, unfamiliar_list(), mapping=mapping)
    before = counts()

    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert [(i.row, i.column, i.message) for i in rejected.value.issues] == [
        (
            5,
            "Lãnh đạo phụ trách",
            "Có 2 cán bộ tên “Nguyễn Văn Hùng”, chưa chọn người được giao: "
            f"Nguyễn Văn Hùng — Phó Giám đốc, Sở Tài chính (mã C-HUNG2); "
            f"Nguyễn Văn Hùng — Giám đốc, Sở Nội vụ (mã {desk.hung.code})",
        )
    ]
    assert counts() == before


def test_the_users_choice_decides_a_shared_name(desk):
    mapping = TaskMapping("Tổng hợp", UNFAMILIAR_MAPPING)
    target = desk.target()
    plan = parse(desk, unfamiliar_list(), mapping=mapping, choices={5: desk.other_hung.pk})
    assert [r.match_kind for r in plan.rows] == ["found", "chosen", "by_post"]

    task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert created() == [
        ("Giải ngân vốn đầu tư công đạt kế hoạch", desk.minh.pk, datetime.date(2024, 12, 31), "125-QĐ/TU"),
        ("Chuyển đổi số hồ sơ cán bộ", desk.other_hung.pk, datetime.date(2024, 6, 30), "125-QĐ/TU"),
        ("Sắp xếp đơn vị sự nghiệp", desk.hung.pk, datetime.date(2024, 10, 31), "125-QĐ/TU"),
    ]


def test_a_choice_outside_the_candidates_is_refused(desk):
    plan = parse(
        desk,
        unfamiliar_list(),
        mapping=TaskMapping("Tổng hợp", UNFAMILIAR_MAPPING),
        choices={5: desk.minh.pk},
    )
    assert [(i.row, i.message) for i in plan.issues] == [
        (5, "Người được chọn không có trong danh sách gợi ý; hãy chọn lại")
    ]
    with pytest.raises(TaskImportRejected):
        task_import_apply(actor=desk.approver, plan=plan, target=desk.target())
    assert Task.objects.count() == 0


def test_one_row_the_services_refuse_saves_nothing(desk):
    # given a list whose last row ends after the period (2024): the file reads, the service says no
    data = provincial_list({"F14": "30/06/2025"})
    plan = parse(desk, data)
    assert plan.issues == []
    target = desk.target()
    before = counts()

    issues = task_import_check(actor=desk.approver, plan=plan, target=target)
    assert [(i.row, i.message) for i in issues] == [
        (14, "Thời hạn hoàn thành phải trong kỳ 2024 (đến 31/12/2024).")
    ]
    assert counts() == before  # the check keeps nothing

    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=desk.approver, plan=plan, target=target)

    assert rejected.value.issues == issues
    assert counts() == before  # neither the three good rows nor the decision
    assert not Decision.objects.filter(number="125-QĐ/TU").exists()


def test_one_row_the_parser_rejects_saves_nothing(desk):
    data = provincial_list({"C13": "Trần Quang Mạnh"})
    plan = parse(desk, data)
    before = counts()
    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=desk.approver, plan=plan, target=desk.target())
    assert [(i.row, i.column) for i in rejected.value.issues] == [(13, "Người được giao / Họ và tên")]
    assert counts() == before


def test_someone_elses_authority_is_refused_once_for_the_file(desk):
    # an organizer of the province who approves only for Phường Hòa Bình sees the cadres, may not assign
    outsider = outsider_approver(desk.world)
    plan = parse(desk, provincial_list(), actor=outsider)
    assert plan.rows == []
    before = counts()

    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=outsider, plan=plan, target=desk.target())

    assert [(i.row, i.message) for i in rejected.value.issues] == [
        (
            None,
            "Bạn không có quyền ban hành quyết định phê duyệt của Ban Thường vụ Tỉnh ủy, nên không nhập "
            "được danh sách theo Quyết định số 125-QĐ/TU. Người nhập phải là Thường trực của cơ quan ban "
            "hành quyết định.",
        )
    ]
    assert counts() == before


def test_an_organizer_without_approval_authority_is_refused_under_an_existing_decision(desk):
    target = desk.target(desk.phase, decision=desk.decision)
    plan = parse(desk, text_deadline_list(), actor=desk.organizer, target=target)
    assert [i.message for i in plan.issues] == [
        "Bạn không có quyền ban hành quyết định phê duyệt của Ban Thường vụ Tỉnh ủy, nên không nhập được "
        "danh sách theo Quyết định số 90-QĐ/TU. Người nhập phải là Thường trực của cơ quan ban hành "
        "quyết định."
    ]
    with pytest.raises(TaskImportRejected):
        task_import_apply(actor=desk.organizer, plan=plan, target=target)
    assert Task.objects.count() == 0


def test_a_decision_locked_after_the_check_refuses_the_file_once_and_saves_nothing(desk):
    # given a file checked under the existing decision, whose signed scan is attached before the commit
    target = desk.target(desk.phase, decision=desk.decision)
    plan = parse(desk, text_deadline_list(), target=target)
    Decision.objects.filter(pk=desk.decision.pk).update(scan_uploaded_at=timezone.now())
    before = counts()

    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=desk.approver, plan=plan, target=target)

    # then one issue for the file (the decision is checked once, not at each of the 6 rows)
    assert [(i.row, i.message) for i in rejected.value.issues] == [
        (
            None,
            "Quyết định số 90-QĐ/TU: Quyết định số 90-QĐ/TU đã có bản ký, danh sách việc đã khóa: muốn thay "
            "đổi, ban hành quyết định sửa đổi, bổ sung quyết định này.",
        )
    ]
    assert counts() == before


def test_nobody_assigns_a_task_to_themself(desk):
    minh_approver = make_user("minh", Role.APPROVER, desk.world.standing, desk.minh)
    plan = parse(desk, provincial_list(), actor=minh_approver)
    issues = task_import_check(actor=minh_approver, plan=plan, target=desk.target())
    assert [(i.row, i.message) for i in issues] == [(13, "Không thể tự giao việc cho chính mình.")]


def test_a_decision_number_already_entered_is_refused(desk):
    plan = parse(desk, text_deadline_list(), target=desk.target(desk.phase))
    target = desk.target(desk.phase, decision_number="90-QĐ/TU", signed_on=datetime.date(2022, 5, 1))
    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=desk.approver, plan=plan, target=target)
    assert rejected.value.issues[0].message == (
        "Quyết định số 90-QĐ/TU: Quyết định số 90-QĐ/TU năm 2022 đã được nhập."
    )
    assert Task.objects.count() == 0


def test_the_plan_must_be_checked_for_the_same_user(desk):
    plan = parse(desk, provincial_list())
    with pytest.raises(PermissionDeniedError):
        task_import_apply(actor=desk.organizer, plan=plan, target=desk.target())
    assert Task.objects.count() == 0
