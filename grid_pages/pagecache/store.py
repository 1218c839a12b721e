"""Stored pages: in this process (least recently used dropped past a byte budget) and,
optionally, in a shared Django cache so that other processes need not render them again."""

import hashlib
import threading
from collections import OrderedDict

from django.core.cache import caches

from . import conf


class Entry:
    """One stored response: status, headers (as the miss sent them), body, and validity: the
    generation it was made under, or with ``follows_content`` the content generation (a page
    that shows no volatile model outlives a booking: ``generation.watching``)."""

    __slots__ = ("generation", "expires", "status", "headers", "body", "etag", "last_modified", "follows_content")

    def __init__(self, generation, expires, status, headers, body, etag, last_modified, follows_content=False):
        self.generation = generation
        self.expires = expires
        self.status = status
        self.headers = headers
        self.body = body
        self.etag = etag
        self.last_modified = last_modified
        self.follows_content = follows_content

    def as_tuple(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def valid(self, generation, content, now):
        """Valid at ``now`` under ``generation``, or for an entry that follows the content
        generation, under ``content()`` (read only then; no function: not valid)."""
        if now >= self.expires:
            return False
        if self.follows_content:
            return content is not None and self.generation == content()
        return self.generation == generation


class LocalStore:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            try:
                self.entries.move_to_end(key)
            except KeyError:  # dropped by another thread meanwhile
                pass
        return entry

    def set(self, key, entry):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes and self.entries:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)

    def discard(self, key):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


_local = None


def local():
    global _local
    if _local is None:
        _local = LocalStore(conf.get("MAX_BYTES"))
    return _local


def _shared():
    alias = conf.get("CACHE")
    return caches[alias] if alias else None


def _shared_key(key, generation, follows_content=False):
    # Apart: a content generation's number may equal a generation's.
    tag = f"c{generation}" if follows_content else generation
    return f"grid_pagecache:{tag}:{hashlib.sha1(key.encode()).hexdigest()}"


def get(key, generation, now, content=None):
    """The valid entry for ``key`` under ``generation`` at ``now`` (a timestamp), or None; an
    entry that follows the content generation is checked against ``content()`` (a function:
    read only when such an entry is found, or looked for in the shared cache)."""
    store = local()
    entry = store.get(key)
    if entry is not None:
        if entry.valid(generation, content, now):
            return entry
        store.discard(key)
    shared = _shared()
    if shared is None:
        return None
    keys = [_shared_key(key, generation)]
    if content is not None:
        keys.append(_shared_key(key, content(), follows_content=True))
    found = shared.get_many(keys)
    for shared_key in keys:
        if shared_key in found:
            entry = Entry(*found[shared_key])
            if entry.valid(generation, content, now):
                store.set(key, entry)
                return entry
    return None


def put(key, entry, now):
    local().set(key, entry)
    shared = _shared()
    if shared is not None:
        timeout = max(1, int(entry.expires - now))
        shared.set(_shared_key(key, entry.generation, entry.follows_content), entry.as_tuple(), timeout=timeout)


def clear():
    local().clear()
