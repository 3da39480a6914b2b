"""Names in a task list are matched as written, diacritics included, or the user is asked: a tone-mark
near miss is never taken, titles and honorifics are dropped, the post beside the name tells namesakes
apart and is compared with the cadre's post on the decision date, people outside the importer's scope are
said to be so, and "đ/c X (phối hợp)" puts X among the co-responsible."""

import datetime

import pytest
from openpyxl import Workbook

from dotpha.imports.task_services import TaskImportRejected, task_import_apply
from dotpha.imports.tests.test_task_layouts import Desk, make_desk, parse, to_bytes
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db

HEADERS = ["STT", "Tên việc", "Họ và tên", "Chức vụ", "Thời hạn hoàn thành", "Sản phẩm"]


@pytest.fixture
def desk(world) -> Desk:
    return make_desk(world)


def task_list(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row, "Báo cáo kết quả"])
    return to_bytes(book)


def summary(plan) -> list[tuple[int, str, str | None]]:
    return [(r.row, r.match_kind, r.cadre.full_name if r.cadre else None) for r in plan.rows]


def test_a_tone_mark_near_miss_is_never_matched_but_offered(desk):
    hoa = CadreFactory.create(full_name="Nguyễn Văn Hòa", managing_unit=desk.world.standing)
    hung = CadreFactory.create(full_name="Trần Văn Hưng", managing_unit=desk.world.standing)
    for cadre in (hoa, hung):  # in post on the decision's date: only people in post are assigned tasks
        AppointmentFactory(cadre=cadre, unit=desk.world.home_affairs)
    data = task_list(
        [
            ["Việc một", "Nguyễn Văn Hoa", None, "năm 2024"],
            ["Việc hai", "Trần Văn Hùng", None, "năm 2024"],
            ["Việc ba", "Nguyễn Văn Hoà", None, "năm 2024"],  # the same name, tone mark on the other vowel
            ["Việc bốn", "tran quang minh", None, "năm 2024"],  # typed without any diacritics
            ["Việc năm", "TRẦN QUANG MINH", None, "năm 2024"],  # capitals: the same name
        ]
    )

    plan = parse(desk, data)

    assert summary(plan) == [
        (2, "near", None),
        (3, "near", None),
        (4, "found", "Nguyễn Văn Hòa"),
        (5, "near", None),
        (6, "found", "Trần Quang Minh"),
    ]
    assert plan.issues == []
    messages = [(i.row, i.message) for i in plan.choice_issues()]
    assert messages[0][0] == 2
    assert messages[0][1].startswith(
        "Không tìm thấy cán bộ “Nguyễn Văn Hoa” (đúng dấu) — có phải: Nguyễn Văn Hòa"
    )
    assert [r for r, _ in messages] == [2, 3, 5]
    with pytest.raises(TaskImportRejected):
        task_import_apply(actor=desk.approver, plan=plan, target=desk.target())
    assert Task.objects.count() == 0

    chosen = parse(desk, data, choices={2: hoa.pk, 3: hung.pk, 5: desk.minh.pk})
    assert summary(chosen)[:3] == [
        (2, "chosen", "Nguyễn Văn Hòa"),
        (3, "chosen", "Trần Văn Hưng"),
        (4, "found", "Nguyễn Văn Hòa"),
    ]
    task_import_apply(actor=desk.approver, plan=chosen, target=desk.target())
    assert list(Task.objects.order_by("pk").values_list("assignee_cadre__full_name", flat=True)) == [
        "Nguyễn Văn Hòa",
        "Trần Văn Hưng",
        "Nguyễn Văn Hòa",
        "Trần Quang Minh",
        "Trần Quang Minh",
    ]


