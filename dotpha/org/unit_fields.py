"""Form fields that pick a unit. An instance serving every province lists about 4,000 units in force, and a
picker shows each unit's name only: its options are read as (id, name, depth), not as whole units with
their kind and level (three model instances a unit: 0.3 s of the task list's 0.5 s)."""

from django import forms

from dotpha.core.forms import FilteredByName, LabelOptions
from dotpha.org.models import Unit


class UnitOptions(LabelOptions):
    columns = ("pk", "name", "depth")


class UnitChoiceField(FilteredByName, forms.ModelChoiceField):
    iterator = UnitOptions


class UnitMultipleChoiceField(FilteredByName, forms.ModelMultipleChoiceField):
    iterator = UnitOptions


class UnitTreeChoiceField(UnitChoiceField):
    """Units in tree order, indented by level, so that a department shows under its committee."""

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return "\u00a0\u00a0" * (obj.depth - 1) + obj.name
