from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly
from dotpha.ratings.models import AnnualRating


@admin.register(AnnualRating)
class AnnualRatingAdmin(ReadOnly, SimpleHistoryAdmin):
    """Read-only: ratings are proposed and decided on their pages, through the services."""

    list_display = ("cadre", "year", "proposed_level", "level", "authority_unit")
    list_filter = ("year", "level")
    search_fields = ("cadre__full_name",)
