from django import forms

from dotpha.core.forms import BootstrapFormMixin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class OrgImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Theo tệp mẫu; tối đa 5 MB.",
        error_messages={"required": "Chọn tệp Excel để tải lên.", "empty": "Tệp tải lên không có nội dung."},
        widget=forms.FileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp.")
        return upload
