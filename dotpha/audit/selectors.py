"""The change log: every history row of every tracked model, and every sign-in, newest first, a page at a
time.

Each tracked model keeps its own history table (django-simple-history). A page is read by keyset: each
source is asked for the rows just older than the last one shown (its date index, no OFFSET, no count),
at most one page of them, and the answers are merged; the cost does not grow with the tables. Only the
rows shown are then read whole, with the row before each (to say what changed) and the names they need,
a fixed number of queries per kind of record on the page. Each query carries the reader's scope
(`dotpha.audit.scoping`) and the filters.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import registered_models

from dotpha.accounts.access import sees_whole_tree
from dotpha.accounts.models import User
from dotpha.audit.changes import Describer, FieldChange, raw_changes
from dotpha.audit.models import ReadLog, SignInEvent, SignInKind
from dotpha.audit.naming import name_of, prefetch_names
from dotpha.audit.scoping import ReaderScope, history_filter
from dotpha.audit.unit_filter import unit_filter
from dotpha.org.models import Unit

PAGE_SIZE = 50
SIGN_INS = "audit.signinevent"

ACTIONS = {
    "+": gettext_lazy("Tạo mới"),
    "~": gettext_lazy("Sửa"),
    "-": gettext_lazy("Xóa"),
    SignInKind.LOGIN.value: SignInKind.LOGIN.label,
    SignInKind.FAILED.value: SignInKind.FAILED.label,
}


@dataclass(frozen=True)
class LogFilter:
    """What the reader narrowed the log to; every part optional."""

    user_id: int | None = None
    unit: Unit | None = None
    kind: str = ""  # a tracked model's label, or SIGN_INS
    action: str = ""  # a key of ACTIONS
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass(frozen=True, order=True)
class Cursor:
    """A row's place in the log: newest first by time, then by source and row id (so equal times page
    without skipping or repeating a row)."""

    at: datetime.datetime
    source: str
    row_id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.source}~{self.row_id}"

    @classmethod
    def decode(cls, raw: str) -> "Cursor | None":
        try:
            at, source, row_id = raw.split("~")
            parsed = datetime.datetime.fromisoformat(at)
            return cls(parsed, source, int(row_id)) if timezone.is_aware(parsed) else None
        except ValueError:
            return None


@dataclass(frozen=True)
class AuditEntry:
    at: datetime.datetime  # local time
    source: str
    kind_name: str
    object_id: object
    object_repr: str
    action_code: str
    action: str
    user: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def is_sign_in(self) -> bool:
        return self.source == SIGN_INS


@dataclass(frozen=True)
class LogPage:
    entries: list[AuditEntry]
    next_cursor: Cursor | None  # None: this is the last page


def tracked_models() -> list[type[Model]]:
    return sorted(registered_models.values(), key=lambda m: str(m._meta.verbose_name))


@cache
def _history_models() -> dict[str, type[Model]]:
    # `Model.history` builds a new manager class on every access (simple-history), dear on every page
    return {m._meta.label_lower: m.history.model for m in registered_models.values()}  # type: ignore[attr-defined]


def log_kinds() -> list[tuple[str, str]]:
    """The kinds of record a reader may filter by: every tracked model, and sign-ins."""
    kinds = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in tracked_models()]
    return [*kinds, (SIGN_INS, str(SignInKind.LOGIN.label))]


@dataclass(frozen=True)
class _Source:
    label: str
    table: type[Model]  # the history model, or SignInEvent
    date_field: str
    user_field: str
    action_field: str
    model: type[Model] | None  # the tracked model (None for sign-ins)


def _sources(kind: str, action: str) -> list[_Source]:
    sources = []
    if action not in SignInKind.values:
        for model in tracked_models():
            label = model._meta.label_lower
            if kind and kind != label:
                continue
            history = _history_models()[label]
            sources.append(_Source(label, history, "history_date", "history_user", "history_type", model))
    if (not kind or kind == SIGN_INS) and action in ("", *SignInKind.values):
        sources.append(_Source(SIGN_INS, SignInEvent, "at", "user", "kind", None))
    return sources


def _local_bounds(f: LogFilter, at: str) -> Q:
    """The date range as the reader means it: local days (Asia/Ho_Chi_Minh), the last day included."""
    q = Q()
    tz = timezone.get_current_timezone()
    if f.date_from:
        q &= Q(**{f"{at}__gte": datetime.datetime.combine(f.date_from, datetime.time.min, tzinfo=tz)})
    if f.date_to:
        end = f.date_to + datetime.timedelta(days=1)
        q &= Q(**{f"{at}__lt": datetime.datetime.combine(end, datetime.time.min, tzinfo=tz)})
    return q


def _after(source: _Source, cursor: Cursor) -> Q:
    """Rows of this source strictly after the cursor in the log's order (older, or as old and later in
    the order of sources and ids)."""
    at = source.date_field
    older = Q(**{f"{at}__lt": cursor.at})
    if source.label < cursor.source:
        return Q(**{f"{at}__lte": cursor.at})
    if source.label == cursor.source:
        return older | Q(**{at: cursor.at, "pk__lt": cursor.row_id})
    return older


def _rows(source: _Source, reader: ReaderScope, f: LogFilter, *, whole_tree: bool) -> QuerySet | None:
    """The source's rows this reader may read, with the filters applied, ordered newest first."""
    if source.model is not None:
        scope = history_filter(source.label, reader, whole_tree=whole_tree)
    else:
        scope = Q() if whole_tree else None  # who signed in: like accounts, for the whole province only
    if scope is None:
        return None
    at = source.date_field
    qs = source.table._default_manager.filter(scope)
    if f.user_id is not None:
        qs = qs.filter(**{f"{source.user_field}_id": f.user_id})
    if f.action:
        qs = qs.filter(**{source.action_field: f.action})
    if f.unit is not None:
        units = Unit.objects.filter(path__startswith=f.unit.path).values("pk")
        by_unit = unit_filter(source.label, units)
        if by_unit is None:
            return None
        qs = qs.filter(by_unit)
    qs = qs.filter(_local_bounds(f, at))
    return qs.order_by(f"-{at}", "-pk")


