"""The monitoring forms. They only gather input; every rule is checked by the services."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin, date_field
from dotpha.monitoring.models import AssignmentEndReason, CompletionLevel, VisitKind
from dotpha.monitoring.selectors import Candidate
from dotpha.org.models import Appointment, EndReason, Unit
from dotpha.org.unit_fields import UnitChoiceField
from dotpha.programmes.models import DocumentKind
from dotpha.tasks.files import ACCEPT
from dotpha.tasks.forms._fields import MultipleFileField, MultipleFileInput

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise


def text_field(label: "StrOrPromise", *, required: bool = True, rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def post_label(candidate: Candidate, *, proposed: bool = False) -> str:
    post = candidate.appointment
    load = (
        _("chưa theo dõi xã nào")
        if candidate.is_free
        else _("đang theo dõi %(n)s xã") % {"n": candidate.load}
    )
    label = f"{post.cadre.full_name} — {post.position}, {post.unit} ({load})"
    return f"{label} — {_('đề xuất')}" if proposed else label


class PostChoiceField(forms.TypedChoiceField):
    """A leader's post (appointment), chosen among the candidates given; grouped by the view."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, **kwargs)


class DecisionFields(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định phân công"), max_length=50)
    decision_date = date_field(_("Ngày quyết định"))
    start_date = date_field(_("Theo dõi từ ngày"))


class AssignmentForm(DecisionFields):
    second_commune_reason = text_field(
        _("Lý do theo dõi thêm xã (chỉ khi cán bộ đã theo dõi một xã khác)"), required=False, rows=2
    )
    field_order = ["commune", "post"]

    def __init__(self, *args, communes: list[Unit], candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = {c.appointment.pk: c.appointment for c in candidates}
        self.units = {u.pk: u for u in communes}
        self.fields["commune"] = forms.TypedChoiceField(
            label=_("Xã, phường"), coerce=int, choices=[("", "—"), *((u.pk, u.name) for u in communes)]
        )
        self.fields["post"] = PostChoiceField(
            label=_("Cán bộ theo dõi"),
            choices=[("", "—"), *((c.appointment.pk, post_label(c)) for c in candidates)],
        )
        self.order_fields(self.field_order)
        for name in ("commune", "post"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def chosen_post(self) -> Appointment:
        return self.posts[self.cleaned_data["post"]]

    def chosen_commune(self) -> Unit:
        return self.units[self.cleaned_data["commune"]]


class ReassignForm(DecisionFields):
    end_reason = forms.ChoiceField(
        label=_("Lý do thay đổi"),
        required=False,
        choices=[
            ("", _("Tự xác định (nghỉ, chuyển công tác hoặc phân công khác)")),
            *AssignmentEndReason.choices,
        ],
    )
    note = text_field(_("Ghi chú"), required=False, rows=2)
    field_order = ["post"]

    def __init__(self, *args, candidates: list[Candidate], agency: Unit, **kwargs):
        """`candidates`: the successor candidates on the start date, the outgoing cadre's agency first."""
        super().__init__(*args, **kwargs)
        self.posts = {c.appointment.pk: c.appointment for c in candidates}
        same = [c for c in candidates if c.appointment.unit_id == agency.pk]
        others = [c for c in candidates if c.appointment.unit_id != agency.pk]
        groups = []
        if same:
            groups.append(
                (
                    _("Cùng cơ quan"),
                    [(c.appointment.pk, post_label(c, proposed=i == 0)) for i, c in enumerate(same)],
                )
            )
        if others:
            groups.append((_("Cơ quan, đơn vị khác"), [(c.appointment.pk, post_label(c)) for c in others]))
        self.fields["post"] = PostChoiceField(
            label=_("Cán bộ theo dõi mới"),
            choices=[("", "—"), *groups],
            help_text=_(
                "Lãnh đạo cơ quan, đơn vị cấp tỉnh đang giữ chức vụ vào ngày bắt đầu và chưa theo dõi xã nào."
            ),
            error_messages={
                "invalid_choice": _(
                    "Cán bộ này không phân công được từ ngày bắt đầu đã nhập (không giữ chức vụ hoặc "
                    "đang theo dõi xã khác): chọn lại trong danh sách."
                )
            },
        )
        self.fields["post"].widget.attrs["class"] = "form-select"
        if same and not self.is_bound:
            self.initial["post"] = same[0].appointment.pk
        self.order_fields(self.field_order)

    def chosen_post(self) -> Appointment:
        return self.posts[self.cleaned_data["post"]]


class AssignmentEndForm(BootstrapFormMixin, forms.Form):
    end_date = date_field(_("Kết thúc ngày"))
    end_reason = forms.ChoiceField(label=_("Lý do"), choices=AssignmentEndReason.choices)
    note = text_field(_("Ghi chú"), required=False, rows=2)


class CadreLeftForm(BootstrapFormMixin, forms.Form):
    """The cadre's post ends (through the organisation's appointment service)."""

    end_date = date_field(_("Thôi giữ chức vụ từ ngày"))
    end_reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[(c, label) for c, label in EndReason.choices if c != EndReason.MERGED],
    )


class PlanForm(BootstrapFormMixin, forms.Form):
    content = text_field(_("Nội dung chương trình, kế hoạch theo dõi"), rows=8)


def visit_files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Ảnh, tệp minh chứng"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_(
            "Chụp ảnh hoặc chọn tệp: ảnh JPG, PNG, PDF, Word, Excel; mỗi tệp tối đa 10 MB. Thời điểm và "
            "vị trí chụp được đọc từ ảnh; ảnh được thu nhỏ và bỏ mọi thông tin khác."
        ),
    )


