"""Which Wagtail pages the page cache may share."""

from functools import lru_cache

from . import conf


@lru_cache(maxsize=None)
def _cacheable_type(model):
    allowed = conf.get("PAGE_TYPES")
    if allowed is not None:
        return model._meta.label_lower in {label.lower() for label in allowed}
    try:
        from wagtail.contrib.forms.models import FormMixin
    except ImportError:  # pragma: no cover - a site without wagtail.contrib.forms
        return True
    return not issubclass(model, FormMixin)


def cacheable_page(page):
    return _cacheable_type(type(page))
