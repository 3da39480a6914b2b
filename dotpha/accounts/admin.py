from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.models import RoleGrant, User
from dotpha.accounts.permissions import is_organizer


class OrganizerAdminMixin:
    """Django admin for organizers (and superusers) only, whatever their staff flag says."""

    def has_module_permission(self, request):
        return is_organizer(request.user)

    def has_view_permission(self, request, obj=None):
        return is_organizer(request.user)

    def has_add_permission(self, request, *args):
        return is_organizer(request.user)

    def has_change_permission(self, request, obj=None):
        return is_organizer(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]

    def has_add_permission(self, request, obj=None):
        return is_organizer(request.user)

    def has_change_permission(self, request, obj=None):
        return is_organizer(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_organizer(request.user)

    def has_view_permission(self, request, obj=None):
        return is_organizer(request.user)


@admin.register(User)
class DotphaUserAdmin(OrganizerAdminMixin, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "cadre", "is_active", "last_login"]
    search_fields = ["username", "cadre__search_text"]
    autocomplete_fields = ["cadre"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Cán bộ", {"fields": ("cadre",)}),
    )


@admin.register(RoleGrant)
class RoleGrantAdmin(OrganizerAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
