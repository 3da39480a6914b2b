"""The known year of ratings: a unit of 25 cadres (Sở Tài chính, managed by the standing committee) rated for
2026 under 366-QĐ/TW and 335/2025 from demo-like records (approved tasks, evaluations, milestones, one a week
late for some: a delay costing progress points, the task itself not behind schedule), proposed and decided
through the services, gives the same points per criteria group and in total on the list page, in the Excel
cells, in the Word table and in the API; and the same quota table.

Task results per pattern (README's formula, (Σ quantity + Σ quality + Σ progress) / 3 × 70 / tasks):
  0: excellent, good, good, all on time               → 70.00
  1: good, good, the second's milestone a week late  → (2 + 2 + 1.75) / 3 × 35 = 67.08
  2: good, completed, not completed                   → (2 + 2 + 2) / 3 × 70 / 3 = 46.67
  3: excellent, excellent (ahead of plan), on time    → 70.00
  4: good, good, good, the first two milestones late → (3 + 3 + 2.5) / 3 × 70 / 3 = 66.11
The first 20 get general points 18 + i mod 12 from the authority; the last 5 are not scored yet."""

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pytest
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.audit.models import ReadLog
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Grade
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.tasks.models import Evaluation, Milestone, TaskStatus

pytestmark = pytest.mark.django_db

YEAR = 2026
FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Minh Đức"]
PATTERNS = {
    0: ([Grade.EXCELLENT, Grade.GOOD, Grade.GOOD], (), ()),
    1: ([Grade.GOOD, Grade.GOOD], (), (1,)),
    2: ([Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED], (), ()),
    3: ([Grade.EXCELLENT, Grade.EXCELLENT], (1,), ()),
    4: ([Grade.GOOD, Grade.GOOD, Grade.GOOD], (), (0, 1)),
}
TASK_POINTS = {0: "70.00", 1: "67.08", 2: "46.67", 3: "70.00", 4: "66.11"}
EXCEPTION = "Đơn vị dẫn đầu khối thi đua, tạo chuyển biến nổi trội về thu ngân sách."


def names() -> list[str]:
    return [f"{family} {given}" for family in FAMILIES for given in GIVEN]


def general_of(i: int) -> Decimal | None:
    return Decimal(18 + i % 12) if i < 20 else None


def level_of(i: int) -> str:
    if i in (0, 3):
        return RatingLevel.EXCELLENT
    return RatingLevel.GOOD if i % 5 in (0, 3) else RatingLevel.COMPLETED


@pytest.fixture
def rated(world, stage):
    """25 cadres of Sở Tài chính with their 2026 tasks, proposed, 20 of them decided."""
    period = PeriodFactory.create(
        programme=stage.programme,
        name=str(YEAR),
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    post = PositionFactory(name="Phó Giám đốc")
    cadres = []
    for i, name in enumerate(names()):
        cadre = CadreFactory.create(full_name=name, managing_unit=world.standing)
        AppointmentFactory(cadre=cadre, unit=world.finance, position=post)
        grades, ahead, late = PATTERNS[i % 5]
        for n, grade in enumerate(grades):
            task = stage.make_task(
                cadre=cadre,
                status=TaskStatus.APPROVED,
                period=period,
                title=f"Việc {n + 1} của {name}",
                start_date=datetime.date(YEAR, 1, 15),
                deadline=datetime.date(YEAR, 11, 30),
            )
            Evaluation.objects.create(task=task, self_grade=grade, grade=grade, ahead_of_plan=n in ahead)
            due = datetime.date(YEAR, 6, 30)
            done = due + datetime.timedelta(days=7) if n in late else due
            Milestone.objects.create(task=task, title="Trình đề án", due_date=due, done_on=done)
        cadres.append(cadre)
    rating_propose(actor=stage.organizer, year=YEAR, unit=world.province)
    ratings = {r.cadre_id: r for r in AnnualRating.objects.filter(year=YEAR)}
    # the "good" first, then "excellent": the second excellent is beyond the quota (6 good allow 1)
    for i in sorted(range(20), key=lambda i: level_of(i) == RatingLevel.EXCELLENT):
        rating_decide(
            actor=stage.approver,
            rating=ratings[cadres[i].pk],
            level=level_of(i),
            comment=f"Nhận xét số {i + 1}.",
            general_points=general_of(i),
            quota_exception=EXCEPTION if i == 3 else "",
        )
    rating_propose(actor=stage.organizer, year=YEAR, unit=world.province)
    return cadres


def expected() -> dict[str, tuple[Decimal | None, Decimal, Decimal | None]]:
    found = {}
    for i, name in enumerate(names()):
        general = general_of(i)
        tasks = Decimal(TASK_POINTS[i % 5])
        found[name] = (general, tasks, general + tasks if general is not None else None)
    return found


def number(text: str) -> Decimal | None:
    text = text.strip()
    return None if text in ("", "—") else Decimal(text.replace(",", "."))


def from_page(client) -> dict:
    html = client.get(reverse("ratings:list"), {"year": YEAR}).text
    found = {}
    for row in re.findall(r'<tr data-rating="\d+">(.*?)</tr>', html, re.S):
        link = re.search(r"<a href=[^>]+>([^<]+)</a>", row)
        assert link is not None
        name = link.group(1)
        cells = dict(re.findall(r'data-points="([\w-]+)">([^<]*)<', row))
        found[name] = (number(cells["general"]), number(cells["task-results"]), number(cells["total"]))
    return found


def download(client, kind: str) -> bytes:
    response = client.get(reverse("reports:export", args=[kind]), {"year": YEAR})
    assert response.status_code == 200
    return response.content


def excel_rows(client) -> list[tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(download(client, "ratings"))).active
    return list(ws.iter_rows(values_only=True))


def from_excel(client) -> dict:
    rows = excel_rows(client)
    header = next(r for r in rows if r[0] == "STT")
    assert header[4:7] == (
        "Tiêu chí chung (tối đa 30)",
        "Kết quả thực hiện nhiệm vụ (tối đa 70)",
        "Tổng điểm",
    )

    def dec(value) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))

    return {r[1]: (dec(r[4]), dec(r[5]), dec(r[6])) for r in rows if r[1] in set(names())}


