import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..segment import highlight_terms

register = template.Library()

SNIPPET_LENGTH = 120


def _pattern(query):
    terms = [re.escape(escape(t)) for t in highlight_terms(query)]
    return re.compile("|".join(terms), re.IGNORECASE) if terms else None


@register.simple_tag
def highlight(text, query):
    """``text`` escaped, then the query's words wrapped in <mark>."""
    escaped = escape(str(text or ""))
    pattern = _pattern(query)
    if pattern is None:
        return mark_safe(escaped)
    marked = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(marked.replace("</mark><mark>", ""))  # 党员工作站 as one mark


@register.simple_tag
def search_snippet(page, query):
    """A short excerpt of the page's description or introduction around the first match, highlighted."""
    text = getattr(page, "search_description", "") or ""
    if not text:
        for name in ("introduction", "summary", "body", "intro"):
            value = getattr(page, name, None)
            if isinstance(value, str) and value:
                text = value
                break
    text = " ".join(strip_tags(text).split())
    if not text:
        return ""
    pattern = _pattern(query)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - 30) if match else 0
    excerpt = Truncator(text[start:]).chars(SNIPPET_LENGTH)
    return highlight(("…" if start else "") + excerpt, query)


@register.filter
def verbose_type(page):
    return page._meta.verbose_name
