"""`{{ text|highlight:query }}`: the words of a search marked in a list (<mark>), on the original text with
its diacritics; everything else escaped, the text and the query being what people typed."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dotpha.core.search import match_spans, search_words

register = template.Library()


@register.filter
def highlight(text: object, query: object) -> SafeString:
    text = "" if text is None else str(text)
    words = search_words(str(query or ""))
    if not words:
        return conditional_escape(text)
    parts: list[str] = []
    last = 0
    for start, end in match_spans(text, words):
        parts.append(conditional_escape(text[last:start]))
        parts.append(f"<mark>{conditional_escape(text[start:end])}</mark>")
        last = end
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text is escaped above
