from enum import StrEnum

from django.utils.translation import gettext as _


class CoreRefusal(StrEnum):
    """The generic codes every app may use, and those of core's own refusals (backup and restore)."""

    INVALID = "invalid"
    FORBIDDEN = "forbidden"
    BACKUP_UNSUPPORTED = "backup_unsupported"  # no backup tool for this database engine
    BACKUP_TOOL_MISSING = "backup_tool_missing"
    BACKUP_TOOL_FAILED = "backup_tool_failed"
    BACKUP_INVALID = "backup_invalid"  # not a backup archive this program wrote
    BACKUP_DAMAGED = "backup_damaged"  # an archive whose files do not match their checksums
    BACKUP_ENGINE = "backup_engine"  # made from another database engine than the target's
    RESTORE_TARGET_NOT_EMPTY = "restore_target_not_empty"
    RESTORE_MISMATCH = "restore_mismatch"  # the restored rows differ from the archive's


class ApplicationError(Exception):
    """A rule refused the action. `message` is shown to the user as it is, so it is built with gettext in
    the user's language while their request is being served; `code` is a member of the app's `*Refusal`
    enum, the same string for pages and the API."""

    def __init__(self, message: str, *, code: str = CoreRefusal.INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDeniedError(ApplicationError):
    """The actor may not do this (the API answers 403 `forbidden`). The message is shown in the
    user's language; without one, a general sentence is."""

    def __init__(self, message: str | None = None) -> None:
        # the default is translated when raised, not when the module is imported: in the request's language
        super().__init__(
            message or _("Bạn không có quyền thực hiện thao tác này."), code=CoreRefusal.FORBIDDEN
        )


class ConfirmationRequiredError(ApplicationError):
    """A warning the user may overrule: the same call goes through when they confirm (`confirmed=True`).
    Pages show it with a confirmation checkbox; the API answers 422 with its code."""
