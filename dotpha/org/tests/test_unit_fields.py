"""A unit picker reads its options as labels only, in its queryset's order, and cleans to a whole unit."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.org.models import Unit
from dotpha.org.unit_fields import UnitChoiceField, UnitMultipleChoiceField, UnitTreeChoiceField
from dotpha.org.unit_order import unit_order

pytestmark = pytest.mark.django_db


class Picker(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    tree = UnitTreeChoiceField(queryset=Unit.objects.none(), required=False)
    several = UnitMultipleChoiceField(queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.queryset = units  # type: ignore[attr-defined]


def _units():
    return Unit.objects.filter(valid_to__isnull=True).select_related("kind", "level").order_by(*unit_order())


def _choices(form: forms.Form, name: str):
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field.choices


def test_the_options_are_the_querysets_units_in_its_order_read_as_labels(world):
    units = list(_units())
    form = Picker(units=_units())
    with CaptureQueriesContext(connection) as queries:
        options = [option for option in _choices(form, "unit")]  # list() would count them first
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert '"org_unit"."name"' in sql and '"org_unit"."depth"' in sql
    # neither the unit's other columns nor its kind's and level's are read
    assert '"org_unit"."search_text"' not in sql and '"org_unitlevel"' not in sql
    assert '"org_unitkind"."name"' not in sql
    assert options[0] == ("", "Tất cả")
    assert [(int(str(value)), label) for value, label in options[1:]] == [(u.pk, u.name) for u in units]
    assert world.old_commune.pk not in [int(str(value)) for value, _ in options[1:]]


def test_the_tree_picker_indents_by_depth(world):
    labels = dict(
        (int(str(value)), label) for value, label in _choices(Picker(units=_units()), "tree") if value
    )
    assert labels[world.province.pk] == "Tỉnh Thử Nghiệm"
    assert labels[world.home_affairs.pk] == "\u00a0\u00a0\u00a0\u00a0Sở Nội vụ"  # depth 3


def test_the_chosen_unit_is_a_whole_unit_and_one_outside_the_list_is_refused(world):
    form = Picker(
        {"unit": world.finance.pk, "several": [world.commune.pk, world.finance.pk]},
        units=_units(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == world.finance
    with CaptureQueriesContext(connection) as queries:
        assert form.cleaned_data["unit"].kind.code == "department"
        assert form.cleaned_data["unit"].path == world.finance.path
    assert len(queries) == 0
    assert set(form.cleaned_data["several"]) == {world.commune, world.finance}

    refused = Picker({"unit": world.old_commune.pk, "several": [world.old_commune.pk]}, units=_units())
    assert not refused.is_valid()
    assert set(refused.errors) == {"unit", "several"}


def test_the_page_shows_the_chosen_unit_selected(world):
    html = str(Picker({"unit": world.finance.pk}, units=_units())["unit"])
    assert f'<option value="{world.finance.pk}" selected>Sở Tài chính</option>' in html
    assert html.count(" selected") == 1
