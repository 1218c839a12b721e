"""Every public form field and query parameter, fed hostile values: never a 500, nothing
unescaped where stored text is shown, nothing stored when the input is refused.

Forms and parameters are discovered, not listed: the suite crawls every argument-free public
route of the URL conf and every live page, and reads their HTML forms (GET forms give query
parameters, POST forms give fields) and the query parameters of their links. A new form or
parameter is covered without editing this file.
"""

from urllib.parse import parse_qsl, quote_from_bytes, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from grid_pages.cases.forms import HONEYPOT
from grid_pages.cases.models import Case, CasePhoto
from tests.cases.conftest import make_user

from .catalogue import FILES, MARKUP, STRINGS, png

pytestmark = pytest.mark.django_db

PRIVATE_PREFIXES = ("admin/", "documents/", "django-admin/")
URLENCODED = "application/x-www-form-urlencoded"
SOURCE = "__page__"  # where a discovered form was found


def public_routes(patterns=None, prefix=""):
    """Paths of the URL conf's routes that take no arguments, outside the admin."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if route.startswith(PRIVATE_PREFIXES) or "<" in route or "(" in route or "\\" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route


def crawl(client, extra=()):
    """{(method, action): {field: [(type, default, options)]}} for every form, and
    {path: {param}} for the query parameters of links, over the public routes and live pages."""
    urls = {*public_routes(), *(p.url for p in Page.objects.live().specific() if p.url), *extra}
    forms, params = {}, {}
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        for form in soup.find_all("form"):
            action = urlsplit(urljoin(url, form.get("action") or url)).path
            if action.startswith("/admin/"):
                continue
            fields = forms.setdefault(((form.get("method") or "get").lower(), action), {})
            fields.setdefault(SOURCE, url)
            for tag in form.find_all(["input", "textarea", "select"]):
                name = tag.get("name")
                if not name:
                    continue
                kind = tag.name if tag.name != "input" else (tag.get("type") or "text").lower()
                options = [o.get("value", o.text) for o in tag.find_all("option")] if tag.name == "select" else []
                fields.setdefault(name, []).append((kind, tag.get("value", ""), options))
        for link in soup.find_all("a", href=True):
            parts = urlsplit(urljoin(url, link["href"]))
            if parts.query and not parts.netloc.strip("testserver") and not parts.path.startswith("/admin/"):
                params.setdefault(parts.path, set()).update(k for k, _v in parse_qsl(parts.query))
    for (method, action), fields in forms.items():
        if method == "get":
            params.setdefault(action, set()).update(fields)
    return forms, params


def fresh(client, fields, action):
    """``fields`` with the hidden values of a new copy of the form (one-time submission tokens)."""
    soup = BeautifulSoup(client.get(fields[SOURCE]).content, "html.parser")
    hidden = {}
    for form in soup.find_all("form"):
        if urlsplit(urljoin(fields[SOURCE], form.get("action") or fields[SOURCE])).path == action:
            hidden = {t["name"]: t.get("value", "") for t in form.find_all("input", type="hidden") if t.get("name")}
    return {
        name: [(kind, hidden.get(name, default), options) for kind, default, options in widgets]
        for name, widgets in fields.items()
        if name != SOURCE
    }


def encode(pairs):
    return "&".join(f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in pairs).encode("ascii")


def benign(kind, default, options):
    """A value a student would send for a field the hostile value does not go into."""
    if kind in ("hidden", "submit", "button"):
        return default.encode()
    if kind in ("radio", "select"):
        return (options[1] if len(options) > 1 and not options[0] else (options or [default])[0]).encode()
    if kind == "checkbox":
        return b""
    return None


# What a student types into the one-line fields when only the free text is hostile.
PLAUSIBLE = {"room": "庠园3栋502".encode()}


def post_fields(fields, value, *, only_free_text=False):
    """Every text-like field (or, with ``only_free_text``, every textarea) gets ``value``, the
    others a benign value, so that a valid submission stores the hostile text and shows it back."""
    pairs = []
    for name, widgets in fields.items():
        kind, default, options = widgets[0]
        if kind == "file":
            continue
        if name == HONEYPOT:  # a filled honeypot is thanked and dropped: nothing would be stored
            pairs.append((name, b""))
            continue
        chosen = benign(kind, default, options)
        if chosen is None and only_free_text and kind != "textarea":
            chosen = PLAUSIBLE.get(name, b"")
        pairs.append((name, value if chosen is None else chosen))
    return pairs


@pytest.fixture
def discovered(client, hostile_site, submit):
    case = submit(hostile_site["x3"], "502")
    forms, params = crawl(client, extra=[f"/track/{case.code}/"])
    post_forms = {action: fields for (method, action), fields in forms.items() if method == "post"}
    # The discovery itself is checked: the forms we know of must be among those found.
    assert {"/repair/", "/suggestions/"} <= set(post_forms), post_forms.keys()
    assert {"q"} <= params.get("/grid/find/", set()) and "code" in params.get("/track/", set())
    return post_forms, params


@pytest.mark.parametrize("value_name", STRINGS)
def test_query_parameters_never_fail(client, discovered, value_name):
    _forms, params = discovered
    value = STRINGS[value_name]
    failures = []
    for path, names in params.items():
        query = encode([(name, value) for name in sorted(names - {SOURCE})])
        response = client.get(path, QUERY_STRING=query.decode())
        if response.status_code >= 500:
            failures.append((path, response.status_code))
        if response.status_code == 200 and any(m in response.content.decode(errors="replace") for m in MARKUP):
            failures.append((path, "unescaped"))
    assert failures == []


@pytest.mark.parametrize("value_name", STRINGS)
def test_form_fields_never_fail_and_stored_text_is_escaped(client, discovered, value_name):
    forms, _params = discovered
    value = STRINGS[value_name]
    failures = []
    for action, fields in forms.items():
        for only_free_text in (False, True):
            before = Case.objects.count()
            body = encode(post_fields(fresh(client, fields, action), value, only_free_text=only_free_text))
            response = client.post(action, body, content_type=URLENCODED)
            if response.status_code >= 500:
                failures.append((action, response.status_code))
                continue
            if response.status_code == 200 and any(m in response.content.decode(errors="replace") for m in MARKUP):
                failures.append((action, "unescaped in the re-rendered form"))
            if response.status_code != 302 and Case.objects.count() != before:
                failures.append((action, "stored though refused"))
    assert failures == []
    # Where the text was accepted, the pages that show it escape it.
    admin = make_user("hostile_admin", superuser=True)
    stored = Case.objects.exclude(description="宿舍水龙头漏水")
    if value_name in ("script", "attribute", "tag-breaker", "template", "sql", "rtl-override"):
        assert stored.exists(), "the hostile text was never accepted, so its display was not tested"
    for case in stored:
        pages = [client.get(f"/track/{case.code}/")]
        client.force_login(admin)
        pages.append(client.get(f"/admin/cases/queue/{case.pk}/"))
        client.logout()
        for response in pages:
            assert response.status_code == 200
            html = response.content.decode()
            assert not any(m in html for m in MARKUP), f"unescaped on {response.request['PATH_INFO']}"


@pytest.mark.parametrize("file_name", FILES)
def test_hostile_files_are_refused_without_a_trace(client, discovered, file_name, settings, tmp_path):
    forms, _params = discovered
    settings.GRID_PAGES_CASES_MAX_PHOTO_PIXELS = 1_000
    name, content, content_type = FILES[file_name]
    if content is None:
        content = png((40, 40)) if file_name == "oversized-image" else png((10, 10))
    for action, fields in forms.items():
        file_fields = [n for n, widgets in fields.items() if n != SOURCE and widgets[0][0] == "file"]
        if not file_fields:
            continue
        fields = fresh(client, fields, action)
        before = (Case.objects.count(), CasePhoto.objects.count())
        data = {n: v.decode() for n, v in post_fields(fields, "门锁坏了".encode(), only_free_text=True)}
        for field in file_fields:
            data[field] = SimpleUploadedFile(name, content, content_type=content_type)
        response = client.post(action, data)
        assert response.status_code < 500, (action, response.status_code)
        if file_name in ("path-traversal", "nul-in-name", "windows-traversal"):
            # A real image under a hostile name may be kept, but only under a name of ours.
            for photo in CasePhoto.objects.all():
                assert ".." not in photo.image.name and "\x00" not in photo.image.name and "\\" not in photo.image.name
        else:
            assert response.status_code != 302, f"{action} accepted {file_name}"
            assert (Case.objects.count(), CasePhoto.objects.count()) == before
    written = [p for p in tmp_path.parent.rglob("*") if p.is_file() and tmp_path not in p.parents]
    assert not [p for p in written if "passwd" in p.name or "web.config" in p.name]
