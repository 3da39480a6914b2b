import importlib

import pytest

from dotpha.reports.rollups import rebuild
from dotpha.reports.selectors import rolled
from dotpha.reports.tests.factories import Year, build_year
from dotpha.tasks.tests.conftest import stage  # noqa: F401 (a fixture of the task tests, used here too)


@pytest.fixture
def year(world) -> Year:
    """Quy định 30-QĐ/TU, 2024: 244 tasks assigned, 81 completed excellently, 11 ahead of plan."""
    return build_year(world)


@pytest.fixture(params=["counted", "rolled"])
def both_ways(request, monkeypatch) -> str:
    """Runs a test twice: the dashboards counting the tasks, then reading the rollups (rebuilt for the day
    each dashboard is asked for), which must say the same (`dotpha.reports.rollups`)."""
    if request.param == "rolled":
        # the module (the package's `dashboard` is the function of that name)
        dashboard_module = importlib.import_module("dotpha.reports.selectors.dashboard")
        counted = dashboard_module.fetch_facts

        read = rolled.rolled_facts
        calls = []

        def spied(*args, **kwargs):
            calls.append(args)
            return read(*args, **kwargs)

        def rebuilt_first(user, umap, f, *, today):
            rebuild(today)
            before = len(calls)
            facts = counted(user, umap, f, today=today)
            # a viewer who sees every task counted under the root was answered from the sums, not by counting
            assert len(calls) == before + (1 if rolled.answers(user, umap, today, today) else 0)
            return facts

        monkeypatch.setattr(rolled, "rolled_facts", spied)

        monkeypatch.setattr(dashboard_module, "fetch_facts", rebuilt_first)
    return request.param
