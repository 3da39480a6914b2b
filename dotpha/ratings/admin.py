from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.admin import OrganizerAdminMixin
from dotpha.ratings.models import AnnualRating
from dotpha.ratings.selectors import ratings_visible_to


@admin.register(AnnualRating)
class AnnualRatingAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    """Read-only: ratings are proposed and decided on their pages, through the services."""

    list_display = ("cadre", "year", "proposed_level", "level", "authority_unit")
    list_filter = ("year", "level")
    search_fields = ("cadre__full_name",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=ratings_visible_to(request.user).values("pk"))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
