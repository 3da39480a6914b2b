"""Fields every task form shares: dd/mm/yyyy dates, several files at once, choices scoped to the user."""

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import Role, User
from dotpha.org.models import Cadre, Unit
from dotpha.org.selectors import cadres_visible_to, units_visible_to
from dotpha.programmes.permissions import role_paths

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMAT = "%d/%m/%Y"


def date_field(
    label: "StrOrPromise", *, required: bool = False, help_text: "StrOrPromise" = ""
) -> forms.DateField:
    """Typed as officials write dates (05/03/2026 is 5 March), never a browser date picker's order."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(
            format=DATE_FORMAT,
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={
            "invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."),
            "required": _("Nhập ngày."),
        },
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked again by the service (type, size, first bytes)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def cadre_choices(user: User) -> QuerySet[Cadre]:
    return cadres_visible_to(user).order_by("full_name", "pk")


def unit_choices(user: User) -> QuerySet[Unit]:
    return units_visible_to(user).filter(valid_to__isnull=True).order_by("path")


def managed_units(user: User) -> QuerySet[Unit]:
    """The units a unit manager registers collective tasks for: the subtrees of their grants."""
    paths = role_paths(user, Role.UNIT_MANAGER)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return unit_choices(user).filter(q)


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class CadreMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def version_field() -> forms.IntegerField:
    """The task's version the page showed, sent back with the form so the service refuses a change based on
    an older state (services.check_version). Empty means no check: forms the pages render always fill it."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
