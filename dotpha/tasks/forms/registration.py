"""Registration (đăng ký) and direct assignment (giao việc): the task's "5 rõ" and its plan."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin
from dotpha.org.models import Cadre, Unit
from dotpha.org.unit_fields import UnitChoiceField, UnitMultipleChoiceField
from dotpha.programmes.models import Period, Programme, TaskKind
from dotpha.programmes.selectors import active_fields, open_decisions, programmes_visible_to
from dotpha.tasks.forms._fields import (
    CadreChoiceField,
    CadreMultipleChoiceField,
    assignee_choices,
    cadre_choices,
    date_field,
    managed_units,
    partner_unit_choices,
    unit_choices,
    version_field,
)
from dotpha.tasks.forms.approval import DecisionFields
from dotpha.tasks.models import Task
from dotpha.tasks.services import MilestoneInput, TargetInput

# The fields task_update_draft accepts, in the order the form shows them.
DRAFT_FIELD_NAMES = (
    "kind",
    "field",
    "title",
    "description",
    "accountable_cadre",
    "start_date",
    "deadline",
    "deliverable",
)


def open_periods_for(user: User, today: datetime.date) -> QuerySet[Period]:
    """Periods still running (not closed, not ended) of the programmes the user may see."""
    return (
        Period.objects.filter(
            programme__in=programmes_visible_to(user).values("pk"),
            closed_at__isnull=True,
            end_date__gte=today,
        )
        .select_related("programme")
        .order_by("programme__number", "-start_date")
    )


def open_programmes_for(user: User, today: datetime.date) -> QuerySet[Programme]:
    periods = open_periods_for(user, today)
    return programmes_visible_to(user).filter(pk__in=periods.values("programme_id")).order_by("number")


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.number} — {obj}"


class DraftForm(BootstrapFormMixin, forms.Form):
    """What the author may change while the task is a draft or returned (never its assignee)."""

    kind = forms.ChoiceField(label=_("Loại việc"), choices=TaskKind.choices)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=active_fields(), required=False, empty_label=_("— Chọn lĩnh vực —")
    )
    title = forms.CharField(label=_("Tên việc (rõ việc)"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung, giải pháp thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    co_cadres = CadreMultipleChoiceField(
        label=_("Cán bộ phối hợp"), queryset=Cadre.objects.none(), required=False
    )
    co_units: forms.ModelMultipleChoiceField = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    accountable_cadre = CadreChoiceField(
        label=_("Người chịu trách nhiệm (rõ trách nhiệm)"),
        queryset=Cadre.objects.none(),
        required=False,
        empty_label=_("— Việc cá nhân: chính cán bộ được giao —"),
    )
    start_date = date_field(_("Ngày bắt đầu"))
    deadline = date_field(_("Thời hạn hoàn thành (rõ tiến độ)"))
    deliverable = forms.CharField(
        label=_("Sản phẩm (rõ hiệu quả)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        # people in post today; those already on the task stay, so saving it again does not drop them
        initial = self.initial
        named = [c.pk for c in initial.get("co_cadres", [])]
        if initial.get("accountable_cadre") is not None:
            named.append(initial["accountable_cadre"].pk)
        cadres = cadre_choices(user, today, keep=named)
        self.fields["co_cadres"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["accountable_cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = partner_unit_choices(user)  # type: ignore[attr-defined]
        for name in ("co_cadres", "co_units"):
            self.fields[name].widget.attrs["size"] = 5

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        initial = {name: getattr(task, name) for name in DRAFT_FIELD_NAMES}
        initial["co_cadres"] = list(task.co_cadres.all())
        initial["co_units"] = list(task.co_units.all())
        return initial

    def draft_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in DRAFT_FIELD_NAMES}


class EditForm(DraftForm):
    """Editing a saved draft: what the author changes, and the task's version the page showed."""

    version = version_field()

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        return {**super().initial_for(task), "version": task.version}


class RegisterForm(DraftForm):
    """A new task: programme and period still running, and whom it is for: the cadre themself (cá nhân) or
    a unit the user manages (tập thể)."""

    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), empty_label=_("— Chọn chương trình —")
    )
    period = PeriodChoiceField(
        label=_("Kỳ thực hiện"), queryset=Period.objects.none(), empty_label=_("— Chọn kỳ —")
    )
    assignee = forms.ChoiceField(label=_("Người, tập thể được giao (rõ người)"))

    field_order = ["programme", "period", "assignee", *DRAFT_FIELD_NAMES[:4]]

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, user=user, today=today, **kwargs)
        self.fields["programme"].queryset = open_programmes_for(user, today)  # type: ignore[attr-defined]
        self.fields["period"].queryset = open_periods_for(user, today)  # type: ignore[attr-defined]
        choices: list[tuple[str, str]] = []
        if user.cadre is not None:
            choices.append((f"c{user.cadre.pk}", f"{user.cadre.full_name} ({_('cá nhân')})"))
        self.units = {unit.pk: unit for unit in managed_units(user)}
        choices += [(f"u{pk}", f"{unit.name} ({_('tập thể')})") for pk, unit in self.units.items()]
        self.fields["assignee"].choices = choices  # type: ignore[attr-defined]

    @property
    def can_register(self) -> bool:
        return bool(self.fields["assignee"].choices)  # type: ignore[attr-defined]

    def clean_assignee(self) -> dict:
        value = self.cleaned_data["assignee"]
        if value.startswith("c") and self.user.cadre is not None:
            return {"assignee_cadre": self.user.cadre, "assignee_unit": None}
        return {"assignee_cadre": None, "assignee_unit": self.units[int(value[1:])]}


