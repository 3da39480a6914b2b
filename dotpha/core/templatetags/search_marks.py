"""`{{ text|highlight:query }}`: the words of a search marked in a list (<mark>), on the original text with
its diacritics (the last word typed marked where it starts a word, as the search finds it); everything else
escaped, the text and the query being what people typed."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dotpha.core.search import match_spans, search_terms

register = template.Library()


@register.filter
def highlight(text: object, query: object) -> SafeString:
    text = "" if text is None else str(text)
    terms = search_terms(str(query or ""))
    if not terms:
        return conditional_escape(text)
    parts: list[str] = []
    last = 0
    for start, end in match_spans(text, terms):
        parts.append(conditional_escape(text[last:start]))
        parts.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        last = end
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text is escaped above
