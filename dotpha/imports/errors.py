"""The codes of the refusals imports raises (`ApplicationError.code`): the API returns them as they are,
and pages and API clients compare with them."""

from enum import StrEnum


class ImportRefusal(StrEnum):
    IMPORT_REJECTED = "import_rejected"  # the file has errors, or a row was refused: nothing was saved
