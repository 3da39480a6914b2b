"""The rating pages and the list the standing committee reviews (Excel)."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.tasks.models import Evaluation, TaskStatus

pytestmark = pytest.mark.django_db


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
    assert any(r[0] and "DANH SÁCH ĐỀ XUẤT XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM 2024" in str(r[0]) for r in rows)
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
