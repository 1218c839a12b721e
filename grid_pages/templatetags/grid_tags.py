from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.inclusion_tag("grid_pages/includes/find_room_box.html", takes_context=True)
def find_room_box(context):
    """The find-my-room form: free text, or a building then a room (works without JavaScript).

    The campus's building list is not in the page: a small script fetches it from
    ``grid_pages:find_buildings`` when the student opens "choose building and room"
    (without JavaScript the room alone is searched campus-wide). The find page itself
    lists the buildings (``find_room_buildings`` in its context).
    """
    request = context.get("request")
    return {
        "buildings": context.get("find_room_buildings"),
        "q": request.GET.get("q", "") if request is not None else "",
    }


@register.inclusion_tag("grid_pages/includes/breadcrumbs.html", takes_context=True)
def grid_breadcrumbs(context, page):
    """Links from the site root down to ``page`` (one query)."""
    from ..routing import ancestors_or_query

    ancestors = ancestors_or_query(page) if page.pk else []
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("grid_pages/includes/person.html")
def grid_person(person, role_label="", duties=""):
    return {"person": person, "role_label": role_label, "duties": duties}


@register.filter
def student_contact(person, request):
    """``person|student_contact:request``: a room head as the visitor may see them (privacy.py)."""
    from ..privacy import student_contact

    return student_contact(person, request)


@register.filter
def chain_heads(chain, room=None):
    """``chain|chain_heads:room`` -> (label, [people]) from room head to community head."""
    return chain.heads(room)


@register.simple_tag(takes_context=True)
def grid_sections(context, page):
    """Render what installed grid sub-apps add to this page (see extensions.py).

    Each section renders in a context of its own (its values, ``page`` and ``request``)
    derived from the page's, so the context processors do not run again per section.
    A ``grid_fragment_cache`` hook may answer from a copy instead (``extensions.fragment_html``).
    """
    from ..extensions import fragment_html, page_sections

    request = context.get("request")
    engine = context.template.engine

    def render():
        return "".join(
            engine.get_template(section.template).render(
                context.new({**section.context, "page": page, "request": request})
            )
            for section in page_sections(page, request)
        )

    return mark_safe(fragment_html(page, request, "sections", render))


@register.tag
def grid_fragment(parser, token):
    """``{% grid_fragment "name" %}…{% endgrid_fragment %}``: a part of ``page``'s template that
    depends only on the page, the language, the site and the data (never on the visitor or
    the query string), which a ``grid_fragment_cache`` hook may answer from a copy (the page
    cache does, per generation: ``grid_pages.pagecache.fragments``). Values the part alone
    reads should be computed lazily by the page, so that a copy saves their queries too."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name")
    nodelist = parser.parse(("endgrid_fragment",))
    parser.delete_first_token()
    return GridFragmentNode(bits[1][1:-1], nodelist)


class GridFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        from ..extensions import fragment_html

        page = context.get("page")
        if page is None:
            return self.nodelist.render(context)
        return mark_safe(fragment_html(page, context.get("request"), self.name, lambda: self.nodelist.render(context)))


@register.filter
def datetime_attr(value):
    """``value|datetime_attr``: a date or datetime as HTML's ``<time datetime>`` accepts it.

    ``|date:'c'`` writes microseconds, and HTML allows at most three digits of a second's
    fraction; this writes whole seconds, in the current time zone as ``|date`` does.
    """
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
