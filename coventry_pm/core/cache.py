"""Results built once per version of the data they show, shared by every process
that reads the same cache.

A caller names what it builds and the version of the data it was built from (a
fingerprint the caller works out, such as ``scorecard.reading.reading_version``);
when the data changes, the version changes and the next request builds afresh.
Nothing is invalidated by hand, so no write path has to remember to. When the data
changes, the first of many simultaneous requests builds and the rest wait briefly
for its result rather than all building at once (across processes when the cache
is shared). With the cache unreachable (Redis down) every request builds its own:
slower, never an error.

Each process keeps its own cache (locmem) unless ``CACHE_URL`` names a shared one
(Redis), which is what production should use.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from django.core.cache import cache
from redis.exceptions import RedisError

T = TypeVar("T")

CACHE_SECONDS = 10 * 60
# How long a build may hold the others back, and how they wait for it.
BUILD_SECONDS = 30
WAIT_SECONDS = 0.1
WAIT_STEPS = 50
# What a cache that cannot be reached raises (Redis; a socket's own errors).
CACHE_ERRORS = (RedisError, OSError)

logger = logging.getLogger(__name__)


def built_once(key: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache under ``key`` (which must hold the
    version of the data) when it was built before."""
    building = f"{key}:building"
    try:
        found: T | None = cache.get(key)
        if found is not None:
            return found
        if not cache.add(building, 1, BUILD_SECONDS):
            for _ in range(WAIT_STEPS):
                time.sleep(WAIT_SECONDS)
                found = cache.get(key)
                if found is not None:
                    return found
    except CACHE_ERRORS:
        logger.warning("The cache is unreachable: %s is built without it.", key)
        return build()
    try:
        value = build()
        with suppress(*CACHE_ERRORS):
            cache.set(key, value, CACHE_SECONDS)
    finally:
        with suppress(*CACHE_ERRORS):
            cache.delete(building)
    return value
