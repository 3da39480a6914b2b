"""Figures in the page's language: "25.200 hồ sơ", "12,5%" in Vietnamese; "25,200", "12.5%" in English."""

from django.template import Context, Template
from django.utils import translation

from dotpha.monitoring.templatetags.monitoring import percent as monitoring_percent

PAGE = Template(
    "{% load numbers %}{{ n|number }} hồ sơ, {{ r|percent }}, {{ none|percent }}, {{ none|number }}."
)


def render(language: str) -> str:
    with translation.override(language):
        return PAGE.render(Context({"n": 25200, "r": 12.5, "none": None}))


def test_vietnamese_separators():
    assert render("vi") == "25.200 hồ sơ, 12,5%, —, ."


def test_english_separators():
    assert render("en") == "25,200 hồ sơ, 12.5%, —, ."


def test_small_and_large_figures():
    with translation.override("vi"):
        page = Template("{% load numbers %}{{ a|number }} {{ b|number }} {{ c|percent }}").render(
            Context({"a": 3, "b": 3853000, "c": 33.19})
        )
    assert page == "3 3.853.000 33,2%"


def test_the_monitoring_pages_percent_follows_the_language():
    with translation.override("vi"):
        assert monitoring_percent(84.44) == "84,4%"
    with translation.override("en"):
        assert monitoring_percent(84.44) == "84.4%"