def word_tables(client) -> tuple[list[list[list[str]]], Any]:
    document = docx.Document(io.BytesIO(download(client, "ratings_docx")))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables], document


def from_word(client) -> dict:
    tables, _document = word_tables(client)
    rows = next(t for t in tables if t[0][0] == "STT")
    return {r[1]: (number(r[4]), number(r[5]), number(r[6])) for r in rows[1:]}


def from_api(client, user) -> dict:
    response = call(client, "get", reverse("api:rating_list") + f"?year={YEAR}&page_size=200", bearer(user))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"])
    found = {}
    for item in body["items"]:
        assert item["scheme_code"] == "qd366-2025/nd335-2025"
        points = {g["code"]: number(g["points"] or "") for g in item["groups"]}
        total = number(item["total"] or "")
        found[item["cadre_name"]] = (points["general"], points["task-results"], total)
    return found


def test_the_known_year_gives_the_same_points_everywhere(world, stage, rated, client):
    # given the 25 cadres rated for 2026; when the standing committee's approver reads the year's list
    client.force_login(stage.approver)
    want = expected()
    # then the page, the Excel file, the Word file and the API say the same, and what the formula gives
    assert from_page(client) == want
    assert from_excel(client) == want
    assert from_word(client) == want
    assert from_api(client, stage.approver) == want
    # a hand check of one line: Nguyễn Văn An (pattern 0) 18 + 70.00 = 88.00
    assert want["Nguyễn Văn An"] == (Decimal(18), Decimal("70.00"), Decimal("88.00"))


def test_the_levels_and_the_quota_table_are_the_same_in_every_output(world, stage, rated, client):
    client.force_login(stage.approver)
    # levels: the API and Excel carry the same proposed and decided level for everyone
    api = call(
        client, "get", reverse("api:rating_list") + f"?year={YEAR}&page_size=200", bearer(stage.approver)
    )
    by_api = {i["cadre_name"]: (i["proposed_level_label"], i["level_label"]) for i in api.json()["items"]}
    rows = excel_rows(client)
    by_excel = {r[1]: (r[7], r[8] or "") for r in rows if r[1] in by_api}
    assert {name: (p or "Chưa đủ căn cứ", d) for name, (p, d) in by_api.items()} == by_excel
    assert (
        by_api["Nguyễn Thị Dung"][1] == "Hoàn thành xuất sắc nhiệm vụ"
    )  # i = 3, confirmed with the exception
    assert by_api["Phạm Minh Đức"][1] == "Hoàn thành nhiệm vụ"  # i = 19, the last decided
    assert by_api["Hoàng Văn An"][1] == ""  # i = 20: not decided yet
    # the quota of the standing committee: 6 good allow 1 excellent, 2 confirmed, one over with its reason
    quota = next(r for r in rows if r[0] == "Ban Thường vụ Tỉnh ủy")
    assert quota[2:6] == (6, 2, 1, 1)
    assert quota[7] == f"Nguyễn Thị Dung: {EXCEPTION}"
    tables, _document = word_tables(client)
    word_quota = next(t for t in tables if t[0][0] == "Đơn vị")
    assert word_quota[1][0] == "Ban Thường vụ Tỉnh ủy"
    assert word_quota[1][2:6] == ["6", "2", "1", "1"]
    assert word_quota[1][7] == f"Nguyễn Thị Dung: {EXCEPTION}"
    html = client.get(reverse("ratings:list"), {"year": YEAR}).text
    assert 'data-unit-quota="over"' in html and EXCEPTION in html


def test_the_files_carry_the_heading_and_the_reads_are_logged(world, stage, rated, client):
    client.force_login(stage.organizer)
    rows = excel_rows(client)
    assert any(r[0] == "DANH SÁCH XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2026" for r in rows)
    assert any(r[0] == "Bộ tiêu chí áp dụng: Quy định 366-QĐ/TW và Nghị định 335/2025/NĐ-CP" for r in rows)
    _tables, document = word_tables(client)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "DANH SÁCH XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2026" in text
    heading = document.tables[0].rows[0].cells
    assert heading[0].text.startswith("TỈNH ỦY THỬ NGHIỆM") and "BAN TỔ CHỨC" in heading[0].text
    call(client, "get", reverse("api:rating_list") + f"?year={YEAR}&page_size=10", bearer(stage.organizer))
    logged = list(
        ReadLog.objects.filter(user=stage.organizer).values_list("subject", "channel", "object_repr")
    )
    assert (
        "ratings",
        "web",
        "Danh sách xếp loại chất lượng cán bộ (Excel): xep-loai-can-bo-2026.xlsx",
    ) in logged
    assert (
        "ratings_docx",
        "web",
        "Danh sách xếp loại chất lượng cán bộ (Word): xep-loai-can-bo-2026.docx",
    ) in logged
    assert ("ratings", "api", "Danh sách xếp loại cán bộ năm 2026: 10 người (trang 1, tổng 25)") in logged
