"""A long picker of names on a phone, in chromium: `thuongtruc` (the standing committee's approver) assigns a
task directly and finds the cadre among the province's by typing part of the name, with or without
diacritics; the box only narrows the list and never changes the choice."""

import unicodedata

import pytest
from playwright.sync_api import expect

from dotpha.demo.province import DEMO_PASSWORD
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
HINT = "Gõ vài chữ của tên để lọc danh sách"


def fold(text: str) -> str:
    """Python's own folding, to check the page's: no diacritics, đ as d, lower case."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "d").lower()


def option_texts(picker) -> list[str]:
    return picker.locator("option").all_inner_texts()


def test_typing_part_of_a_name_narrows_the_cadre_picker(demo, live_server, browser, shoot):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/tasks/approvals/assign/")
    picker = page.get_by_label("Giao cho cán bộ")
    every = option_texts(picker)
    assert len(every) >= 15, every  # a province's cadres: long enough to be given the box
    box = page.locator('input[data-filter-for="assignee_cadre"]')
    expect(box).to_have_attribute("placeholder", HINT)

    box.fill("hung")
    wanted = [text for text in every[1:] if "hung" in fold(text)]
    assert wanted and len(wanted) < len(every) - 1
    # the empty choice stays first; then every name holding "hung" (Hùng, Hưng), in the list's order
    expect(picker.locator("option")).to_have_count(len(wanted) + 1)
    assert option_texts(picker) == [every[0], *wanted]
    shoot(page, "name-filter-phone")

    # typed with its diacritics and two words, it finds the same person
    chosen = wanted[0]
    first_words = " ".join(chosen.split(" — ")[0].split()[-2:])
    box.fill(first_words.upper())
    assert chosen in option_texts(picker)
    picker.select_option(label=chosen)
    value = picker.input_value()
    assert value

    # a filter that matches nobody keeps the choice made; clearing it gives the whole list back, still chosen
    box.fill("zzz")
    assert option_texts(picker) == [every[0], chosen]
    box.fill("")
    assert option_texts(picker) == every
    assert picker.input_value() == value
    # Enter in the box does not send the form
    box.press("Enter")
    assert page.url.endswith("/tasks/approvals/assign/")

    # the co-working cadres' list chooses several: a filter keeps every one chosen
    partners = page.get_by_label("Cán bộ phối hợp")
    all_partners = option_texts(partners)
    two = [all_partners[3], all_partners[-2]]
    partners.select_option(label=two)
    partners_box = page.locator('input[data-filter-for="co_cadres"]')
    partners_box.fill("zzz")
    assert option_texts(partners) == two
    partners_box.fill("")
    assert option_texts(partners) == all_partners
    assert partners.evaluate("s => Array.from(s.selectedOptions).map(o => o.textContent)") == two
    context.close()


def test_a_short_list_gets_no_box(demo, live_server, page):
    login(page, live_server, "thuongtruc", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/tasks/approvals/assign/")
    # the programmes' picker is no name picker; the cadres' is
    assert page.locator("input[data-filter-for]").count() >= 1
    assert page.locator('input[data-filter-for="programme"]').count() == 0
