class ApplicationError(Exception):
    """A rule refused the action; `message` is shown to the user as it is (Vietnamese)."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDeniedError(ApplicationError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message, code="forbidden")


class ConfirmationRequiredError(ApplicationError):
    """A warning the user may overrule: the same call goes through when they confirm (`confirmed=True`).
    Pages show it with a confirmation checkbox; the API answers 422 with its code."""
