"""Find the cadre a task list names, among the cadres the importer may see, by the name exactly as written:
case and spacing aside, every letter and every tone mark must agree ("Hòa" is not "Hoa", "Hưng" is not
"Hùng"). Dropping diacritics is for search, not for identity: a name that matches someone only once its
tone marks are dropped is a near miss the user must confirm by choosing the person. When two cadres share
the name, the post and unit the row gives (same cell or its own columns) tell them apart; two cadres the
row cannot tell apart are never guessed.

A name cell often carries more than the name ("Đ/c Đại tá TS. Nguyễn Văn Hùng - Giám đốc Sở Nội vụ"): the
honorific, rank and degree are dropped and what follows the name counts as post text. The post written
in the file is compared with the cadre's posts on the decision date: a post the cadre did not hold then is
a warning, not a silent pass.
"""

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Prefetch

from dotpha.accounts.access import cadres_visible_to
from dotpha.accounts.models import User
from dotpha.core.search import normalize_search
from dotpha.imports.cells import cell_text
from dotpha.org.models import Appointment, Cadre

# Written before a name, possibly several in a row: "Đồng chí", "đ/c", "Ông", "Bà", a military or police
# rank, an academic title or degree ("PGS.TS.", "ThS.", "BSCKII.").
_TITLE = re.compile(
    r"^(?:đồng\s+chí|đ/c|đ\.c|đc|ông|bà"
    r"|(?:đại|thượng|trung|thiếu)\s+(?:tướng|tá|úy|uý)"
    r"|(?:(?:gs|pgs|tskh|ts|ths|bsckii|bscki|bs|ks|ls|cn)\.\s*)+)"
    r"(?:[\s.:]+|(?=\s)|(?<=\.))",
    re.IGNORECASE,
)
_NAME_END = re.compile(r"\s+[-–—]\s+|[,;:(]|\s+[-–—](?=\S)")
# "đ/c Trần Quang Minh (phối hợp)", "phối hợp: đ/c Trần Quang Minh"
_CO_AFTER = re.compile(
    r"(?:đồng\s+chí|đ/c|đc)\s+([^,;()\n]+?)\s*[(\[]?\s*(?:cùng\s+)?phối\s+hợp\s*[)\]]?", re.IGNORECASE
)
_CO_BEFORE = re.compile(r"phối\s+hợp\s*(?:với)?\s*:?\s*(?:đồng\s+chí|đ/c|đc)\s+([^,;()\n]+)", re.IGNORECASE)
_LEAD = re.compile(r"\(?\s*(?:chủ\s+trì|chịu\s+trách\s+nhiệm\s+chính)\s*\)?", re.IGNORECASE)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
# words that join a post to its unit and name no unit themselves
_FILLER = {"kiem", "va", "cua", "tinh", "thuoc", "tai"}
MAX_SUGGESTIONS = 3


class MatchKind(StrEnum):
    FOUND = "found"  # one cadre has this name
    BY_POST = "by_post"  # several have it; the row's post or unit picks one
    CHOSEN = "chosen"  # several have it, or it was a near miss; the user picked one in the preview
    AMBIGUOUS = "ambiguous"  # several have it and nothing in the row tells them apart
    NEAR = "near"  # nobody has it as written; someone has it once tone marks are dropped
    OUTSIDE = "outside"  # a cadre of this name exists, outside the importer's scope
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Post:
    position: str
    unit: str
    current: bool  # held on the day the matching is for (the decision's date)


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
        past = [f"{p.position}, {p.unit} (không giữ vào ngày quyết định)" for p in self.posts]
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
    post_differs: bool = False  # the row's post or unit is not one the cadre held on the decision date

    @property
    def needs_choice(self) -> bool:
        return self.kind in (MatchKind.AMBIGUOUS, MatchKind.NEAR)


@dataclass(frozen=True)
class NameCell:
    name: str  # as written, without honorific and without what followed it
    extra: str  # what followed the name in the same cell (post, unit), co-responsible text taken out
    key: str  # the normalised cell up to the first separator, as written
    bare_key: str = ""  # the same without honorific, rank or degree
    co_names: tuple[str, ...] = ()  # "đ/c X (phối hợp)" written in the cell
    mentions_co: bool = False  # the cell speaks of "phối hợp"
    whole: str = ""  # the name with what looked like a title, for a name that starts like one ("Ông")