def _keys(branches: list[tuple[_Source, QuerySet]], cursor: Cursor | None, size: int) -> list[Cursor]:
    """The keys of the `size` rows after the cursor, over every source, in one query: each source's own
    newest rows (its date index, LIMIT `size`), merged by the database (UNION ALL of the limited parts)."""
    if not branches:
        return []
    quote = connection.ops.quote_name
    parts, params = [], []
    for i, (source, qs) in enumerate(branches):
        if cursor is not None:
            qs = qs.filter(_after(source, cursor))
        # the part's columns are named as asked (Django aliases them): its time field, then "pk"
        at = source.date_field
        sql, part_params = qs.values_list(at, "pk")[:size].query.sql_with_params()
        parts.append(f"SELECT b{i}.{quote(at)}, %s, b{i}.{quote('pk')} FROM ({sql}) b{i}")
        params += [source.label, *part_params]
    query = " UNION ALL ".join(parts) + " ORDER BY 1 DESC, 2 DESC, 3 DESC LIMIT %s"
    with connection.cursor() as c:
        c.execute(query, [*params, size])
        return [Cursor(_aware(at), src, row_id) for at, src, row_id in c.fetchall()]


def _aware(value) -> datetime.datetime:
    # SQLite answers a raw query's dates as text, in UTC; PostgreSQL as aware datetimes
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def log_page(reader: User, f: LogFilter, *, after: Cursor | None = None, size: int = PAGE_SIZE) -> LogPage:
    """One page of the log for this reader: the `size` newest rows after the cursor, and where the next
    page starts."""
    whole_tree = sees_whole_tree(reader)
    sources = {s.label: s for s in _sources(f.kind, f.action)}
    scope = ReaderScope(reader)
    branches = []
    for source in sources.values():
        qs = _rows(source, scope, f, whole_tree=whole_tree)
        if qs is not None:
            branches.append((source, qs))
    keys = _keys(branches, after, size + 1)
    shown, more = keys[:size], len(keys) > size
    return LogPage(_entries(sources, shown), shown[-1] if more and shown else None)


