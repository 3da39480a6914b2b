"""Programmes, periods, fields and decisions, read-only: they are created, opened, closed and signed on
their pages, through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly, ReadOnlyInlineMixin
from dotpha.programmes.models import Decision, Field, Period, Programme


class PeriodInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Period
    fields = [
        "name",
        "kind",
        "start_date",
        "end_date",
        "registration_opens",
        "registration_closes",
        "closed_at",
    ]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "document_kind", "title", "issued_on", "issuing_unit", "report_cadence"]
    list_filter = ["document_kind", "report_cadence"]
    search_fields = ["number", "title"]
    inlines = [PeriodInline]


@admin.register(Period)
class PeriodAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "kind", "programme", "start_date", "end_date", "closed_at"]
    list_filter = ["kind"]
    search_fields = ["name", "programme__number"]


@admin.register(Field)
class FieldAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "rank", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(Decision)
class DecisionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["number", "title", "signed_on", "batch_number", "issuing_unit", "programme"]
    search_fields = ["number", "title"]
