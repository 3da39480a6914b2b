"""Input types shared by every router. Text refuses NUL, which PostgreSQL cannot store (pydantic already
refuses lone surrogates); ids are bounded to what a database key can hold. Neither reaches the database
as an error."""

from typing import Annotated

from pydantic import Field, StringConstraints

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$", max_length=10_000)]
ShortText = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$", max_length=255)]
RequiredText = Annotated[
    str, StringConstraints(pattern=r"^[^\x00]*$", strip_whitespace=True, min_length=1, max_length=10_000)
]