def test_honorifics_ranks_and_degrees_are_dropped(desk):
    data = task_list(
        [
            ["Việc một", "Đ/c Đại tá TS. Trần Quang Minh", None, "năm 2024"],
            ["Việc hai", "PGS.TS. Đặng Thị Hạnh", None, "năm 2024"],
            ["Việc ba", "Bà Đặng Thị Hạnh", None, "năm 2024"],
            ["Việc bốn", "đ/c ThS. Trần Quang Minh", None, "năm 2024"],
            ["Việc năm", "Đồng chí Thượng tá Trần Quang Minh", None, "năm 2024"],
        ]
    )

    plan = parse(desk, data)

    assert plan.issues == []
    assert [r.cadre.pk if r.cadre else None for r in plan.rows] == [
        desk.minh.pk,
        desk.hanh.pk,
        desk.hanh.pk,
        desk.minh.pk,
        desk.minh.pk,
    ]
    assert [r.name for r in plan.rows][:2] == ["Trần Quang Minh", "Đặng Thị Hạnh"]


def test_the_post_in_the_cell_or_the_next_column_tells_namesakes_apart(desk):
    data = task_list(
        [
            ["Việc một", "Nguyễn Văn Hùng - Phó Giám đốc Sở Tài chính", None, "năm 2024"],
            ["Việc hai", "Nguyễn Văn Hùng", "Giám đốc Sở Nội vụ", "năm 2024"],
            ["Việc ba", "Nguyễn Văn Hùng", None, "năm 2024"],
        ]
    )

    plan = parse(desk, data)

    assert summary(plan) == [
        (2, "by_post", "Nguyễn Văn Hùng"),
        (3, "by_post", "Nguyễn Văn Hùng"),
        (4, "ambiguous", None),
    ]
    assert [r.cadre.pk if r.cadre else None for r in plan.rows] == [desk.other_hung.pk, desk.hung.pk, None]


def test_a_generic_post_does_not_prove_the_department(desk):
    # a second deputy director named like the one of finance, in home affairs
    third = CadreFactory.create(full_name="Nguyễn Văn Hùng", managing_unit=desk.world.standing)
    AppointmentFactory(
        cadre=third, unit=desk.world.home_affairs, position=PositionFactory(name="Phó Giám đốc")
    )
    data = task_list(
        [
            ["Việc một", "Nguyễn Văn Hùng", "Phó Giám đốc", "năm 2024"],
            ["Việc hai", "Nguyễn Văn Hùng", "Phó Giám đốc Sở Nội vụ", "năm 2024"],
            ["Việc ba", "Đặng Thị Hạnh", "Phó Giám đốc Sở Tài chính", "năm 2024"],
            ["Việc bốn", "Đặng Thị Hạnh", "Phó Giám đốc", "năm 2024"],
        ]
    )

    plan = parse(desk, data)

    assert summary(plan) == [
        (2, "ambiguous", None),
        (3, "by_post", "Nguyễn Văn Hùng"),
        (4, "found", "Đặng Thị Hạnh"),
        (5, "found", "Đặng Thị Hạnh"),
    ]
    assert plan.rows[1].cadre is not None and plan.rows[1].cadre.pk == third.pk
    # Hạnh is deputy director of home affairs: "… Sở Tài chính" is a warning, a bare "Phó Giám đốc" is not
    assert [(w.row, w.message) for w in plan.warnings()] == [
        (
            4,
            "Chức vụ, đơn vị ghi trong tệp “Phó Giám đốc Sở Tài chính” khác với chức vụ của Đặng Thị Hạnh "
            "vào ngày quyết định: Phó Giám đốc, Sở Nội vụ",
        )
    ]


def test_a_post_not_held_on_the_decision_date_must_be_acknowledged(desk):
    # Lê Văn Sơn led Xã Đông Cũ until 30/06/2025 and Xã Tân Lập since: the decision is of 15/03/2024
    data = task_list([["Việc một", "Đồng chí Lê Văn Sơn\nBí thư Đảng ủy xã Tân Lập", None, "năm 2024"]])

    plan = parse(desk, data)

    assert summary(plan) == [(2, "found", "Lê Văn Sơn")]
    assert plan.issues == [] and plan.counts()["warnings"] == 1
    assert plan.rows[0].status == "cảnh báo"
    with pytest.raises(TaskImportRejected) as refused:
        task_import_apply(actor=desk.approver, plan=plan, target=desk.target())
    assert refused.value.issues[0].message.endswith("cần xác nhận đã xem cảnh báo trước khi nhập")
    assert "Bí thư Đảng ủy, Xã Đông Cũ" in refused.value.issues[0].message
    assert Task.objects.count() == 0

    task_import_apply(actor=desk.approver, plan=plan, target=desk.target(), acknowledged=True)
    assert list(Task.objects.values_list("assignee_cadre", flat=True)) == [desk.son.pk]

    # a decision after the merger: the same post text agrees, nothing to acknowledge
    later = desk.target(decision_number="7-QĐ/TU", signed_on=datetime.date(2025, 8, 1))
    assert parse(desk, data, target=later).warnings() == []


