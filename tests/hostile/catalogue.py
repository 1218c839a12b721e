"""Hostile values, as the raw bytes a client may send (a lone surrogate is not even valid UTF-8)."""

import io

from PIL import Image

SCRIPT = '<script>alert("pwn")</script>'
ATTRIBUTE = '" autofocus onfocus="alert(1)" x="'
TAG_BREAKER = "'><img src=x onerror=alert(2)>"

STRINGS = {
    "script": SCRIPT.encode(),
    "attribute": ATTRIBUTE.encode(),
    "tag-breaker": TAG_BREAKER.encode(),
    "template": b"{{ settings.SECRET_KEY }}{% debug %}${7*7}#{7*7}",
    "sql": b"' OR 1=1; DROP TABLE grid_cases_case; --",
    "nul": b"room\x00502",
    "control": b"\x01\x07\x08\x1b[31m\x7f",
    "lone-surrogate": b"\xed\xa0\x80",
    "invalid-utf8": b"\xff\xfe\xc0\xaf",
    "rtl-override": "\u202egpj.exe 寝室".encode(),
    "crlf": b"a\r\nSet-Cookie: pwned=1\r\nLocation: http://evil.example",
    "100kb": b"A" * 100_000,
}
# Text that must never reach a page unescaped once stored.
MARKUP = (SCRIPT, ATTRIBUTE, TAG_BREAKER)


def png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "tomato").save(buffer, "PNG")
    return buffer.getvalue()


# (file name, bytes, content type)
FILES = {
    "fake-image": ("photo.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"),
    "html-as-image": ("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
    "oversized-image": ("big.png", None, "image/png"),  # made at the size the test allows, plus one
    "path-traversal": ("../../../../etc/passwd.png", None, "image/png"),
    "nul-in-name": ("photo\x00.php.png", None, "image/png"),
    "windows-traversal": ("..\\..\\web.config.png", None, "image/png"),
    "empty": ("empty.jpg", b"", "image/jpeg"),
}
