"""Search of tasks as people type it: every word, in any order, with or without diacritics, found in the
task's title or description, its assignee's name, the assignee's unit (a collective's own, a cadre's
current one) or the number of the decision that approved it. Tasks matching more words in their title
come first (`search_rank`); the list marks the words (core's `highlight` filter).

Titles, descriptions, names and units are compared word by word on their normalised copies
(`search_text`, `search_description`; trigram-indexed on PostgreSQL): the words typed before the last as
whole words, the last one, still being typed, as the start of a word (core.search.SearchTerms). A decision
number ("125-QĐ/TU") has no copy: it is folded in the query, its one non-ASCII letter (Đ) included, and a
word may be any part of it.
"""

from collections.abc import Callable

from django.db.models import Case, Exists, Expression, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower, Replace

from dotpha.core.search import SearchTerms, search_terms
from dotpha.org.models import Appointment
from dotpha.tasks.models import Task


def _folded_decision_number() -> Lower:
    number = Replace(Replace(F("decision__number"), Value("Đ"), Value("d")), Value("đ"), Value("d"))
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
    current_unit = Appointment.objects.filter(
        match("unit__search_text", word), cadre=OuterRef("assignee_cadre"), end_date__isnull=True
    )
    return (
        match("search_text", word)
        | match("search_description", word)
        | match("assignee_cadre__search_text", word)
        | match("assignee_unit__search_text", word)
        | Q(Exists(current_unit))
        # a part of a number: "125" finds 125-QĐ/TU
        | Q(decision_number_folded__contains=word)
    )


def _each_term(terms: SearchTerms) -> list[tuple[str, Match]]:
    matched: list[tuple[str, Match]] = [(word, whole_word) for word in terms.whole]
    if terms.prefix:
        matched.append((terms.prefix, word_start))
    return matched


def search_tasks(tasks: QuerySet[Task], query: str) -> QuerySet[Task]:
    """The tasks where every word of the query is found, with `search_rank` (how many of the words their
    title holds) for ordering; the query without words leaves them all, ranked 0."""
    terms = _each_term(search_terms(query))
    if not terms:
        return tasks.annotate(search_rank=Value(0, output_field=IntegerField()))
    tasks = tasks.annotate(decision_number_folded=_folded_decision_number())
    for word, match in terms:
        tasks = tasks.filter(_found(word, match))
    in_title = [
        Case(
            When(match("search_text", word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word, match in terms
    ]
    rank: Expression = in_title[0]
    for term in in_title[1:]:
        rank = rank + term
    return tasks.annotate(search_rank=rank)
