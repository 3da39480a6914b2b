"""Search that needs no diacritics.

`icontains` on SQLite folds ASCII only and no database folds `đ` to `d`, so every searchable row keeps a
normalised copy of its text and queries are normalised the same way.
"""

import unicodedata


def normalize_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def search_words(query: str) -> list[str]:
    """The words of what a person typed, normalised, each once, in the order typed: every one must be
    found (in any order), so "so hoa ho so" is three words, "so" once."""
    return list(dict.fromkeys(normalize_search(query).split()))


def _fold(ch: str) -> str:
    """One character as normalize_search folds it, whitespace kept (so positions can be mapped back)."""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in the original text, as (start, end) of its characters, merged and in order:
    the text is folded character by character, so a span covers the original letters with their
    diacritics ("Số hóa" for "so hoa")."""
    folded: list[str] = []
    owner: list[int] = []  # the original character each folded character comes from
    for index, ch in enumerate(text):
        for c in _fold(ch):
            folded.append(c)
            owner.append(index)
    haystack = "".join(folded)
    spans = []
    for word in words:
        start = haystack.find(word)
        while word and start != -1:
            spans.append((owner[start], owner[start + len(word) - 1] + 1))
            start = haystack.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