class AssignForm(DraftForm, DecisionFields):
    """giao việc trực tiếp: the authority names the assignee, a cadre or a unit, and the decision that
    assigns the task."""

    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), empty_label=_("— Chọn chương trình —")
    )
    period = PeriodChoiceField(
        label=_("Kỳ thực hiện"), queryset=Period.objects.none(), empty_label=_("— Chọn kỳ —")
    )
    assignee_cadre = CadreChoiceField(
        label=_("Giao cho cán bộ"),
        queryset=Cadre.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )
    assignee_unit: forms.ModelChoiceField = UnitChoiceField(
        label=_("Hoặc giao cho tập thể"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )
    comment = forms.CharField(
        label=_("Ý kiến chỉ đạo"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    field_order = ["programme", "period", "assignee_cadre", "assignee_unit", *DRAFT_FIELD_NAMES[:4]]

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, user=user, today=today, decisions=open_decisions(user), **kwargs)
        self.fields["programme"].queryset = open_programmes_for(user, today)  # type: ignore[attr-defined]
        self.fields["period"].queryset = open_periods_for(user, today)  # type: ignore[attr-defined]
        self.fields["assignee_cadre"].queryset = assignee_choices(user, today)  # type: ignore[attr-defined]
        self.fields["assignee_unit"].queryset = unit_choices(user)  # type: ignore[attr-defined]
        for name in ("description", "start_date", "deadline"):
            self.fields[name].required = True


class MilestoneForm(BootstrapFormMixin, forms.Form):
    """mốc: one row of the execution plan. A blank row is skipped."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Nội dung mốc"), max_length=300, required=False)
    due_date = date_field(_("Hạn"))

    def clean(self):
        data = super().clean() or {}
        if data.get("title", "").strip() and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("Nhập hạn của mốc."))
        if data.get("due_date") and not data.get("title", "").strip():
            self.add_error("title", _("Nhập nội dung mốc."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("title", "").strip() and not data.get("due_date")

    def as_input(self) -> MilestoneInput:
        return MilestoneInput(title=self.cleaned_data["title"], due_date=self.cleaned_data["due_date"])


class TargetForm(BootstrapFormMixin, forms.Form):
    """chỉ tiêu: name, unit of measure and the value to reach. A blank row is skipped."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=300, required=False)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    target_value = forms.DecimalField(
        label=_("Giá trị phải đạt"), max_digits=14, decimal_places=2, min_value=Decimal(0), required=False
    )

    def clean(self):
        data = super().clean() or {}
        filled = [bool(data.get("name", "").strip()), bool(data.get("unit_of_measure", "").strip())]
        filled.append(data.get("target_value") is not None)
        if any(filled) and not all(filled) and not self.errors:
            self.add_error(None, _("Nhập đủ tên chỉ tiêu, đơn vị tính và giá trị phải đạt."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("name", "").strip() and data.get("target_value") is None

    def as_input(self) -> TargetInput:
        data = self.cleaned_data
        return TargetInput(
            name=data["name"], unit_of_measure=data["unit_of_measure"], target_value=data["target_value"]
        )


class PlanFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=PlanFormSet, extra=3, can_delete=True, max_num=30, absolute_max=30
)
TargetFormSet = forms.formset_factory(
    TargetForm, formset=PlanFormSet, extra=2, can_delete=True, max_num=20, absolute_max=20
)


def plan_formsets(data=None, *, task: Task | None = None) -> tuple[forms.BaseFormSet, forms.BaseFormSet]:
    """The milestone and target rows; for an existing task, its rows first then blank ones."""
    milestones = targets = None
    if task is not None and data is None:
        milestones = [{"id": m.pk, "title": m.title, "due_date": m.due_date} for m in task.milestones.all()]
        targets = [
            {"id": t.pk, "name": t.name, "unit_of_measure": t.unit_of_measure, "target_value": t.target_value}
            for t in task.targets.all()
        ]
    return (
        MilestoneFormSet(data, initial=milestones, prefix="milestones"),
        TargetFormSet(data, initial=targets, prefix="targets"),
    )
