"""Units, mergers and cadres, read-only: they change through the organisation pages and their services
(a merger moves open work to the successor, which a bare row in the admin would not)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from dotpha.audit.services import record_cadre_read
from dotpha.core.admin_site import ReadOnly, ReadOnlyInlineMixin
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Position, Unit, UnitKind, UnitLevel, UnitMerger


class NormalisedSearchMixin:
    """Admin search through the diacritic-free copy, so "dang" finds "Đặng"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search(search_term))  # type: ignore[misc]


@admin.register(UnitLevel)
class UnitLevelAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "rank"]


@admin.register(UnitKind)
class UnitKindAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "code", "default_level"]


@admin.register(Unit)
class UnitAdmin(ReadOnly, NormalisedSearchMixin, TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text"])
    list_display = ["name", "code", "kind", "level", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["search_text", "code"]

    def get_queryset(self, request):
        # TreeAdmin's queryset marks the level of the tree being listed (request._treebeard_parent), which
        # its changelist template reads: replacing it answered 500 on /admin/org/unit/.
        return super().get_queryset(request).select_related("kind", "level")

    def move_node(self, request):
        # treebeard checks the data before the permission; the tree is read-only here whatever is posted
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().move_node(request)

    def get_urls(self):
        # treebeard serves its script's translations without the site's check; put them behind it too
        return [
            path(str(url.pattern), self.admin_site.admin_view(url.callback), name=url.name)
            if url.name == "javascript-catalog"
            else url
            for url in super().get_urls()
        ]


@admin.register(UnitMerger)
class UnitMergerAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["predecessor", "successor", "effective_date", "decision_number"]


@admin.register(Position)
class PositionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "is_head", "rank"]
    search_fields = ["name"]


class AppointmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Appointment


@admin.register(Cadre)
class CadreAdmin(ReadOnly, NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["full_name", "code", "gender", "birth_year", "managing_unit"]
    list_filter = ["gender", "is_party_member"]
    search_fields = ["search_text", "code"]
    inlines = [AppointmentInline]

    # A cadre's page here (its current form, its history, a past version) shows the profile the
    # organisation page does, so each one shown is logged as that page's read is.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._log_read(request, object_id, response)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._log_read(request, object_id, response)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._log_read(request, object_id, response)

    def _log_read(self, request, object_id, response):
        if request.method == "GET" and response.status_code == 200:
            cadre = self.get_object(request, unquote(object_id))
            if cadre is not None:
                record_cadre_read(request.user, cadre)
        return response
