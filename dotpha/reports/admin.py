from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly
from dotpha.reports.models import ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(ReadOnly, SimpleHistoryAdmin):
    """Read-only: templates are uploaded (and checked) on the "Mẫu báo cáo" page."""

    list_display = ("original_name", "kind", "unit", "uploaded_by", "created_at")
