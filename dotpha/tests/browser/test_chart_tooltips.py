"""Issue 11, finding 12: the Content-Security-Policy (style-src 'self', no inline styles) blocked the
chart tooltips' styles, thousands of console errors on the statistics page. Hovering a chart now shows
its tooltip, styled, with no CSP error, and the policy is unchanged."""

import re

import pytest
from playwright.sync_api import expect

from dotpha.reports.tests.factories import build_year
from dotpha.tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hovering_a_chart_shows_its_tooltip_without_csp_errors(world, live_server, page, shoot):
    year = build_year(world)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server, "tochuc")
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    response = page.goto(f"{live_server.url}/reports/board/?period={year.period.pk}")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    for name in ("units", "trend"):
        chart = page.locator(f'[data-chart="{name}"]')
        expect(chart.locator("canvas").first).to_be_visible()
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None
        # over the bars: the middle of the plot, a little left of centre
        page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.45)
        tooltip = page.locator(f'[data-chart="{name}"] .chart-tooltip')
        expect(tooltip).to_be_visible()
        expect(tooltip).to_contain_text(re.compile(r"\d"))
        # styled through the stylesheet and the style object, which the policy allows
        assert tooltip.evaluate("e => getComputedStyle(e).position") == "absolute"
        shoot(page, f"60-chart-tooltip-{name}")
    page.mouse.move(1, 1)
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
    assert errors == []
