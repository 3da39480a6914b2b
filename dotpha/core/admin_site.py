"""The Django admin is an inspection tool for superusers. Every write to the domain goes through the services
and their pages, which check the rules, the scope and the closed-period lock and keep the history; the admin
only shows rows and their history, accounts and role grants included (a scoped write here would skip the
organizer's scope and the audit)."""

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def is_site_admin(user) -> bool:
    """An active superuser (the anonymous user is neither): neither a role nor the staff flag opens the
    admin."""
    return bool(user.is_active and user.is_superuser)


class DotphaAdminSite(AdminSite):
    site_header = "Đột phá — Quản trị dữ liệu"
    site_title = "Đột phá"
    index_title = "Quản trị dữ liệu"

    def has_permission(self, request):
        return is_site_admin(request.user)


class ReadOnly:
    """For a ModelAdmin (with SimpleHistoryAdmin): superusers look, nobody adds, changes or deletes here,
    and the change log is never rewritten.

    simple_history's "revert" page saves the old version straight to the row when it is posted (whatever
    the revert button shows), bypassing the services; so it only ever shows the version."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]


class ReadOnlyInlineMixin:
    """For an inline of a read-only admin: the rows are shown, never edited, added or deleted."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
