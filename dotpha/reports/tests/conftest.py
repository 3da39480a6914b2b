import pytest

from dotpha.reports.tests.factories import Year, build_year


@pytest.fixture
def year(world) -> Year:
    """Quy định 30-QĐ/TU, 2024: 244 tasks assigned, 81 completed excellently, 11 ahead of plan."""
    return build_year(world)
