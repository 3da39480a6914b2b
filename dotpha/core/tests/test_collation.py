"""Vietnamese alphabetical order, the same in Python and in the database (ICU on PostgreSQL, the Python key
registered on SQLite): Đ after D, tones after the base letter, people by given name; units grouped by kind.
Run on PostgreSQL too (DATABASE_URL=postgres://... --create-db)."""

import random

import pytest
from django.urls import reverse

from dotpha.core.collation import (
    collated,
    name_order,
    vietnamese_key,
    vietnamese_name_bytes,
    vietnamese_name_key,
)
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import CadreFactory, make_unit
from dotpha.org.unit_order import unit_order, unit_sort_key

COMMUNES = [
    "Bình Xuyên",
    "Đông Anh",
    "Bắc Khánh",
    "Dương Nội",
    "Bình Điền",
    "Ba Vì",
    "Bà Rịa",
    "Ân Thi",
    "An Lão",
]
IN_ORDER = [
    "An Lão",
    "Ân Thi",
    "Bà Rịa",
    "Ba Vì",
    "Bắc Khánh",
    "Bình Điền",
    "Bình Xuyên",
    "Dương Nội",
    "Đông Anh",
]


def test_the_python_key_orders_as_a_vietnamese_dictionary():
    assert sorted(["Bình Xuyên", "Bắc Khánh", "Bình Điền"], key=vietnamese_key) == [
        "Bắc Khánh",
        "Bình Điền",
        "Bình Xuyên",
    ]
    assert sorted(COMMUNES, key=vietnamese_key) == IN_ORDER
    # tones after the base letter: none, huyền, hỏi, ngã, sắc, nặng; and letters before tones
    assert sorted(["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba", "Bac"], key=vietnamese_key) == [
        "Ba",
        "Bà",
        "Bả",
        "Bã",
        "Bá",
        "Bạ",
        "Bac",
    ]
    assert sorted(["Ơn", "On", "Ôn", "Ăn", "An", "Ân"], key=vietnamese_key) == [
        "An",
        "Ăn",
        "Ân",
        "On",
        "Ôn",
        "Ơn",
    ]


def test_people_sort_by_given_name_then_full_name():
    names = ["Nguyễn Văn Hùng", "Trần Thị Hạnh", "Đặng Quang Minh", "Lê Thị Hà", "Đỗ Văn Đức", "Vũ Văn Dũng"]
    assert sorted(names, key=vietnamese_name_key) == [
        "Vũ Văn Dũng",
        "Đỗ Văn Đức",
        "Lê Thị Hà",
        "Trần Thị Hạnh",
        "Nguyễn Văn Hùng",
        "Đặng Quang Minh",
    ]


def test_the_name_bytes_sort_as_the_name_key():
    # prefixes (An, Anh), tones, shapes, Đ, digits, punctuation, other scripts, spaces, empty
    letters = "aAăâbdđĐeêhnoôơuưyAĂÂĐ  -.2àảãáạằẩẫếộ한Ω"
    rng = random.Random(18)
    names = ["", " ", "An", "Anh", "An Anh", "Anh An", "Ân", "Nguyễn Văn An", "Nguyễn Văn An 2", "Lê-Văn An"]
    names += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    assert sorted(names, key=vietnamese_name_bytes) == sorted(names, key=vietnamese_name_key)


@pytest.mark.django_db
def test_the_database_sorts_the_same(world):
    for index, name in enumerate(COMMUNES):
        make_unit(world.province, f"Xã {name}", f"VN-{index}", "commune")
    communes = Unit.objects.filter(code__startswith="VN-")
    assert [u.name[3:] for u in communes.order_by(collated("name"))] == IN_ORDER
    names = ["Nguyễn Văn Hùng", "Trần Thị Hạnh", "Đặng Quang Minh", "Lê Thị Hà", "Đỗ Văn Đức", "Vũ Văn Dũng"]
    for name in names:
        CadreFactory.create(full_name=name, code=f"VN-{name}")
    people = Cadre.objects.filter(code__startswith="VN-").order_by(*name_order(), "pk")
    assert [c.full_name for c in people] == sorted(names, key=vietnamese_name_key)


@pytest.mark.django_db
def test_units_are_grouped_by_kind_departments_before_communes(world):
    make_unit(world.province, "Xã Bình Xuyên", "VN-X1", "commune")
    make_unit(world.province, "Xã Bắc Khánh", "VN-X2", "commune")
    make_unit(world.province, "Phường Bình Điền", "VN-X3", "ward")
    make_unit(world.province, "Sở Xây dựng", "VN-S1", "department")
    make_unit(world.province, "Sở Giáo dục và Đào tạo", "VN-S2", "department")
    units = Unit.objects.filter(code__startswith="VN-").select_related("kind")
    expected = ["Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Xã Bắc Khánh", "Xã Bình Xuyên", "Phường Bình Điền"]
    assert [u.name for u in units.order_by(*unit_order())] == expected
    assert [u.name for u in sorted(units, key=unit_sort_key)] == expected


@pytest.mark.django_db
def test_the_task_lists_unit_picker_shows_departments_then_communes(world, client):
    client.force_login(world.users["organizer"])
    page = client.get(reverse("tasks:list")).text
    picker = page[page.index('name="unit"') :]
    picker = picker[: picker.index("</select>")]
    # Sở Nội vụ, Sở Tài chính (departments) before Xã Tân Lập, then Phường Hòa Bình (a ward)
    positions = [
        picker.index(name) for name in ("Sở Nội vụ", "Sở Tài chính", "Xã Tân Lập", "Phường Hòa Bình")
    ]
    assert positions == sorted(positions)
