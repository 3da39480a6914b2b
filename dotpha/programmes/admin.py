from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.admin import OrganizerAdminMixin
from dotpha.programmes.models import Decision, Field, Period, Programme


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0
    fields = [
        "name",
        "kind",
        "start_date",
        "end_date",
        "registration_opens",
        "registration_closes",
        "closed_at",
    ]
    readonly_fields = ["closed_at"]


@admin.register(Programme)
class ProgrammeAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "document_kind", "title", "issued_on", "issuing_unit", "report_cadence"]
    list_filter = ["document_kind", "report_cadence"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["issuing_unit"]
    inlines = [PeriodInline]


@admin.register(Period)
class PeriodAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "programme", "start_date", "end_date", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["name", "programme__number"]
    readonly_fields = ["closed_at", "closed_by"]


@admin.register(Field)
class FieldAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "rank", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(Decision)
class DecisionAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "signed_on", "batch_number", "issuing_unit", "programme"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["issuing_unit"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
