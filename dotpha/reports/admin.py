from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.admin import OrganizerAdminMixin
from dotpha.reports.models import ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    """Read-only: templates are uploaded (and checked) on the "Mẫu báo cáo" page."""

    list_display = ("original_name", "kind", "unit", "uploaded_by", "created_at")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
