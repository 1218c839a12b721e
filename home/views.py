import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from outbox import conf as outbox_conf
from outbox.services import oldest_unsent_age

PROBE = b"healthz"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache(alias):
    key = f"healthz:{uuid.uuid4().hex}"
    cache = caches[alias]
    cache.set(key, 1, timeout=30)
    if cache.get(key) != 1:
        raise RuntimeError("the value written was not read back")
    cache.delete(key)


def _storage(alias):
    storage = storages[alias]
    name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with storage.open(name) as handle:
            if handle.read() != PROBE:
                raise RuntimeError("the file written was not read back")
    finally:
        storage.delete(name)


def _probe(check, *args):
    try:
        check(*args)
    except Exception as exc:  # whatever breaks, the load balancer must hear about it, not get a 500
        return f"error: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request):
    """The database, every cache, every writable storage and the mail outbox's backlog, as JSON.

    503 when the database, a cache or a storage fails (take this server out of rotation);
    200 with ``"status": "degraded"`` when mail waits longer than OUTBOX_BACKLOG_WARNING_AGE
    (the server works, the mail worker or the mail server needs someone)."""
    try:
        _database()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": "unreachable", "detail": type(exc).__name__}, status=503)
    checks = {"database": "ok"}
    for alias in settings.CACHES:
        checks[f"cache:{alias}"] = _probe(_cache, alias)
    for alias in settings.STORAGES:
        if alias != "staticfiles":
            checks[f"storage:{alias}"] = _probe(_storage, alias)
    failed = any(value != "ok" for value in checks.values())
    age = _probe_outbox()
    checks["outbox_oldest_unsent_seconds"] = age
    if failed:
        status = "error"
    elif isinstance(age, str) or (age is not None and age > outbox_conf.get("BACKLOG_WARNING_AGE")):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks}, status=503 if failed else 200)


def _probe_outbox():
    try:
        age = oldest_unsent_age()
    except DatabaseError as exc:
        return f"error: {type(exc).__name__}"
    return None if age is None else int(age)
