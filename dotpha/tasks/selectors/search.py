"""Search of tasks as people type it: every word, in any order, with or without diacritics, found in the
task's title or description, its assignee's name, the assignee's unit (a collective's own, a cadre's
current one) or the number of the decision that approved it. Tasks matching more words in their title
come first (`search_rank`); the list marks the words (core's `highlight` filter).

Titles, descriptions, names and units are compared word by word on their normalised copies
(`search_text`, `search_description`; trigram-indexed on PostgreSQL). A decision number ("125-QĐ/TU") has
no copy: it is folded in the query, its one non-ASCII letter (Đ) included, and a word may be any part of it.
"""

from django.db.models import Case, Exists, Expression, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower, Replace

from dotpha.core.search import search_words
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


def _word_found(word: str) -> Q:
    current_unit = Appointment.objects.filter(
        whole_word("unit__search_text", word), cadre=OuterRef("assignee_cadre"), end_date__isnull=True
    )
    return (
        whole_word("search_text", word)
        | whole_word("search_description", word)
        | whole_word("assignee_cadre__search_text", word)
        | whole_word("assignee_unit__search_text", word)
        | Q(Exists(current_unit))
        # a part of a number: "125" finds 125-QĐ/TU
        | Q(decision_number_folded__contains=word)
    )


def search_tasks(tasks: QuerySet[Task], query: str) -> QuerySet[Task]:
    """The tasks where every word of the query is found, with `search_rank` (how many of the words their
    title holds) for ordering; the query without words leaves them all, ranked 0."""
    words = search_words(query)
    if not words:
        return tasks.annotate(search_rank=Value(0, output_field=IntegerField()))
    tasks = tasks.annotate(decision_number_folded=_folded_decision_number())
    for word in words:
        tasks = tasks.filter(_word_found(word))
    in_title = [
        Case(
            When(whole_word("search_text", word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
    ]
    rank: Expression = in_title[0]
    for term in in_title[1:]:
        rank = rank + term
    return tasks.annotate(search_rank=rank)
