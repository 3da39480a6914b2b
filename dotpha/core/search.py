"""Search that needs no diacritics.

`icontains` on SQLite folds ASCII only and no database folds `đ` to `d`, so every searchable row keeps a
normalised copy of its text and queries are normalised the same way.
"""

import unicodedata


def normalize_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())
