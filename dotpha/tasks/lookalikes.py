"""How alike two task titles are, read the way an approver reads them: without diacritics, đ as d, signs
out, word order free, and the numbers left out of the comparison. A number is the task's target ("100%",
"95%", "12 hộ", the year), not the task: "Chuyển đổi số 100% hồ sơ" and "Chuyển đổi số 95% hồ sơ" are the
same task with another target, and must score as such.

The score is rapidfuzz's on the normalised words (0–100): the mean of the token-sort ratio (the whole titles,
words sorted: penalises what one adds) and the token-set ratio (the shared words against each title's rest:
forgives a clause added to a repeated title). The threshold was chosen on the labelled pairs of
`lookalike_pairs.csv` (`manage.py lookalike_eval`): the highest at which every labelled repeat is still
shown. A look-alike shown wrongly costs the approver one click ("đã xem, không trùng"); a recycled task
missed is what the feature is for. What it shows wrongly there is the same kind of task for another place
("đường nối A – B" against "đường nối C – D"), which an approver reads at a glance.

Pure text; the candidates come from `selectors.lookalikes`.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from dotpha.core.search import normalize_words

# a look-alike is shown from this score on (manage.py lookalike_eval reports its precision and recall)
THRESHOLD = 78
# look-alikes shown per task
TOP = 3
# every number (and a run of them: "1,5" or "2021 2025") becomes this one token
NUMBER = "#"
_NUMBERS = re.compile(r"\b\d+\b(?:\s+\b\d+\b)*")


def lookalike_text(title: str) -> str:
    """The title as compared: `normalize_words` (lower case, no diacritics, đ → d, signs out) with every
    number replaced by one token, so the target never makes two tasks differ."""
    return normalized_lookalike_text(normalize_words(title))


def normalized_lookalike_text(words: str) -> str:
    """`lookalike_text` of a text already through `normalize_words` (Task.search_text)."""
    return _NUMBERS.sub(NUMBER, words)


def similarity(a: str, b: str) -> int:
    """How alike two texts of `lookalike_text` are, 0–100."""
    if not a or not b:
        return 0
    return round((fuzz.token_sort_ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2)


@dataclass(frozen=True)
class Word:
    """One word of a title as written, `differs` when the other title has no such word (compared
    normalised: "Số" and "so" are one word; "100%" and "95%" are two, the approver sees the target change)."""

    text: str
    differs: bool


def marked_words(title: str, other: str) -> list[Word]:
    """The words of `title` (as written, with their signs), each marked when `other` lacks it."""
    others = set(normalize_words(other).split())
    words = []
    for written in title.split():
        folded = _folded(written)
        words.append(Word(written, differs=bool(folded) and not folded <= others))
    return words


@lru_cache(maxsize=4096)
def _folded(written: str) -> frozenset[str]:
    """A written word's normalised words: a page marks ~600 titles of a few hundred distinct words."""
    return frozenset(normalize_words(written).split())
