from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from dotpha.accounts.admin import OrganizerAdminMixin
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Position, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.org.selectors import cadres_visible_to, units_visible_to


class NormalisedSearchMixin:
    """Admin search through the diacritic-free copy, so "dang" finds "Đặng"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search(search_term))  # type: ignore[misc]


@admin.register(UnitLevel)
class UnitLevelAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "rank"]


@admin.register(UnitKind)
class UnitKindAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "default_level"]


@admin.register(Unit)
class UnitAdmin(OrganizerAdminMixin, NormalisedSearchMixin, TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text"])
    list_display = ["name", "code", "kind", "level", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["search_text", "code"]

    def get_queryset(self, request):
        return units_visible_to(request.user)


@admin.register(UnitMerger)
class UnitMergerAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "effective_date", "decision_number"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(Position)
class PositionAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "is_head", "rank"]
    search_fields = ["name"]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["unit", "position"]


@admin.register(Cadre)
class CadreAdmin(OrganizerAdminMixin, NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "code", "gender", "birth_year", "managing_unit"]
    list_filter = ["gender", "is_party_member"]
    search_fields = ["search_text", "code"]
    autocomplete_fields = ["managing_unit"]
    inlines = [AppointmentInline]

    def get_queryset(self, request):
        return cadres_visible_to(request.user)
