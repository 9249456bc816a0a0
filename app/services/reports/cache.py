"""A small per-process cache of report results, keyed by the data version.

Keys are ``(scope, version, name, params)`` where ``version`` is read from the
``report_version`` table (one primary-key lookup per request). A rollup bumps the
version of the scopes it touches, so every server — each with its own cache —
misses on its next request and rebuilds the entry from the database; nothing has to
be shared or invalidated between processes. Old versions simply age out of the
least-recently-used order. The size is ``REPORT_CACHE_SIZE`` entries (default 256;
0 switches caching off). A shared cache (Redis) can replace this class without
changing callers because entries are rebuilt from the database alone.

Entries are plain values only — numbers, strings, bytes, DataFrames of plain values,
and dicts, lists or dataclasses of those — never ORM objects: a row outlives its
session in the cache (detached, stale, unshareable with another server), so a page
that needs a live row looks it up itself and leaves the cached value untouched.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models.reports import ReportVersion

T = TypeVar("T")


class VersionedLRU:
    """A thread-safe least-recently-used map of at most ``size`` entries (0: none kept),
    counting its hits and misses."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The entry of ``key``, built by ``build()`` (outside the lock) when missing."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[return-value]
        self.misses += 1
        value = build()
        if self.size > 0:
            with self._lock:
                self._entries[key] = value
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


def data_version(scope: str) -> int:
    """The current data version of ``scope`` ("national" or an aimag's ISO code)."""
    return db.session.scalar(select(ReportVersion.version).where(ReportVersion.scope == scope)) or 0


def _cache() -> VersionedLRU:
    extension = current_app.extensions.get("egekh_report_cache")
    if extension is None:
        extension = VersionedLRU(int(current_app.config.get("REPORT_CACHE_SIZE", 256)))
        current_app.extensions["egekh_report_cache"] = extension
    return extension


def cached(scope: str, name: str, params: Hashable, build: Callable[[], T]) -> T:
    """``build()``'s result for (scope's current version, name, params), built at most once."""
    key = (scope, data_version(scope), name, params, current_app.config.get("PRIVACY_K", 5))
    return _cache().get_or_build(key, build)


def clear() -> None:
    """Forget every entry of this process's cache (tests and benchmarks)."""
    _cache().clear()
