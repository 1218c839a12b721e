from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def find_room_box(context):
    """The find-my-room form: free text, or a building then a room (works without JavaScript).

    The campus's building list is not in the page: a small script fetches it from
    ``grid_pages:find_buildings`` when the student opens "choose building and room"
    (without JavaScript the room alone is searched campus-wide). The find page itself
    lists the buildings (``find_room_buildings`` in its context).

    Empty, on a grid page, the box is the same on every page of the site: a
    ``grid_fragment_cache`` hook may answer it from a copy (``extensions.fragment_html``).
    """
    from ..extensions import fragment_html

    request = context.get("request")
    values = {
        "buildings": context.get("find_room_buildings"),
        "q": request.GET.get("q", "") if request is not None else "",
    }

    def render():
        template = context.template.engine.get_template("grid_pages/includes/find_room_box.html")
        return template.render(context.new(values))

    if values["buildings"] is not None or values["q"]:
        return mark_safe(render())
    return mark_safe(fragment_html(None, request, "find_room_box", render))


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
    """Render what installed grid sub-apps add to this page (see extensions.py), in order.

    Each section renders in a context of its own (its values, ``page`` and ``request``)
    derived from the page's, so the context processors do not run again per section.
    A ``grid_fragment_cache`` hook may answer each from a copy instead
    (``extensions.fragment_html``): a copy holds the section's order ahead of its HTML
    (``_section_text``), so that copies are put in order without asking their hooks.
    """
    from wagtail import hooks

    from ..extensions import fragment_html, section_fragment_name

    request = context.get("request")
    engine = context.template.engine

    def render(fn):
        section = fn(page, request)
        if not section:
            return _section_text(0, "")
        values = context.new({**section.context, "page": page, "request": request})
        return _section_text(section.order, engine.get_template(section.template).render(values))

    parts = []
    for index, fn in enumerate(hooks.get_hooks("grid_page_sections")):
        order, _, html = fragment_html(page, request, section_fragment_name(fn), lambda fn=fn: render(fn)).partition("\n")
        parts.append((float(order), index, html))
    return mark_safe("".join(html for _order, _index, html in sorted(parts)))


def _section_text(order, html):
    return f"{order}\n{html}"


@register.tag
def grid_fragment(parser, token):
    """``{% grid_fragment "name" %}…{% endgrid_fragment %}``: a part of ``page``'s template that
    depends only on the page, the language, the site and the data (never on the visitor or
    the query string), which a ``grid_fragment_cache`` hook may answer from a copy (the page
    cache does, per generation: ``grid_pages.pagecache.fragments``). Values the part alone
    reads should be computed lazily by the page, so that a copy saves their queries too.
    The part must not show a volatile model (GRID_PAGES_PAGECACHE_VOLATILE_MODELS, such as
    a booking's free places): its copy outlives their writes (the sections do not).

    ``{% grid_fragment "name" selected_row=value %}`` marks the table row ``<tr id="value">``
    of the part ``is-selected`` after it is rendered or read from its copy: a floor's
    ``?room=`` marks its room, and every room's variant of the floor shares one copy.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name (and selected_row=...)")
    selected_row = None
    if len(bits) == 3:
        if not bits[2].startswith("selected_row="):
            raise template.TemplateSyntaxError(f"{bits[0]}: unknown option {bits[2]!r}")
        selected_row = parser.compile_filter(bits[2].removeprefix("selected_row="))
    nodelist = parser.parse(("endgrid_fragment",))
    parser.delete_first_token()
    return GridFragmentNode(bits[1][1:-1], nodelist, selected_row)


class GridFragmentNode(template.Node):
    def __init__(self, name, nodelist, selected_row=None):
        self.name, self.nodelist, self.selected_row = name, nodelist, selected_row

    def render(self, context):
        from ..extensions import fragment_html

        page = context.get("page")
        if page is None:
            html = self.nodelist.render(context)
        else:
            html = fragment_html(page, context.get("request"), self.name, lambda: self.nodelist.render(context))
        if self.selected_row is not None:
            html = mark_selected_row(html, self.selected_row.resolve(context))
        return mark_safe(html)


def mark_selected_row(html, row_id):
    """``html`` with its row ``<tr id="row_id">`` (as the template escapes the id) marked ``is-selected``."""
    if not row_id:
        return html
    row = f'<tr id="{conditional_escape(row_id)}">'
    return html.replace(row, f'{row[:-1]} class="is-selected">', 1)


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
