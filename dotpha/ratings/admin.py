from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.core.admin_site import ReadOnly
from dotpha.ratings.models import AnnualRating, RatingScheme


@admin.register(AnnualRating)
class AnnualRatingAdmin(ReadOnly, SimpleHistoryAdmin):
    """Read-only: ratings are proposed and decided on their pages, through the services."""

    list_display = ("cadre", "year", "proposed_level", "level", "authority_unit")
    list_filter = ("year", "level")
    search_fields = ("cadre__full_name",)


@admin.register(RatingScheme)
class RatingSchemeAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only like every domain row: the schemes are seeded by migration from the texts."""

    list_display = ("code", "name", "valid_from_year", "valid_to_year", "scored")
