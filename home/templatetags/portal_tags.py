from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in every site language: its translation when it has one,
    else the same path under the other language prefix."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    urls = {}
    if page is not None and getattr(page, "pk", None):
        # A URL needs the translation's path only (no page type here overrides get_url_parts).
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        for translation in translations.only("url_path", "locale__language_code"):
            urls[translation.locale.language_code] = translation.get_url(request)
    # The query goes along (?room= on a floor, ?done= after sending a report, ?q= in search).
    query = request.GET.urlencode() if request is not None else ""
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code)
        if not url and request is not None:
            url = translate_url(request.path, code)
        url = url or "/"
        links.append({"code": code, "name": name, "url": f"{url}?{query}" if query else url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's userbar for signed-in editors only. Without a session cookie the
    session is never touched, so anonymous pages stay free of per-user state."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    return wagtailuserbar(context, position)
