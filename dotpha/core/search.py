"""Search that needs no diacritics.

`icontains` on SQLite folds ASCII only and no database folds `đ` to `d`, so every searchable row keeps a
normalised copy of its text and queries are normalised the same way.
"""

import unicodedata
from dataclasses import dataclass


def normalize_search(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def normalize_words(text: str) -> str:
    """normalize_search with every sign between words made a space ("hồ sơ, dữ liệu" → "ho so du lieu"): the
    copy searched word by word, where "so" is a whole word (số, sơ) and never the start of "sóc"."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in normalize_search(text)).split())


@dataclass(frozen=True)
class SearchTerms:
    """What a person typed, normalised: the words before the last one are finished, each found as a whole
    word ("so" finds "số", not "sóc"); the last one may still be being typed, so it is found at the start of
    a word ("hoà" finds "hoàn"). `prefix` is "" when nothing was typed or the last word was typed before."""

    whole: tuple[str, ...]
    prefix: str

    def __bool__(self) -> bool:
        return bool(self.whole or self.prefix)

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.whole, self.prefix) if self.prefix else self.whole


def search_terms(query: str) -> SearchTerms:
    """The words of what a person typed, each once, in the order typed (every one must be found, in any
    order): "so hoa ho so" is the whole words so, hoa and ho, its last "so" being one of them already."""
    typed = normalize_words(query).split()
    if not typed:
        return SearchTerms((), "")
    whole = tuple(dict.fromkeys(typed[:-1]))
    last = typed[-1]
    return SearchTerms(whole, "" if last in whole else last)


def _fold(ch: str) -> str:
    """One character as normalize_search folds it, whitespace kept (so positions can be mapped back)."""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def match_spans(text: str, terms: SearchTerms) -> list[tuple[int, int]]:
    """Where the terms occur in the original text (the whole words as whole words, the prefix at the start of
    a word), as (start, end) of its characters, merged and in order: the text is folded character by
    character, so a span covers the original letters with their diacritics ("Số hóa" for "so hoa")."""
    folded: list[str] = []
    owner: list[int] = []  # the original character each folded character comes from
    for index, ch in enumerate(text):
        for c in _fold(ch):
            folded.append(c)
            owner.append(index)
    haystack = "".join(folded)
    spans = []
    for word in terms.all:
        whole_only = word != terms.prefix
        start = haystack.find(word)
        while word and start != -1:
            end = start + len(word)
            starts_a_word = start == 0 or not haystack[start - 1].isalnum()
            ends_a_word = end == len(haystack) or not haystack[end].isalnum()
            if starts_a_word and (ends_a_word or not whole_only):
                spans.append((owner[start], owner[end - 1] + 1))
            start = haystack.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
