"""phê duyệt: one task (approve, return with a comment, reject with a reason) or a batch under a numbered
decision (Quyết định phê duyệt đợt N)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.programmes.models import Decision
from dotpha.tasks.forms._fields import date_field, version_field


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} — {obj.signed_on:%d/%m/%Y} — {obj.title}"


class DecisionFields(forms.Form):
    """Every approval belongs to a numbered decision: an open one chosen, or a new one's number and signing
    date typed (the service says why when neither or both are given)."""

    decision = DecisionChoiceField(
        label=_("Quyết định đang mở"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("— Quyết định mới (nhập số và ngày ký) —"),
    )
    decision_number = forms.CharField(
        label=_("Số quyết định mới"), max_length=50, required=False, help_text=_("Ví dụ: 125-QĐ/TU")
    )
    signed_on = date_field(_("Ngày ký quyết định"), help_text=_("Ngày ký là ngày phê duyệt của việc."))

    def __init__(self, *args, decisions: QuerySet[Decision] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]

    def decision_args(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "decision_number": data["decision_number"],
            "signed_on": data["signed_on"],
        }


class ReviewForm(BootstrapFormMixin, DecisionFields):
    APPROVE, RETURN, REJECT = "approve", "return", "reject"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Phê duyệt")), (RETURN, _("Trả lại")), (REJECT, _("Không phê duyệt"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Chọn phê duyệt, trả lại hoặc không phê duyệt.")},
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại hoặc không phê duyệt)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    origin = forms.ChoiceField(
        choices=[("queue", "queue"), ("detail", "detail")], widget=forms.HiddenInput, required=False
    )
    version = version_field()


class BatchApprovalForm(BootstrapFormMixin, forms.Form):
    """The decision and what it approves: the ticked tasks, or every task the queue's filter (in the URL)
    finds at that moment. The decision is an open one the tasks are added to (`decisions`: those the user
    may still add to), or a new one's number and signing date. Sent once to see the confirmation, then
    again with the confirmation's `confirm` fingerprint of the tasks it showed: only that second post
    approves."""

    SELECTED, FILTER = "selected", "filter"

    tasks = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    scope = forms.ChoiceField(
        choices=[(SELECTED, _("Các việc đánh dấu trong bảng")), (FILTER, _("Tất cả các việc theo bộ lọc"))],
        required=False,
        widget=forms.RadioSelect,
    )
    confirm = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    decision = DecisionChoiceField(
        label=_("Thêm vào quyết định đang mở"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("— Quyết định mới (nhập số và ngày ký) —"),
        help_text=_("Quyết định cùng chương trình, cùng kỳ, chưa có bản ký."),
    )
    number = forms.CharField(
        label=_("Số quyết định"), max_length=50, help_text=_("Ví dụ: 125-QĐ/TU"), required=False
    )
    batch_number = forms.IntegerField(label=_("Đợt"), min_value=1, max_value=999, required=False)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Quyết định phê duyệt đợt N”."),
    )
    signed_on = date_field(_("Ngày ký"))
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, decisions: QuerySet[Decision] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        # any id: the view keeps those the user can see and the service checks each one
        raw = self.data.getlist("tasks") if hasattr(self.data, "getlist") else []
        self.fields["tasks"].choices = [(v, v) for v in raw if str(v).isdigit()]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean() or self.cleaned_data
        # a new decision needs its signing date; an open one has its own
        if not data.get("decision") and not data.get("signed_on") and "signed_on" not in self.errors:
            self.add_error("signed_on", self.fields["signed_on"].error_messages["required"])
        return data
