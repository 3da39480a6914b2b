"""The order of the annexes' rows, computed by the database so that a file can be written row after row
from one query: the same order as `annexes.by_cadre` and `annexes.by_grade` sort lines in Python (the
given name, the last word, then the whole name, compared character by character)."""

from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, Func, Q, Value, When
from django.db.models.functions import Coalesce

from dotpha.programmes.models import Grade


class GivenName(Func):
    """The last word of a name (`Cadre.given_name`): what follows the last space."""

    arity = 1
    output_field = CharField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError(f"GivenName: no SQL for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # rtrim(s, <the characters of s but spaces>) strips the last word off; what is left is its offset
        return (
            f"substr({sql}, length(rtrim({sql}, replace({sql}, ' ', ''))) + 1)",
            (*params, *params, *params),
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substring({sql} from '[^ ]*$')", params


class CodePoints(Func):
    """Compares text character by character (Python's `<` on str), whatever the database's collation:
    SQLite's default BINARY compares UTF-8 bytes, which order as code points; PostgreSQL's "C" likewise."""

    arity = 1

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f'({sql}) COLLATE "C"', params


_COLLECTIVE = ExpressionWrapper(Q(assignee_cadre__isnull=True), output_field=BooleanField())

# by_cadre: the cadres by given name, whole name and id, then the collectives by name; inside a group by
# title, then id (as `annexes.task_lines` reads them)
CADRE_ORDER = (
    _COLLECTIVE.asc(),
    CodePoints(GivenName(F("assignee_cadre__full_name"))).asc(),
    CodePoints(F("assignee_cadre__full_name")).asc(),
    F("assignee_cadre_id").asc(),
    CodePoints(F("assignee_unit__name")).asc(),
    F("title").asc(),
    F("pk").asc(),
)

# the grades in the official order, then the tasks not evaluated ("" or none)
GRADE_CODES: list[str] = [*Grade.values, ""]
_GRADE_RANK = Case(
    *(When(year_grade=code, then=Value(i)) for i, code in enumerate(Grade.values)),
    default=Value(len(Grade.values)),
)
_ASSIGNEE = Coalesce(F("assignee_cadre__full_name"), F("assignee_unit__name"), output_field=CharField())

# by_grade: by grade, then by the assignee's given name and whole name, then by title
GRADE_ORDER = (
    _GRADE_RANK.asc(),
    CodePoints(GivenName(_ASSIGNEE)).asc(),
    CodePoints(_ASSIGNEE).asc(),
    CodePoints(F("title")).asc(),
    F("pk").asc(),
)
