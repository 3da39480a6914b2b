"""Issue 15: the public results pages meet WCAG 2.1 AA — axe-core (bundled in axe-playwright-python, nothing
fetched at run time) finds no violation on a phone and on a desktop screen, the charts draw under the
Content-Security-Policy, and on a phone the page does not scroll sideways (only the wide tables do, inside
their own focusable region)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from dotpha.programmes.services import period_close
from dotpha.reports.models import PeriodSnapshot
from dotpha.reports.publication import snapshot_publish
from dotpha.reports.tests.factories import YearSpec, build_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SPEC = YearSpec(
    excellent=9, good=6, completed=3, not_completed=2, not_evaluated=1, ahead=2, cadres_per_unit=2
)


def test_the_public_results_pages_have_no_axe_violations(world, live_server, page, shoot):
    cache.clear()
    organizer = world.users["organizer"]
    year = build_year(world, SPEC)
    period_close(actor=organizer, period=year.period)
    snapshot = PeriodSnapshot.objects.get(period=year.period)
    # with the names, so the list of tasks is checked too
    snapshot_publish(actor=organizer, snapshot=snapshot, names_public=True)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    addresses = {
        "index": reverse("public:index"),
        "result": reverse("public:result", args=[snapshot.pk]),
        "result-en": reverse("public:result", args=[snapshot.pk]) + "?lang=en",
    }
    axe = Axe()
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        for name, address in addresses.items():
            page.goto(live_server.url + address)
            expect(page.locator("h1")).to_have_count(1)
            if name.startswith("result"):
                expect(page.locator('[data-chart="units"] canvas').first).to_be_visible()
                expect(page.locator('[data-chart="fields"] canvas').first).to_be_visible()
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            assert results.violations_count == 0, f"{screen} {name}:\n{results.generate_report()}"
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"{screen} {name} scrolls sideways by {sideways}px"
            shoot(page, f"70-public-{name}-{screen}")
    assert errors == []
