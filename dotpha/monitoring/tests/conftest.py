"""Fixtures of the monitoring tests: the stage of `stage.py` over the shared `world`."""

import datetime

import pytest
from django.utils import timezone

from dotpha.monitoring.tests.stage import YEAR, Stage, build_stage


@pytest.fixture
def stage(world) -> Stage:
    """The year 2026, assignments from 05/01/2026: for services called with explicit dates."""
    return build_stage(world, YEAR, datetime.date(YEAR, 1, 5))


@pytest.fixture
def live_stage(world) -> Stage:
    """This year, assignments from 1 January: for pages, which use today's date."""
    this_year = timezone.localdate().year
    return build_stage(world, this_year, datetime.date(this_year, 1, 1))
