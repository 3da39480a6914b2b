"""Accounts and role grants, read-only like every domain row: they are created, granted and ended through
the accounts services (and their pages), which check the organizer's scope and audit the change. A user is
never deleted, since the change log names them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from dotpha.accounts.models import RoleGrant, User
from dotpha.core.admin_site import ReadOnly, ReadOnlyInlineMixin


class RoleGrantInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = RoleGrant
    fields = ["role", "unit"]


@admin.register(User)
class DotphaUserAdmin(ReadOnly, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "cadre", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "cadre__search_text"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Cán bộ", {"fields": ("cadre",)}),
    )


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__search_text"]
    list_select_related = ["user", "unit"]
