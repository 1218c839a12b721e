"""Content-Security-Policy: strict on the site, Wagtail's inline scripts and styles allowed
only under /admin/; and no template of ours needs more (the browser walk checks the pages)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for folder in ("templates", "home", "search", "grid_pages", "outbox") for p in (ROOT / folder).rglob("*.html")
)
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_site_pages_get_the_strict_policy(client, home_page):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_also_allows_inline_scripts_and_styles(client):
    policy = directives(client.get("/admin/login/").headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_nothing_inline(template):
    text = template.read_text(encoding="utf-8")
    found = [label for pattern, label in INLINE if pattern.search(text)]
    assert found == [], f"{template.relative_to(ROOT)}: {found}; move it to a static file"
