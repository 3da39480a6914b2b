"""Search and Vietnamese order in chromium, as the province's organizer (`tochuc`) uses the task list: words
typed without diacritics, in any order, find a task's title and a cadre's tasks by name; the list narrows
as she types, the word being typed found at the start of a word; the unit picker lists communes in
Vietnamese alphabetical order (Đ after D, tones after the base letter)."""

import pytest
from playwright.sync_api import expect

from dotpha.org.tests.factories import make_unit
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tests.browser.conftest import login
from dotpha.tests.browser.test_task_journey import programme  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORDS = "Số hoá hồ sơ cán bộ, công chức của Sở Nội vụ"
DOCUMENTS = "Chuyển đổi số trong quản lý văn bản"
FARMING = "Chuyển đổi sản xuất nông nghiệp hữu cơ"
TOPIC = "Chuyên đề học tập và làm theo tư tưởng của Bác"
LAND = "Giải phóng mặt bằng khu công nghiệp phía Bắc"
# created in no order; the picker shows them in this one
COMMUNES = ["Xã Bắc Khánh", "Xã Bình Điền", "Xã Bình Xuyên", "Xã Dương Liễu", "Xã Đông Hưng"]


@pytest.fixture
def tasks(world, programme):  # noqa: F811
    hanh, hung = world.users["cadre"].cadre, world.users["unit_manager"].cadre
    # the farming task is the commune's own: a cadre of Sở Nội vụ would be found by "so" too
    assignees = [(RECORDS, hanh), (DOCUMENTS, hanh), (FARMING, None), (TOPIC, hanh), (LAND, hung)]
    for title, cadre in assignees:
        Task.objects.create(
            programme=programme,
            period=programme.periods.get(),
            title=title,
            assignee_cadre=cadre,
            assignee_unit=None if cadre else world.commune,
            authority_unit=world.standing,
            author=world.users["organizer"],
            status=TaskStatus.SUBMITTED,
        )
    for n, name in enumerate(
        ["Xã Đông Hưng", "Xã Bình Xuyên", "Xã Bắc Khánh", "Xã Dương Liễu", "Xã Bình Điền"]
    ):
        make_unit(world.province, name, f"P-XS{n}", "commune")


def titles(page):
    return page.locator("#task-results table tbody tr[data-task] td:first-child a")


def search(page, text: str, expected: list[str]) -> None:
    """Types the query and waits for the list to show exactly these titles, in this order (the results
    arrive after a pause: waiting on the count alone could read the list before)."""
    page.get_by_label("Tìm theo tên, nội dung việc, người, đơn vị, số quyết định").fill(text)
    expect(titles(page)).to_have_text(expected)


def test_the_organizer_finds_tasks_as_she_types_and_picks_units_in_vietnamese_order(
    world, tasks, live_server, page, shoot
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "tochuc")
    page.goto(f"{live_server.url}/tasks/")
    expect(titles(page)).to_have_count(5)

    # every word, any order, no diacritics: the title, its words marked with their diacritics
    search(page, "so hoa ho so", [RECORDS])
    marks = page.locator("#task-results table tbody mark").all_inner_texts()
    assert marks[:4] == ["Số", "hoá", "hồ", "sơ"], marks
    # a cadre's tasks by name
    search(page, "nguyen van", [LAND])
    search(page, "van nguyen", [LAND])
    shoot(page, "search-01-by-name")

    # the list narrows as she types, key by key, the last word found where a word starts
    box = page.get_by_label("Tìm theo tên, nội dung việc, người, đơn vị, số quyết định")
    box.fill("")
    expect(titles(page)).to_have_count(5)
    box.press_sequentially("chuyen", delay=60)
    # "Chuyển đổi" twice and "Chuyên đề", as created (as many words in each title: by deadline, then age)
    expect(titles(page)).to_have_text([DOCUMENTS, FARMING, TOPIC])
    box.press_sequentially(" doi s", delay=60)
    expect(titles(page)).to_have_text([DOCUMENTS, FARMING])
    shoot(page, "search-02-typing")
    box.press_sequentially("o", delay=60)
    expect(titles(page)).to_have_text([DOCUMENTS])

    # the unit picker: communes in Vietnamese order, not in the order of their code points
    options = page.get_by_label("Đơn vị (cả đơn vị trực thuộc)").locator("option").all_inner_texts()
    communes = [name.strip() for name in options if name.strip() in COMMUNES]
    assert communes == COMMUNES, communes
