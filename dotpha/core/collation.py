"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and between
words with the same letters, the tones after the base letter (none, huyền, hỏi, ngã, sắc, nặng), as a
Vietnamese dictionary orders them: "Bắc Khánh, Bình Điền, Bình Xuyên", "Dương" before "Đào".

Python sorts use `vietnamese_key`. The database sorts with `order_by(collated("name"))`: the collation
`dotpha_vi` is ICU's Vietnamese on PostgreSQL (created by org's migration 0004) and, on SQLite, this
module's key, registered on every connection (CoreConfig.ready), so both give the same order.
"""

import functools
import unicodedata

from django.db.models import F, Func, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate, Replace

VI_COLLATION = "dotpha_vi"

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_WEIGHT = {letter: 1000 + index for index, letter in enumerate(_ALPHABET)}
_SHAPES = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn: letters
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


@functools.lru_cache(maxsize=4096)
def _letter(ch: str) -> tuple[int, int]:
    """(the letter's place in the alphabet, its tone) of one character."""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    base = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _SHAPES)
    tone = max((_TONES.get(c, 0) for c in decomposed), default=0)
    letter = unicodedata.normalize("NFC", base)
    if letter in _WEIGHT:
        return _WEIGHT[letter], tone
    if not letter or letter.isspace():
        return 0, 0  # a word ends before any letter: "Bình Xuyên" before "Bìnhxuyên"
    # digits and punctuation before the letters, as ICU puts them; other scripts after
    code = ord(letter[0])
    return (code if code < 1000 else 2000 + code), tone


def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Letters first, tones second (only when the letters are the same), the text itself last."""
    letters = [_letter(ch) for ch in " ".join(text.split())]
    return tuple(w for w, _t in letters), tuple(t for _w, t in letters), text


def vietnamese_name_key(full_name: str) -> tuple:
    """A person's name as Vietnamese lists sort it: by the given name (the last word), then the full name."""
    words = full_name.split()
    return vietnamese_key(words[-1] if words else ""), vietnamese_key(full_name)


def _key_bytes(key: tuple[tuple[int, ...], tuple[int, ...], str]) -> bytes:
    # each part ends with a byte below any of its own (a zero), so a shorter part sorts first, as a shorter
    # tuple does: a letter is 3 bytes, its weight plus one (never all zero); a tone one byte, plus one; the
    # text its UTF-8 (byte order is code point order, and a name holds no NUL)
    letters, tones, text = key
    return (
        b"".join((w + 1).to_bytes(3, "big") for w in letters)
        + b"\0\0\0"
        + bytes(t + 1 for t in tones)
        + b"\0"
        + text.encode()
        + b"\0"
    )


def vietnamese_name_bytes(full_name: str) -> bytes:
    """`vietnamese_name_key` as bytes that compare as the key does (`Cadre.sort_key`): an index on them
    serves a list of any length in Vietnamese name order, on either database, whatever its collation."""
    given, full = vietnamese_name_key(full_name)
    return _key_bytes(given) + _key_bytes(full)


def collated(field: str | Combinable) -> Collate:
    """`field` in Vietnamese order, for `order_by`."""
    return Collate(F(field) if isinstance(field, str) else field, VI_COLLATION)


def given_name(field: str) -> Replace:
    """The last word of a name, in SQL both databases run: RTRIM strips from the right every character
    that is not a space (so leaves "Nguyễn Văn "), and removing that prefix leaves "Hùng"."""
    prefix = Func(F(field), Replace(F(field), Value(" "), Value("")), function="RTRIM")
    return Replace(F(field), prefix, Value(""))  # type: ignore[arg-type]  # any expression works here


def name_order(field: str = "full_name") -> list[Collate]:
    """`order_by(*name_order("cadre__full_name"))`: people by given name, then full name, in Vietnamese
    order (the database's side of `vietnamese_name_key`)."""
    return [collated(given_name(field)), collated(field)]


# SQLite calls the collation for every comparison of a sort, each name about 2 log2(n) times: 34,000 calls
# for the 4,000 units of every province, 0.4 s. Each name's key is computed once while it stays cached.
_cached_key = functools.lru_cache(maxsize=16384)(vietnamese_key)


def _compare(left: str, right: str) -> int:
    a, b = _cached_key(left), _cached_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite gets the collation from this module's key."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VI_COLLATION, _compare)
