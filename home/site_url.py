"""The portal's one public base URL (``PORTAL_BASE_URL``) written into Wagtail's default Site.

Every absolute link the portal makes (plaque QR codes, notice feeds, case mail, the
reception's calendar files) starts from ``Site.root_url``; Wagtail's first migration leaves
that at ``http://localhost``. ``migrate`` applies the setting after every run (post_migrate),
so a deploy, which always migrates, keeps the Site in step with the environment.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_base_url(url):
    """(hostname, port) for Wagtail's Site from ``https://host[:port]``; None for an empty
    or unusable URL. Wagtail derives the scheme from the port (443 https, else http)."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def apply_base_url(using="default"):
    """Point the default Site at ``PORTAL_BASE_URL``; no write when it already does. Returns the Site
    changed, or None."""
    from wagtail.models import Site

    parsed = parse_base_url(getattr(settings, "PORTAL_BASE_URL", ""))
    if parsed is None:
        return None
    hostname, port = parsed
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return None
    site.hostname, site.port = hostname, port
    site.save(using=using)  # Site.save clears Wagtail's cached site root paths
    return site


def apply_after_migrate(sender, using="default", **kwargs):
    apply_base_url(using=using)


@register(deploy=True)
def check_base_url(app_configs, **kwargs):
    """Under deployment settings the public URL must be set, reachable from outside and
    expressible as a Wagtail Site (https only on port 443)."""
    url = getattr(settings, "PORTAL_BASE_URL", "")
    parsed = parse_base_url(url)
    if parsed is None:
        return [
            Warning(
                "PORTAL_BASE_URL is not set to an http(s) URL.",
                hint="Set it to the public address, e.g. https://community.example.edu.cn; QR codes on "
                "printed plaques, feeds and mail links start from it.",
                id="home.W001",
            )
        ]
    hostname, port = parsed
    if hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"PORTAL_BASE_URL points to {hostname}, which no student's phone can reach.",
                hint="Set it to the public address, e.g. https://community.example.edu.cn.",
                id="home.W002",
            )
        ]
    if urlsplit(url).scheme == "https" and port != 443:
        return [
            Warning(
                "PORTAL_BASE_URL uses https on a port other than 443; Wagtail would make http:// links.",
                hint="Serve https on port 443 at the proxy.",
                id="home.W003",
            )
        ]
    if urlsplit(url).path not in ("", "/"):
        return [
            Warning(
                "PORTAL_BASE_URL has a path; the portal must be served at the root of its host.",
                id="home.W004",
            )
        ]
    return []
