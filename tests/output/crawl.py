"""A small crawler over the Django test client and a runner for the Nu Html Checker.

The crawl starts from the home pages, follows every internal ``href``/``src`` of the pages
it reaches (links, stylesheets, scripts, images, feeds, print sheets) and records each URL's
status; HTML pages are kept for the checker. Admin, login and per-user paths are not followed:
they are not pages students reach.
"""

import json
import os
import shutil
import subprocess
import tempfile
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.utils import translation

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action" if tag == "form" and not dict(attrs).get("method") else "") and value:
                self.links.append(value)


def internal_links(html, base_url, hosts):
    parser = LinkParser()
    parser.feed(html)
    for link in parser.links:
        url, _ = urldefrag(urljoin(base_url, link))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname not in hosts:
            continue
        if parts.scheme not in ("", "http", "https"):
            continue  # mailto:, tel:, data:
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start=("/", "/en/"), hosts=("testserver",), limit=2000):
    """{url: (status, content type, body or None)}, following internal links breadth first.

    The active language is put back afterwards: each request activates its own, and a crawl
    that ends under /en/ would otherwise leave English on for what the caller reverses next."""
    with translation.override(translation.get_language()):
        return _crawl(client, start, hosts, limit)


def _crawl(client, start, hosts, limit):
    seen = {}
    queue = deque(start)
    referrers = {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = None
        if response.status_code == 200 and content_type.startswith("text/html"):
            body = response.content.decode()
            for link in internal_links(body, f"http://{hosts[0]}{url}", hosts):
                if link not in seen:
                    referrers.setdefault(link, url)
                    queue.append(link)
        seen[url] = (response.status_code, content_type, body)
    return seen, referrers


def vnu_available():
    """None when the checker can run, else the reason it cannot."""
    if shutil.which("java") is None:
        return "java is not installed (.ci/run installs default-jre-headless)"
    if not VNU_JAR.exists():
        return f"{VNU_JAR} is missing (.ci/run installs the vnu-jar npm package)"
    return None


def check_html(pages):
    """Run the Nu Html Checker once over {url: html}; [(url, line, message)] for every error."""
    if not pages:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for i, (url, html) in enumerate(pages.items()):
            path = os.path.join(tmp, f"page{i}.html")
            Path(path).write_text(html, encoding="utf-8")
            names[f"page{i}.html"] = url
        result = subprocess.run(
            ["java", "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *sorted(Path(tmp).glob("*.html"))],
            capture_output=True, text=True, timeout=300,
        )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [(names.get(m.get("url", "").rsplit("/", 1)[-1], m.get("url")), m.get("lastLine"), m.get("message")) for m in messages]
