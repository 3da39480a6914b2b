"""A cadre picker reads its options as the name and the post its label shows, and cleans to a whole cadre."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.org.models import Cadre
from dotpha.tasks.forms._fields import CadreChoiceField, CadreMultipleChoiceField, cadre_choices

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


class Picker(forms.Form):
    one = CadreChoiceField(queryset=Cadre.objects.none(), required=False, empty_label="— Không —")
    several = CadreMultipleChoiceField(queryset=Cadre.objects.none(), required=False)

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = cadres


def _cadre(name: str) -> Cadre:
    return Cadre.objects.get(full_name=name)


def test_the_options_read_the_name_and_post_only_in_the_pickers_order(world):
    organizer = world.users["organizer"]
    expected = [
        (c.pk, c.full_name, vars(c)["post_name"], vars(c)["post_unit_name"])
        for c in cadre_choices(organizer, DAY)
    ]
    field = Picker(cadres=cadre_choices(organizer, DAY)).fields["one"]
    assert isinstance(field, forms.ModelChoiceField)
    with CaptureQueriesContext(connection) as queries:
        options = [option for option in field.iterator(field)]  # what field.choices gives; list() would count
    assert len(queries) == 1
    columns = queries[0]["sql"].split(" FROM ", 1)[0]
    assert '"org_cadre"."full_name"' in columns and '"org_cadre"."code"' not in columns
    assert options[0] == ("", "— Không —")
    labels = [(int(str(value)), label) for value, label in options[1:]]
    assert labels == [(pk, f"{name} — {post}, {unit}" if post else name) for pk, name, post, unit in expected]
    assert (_cadre("Nguyễn Văn Hùng").pk, "Nguyễn Văn Hùng — Giám đốc, Sở Nội vụ") in labels


def test_the_chosen_cadres_are_whole_and_one_outside_the_list_is_refused(world):
    organizer = world.users["organizer"]
    deputy, director, finance = (_cadre(n) for n in ("Đặng Thị Hạnh", "Nguyễn Văn Hùng", "Trần Quang Minh"))
    chosen = {"one": deputy.pk, "several": [director.pk, finance.pk]}
    form = Picker(chosen, cadres=cadre_choices(organizer, DAY))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == deputy and form.cleaned_data["one"].code == deputy.code
    assert set(form.cleaned_data["several"]) == {director, finance}
    outside = Picker({"one": deputy.pk}, cadres=cadre_choices(organizer, DAY).exclude(pk=deputy.pk))
    assert not outside.is_valid() and "one" in outside.errors