def test_people_outside_the_scope_are_said_to_be_so_without_look_alikes(desk):
    CadreFactory.create(full_name="Vũ Thị Lan", managing_unit=desk.world.standing, code="C-LAN2")
    data = task_list(
        [["Việc một", "Vũ Thị Lân", None, "năm 2024"], ["Việc hai", "Vũ Thị Lan", None, "năm 2024"]]
    )
    outsider_only = task_list([["Việc một", "Vũ Thị Lan", None, "năm 2024"]])

    # the ward's Vũ Thị Lan is outside the standing committee's approver's scope; another Lan is inside
    plan = parse(desk, data)
    assert summary(plan) == [(2, "near", None), (3, "found", "Vũ Thị Lan")]
    assert plan.rows[1].cadre is not None and plan.rows[1].cadre.code == "C-LAN2"

    Cadre.objects.filter(code="C-LAN2").delete()
    plan = parse(desk, outsider_only)
    assert summary(plan) == [(2, "outside", None)]
    assert [(i.row, i.message) for i in plan.issues] == [
        (2, "Cán bộ “Vũ Thị Lan” không thuộc phạm vi của bạn: không giao việc được")
    ]
    assert plan.rows[0].match is not None and plan.rows[0].match.candidates == ()


CO_ROW = [
    "Số hóa hồ sơ",
    "Nguyễn Văn Hùng - Giám đốc Sở Nội vụ (chủ trì), đ/c Trần Quang Minh (phối hợp)",
    None,
    "năm 2024",
]


def test_co_responsible_cadres_are_kept_never_dropped(desk):
    data = task_list(
        [
            CO_ROW,
            ["Chủ trì rà soát đề án, đ/c Đặng Thị Hạnh (phối hợp)", "Trần Quang Minh", None, "năm 2024"],
            ["Việc ba", "Trần Quang Minh (phối hợp Sở Nội vụ)", None, "năm 2024"],
            ["Việc bốn", "Trần Quang Minh, đ/c Trần Quang Mạnh (phối hợp)", None, "năm 2024"],
        ]
    )

    plan = parse(desk, data)

    assert [(r.row, r.title, r.cadre.pk if r.cadre else None, r.co_cadre_ids) for r in plan.rows] == [
        (2, "Số hóa hồ sơ", desk.hung.pk, [desk.minh.pk]),
        (3, "Chủ trì rà soát đề án", desk.minh.pk, [desk.hanh.pk]),
        (4, "Việc ba", desk.minh.pk, []),
        (5, "Việc bốn", desk.minh.pk, []),
    ]
    assert plan.rows[0].match is not None and plan.rows[0].match.kind == "by_post"
    assert [(i.row, i.message) for i in plan.issues] == [
        (4, "Ô ghi “phối hợp” nhưng không rõ tên người phối hợp: ghi “đ/c Họ tên (phối hợp)”"),
        (5, "Người phối hợp “Trần Quang Mạnh”: không tìm thấy; hãy sửa tệp hoặc xóa phần phối hợp"),
    ]

    good = parse(desk, task_list([CO_ROW]))
    task_import_apply(actor=desk.approver, plan=good, target=desk.target())
    task = Task.objects.get()
    assert task.assignee_cadre_id == desk.hung.pk
    assert list(task.co_cadres.values_list("pk", flat=True)) == [desk.minh.pk]
