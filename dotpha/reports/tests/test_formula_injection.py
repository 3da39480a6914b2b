"""Issue 11, finding 4: a task title or unit name starting with "=" was written into Excel as a live
formula (statistics "Theo đơn vị", both annexes). Every export writes what users typed as text: openpyxl
reads each such cell back as a string cell ('s') holding exactly the text typed; numbers stay numbers."""

import io

import openpyxl
import pytest
from django.urls import reverse

from dotpha.org.models import Unit
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'
SUM = "=1+1"
# (a carriage return is not tried: XML turns it into a line feed whatever the writer does)
OTHERS = ["+1+1", "-1+1", "@SUM(1)", "\t=1+1", "＝1+1", "http://x.example/"]


def _cells(content: bytes, sheet: str | None = None) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheets = [book[sheet]] if sheet else book.worksheets
    return [cell for ws in sheets for row in ws.iter_rows() for cell in row]


def _found(cells: list, text: str) -> list:
    return [c for c in cells if c.value == text]


@pytest.fixture
def typed(world, year):
    """Units and task titles named as an attacker would: the people's committee (a row of the statistics
    by unit), Sở Nội vụ (the unit column of the annexes)."""
    for unit, name in ((Unit.objects.get_parent(world.home_affairs), LINK), (world.home_affairs, SUM)):
        unit.name = name
        unit.save(update_fields=["name"])
    tasks = list(Task.objects.filter(pk__in=[t.pk for t in year.tasks]).order_by("pk")[: 2 + len(OTHERS)])
    for task, title in zip(tasks, [LINK, SUM, *OTHERS], strict=True):
        task.title = title
        task.save(update_fields=["title"])
    return year


def _export(client, user, kind: str, params: dict) -> bytes:
    client.force_login(user)
    response = client.get(reverse("reports:export", args=[kind]), params)
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_statistics_by_unit_writes_the_unit_name_as_text(world, typed, client):
    content = _export(client, world.users["organizer"], "statistics", {"period": typed.period.pk})
    cells = _cells(content, "Theo đơn vị")
    found = _found(cells, LINK)
    assert found and all(c.data_type == "s" for c in found)
    # no cell anywhere in the workbook is a formula, and the figures are still numbers
    every = _cells(content)
    assert not [c for c in every if c.data_type == "f"]
    assert any(c.data_type == "n" and c.value == 244 for c in cells)


@pytest.mark.parametrize("kind", ["annex_cadres", "annex_grades"])
def test_the_annexes_write_titles_and_units_as_text(world, typed, client, kind):
    content = _export(client, world.users["organizer"], kind, {"period": typed.period.pk})
    cells = _cells(content)
    for text in [LINK, SUM, *OTHERS]:
        found = _found(cells, text)
        assert found, text
        assert all(c.data_type == "s" for c in found), text
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if c.hyperlink is not None]


def test_the_import_templates_list_typed_names_as_text(world):
    """The import templates echo the catalogues organizers extend (fields, unit kinds): as text too."""
    from dotpha.imports.org_template import org_template_xlsx
    from dotpha.imports.task_template import task_template_xlsx
    from dotpha.org.models import UnitKind
    from dotpha.programmes.models import Field

    Field.objects.create(code="cong-thuc", name=LINK)
    UnitKind.objects.filter(pk=UnitKind.objects.order_by("pk").values("pk")[:1]).update(name=SUM)
    for content, text in ((task_template_xlsx(), LINK), (org_template_xlsx(), SUM)):
        cells = _cells(content)
        found = _found(cells, text)
        assert found and all(c.data_type == "s" for c in found)
        assert not [c for c in cells if c.data_type == "f"]
