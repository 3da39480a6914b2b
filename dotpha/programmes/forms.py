"""Organizer forms: a programme (the rules tasks run under) and its periods."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin, date_field
from dotpha.org.models import Unit
from dotpha.org.unit_fields import UnitChoiceField
from dotpha.programmes.models import DocumentKind, Grade, PeriodKind, Programme, ReportCadence, TaskKind
from dotpha.programmes.selectors import issuing_units_for, programme_units

if TYPE_CHECKING:
    pass


class _ChecksMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


class ProgrammeForm(_ChecksMixin, BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("Số văn bản"), max_length=50, help_text=_("Ví dụ: 30-QĐ/TU"))
    document_kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    issued_on = date_field(_("Ngày ban hành"))
    issuing_unit: forms.ModelChoiceField = UnitChoiceField(
        label=_("Đơn vị ban hành"), queryset=Unit.objects.none()
    )
    task_kinds = forms.MultipleChoiceField(
        label=_("Loại việc được đăng ký"),
        choices=TaskKind.choices,
        initial=list(TaskKind.values),
        widget=forms.CheckboxSelectMultiple,
    )
    # 1 to 20, as in the API; the service checks that the minimum is not above the maximum.
    min_tasks_per_assignee = forms.IntegerField(
        label=_("Số việc tối thiểu mỗi người, mỗi kỳ"), min_value=1, max_value=20, initial=1
    )
    max_tasks_per_assignee = forms.IntegerField(
        label=_("Số việc tối đa mỗi người, mỗi kỳ"), min_value=1, max_value=20, initial=5
    )
    registration_opens = date_field(_("Mở đăng ký từ ngày"))
    registration_closes = date_field(_("Hạn đăng ký"))
    report_cadence = forms.ChoiceField(
        label=_("Kỳ báo cáo tiến độ"), choices=ReportCadence.choices, initial=ReportCadence.MONTHLY
    )
    grades = forms.MultipleChoiceField(
        label=_("Thang đánh giá"),
        choices=Grade.choices,
        initial=list(Grade.values),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units_for(user)  # type: ignore[attr-defined]


class ProgrammeEditForm(ProgrammeForm):
    """The same rules, but the issuing unit stays: it decides who runs the programme and who approves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["issuing_unit"]


class PeriodReopenForm(BootstrapFormMixin, forms.Form):
    # Not required here: the service says why an empty reason is refused.
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: bổ sung kết quả đánh giá theo Kết luận số 12-KL/TU."),
    )


class RoutineDutyForm(BootstrapFormMixin, forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    # Not required here: the service says why an empty text is refused.
    text = forms.CharField(
        label=_("Nhiệm vụ thường xuyên"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nhiệm vụ, như chức năng, nhiệm vụ của đơn vị ghi."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = programme_units(programme)  # type: ignore[attr-defined]


class PeriodForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên kỳ"), max_length=50, help_text=_("Ví dụ: 2026; 2026–2030"))
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=PeriodKind.choices)
    start_date = date_field(_("Từ ngày"))
    end_date = date_field(_("Đến ngày"))
    registration_opens = date_field(
        _("Mở đăng ký từ ngày"), required=False, help_text=_("Để trống: theo chương trình.")
    )
    registration_closes = date_field(
        _("Hạn đăng ký"), required=False, help_text=_("Để trống: theo chương trình.")
    )


class DecisionScanForm(BootstrapFormMixin, forms.Form):
    """The signed scan: the service checks that it is a PDF within the size cap, and parses it."""

    scan = forms.FileField(
        label=_("Bản ký (PDF)"),
        help_text=_("Sau khi tải bản ký, danh sách việc của quyết định được khóa."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class DecisionAmendForm(BootstrapFormMixin, forms.Form):
    """Quyết định sửa đổi, bổ sung a locked decision: its own number and signing date; the service checks
    them (the date not before the amended decision's, the number not used)."""

    number = forms.CharField(label=_("Số quyết định sửa đổi"), max_length=50, help_text=_("Ví dụ: 140-QĐ/TU"))
    signed_on = date_field(
        _("Ngày ký"), help_text=_("Ngày ký là ngày phê duyệt của các việc thêm theo quyết định này.")
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Sửa đổi, bổ sung Quyết định số …”."),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    signer_post = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
