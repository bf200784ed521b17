"""Caching the live pages, keyed by a fingerprint of the data they show.

Why a fingerprint rather than invalidation on save: approvals set figures'
approval with a queryset ``update()`` (no signals), imports and the annual report
run in the Celery worker (whose memory a web process's local cache does not share),
and the demo back-dates rows. One cheap query reads the newest id or timestamp of
every table the pages read; any approval, import, revision, verdict, target,
definition or areas upload changes it (figures through the stored verdicts they
refresh, so a draft saved does not), so the next request after a change renders
afresh, in every process, with no message between them. A change the fingerprint
cannot see (a row deleted in the admin) shows within ``CACHE_SECONDS``.

Each process keeps its own cache (locmem) unless ``CACHE_URL`` names a shared one
(Redis), which is what production should use.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from redis.exceptions import RedisError

from performance.models import AreaLayout
from scorecard.models import (
    CalculatedVerdict,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    RecordedVerdict,
    Target,
)
from strategies.models import CaseStudy, Objective, Plan, Priority

T = TypeVar("T")

CACHE_SECONDS = 10 * 60
# How long a build may hold the others back, and how they wait for it.
BUILD_SECONDS = 30
WAIT_SECONDS = 0.1
WAIT_STEPS = 50
PREFIX = "performance"
# What a cache that cannot be reached raises (Redis; a socket's own errors).
CACHE_ERRORS = (RedisError, OSError)

logger = logging.getLogger(__name__)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _history(model: type[Model]) -> type[Model]:
    historical: type[Model] = model.history.model  # type: ignore[attr-defined]
    return historical


def _select(aggregate: str, model: type[Model]) -> str:
    """A scalar subquery over a table; only our own model's table name and a
    fixed aggregate go into it, never anything a person sent."""
    return f"(SELECT {aggregate} FROM {_table(model)})"  # noqa: S608


def data_version() -> str:
    """A short fingerprint of everything the live pages show, in one query."""
    parts = [
        # Every approved, revised, imported or withdrawn figure refreshes its
        # metric's stored verdicts (scorecard.services.verdicts), which are written
        # anew: the newest verdict row says a figure the pages show has changed.
        # A draft does not (the public never sees one), and no table is counted.
        _select("MAX(id)", CalculatedVerdict),
        _select("MAX(calculated_at)", CalculatedVerdict),
        _select("MAX(id)", ComparatorValue),
        _select("MAX(id)", RecordedVerdict),
        _select("MAX(id)", HeadlineMembership),
        _select("COUNT(*)", HeadlineMembership),
        _select("MAX(history_id)", _history(Target)),
        _select("MAX(history_id)", _history(Metric)),
        _select("MAX(history_id)", _history(Plan)),
        _select("MAX(id)", Priority),
        _select("MAX(id)", Objective),
        _select("MAX(id)", CaseStudy),
        _select("MAX(uploaded_at)", AreaLayout),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def cached(name: str, build: Callable[[], T], *, version: str | None = None) -> T:
    """``build()``'s result, from the cache when the data has not changed since it
    was built. ``name`` says what it is (a page and its arguments). With the cache
    unreachable (Redis down) every request builds its page: slower, never an error.
    """
    key = f"{PREFIX}:{version or data_version()}:{name}"
    building = f"{key}:building"
    try:
        found: T | None = cache.get(key)
        if found is not None:
            return found
        # When the data changes, the first of many simultaneous requests for a
        # page builds it and the rest wait briefly for its result rather than all
        # building it at once (across processes when the cache is shared).
        if not cache.add(building, 1, BUILD_SECONDS):
            for _ in range(WAIT_STEPS):
                time.sleep(WAIT_SECONDS)
                found = cache.get(key)
                if found is not None:
                    return found
    except CACHE_ERRORS:
        logger.warning("The cache is unreachable: %s is built without it.", name)
        return build()
    try:
        value = build()
        with suppress(*CACHE_ERRORS):
            cache.set(key, value, CACHE_SECONDS)
    finally:
        with suppress(*CACHE_ERRORS):
            cache.delete(building)
    return value