def _entries(sources: dict[str, _Source], keys: list[Cursor]) -> list[AuditEntry]:
    ids: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        ids[key.source].append(key.row_id)
    rows: dict[tuple[str, int], object] = {}
    previous: dict[tuple[str, int], object] = {}
    for label, pks in ids.items():
        source = sources[label]
        if source.model is None:
            for event in SignInEvent.objects.filter(pk__in=pks).select_related("user__cadre"):
                rows[(label, event.pk)] = event
            continue
        rows.update(_history_rows(source, pks, previous))
    instances = {
        k: _instance(sources[k[0]], row) for k, row in rows.items() if not isinstance(row, SignInEvent)
    }
    prefetch_names(instances.values())
    raw = {
        k: raw_changes(sources[k[0]].table, row, previous.get(k))
        for k, row in rows.items()
        if k in instances and row.history_type != "-"  # type: ignore[attr-defined]
    }
    describer = Describer(list(raw.values()))
    entries = []
    for key in keys:
        k = (key.source, key.row_id)
        row = rows[k]
        if isinstance(row, SignInEvent):
            entries.append(_sign_in_entry(row))
            continue
        entries.append(
            AuditEntry(
                at=timezone.localtime(row.history_date),  # type: ignore[attr-defined]
                source=key.source,
                kind_name=str(sources[key.source].model._meta.verbose_name),  # type: ignore[union-attr]
                object_id=getattr(row, "id", None),
                object_repr=name_of(instances[k]),
                action_code=row.history_type,  # type: ignore[attr-defined]
                action=str(ACTIONS.get(row.history_type, row.history_type)),  # type: ignore[attr-defined]
                user=_who(row.history_user),  # type: ignore[attr-defined]
                reason=row.history_change_reason or "",  # type: ignore[attr-defined]
                changes=describer.describe(raw.get(k, [])),
            )
        )
    return entries


def _instance(source: _Source, row) -> Model:
    """The object as the row saw it. Not simple-history's `row.instance`, which reads the fields it does
    not keep (an account's password) from the live row, a query per row."""
    model = source.model
    values = {f.attname: getattr(row, f.attname) for f in row.tracked_fields}
    return model(**values)  # type: ignore[misc]


def _history_rows(source: _Source, pks: list[int], previous: dict) -> dict:
    """The rows shown, whole, each with the id of the row before it about the same object; then those."""
    history = source.table
    object_pk = source.model._meta.pk.attname  # type: ignore[union-attr]
    before = history._default_manager.filter(
        **{object_pk: OuterRef(object_pk)}, history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    rows = list(
        history._default_manager.filter(pk__in=pks)
        .select_related("history_user__cadre")
        .annotate(previous_id=Subquery(before.values("history_id")[:1]))
    )
    wanted = {row.previous_id: row for row in rows if row.previous_id and row.history_type == "~"}
    if wanted:
        by_id = history._default_manager.in_bulk(list(wanted))
        for prev_id, row in wanted.items():
            previous[(source.label, row.pk)] = by_id.get(prev_id)
    return {(source.label, row.pk): row for row in rows}


def _who(user: User | None) -> str:
    """The person by name, with the login name the inspector searches by."""
    if user is None:
        return _("hệ thống")
    name, login = str(user), user.get_username()
    return name if name == login else f"{name} ({login})"


def _sign_in_entry(row: SignInEvent) -> AuditEntry:
    who = _who(row.user) if row.user else row.username
    return AuditEntry(
        at=timezone.localtime(row.at),
        source=SIGN_INS,
        kind_name=str(SignInKind.LOGIN.label),
        object_id=row.user_id,
        object_repr=row.username,
        action_code=row.kind,
        action=str(ACTIONS[row.kind]),
        user=who,
        reason=row.ip_address or "",
    )


def read_log(*, username: str = "", kind: str = "") -> QuerySet[ReadLog]:
    """The log of personal-data reads, newest first; for the readers `can_read_read_log` allows."""
    qs = ReadLog.objects.order_by("-at", "-pk")
    if username:
        qs = qs.filter(username__iexact=username)
    if kind:
        qs = qs.filter(kind=kind)
    return qs
