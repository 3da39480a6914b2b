"""Search of tasks as people type it: every word, in any order, with or without diacritics, found in the
task's title or description, its assignee's name, the assignee's unit (a collective's own, a cadre's
current one) or the number of the decision that approved it. Tasks matching more words in their title
come first (`title_rank`); the list marks the words (core's `highlight` filter).

Titles, descriptions, names and units are compared word by word on their normalised copies
(`search_text`, `search_description`; trigram-indexed on PostgreSQL): the words typed before the last as
whole words, the last one, still being typed, as the start of a word (core.search.SearchTerms). A decision
number ("125-QĐ/TU") has no copy: it is folded in the query, its one non-ASCII letter (Đ) included, and a
word may be any part of it.
"""

from collections.abc import Callable

from django.db.models import BooleanField, Case, Expression, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower, Replace

from dotpha.core.any_of import AnyOf
from dotpha.core.search import SearchTerms, search_terms
from dotpha.org.models import Appointment, Cadre, Unit
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task


def _folded_decision_number() -> Lower:
    number = Replace(Replace(F("number"), Value("Đ"), Value("d")), Value("đ"), Value("d"))
    return Lower(number)


def whole_word(field: str, word: str) -> Q:
    """`word` as a whole word of a normalised column: "so" finds "số hóa" but not "sóc"; Vietnamese writes
    a syllable a word, so people type whole ones. (A LIKE each, which PostgreSQL's trigram index serves.)"""
    return (
        Q(**{field: word})
        | Q(**{f"{field}__startswith": f"{word} "})
        | Q(**{f"{field}__endswith": f" {word}"})
        | Q(**{f"{field}__contains": f" {word} "})
    )


def word_start(field: str, prefix: str) -> Q:
    """`prefix` at the start of a word of a normalised column, the word the person is still typing: "hoa"
    finds "hoàn" and "hóa", not "khoa". (A LIKE each, which PostgreSQL's trigram index serves.)"""
    return Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__contains": f" {prefix}"})


Match = Callable[[str, str], Q]


def _found(word: str, match: Match) -> Q:
    """The word in the task's own copies, or in its assignee's, unit's or decision's: those as the task's
    columns among the ids that match (`AnyOf`), so that PostgreSQL finds the tasks through indexes only, a
    BitmapOr of the trigram and foreign-key indexes, where joining the tables read every task (0.66 s at a
    million tasks for a number that a dozen hold)."""
    cadres = Cadre.objects.filter(match("search_text", word)).values("pk")
    units = Unit.objects.filter(match("search_text", word)).values("pk")
    working_in_unit = Appointment.objects.filter(
        match("unit__search_text", word), end_date__isnull=True
    ).values("cadre_id")
    # a part of a number: "125" finds 125-QĐ/TU
    decisions = Decision.objects.annotate(folded=_folded_decision_number()).filter(folded__contains=word)
    return (
        match("search_text", word)
        | match("search_description", word)
        | Q(AnyOf(F("assignee_cadre_id"), cadres))
        | Q(AnyOf(F("assignee_unit_id"), units))
        | Q(AnyOf(F("assignee_cadre_id"), working_in_unit))
        | Q(AnyOf(F("decision_id"), decisions.values("pk")))
    )


def _each_term(terms: SearchTerms) -> list[tuple[str, Match]]:
    matched: list[tuple[str, Match]] = [(word, whole_word) for word in terms.whole]
    if terms.prefix:
        matched.append((terms.prefix, word_start))
    return matched


def _tested_per_task(found: Q) -> Case:
    """The same condition, which PostgreSQL can only test task by task: no index sees through a CASE."""
    return Case(When(found, then=Value(True)), default=Value(False), output_field=BooleanField())


def search_tasks(tasks: QuerySet[Task], query: str, *, walked: bool = False) -> QuerySet[Task]:
    """The tasks where every word of the query is found; the query without words leaves them all.

    `walked`, for a search that finds more tasks than a page shows in the list's order: only the longest
    word (likely the rarest) is found through the indexes, the others are tested on each task. With every
    word on its indexes PostgreSQL multiplies their shares as if the words were independent, but a phrase's
    words come together: it expected 2,600 tasks of a million where 83,000 held "chuyển đổi số", so it found
    them all and sorted them for one page (1.9 s), where walking the list's index takes 20 ms."""
    terms = _each_term(search_terms(query))
    indexed = max(terms, key=lambda term: len(term[0]), default=None) if walked else None
    for word, match in terms:
        found = _found(word, match)
        tasks = tasks.filter(found if indexed in (None, (word, match)) else _tested_per_task(found))
    return tasks


def title_rank(query: str) -> Expression:
    """How many of the query's words a task's title holds, to show those tasks first."""
    in_title = [
        Case(
            When(match("search_text", word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word, match in _each_term(search_terms(query))
    ]
    rank: Expression = Value(0, output_field=IntegerField())
    for term in in_title:
        rank = rank + term
    return rank
