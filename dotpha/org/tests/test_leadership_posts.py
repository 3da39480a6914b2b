"""Which posts lead an agency: the data migration and every loader flag them from the post title."""

import pytest

from dotpha.org.models import Position
from dotpha.org.seed import flag_leadership_posts, is_leadership_title

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "leads"),
    [
        ("Giám đốc", True),
        ("Phó Giám đốc Sở Nội vụ", True),
        ("Phó  Trưởng ban Tổ chức Tỉnh ủy", True),
        ("Chánh Văn phòng", True),
        ("Chủ nhiệm Ủy ban Kiểm tra", True),
        ("Chuyên viên", False),
        ("Trưởng phòng Tổng hợp", False),
        ("Phó Trưởng phòng Công chức, viên chức", False),
        ("Giám đốcSở", False),
    ],
)
def test_a_post_title_says_whether_it_leads(title, leads):
    assert is_leadership_title(title) is leads


def test_existing_posts_are_flagged_and_an_unflagged_specialist_stays_so():
    director = Position.objects.create(name="Phó Giám đốc Sở Tài chính")
    specialist = Position.objects.create(name="Chuyên viên chính")
    flag_leadership_posts(Position)
    director.refresh_from_db()
    specialist.refresh_from_db()
    assert (director.is_leadership, specialist.is_leadership) == (True, False)
