"""Input types shared by every router. Text refuses NUL, which PostgreSQL cannot store (pydantic already
refuses lone surrogates); ids are bounded to what a database key can hold; days stay where the services
can add to and subtract from them; each text fits its column. None of them reaches the database as an
error. (A `Field(max_length=…)` beside one of these types is ignored: the constraints inside the
annotation win, so each column length has its own type here.)"""

import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Day = Annotated[datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31))]
Text = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=10_000)]
ShortText = Annotated[str, StringConstraints(pattern=NO_NUL, max_length=255)]
RequiredText = Annotated[
    str, StringConstraints(pattern=NO_NUL, strip_whitespace=True, min_length=1, max_length=10_000)
]
# Document numbers (125-QĐ/TU) and period names: 50 characters; titles and summaries (trích yếu): 500.
Number = Annotated[str, StringConstraints(pattern=NO_NUL, strip_whitespace=True, min_length=1, max_length=50)]
Title = Annotated[str, StringConstraints(pattern=NO_NUL, strip_whitespace=True, min_length=1, max_length=500)]
