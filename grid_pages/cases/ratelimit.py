"""Per-client rate limits counted in a cache every server process shares (Redis or the database).

A fixed window per (purpose, client): the first hit creates the counter with the window as its
timeout (``add`` is atomic on Redis and the database cache), later hits ``incr`` it. Clients are
told apart by address; the address is hashed so no raw IP lands in the cache.
"""

import hashlib

from django.core.cache import caches

from . import conf


def client_id(request):
    """The client's address (the first X-Forwarded-For hop only when the proxy is trusted)."""
    address = ""
    if conf.get("TRUST_X_FORWARDED_FOR"):
        address = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    address = address or request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:32]


def _key(purpose, request):
    return f"grid_cases:rl:{purpose}:{client_id(request)}"


def hit(request, purpose, rate):
    """Count one attempt; True while the client is within ``rate`` = (count, seconds)."""
    limit, window = rate
    cache = caches[conf.get("RATELIMIT_CACHE")]
    key = _key(purpose, request)
    if cache.add(key, 1, timeout=window):
        return 1 <= limit
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(request, purpose, rate):
    """Whether the client is already over the limit, without counting."""
    limit, _window = rate
    count = caches[conf.get("RATELIMIT_CACHE")].get(_key(purpose, request), 0)
    return count >= limit


def reset(request, purpose):
    caches[conf.get("RATELIMIT_CACHE")].delete(_key(purpose, request))
