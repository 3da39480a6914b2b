"""Fields every task form shares: dd/mm/yyyy dates, several files at once, choices scoped to the user."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q, QuerySet

from dotpha.accounts.access import cadres_visible_to, role_paths, scope_of, units_visible_to
from dotpha.accounts.models import Role, User
from dotpha.core.collation import name_order
from dotpha.core.forms import FilteredByName, LabelOptions
from dotpha.core.forms import date_field as core_date_field
from dotpha.org.models import Cadre, Unit
from dotpha.org.unit_order import unit_order
from dotpha.structure.selectors import in_post, with_main_post

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def date_field(
    label: "StrOrPromise", *, required: bool = False, help_text: "StrOrPromise" = ""
) -> forms.DateField:
    """The date field of every form, optional unless said: most of a task's dates may wait."""
    return core_date_field(label, required=required, help_text=help_text)


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


def cadre_choices(user: User, day: datetime.date, *, keep: Iterable[int] = ()) -> QuerySet[Cadre]:
    """The cadres the user may name (co-responsible, accountable): those they see who are in post on
    `day`, labelled with their post and unit. `keep`: people already on the task stay choosable when
    editing it, even if they have left since."""
    visible = cadres_visible_to(user)
    chosen = in_post(visible, day) | visible.filter(pk__in=list(keep))
    return with_main_post(chosen, day).order_by(*name_order(), "pk")


def assignee_choices(user: User, day: datetime.date) -> QuerySet[Cadre]:
    """The cadres the user may assign a task to: in post on `day` and managed inside the user's approver
    or unit-leadership subtrees (one with no managing unit falls to the programme's issuing unit). The
    service still checks the programme (`permissions.is_task_authority`)."""
    q = Q()
    if not user.is_superuser:
        q = Q(managing_unit__isnull=True)
        for role in (Role.APPROVER, Role.UNIT_MANAGER):
            for path in role_paths(user, role):
                q |= Q(managing_unit__path__startswith=path)
    cadres = in_post(cadres_visible_to(user).filter(q), day)
    return with_main_post(cadres, day).order_by(*name_order(), "pk")


def unit_choices(user: User) -> QuerySet[Unit]:
    return units_visible_to(user).filter(valid_to__isnull=True).order_by(*unit_order())


def partner_unit_choices(user: User) -> QuerySet[Unit]:
    """Co-responsible units: any unit in force in the user's province, since a task often needs a department
    or commune outside the assignee's own subtree; on an instance of several provinces, the provinces
    (trees) of the user's grants and posts only, not the tens of thousands of units of all of them."""
    units = Unit.objects.filter(valid_to__isnull=True).order_by(*unit_order())
    scope = scope_of(user)
    if scope.is_superuser:
        return units
    posts = Unit.objects.filter(pk__in=scope.own_unit_ids).values_list("path", flat=True)
    trees = Q(pk__in=[])
    for root in sorted({path[: Unit.steplen] for path in (*scope.paths, *posts)}):
        trees |= Q(path__startswith=root)
    return units.filter(trees)


def managed_units(user: User) -> QuerySet[Unit]:
    """The units a unit manager registers collective tasks for: the subtrees of their grants."""
    paths = role_paths(user, Role.UNIT_MANAGER)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return unit_choices(user).filter(q)


def cadre_label(cadre: Cadre) -> str:
    """ "Hoàng Công Phong — Phó Giám đốc, Sở Tài chính": the name and the post that day, when annotated."""
    post = getattr(cadre, "post_name", None)
    if not post:
        return cadre.full_name
    return f"{cadre.full_name} — {post}, {cadre.post_unit_name}"  # type: ignore[attr-defined]


class CadreOptions(LabelOptions):
    """The name; the post and its unit come with the queryset's annotations (`with_main_post`)."""

    columns = ("pk", "full_name")


class CadreChoiceField(FilteredByName, forms.ModelChoiceField):
    iterator = CadreOptions

    def label_from_instance(self, obj):
        return cadre_label(obj)


class CadreMultipleChoiceField(FilteredByName, forms.ModelMultipleChoiceField):
    iterator = CadreOptions

    def label_from_instance(self, obj):
        return cadre_label(obj)


def version_field() -> forms.IntegerField:
    """The task's version the page showed, sent back with the form so the service refuses a change based on
    an older state (services.check_version). Empty means no check: forms the pages render always fill it."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