class VisitForm(BootstrapFormMixin, forms.Form):
    visit_date = date_field(_("Ngày đi cơ sở"))
    kind = forms.ChoiceField(label=_("Hình thức"), choices=VisitKind.choices)
    content = text_field(_("Nội dung"))
    issues_found = text_field(_("Vấn đề nắm được, phát hiện"), required=False, rows=3)
    proposals = text_field(_("Kiến nghị, đề xuất với tỉnh"), required=False, rows=3)
    attachments = visit_files_field()  # not "files": a form's `files` are the uploaded ones
    # made on the phone (static/js/visit_queue.js) each time the form is opened or queued
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class VisitFilesForm(forms.Form):
    attachments = visit_files_field()


class ReportForm(BootstrapFormMixin, forms.Form):
    content = text_field(_("Kết quả theo dõi"), rows=6)
    issues = text_field(_("Khó khăn, vướng mắc của cơ sở"), required=False, rows=3)
    proposals = text_field(_("Kiến nghị, đề xuất"), required=False, rows=3)
    attachments = visit_files_field()


class FeedbackForm(BootstrapFormMixin, forms.Form):
    completion_level = forms.ChoiceField(
        label=_("Mức độ hoàn thành nhiệm vụ theo dõi xã"),
        choices=CompletionLevel.choices,
        widget=forms.RadioSelect,
    )
    comments = text_field(_("Nhận xét"), rows=5)
    proposes_commendation = forms.BooleanField(
        label=_("Đề nghị Ban Thường vụ biểu dương, khen thưởng"), required=False
    )
    requests_replacement = forms.BooleanField(label=_("Đề nghị thay thế cán bộ theo dõi"), required=False)
    replacement_reason = text_field(_("Lý do đề nghị thay thế"), required=False, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # BootstrapFormMixin styles inputs; radios and checkboxes take Bootstrap's check classes instead.
        self.fields["completion_level"].widget.attrs["class"] = "form-check-input"


class FeedbackCorrectForm(FeedbackForm):
    reason = text_field(_("Lý do đính chính"), rows=2)


class YearForm(BootstrapFormMixin, forms.Form):
    """A new year of a regulation: its deadlines. The half-year and year reports come with it."""

    programme = forms.TypedChoiceField(label=_("Quy định, kế hoạch"), coerce=int)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    plan_deadline = date_field(_("Hạn gửi kế hoạch theo dõi"))
    form_deadline = date_field(_("Hạn gửi phiếu nhận xét cuối năm"))

    def __init__(self, *args, programmes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.pk, f"{p} — {p.title}") for p in programmes]  # type: ignore[attr-defined]


class MonitoringProgrammeForm(BootstrapFormMixin, forms.Form):
    """The regulation itself (Quy định 26-QĐ/TU): who issued it, and the province whose communes it covers."""

    number = forms.CharField(label=_("Số văn bản"), max_length=50, help_text=_("Ví dụ: 26-QĐ/TU"))
    document_kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    issued_on = date_field(_("Ngày ban hành"))
    issuing_unit: forms.ModelChoiceField = UnitChoiceField(
        label=_("Đơn vị ban hành"), queryset=Unit.objects.none()
    )
    scope_unit: forms.ModelChoiceField = UnitChoiceField(
        label=_("Địa bàn áp dụng"),
        queryset=Unit.objects.none(),
        help_text=_("Các xã, phường thuộc đơn vị này được phân công cán bộ theo dõi."),
    )
    plan_days_after_assignment = forms.IntegerField(
        label=_("Số ngày gửi kế hoạch khi được phân công giữa năm"), min_value=1, max_value=365, initial=30
    )

    def __init__(self, *args, units: "QuerySet[Unit]", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["scope_unit"].queryset = units  # type: ignore[attr-defined]
