"""Find the cadre a task list names: by full name among the cadres the importer may see, ignoring case and
diacritics; when two cadres share the name, by the position and unit the row gives. Two cadres the row
cannot tell apart are never guessed: the user chooses one of them.

A name cell often carries more than the name ("Đ/c Nguyễn Văn Hùng - Giám đốc Sở Nội vụ"): the honorific is
dropped and what follows the name counts as position text.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch

from dotpha.accounts.models import User
from dotpha.core.search import normalize_search
from dotpha.imports.cells import cell_text
from dotpha.org.models import Appointment
from dotpha.org.selectors import cadres_visible_to

_HONORIFIC = re.compile(r"^(?:đồng\s+chí|đ/c|đc|ông|bà)(?:[\s.:]+|(?=\s))", re.IGNORECASE)
_NAME_END = re.compile(r"\s+[-–—]\s+|[,;:(]|\s+[-–—](?=\S)")
MAX_SUGGESTIONS = 3


class MatchKind(StrEnum):
    FOUND = "found"  # one cadre has this name
    BY_POST = "by_post"  # several have it; the row's position or unit picks one
    CHOSEN = "chosen"  # several have it; the user picked one in the preview
    AMBIGUOUS = "ambiguous"  # several have it and nothing in the row tells them apart
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Post:
    position: str
    unit: str
    current: bool


@dataclass(frozen=True)
class Candidate:
    pk: int
    code: str
    full_name: str
    posts: tuple[Post, ...]

    @property
    def description(self) -> str:
        current = [f"{p.position}, {p.unit}" for p in self.posts if p.current]
        if current:
            return "; ".join(current)
        past = [f"{p.position}, {p.unit} (đã thôi)" for p in self.posts]
        return past[0] if past else "chưa có chức vụ"

    @property
    def label(self) -> str:
        return f"{self.full_name} — {self.description} (mã {self.code})"


@dataclass
class CadreMatch:
    kind: MatchKind
    cadre: Candidate | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()
    post_differs: bool = False  # found by name alone, but the row's position/unit says something else

    @property
    def needs_choice(self) -> bool:
        return self.kind == MatchKind.AMBIGUOUS


@dataclass(frozen=True)
class NameCell:
    name: str  # as written, without honorific and without what followed it
    extra: str  # what followed the name in the same cell (position, unit)
    key: str  # the normalised cell up to the first separator, as written
    bare_key: str = ""  # the same without an honorific ("Đồng chí", "Đ/c", "Ông", "Bà")


def split_name(value: object) -> NameCell:
    """ "Đồng chí Nguyễn Văn Hùng\nGiám đốc Sở Nội vụ" -> "Nguyễn Văn Hùng", extra "Giám đốc Sở Nội vụ"."""
    raw = value if isinstance(value, str) else cell_text(value)
    lines = [line for line in (cell_text(line) for line in raw.splitlines()) if line]
    if not lines:
        return NameCell("", "", "")
    first, rest = lines[0], lines[1:]
    whole = _NAME_END.split(first, maxsplit=1)[0].strip()
    bare_first = _HONORIFIC.sub("", first, count=1).strip()
    parts = _NAME_END.split(bare_first, maxsplit=1)
    name = parts[0].strip()
    extra = " ".join([*(p.strip(" )") for p in parts[1:]), *rest]).strip()
    return NameCell(name, extra, normalize_search(whole), normalize_search(name))


class CadreDirectory:
    """The cadres an actor may assign by name, read once for all the names of a file."""

    def __init__(self, actor: User, names: Iterable[NameCell]) -> None:
        self._visible = cadres_visible_to(actor)
        wanted = {n.key for n in names if n.key} | {n.bare_key for n in names if n.bare_key}
        appointments = Appointment.objects.select_related("position", "unit").order_by(
            "end_date", "-start_date"
        )
        cadres = (
            self._visible.filter(search_text__in=wanted)
            .prefetch_related(Prefetch("appointments", queryset=appointments))
            .order_by("full_name", "code")
        )
        self._by_name: dict[str, list[Candidate]] = {}
        for cadre in cadres:
            posts = tuple(
                Post(a.position.name, a.unit.name, a.end_date is None) for a in cadre.appointments.all()
            )
            candidate = Candidate(cadre.pk, cadre.code, cadre.full_name, posts)
            self._by_name.setdefault(cadre.search_text, []).append(candidate)
        self._all_names: dict[str, str] | None = None

    def match(
        self, cell: NameCell, context: str, *, unit_text: str = "", chosen: int | None = None
    ) -> CadreMatch:
        candidates = self._by_name.get(cell.key) or self._by_name.get(cell.bare_key) or []
        if not candidates:
            return CadreMatch(MatchKind.NOT_FOUND, suggestions=self._suggest(cell.bare_key or cell.key))
        if len(candidates) == 1:
            only = candidates[0]
            differs = bool(normalize_search(context).strip()) and _score(only, context, unit_text) == 0
            return CadreMatch(MatchKind.FOUND, only, tuple(candidates), post_differs=differs)
        options = tuple(candidates)
        if chosen is not None:
            picked = next((c for c in candidates if c.pk == chosen), None)
            if picked is not None:
                return CadreMatch(MatchKind.CHOSEN, picked, options)
        scores = [(_score(c, context, unit_text), c) for c in candidates]
        best = max(score for score, _ in scores)
        leaders = [c for score, c in scores if score == best]
        if best > 0 and len(leaders) == 1:
            return CadreMatch(MatchKind.BY_POST, leaders[0], options)
        return CadreMatch(MatchKind.AMBIGUOUS, None, options)

    def _suggest(self, key: str) -> tuple[str, ...]:
        if not key:
            return ()
        if self._all_names is None:
            names = set(self._visible.values_list("full_name", flat=True))
            self._all_names = {normalize_search(n): n for n in sorted(names)}
        close = difflib.get_close_matches(key, list(self._all_names), n=MAX_SUGGESTIONS, cutoff=0.8)
        return tuple(self._all_names[k] for k in close)


def _score(candidate: Candidate, context: str, unit_text: str) -> int:
    """How well the row's position and unit text fit one of the cadre's posts: the unit counts double."""
    text = normalize_search(context)
    unit_key = normalize_search(unit_text)
    best = 0
    for post in candidate.posts:
        score = 0
        unit = normalize_search(post.unit)
        if unit and (_has_phrase(text, unit) or (len(unit_key) >= 4 and _has_phrase(unit, unit_key))):
            score += 2
        position = normalize_search(post.position)
        if position and _has_phrase(text, position):
            score += 1
        best = max(best, score + (1 if score and post.current else 0))
    return best


def _has_phrase(text: str, phrase: str) -> bool:
    """ "giam doc" is in "giam doc so noi vu" but not in "pho giam doc so noi vu"."""
    return bool(re.search(rf"(?<!\w)(?<!pho ){re.escape(phrase)}(?!\w)", text))
