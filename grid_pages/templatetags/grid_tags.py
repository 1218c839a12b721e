from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()


@register.inclusion_tag("grid_pages/includes/find_room_box.html", takes_context=True)
def find_room_box(context):
    """The find-my-room form: free text, or a building then a room (works without JavaScript)."""
    from ..lookup import _active_locale

    from ..lookup import buildings_with_community

    # Grouped under their community: two campuses may both have a "3栋". One query.
    buildings = buildings_with_community()
    locale = _active_locale()
    if locale is not None:
        buildings = buildings.filter(locale=locale)
    request = context.get("request")
    return {
        "buildings": buildings,
        "q": request.GET.get("q", "") if request is not None else "",
    }


@register.inclusion_tag("grid_pages/includes/breadcrumbs.html", takes_context=True)
def grid_breadcrumbs(context, page):
    """Links from the site root down to ``page`` (one query)."""
    ancestors = page.get_ancestors().filter(depth__gt=1) if page.pk else []
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
    """Render what installed grid sub-apps add to this page (see extensions.py)."""
    from ..extensions import page_sections

    request = context.get("request")
    html = [
        get_template(section.template).render({**section.context, "page": page}, request)
        for section in page_sections(page, request)
    ]
    return mark_safe("".join(html))
