from wagtail import hooks

from . import fragments, moments  # noqa: F401  (moments registers the scheduled-pages moment)
from .pages import cacheable_page
from .middleware import allow


@hooks.register("before_serve_page")
def allow_public_page(page, request, serve_args, serve_kwargs):
    """Pages of the allowed types may be shared; what the response says decides the rest
    (a login, a session, a CSRF cookie or a restriction makes it unshareable)."""
    if cacheable_page(page):
        allow(request)


@hooks.register("grid_fragment_cache")
def kept_fragment(page, request, name, render):
    """A part of a grid page (its sections, its own lists) from a copy of this generation
    (``fragments``), for requests the page cache would share; None lets the page render it."""
    return fragments.fragment(page, request, name, render)
