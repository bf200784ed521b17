"""Caching the live pages, keyed by a fingerprint of the data they show: the
verdict pages' fingerprint (scorecard.reading, which says why a fingerprint and
what it sees) and the areas uploaded for the maps. A page is built once per version
of the data (coventry_pm.core.cache) and served to everyone after that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from coventry_pm.core.cache import built_once
from performance.models import AreaLayout
from scorecard.reading import reading_version, scalar

T = TypeVar("T")

PREFIX = "performance"


def data_version() -> str:
    """A short fingerprint of everything the live pages show, in one query."""
    return reading_version(scalar("MAX(uploaded_at)", AreaLayout))


def cached(name: str, build: Callable[[], T], *, version: str | None = None) -> T:
    """``build()``'s result, from the cache when the data has not changed since it
    was built. ``name`` says what it is (a page and its arguments)."""
    return built_once(f"{PREFIX}:{version or data_version()}:{name}", build)
