"""Accounts and role grants: the one thing a superuser writes in the admin, to start a system (pages for
organizers come later). A user is never deleted here, since the change log names them: deactivate instead."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.models import RoleGrant, User
from dotpha.core.admin_site import SiteAdminOnly, is_site_admin


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]

    def has_view_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_site_admin(request.user)


@admin.register(User)
class DotphaUserAdmin(SiteAdminOnly, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "cadre", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "cadre__search_text"]
    autocomplete_fields = ["cadre"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Cán bộ", {"fields": ("cadre",)}),
    )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleGrant)
class RoleGrantAdmin(SiteAdminOnly, SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
