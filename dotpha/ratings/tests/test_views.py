"""The rating pages and the list the standing committee reviews (Excel)."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dotpha.org.tests.factories import CadreFactory
from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.tests.conftest import year_tasks
from dotpha.tasks.models import Evaluation, TaskStatus

pytestmark = pytest.mark.django_db


def _checklist(*points):
    codes = ("politics-ethics", "innovation", "self-criticism")
    return {f"p_{code}": p for code, p in zip(codes, points, strict=True)}


CHECKLIST_20, CHECKLIST_25 = _checklist("7", "7", "6"), _checklist("9", "8", "8")
CHECKLIST_27, CHECKLIST_28 = _checklist("9", "9", "9"), _checklist("10", "9", "9")


@pytest.fixture
def rating(world, stage, client):
    for grade in (Grade.EXCELLENT, Grade.GOOD):
        task = stage.make_task(status=TaskStatus.APPROVED)
        Evaluation.objects.create(task=task, self_grade=grade, grade=grade, ahead_of_plan=True)
    client.force_login(stage.organizer)
    response = client.post(reverse("ratings:propose"), {"year": "2024"})
    assert response.status_code == 302 and response.url.endswith("?year=2024")
    return AnnualRating.objects.get()


def test_the_list_shows_the_proposal(world, rating, client):
    html = client.get(reverse("ratings:list"), {"year": 2024}).text
    assert "Đặng Thị Hạnh" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "Phó Giám đốc, Sở Nội vụ" in html


def test_the_authority_decides_on_the_rating_page(world, stage, rating, client):
    client.force_login(stage.approver)
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert "Quyết định mức xếp loại" in page and "Hoàn thành xuất sắc" in page
    assert re.search(r'data-input="task"', page)
    response = client.post(
        reverse("ratings:decide", args=[rating.pk]), {"level": RatingLevel.GOOD, "comment": "Hoàn thành tốt."}
    )
    assert response.status_code == 302
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert 'data-level="good"' in page and "Hoàn thành tốt." in page
    assert "Quyết định mức xếp loại" in page  # in the history too
    client.force_login(stage.cadre)  # the cadre reads their own rating, without the form
    page = client.get(reverse("ratings:detail", args=[rating.pk])).text
    assert 'data-level="good"' in page and "Lưu mức xếp loại" not in page


def test_the_list_for_the_standing_committee_in_excel(world, stage, rating, client):
    client.force_login(stage.approver)
    response = client.get(reverse("reports:export", args=["ratings"]), {"year": 2024})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r[0] == "DANH SÁCH XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2024" for r in rows)
    line = next(r for r in rows if r[1] == "Đặng Thị Hạnh")
    assert line[4:10] == (2, 1, 1, 0, 0, 2)
    assert line[10] == "Hoàn thành xuất sắc nhiệm vụ"


def test_the_excel_list_writes_names_and_comments_as_text(world, stage, rating, client):
    """Issue 11, finding 4: a name or a comment starting with "=" is text in the file, not a formula."""
    link = '=HYPERLINK("http://x","y")'
    rating.cadre.full_name = link
    rating.cadre.save(update_fields=["full_name"])
    rating.comment = "=1+1"
    rating.save(update_fields=["comment"])
    client.force_login(stage.approver)
    response = client.get(reverse("reports:export", args=["ratings"]), {"year": 2024})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in ws.iter_rows() for cell in row]
    name = [c for c in cells if c.value == link]
    comment = [c for c in cells if c.value == "=1+1"]
    assert name and comment and all(c.data_type == "s" for c in name + comment)
    assert not [c for c in cells if c.data_type == "f"]
    line = next(r for r in ws.iter_rows(values_only=True) if r[1] == link)
    assert line[4:10] == (2, 1, 1, 0, 0, 2)  # the counts are still numbers


@pytest.fixture
def rating_2026(world, stage, client):
    """The worked example (five tasks in 2026, one milestone a week late), proposed by the organizer."""
    year_tasks(
        stage,
        2026,
        [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.GOOD, Grade.COMPLETED],
        ahead={1},
        late={4},
    )
    client.force_login(stage.organizer)
    client.post(reverse("ratings:propose"), {"year": "2026"})
    return AnnualRating.objects.get(year=2026)


def test_a_scored_year_shows_each_tasks_points_and_takes_the_general_points(
    world, stage, rating_2026, client
):
    client.force_login(stage.approver)
    page = client.get(reverse("ratings:detail", args=[rating_2026.pk])).text
    assert 'data-scheme="qd366-2025/nd335-2025"' in page
    assert re.search(r'data-points="tasks">68[.,]83/70<', page)
    late = rating_2026.inputs[-1]["ref"]
    row = re.search(rf'<tr data-task-points="{late}">(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r'<td class="text-end">([^<]*)</td>', row.group(1))
    assert [c.replace(",", ".") for c in cells] == ["1.00", "1.00", "0.75", "12.83"]
    assert "hạn 30/06/2026, xong 07/07/2026" in row.group(1)
    assert "Tiêu chí chung" in page and "Lý do vượt tỷ lệ hoàn thành xuất sắc" in page
    response = client.post(
        reverse("ratings:decide", args=[rating_2026.pk]),
        {"level": RatingLevel.COMPLETED, "comment": "Một việc chậm tiến độ.", **CHECKLIST_27},
    )
    assert response.status_code == 302
    rating_2026.refresh_from_db()
    assert (rating_2026.level, rating_2026.general_points) == (RatingLevel.COMPLETED, 27)


def test_over_the_quota_the_page_says_who_and_the_confirmation_is_refused(world, stage, rating_2026, client):
    AnnualRating.objects.create(
        cadre=CadreFactory.create(managing_unit=rating_2026.authority_unit),
        year=2026,
        authority_unit=rating_2026.authority_unit,
        scheme=rating_2026.scheme,
        level=RatingLevel.EXCELLENT,
    )
    client.force_login(stage.approver)
    html = client.get(reverse("ratings:list"), {"year": 2026}).text
    assert 'data-unit-quota="over"' in html and "vượt tỷ lệ" in html
    post = {"level": RatingLevel.EXCELLENT, "comment": "Xuất sắc.", **CHECKLIST_28}
    response = client.post(reverse("ratings:decide", args=[rating_2026.pk]), post, follow=True)
    assert "Vượt tỷ lệ hoàn thành xuất sắc" in response.text
    rating_2026.refresh_from_db()
    assert rating_2026.level == ""
    post["quota_exception"] = "Đơn vị dẫn đầu khối thi đua."
    client.post(reverse("ratings:decide", args=[rating_2026.pk]), post)
    rating_2026.refresh_from_db()
    assert rating_2026.level == RatingLevel.EXCELLENT
    page = client.get(reverse("ratings:detail", args=[rating_2026.pk])).text
    assert "Lý do vượt tỷ lệ: Đơn vị dẫn đầu khối thi đua." in page


def test_who_may_not_confirm_a_scored_rating(world, stage, rating_2026, client):
    post = {"level": RatingLevel.GOOD, "comment": "Tốt.", **CHECKLIST_25}
    client.force_login(stage.cadre)  # the cadre reads their own points, never scores them
    page = client.get(reverse("ratings:detail", args=[rating_2026.pk])).text
    assert 'data-points="tasks"' in page and "Lưu mức xếp loại" not in page
    assert client.post(reverse("ratings:decide", args=[rating_2026.pk]), post).status_code == 403
    client.force_login(stage.organizer)  # prepares the proposal, does not decide
    assert client.post(reverse("ratings:decide", args=[rating_2026.pk]), post).status_code == 403
    client.force_login(stage.nobody)
    assert client.get(reverse("ratings:detail", args=[rating_2026.pk])).status_code == 404
    rating_2026.refresh_from_db()
    assert rating_2026.level == "" and rating_2026.general_points is None


def test_the_authority_records_a_disqualifying_ground_on_the_page(world, stage, rating_2026, client):
    client.force_login(stage.approver)
    page = client.get(reverse("ratings:detail", args=[rating_2026.pk])).text
    assert 'value="degradation"' in page and 'value="led_unit_corruption"' in page
    post = {
        "level": RatingLevel.NOT_COMPLETED,
        "comment": "Kỷ luật.",
        **CHECKLIST_20,
        "grounds": "discipline",
    }
    client.post(reverse("ratings:decide", args=[rating_2026.pk]), post)
    page = client.get(reverse("ratings:detail", args=[rating_2026.pk])).text
    assert re.search(r'data-ground="discipline">Bị kỷ luật bằng hình thức từ khiển trách', page)


def test_the_excel_list_of_a_scored_year_has_the_points_and_the_quota(world, stage, rating_2026, client):
    rating_2026.general_points = 27
    rating_2026.save()
    AnnualRating.objects.create(
        cadre=CadreFactory.create(full_name="Lê Văn Tám", managing_unit=rating_2026.authority_unit),
        year=2026,
        authority_unit=rating_2026.authority_unit,
        scheme=rating_2026.scheme,
        level=RatingLevel.EXCELLENT,
    )
    client.force_login(stage.approver)
    response = client.get(reverse("reports:export", args=["ratings"]), {"year": 2026})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    line = next(r for r in rows if r[1] == "Đặng Thị Hạnh")
    assert line[4:7] == (27, 68.83, 95.83)  # the same points as on the rating page
    header = next(i for i, r in enumerate(rows) if r[0] == "Đơn vị")
    assert rows[header + 1][:7] == (rating_2026.authority_unit.name, "—", 0, 1, 0, 1, "Lê Văn Tám")