def strip_titles(text: str) -> str:
    """ "Đ/c Đại tá TS. Nguyễn Văn A" -> "Nguyễn Văn A"."""
    text = text.strip()
    for _ in range(5):
        bare = _TITLE.sub("", text, count=1).strip()
        if bare == text or not bare:
            break
        text = bare
    return text


def co_responsible(text: str) -> tuple[tuple[str, ...], str]:
    """The names written as co-responsible ("đ/c X (phối hợp)"), and the text without them."""
    names: list[str] = []

    def take(match: re.Match[str]) -> str:
        name = strip_titles(match.group(1)).strip(" .-–—")
        if name and name not in names:
            names.append(name)
        return " "

    rest = _CO_BEFORE.sub(take, _CO_AFTER.sub(take, text))
    return tuple(names), " ".join(rest.split()).strip(" ,;-–—")


def split_name(value: object) -> NameCell:
    """ "Đồng chí Nguyễn Văn Hùng\nGiám đốc Sở Nội vụ" -> "Nguyễn Văn Hùng", extra "Giám đốc Sở Nội vụ"."""
    raw = value if isinstance(value, str) else cell_text(value)
    mentions_co = "phoi hop" in normalize_search(raw)
    co_names, _ = co_responsible(raw)
    lines = [line for line in (cell_text(co_responsible(line)[1]) for line in raw.splitlines()) if line]
    if not lines:
        return NameCell("", "", "", co_names=co_names, mentions_co=mentions_co)
    first, rest = _LEAD.sub(" ", lines[0]), [_LEAD.sub(" ", line) for line in lines[1:]]
    whole = _NAME_END.split(first.strip(), maxsplit=1)[0].strip()
    parts = _NAME_END.split(strip_titles(first), maxsplit=1)
    name = parts[0].strip()
    extra = " ".join([*(p.strip(" )") for p in parts[1:]), *rest])
    extra = " ".join(extra.split()).strip(" ,;-–—()")
    return NameCell(
        name, extra, normalize_search(whole), normalize_search(name), co_names, mentions_co, whole
    )


def name_identity(text: str) -> tuple[tuple[str, str], ...]:
    """A name as its syllables, each its letters (with ă, â, ê, ô, ơ, ư, đ) and its tone: equal for "Hoà"
    and "Hòa" (the tone mark placed on another vowel), different for "Hòa" and "Hoa"."""
    syllables = []
    for word in unicodedata.normalize("NFD", text.casefold()).split():
        tones = [ch for ch in word if ch in _TONES]
        letters = unicodedata.normalize("NFC", "".join(ch for ch in word if ch not in _TONES))
        syllables.append((letters, tones[0] if tones else ""))
    return tuple(syllables)


class CadreDirectory:
    """The cadres an actor may assign by name, read once for all the names of a file. `on`: the decision's
    date, on which the cadres' posts are compared with the file's."""

    def __init__(self, actor: User, names: Iterable[NameCell], *, on: datetime.date | None = None) -> None:
        self._visible = cadres_visible_to(actor)
        self._on = on
        cells = list(names)
        wanted = {n.key for n in cells if n.key} | {n.bare_key for n in cells if n.bare_key}
        wanted |= {normalize_search(co) for n in cells for co in n.co_names}
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
                Post(a.position.name, a.unit.name, self._held(a.start_date, a.end_date))
                for a in cadre.appointments.all()
            )
            candidate = Candidate(cadre.pk, cadre.code, cadre.full_name, posts)
            self._by_name.setdefault(cadre.search_text, []).append(candidate)
        outside = Cadre.objects.filter(search_text__in=wanted).exclude(pk__in=self._visible.values("pk"))
        self._outside = {name_identity(n) for n in outside.values_list("full_name", flat=True)}
        self._all_names: dict[str, str] | None = None

    def _held(self, start: datetime.date | None, end: datetime.date | None) -> bool:
        if self._on is None:
            return end is None
        return (start is None or start <= self._on) and (end is None or end >= self._on)

    def match(
        self,
        cell: NameCell,
        context: str,
        *,
        unit_text: str = "",
        group: str = "",
        chosen: int | None = None,
    ) -> CadreMatch:
        """`context`: the post and unit the row writes for the person; `group`: the group row above it
        ("CÁC SỞ, NGÀNH"), which may tell namesakes apart but never makes a post differ."""
        alike = self._by_name.get(cell.key) or self._by_name.get(cell.bare_key) or []
        identity = name_identity(cell.name)
        written = {identity, name_identity(cell.whole)} if cell.whole else {identity}
        candidates = [c for c in alike if name_identity(c.full_name) in written]
        if not candidates:
            if written & self._outside:
                return CadreMatch(MatchKind.OUTSIDE)
            if alike:
                return self._near(alike, chosen)
            return CadreMatch(MatchKind.NOT_FOUND, suggestions=self._suggest(cell.bare_key or cell.key))
        options = tuple(candidates)
        if len(candidates) == 1:
            only = candidates[0]
            return CadreMatch(MatchKind.FOUND, only, options, post_differs=_differs(only, context, unit_text))
        if chosen is not None:
            picked = next((c for c in candidates if c.pk == chosen), None)
            if picked is not None:
                differs = _differs(picked, context, unit_text)
                return CadreMatch(MatchKind.CHOSEN, picked, options, post_differs=differs)
        scores = [(_fit(c, context, unit_text, group), c) for c in candidates]
        best = max(score for score, _ in scores)
        leaders = [c for score, c in scores if score == best]
        if best > 0 and len(leaders) == 1:
            return CadreMatch(MatchKind.BY_POST, leaders[0], options)
        return CadreMatch(MatchKind.AMBIGUOUS, None, options)

    def candidates_for(self, cell: NameCell) -> list[Candidate]:
        """Everyone the cell could name, near misses included."""
        return self._by_name.get(cell.key) or self._by_name.get(cell.bare_key) or []

    def find_exact(self, name: str) -> CadreMatch:
        """A co-responsible cadre named in passing ("đ/c X (phối hợp)"): by the exact name, or nobody."""
        return self.match(NameCell(name, "", normalize_search(name), normalize_search(name)), "")

    def _near(self, alike: list[Candidate], chosen: int | None) -> CadreMatch:
        options = tuple(alike)
        picked = next((c for c in alike if c.pk == chosen), None) if chosen is not None else None
        if picked is not None:
            return CadreMatch(MatchKind.CHOSEN, picked, options)
        return CadreMatch(MatchKind.NEAR, None, options, suggestions=tuple(c.full_name for c in alike))

    def _suggest(self, key: str) -> tuple[str, ...]:
        if not key:
            return ()
        if self._all_names is None:
            names = set(self._visible.values_list("full_name", flat=True))
            self._all_names = {normalize_search(n): n for n in sorted(names)}
        close = difflib.get_close_matches(key, list(self._all_names), n=MAX_SUGGESTIONS, cutoff=0.8)
        return tuple(self._all_names[k] for k in close)


def _differs(candidate: Candidate, context: str, unit_text: str) -> bool:
    """The row writes a post or unit, and it is none the cadre held on the decision date."""
    written = normalize_search(f"{context} {unit_text}").strip()
    return bool(written) and _fit(candidate, context, unit_text) == 0


def _fit(candidate: Candidate, context: str, unit_text: str, group: str = "") -> int:
    """How well the row's post and unit fit one of the posts the cadre held on the decision date: 3 post
    and unit, 2 the unit, 1 the post alone when the row names no other unit ("Phó Giám đốc" fits every
    deputy director; "Phó Giám đốc Sở Tài chính" does not fit the deputy director of home affairs)."""
    text = normalize_search(context)
    around = normalize_search(f"{context} {group}")
    unit_key = normalize_search(unit_text)
    best = 0
    for post in candidate.posts:
        if not post.current:
            continue
        unit = normalize_search(post.unit)
        position = normalize_search(post.position)
        unit_hit = bool(unit) and (
            _has_phrase(around, unit) or (len(unit_key) >= 4 and _has_phrase(unit, unit_key))
        )
        position_hit = bool(position) and _has_phrase(text, position)
        if unit_hit and position_hit:
            score = 3
        elif unit_hit:
            score = 2
        elif position_hit and not unit_key and not _names_more(text, position):
            score = 1
        else:
            score = 0
        best = max(best, score)
    return best


def _names_more(text: str, position: str) -> bool:
    """Whether the post text says more than the position, i.e. names a unit."""
    rest = re.sub(rf"(?<!\w){re.escape(position)}(?!\w)", " ", text)
    words = [w for w in re.findall(r"\w+", rest) if w not in _FILLER]
    return bool(words)


def _has_phrase(text: str, phrase: str) -> bool:
    """ "giam doc" is in "giam doc so noi vu" but not in "pho giam doc so noi vu"."""
    return bool(re.search(rf"(?<!\w)(?<!pho ){re.escape(phrase)}(?!\w)", text))
