"""The version of what the verdict pages read, in one cheap query.

Why a fingerprint rather than invalidation on save: approvals set figures'
approval with a queryset ``update()`` (no signals), imports and the annual report
run in the Celery worker (whose memory a web process's local cache does not share),
and the demo back-dates rows. One query reads the newest id or timestamp of every
table a verdict page shows; any approval, import, revision, verdict, target,
definition or plan change alters it, so the next request after a change renders
afresh, in every process, with no message between them.

- Every approved, revised, imported or withdrawn figure refreshes its metric's
  stored verdicts (scorecard.services.verdicts), which are written anew: the newest
  verdict row says that a figure the pages show has changed. A draft does not.
- A verdict marked stale (its rebuild left to the worker) shows the notice that it
  is being recalculated.
- A change the fingerprint cannot see (a row deleted in the admin, a team renamed)
  shows within ``coventry_pm.core.cache.CACHE_SECONDS``.

The live pages (performance.cache) add their own tables; the signed-in dashboards
cache their verdict tables under it (scorecard.views.dashboards).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from coventry_pm.core.cache import built_once
from scorecard.models import (
    CalculatedVerdict,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from strategies.models import CaseStudy, Objective, Plan, Priority

T = TypeVar("T")


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _history(model: type[Model]) -> type[Model]:
    historical: type[Model] = model.history.model  # type: ignore[attr-defined]
    return historical


def scalar(aggregate: str, model: type[Model], where: str = "") -> str:
    """A scalar subquery over a table; only our own model's table name and a
    fixed aggregate and condition go into it, never anything a person sent."""
    condition = f" WHERE {where}" if where else ""
    return f"(SELECT {aggregate} FROM {_table(model)}{condition})"  # noqa: S608


def _parts() -> list[str]:
    return [
        scalar("MAX(id)", CalculatedVerdict),
        scalar("MAX(calculated_at)", CalculatedVerdict),
        # A verdict marked stale is updated in place: a partial index finds one.
        scalar("MAX(id)", CalculatedVerdict, "stale"),
        scalar("MAX(id)", ComparatorValue),
        scalar("MAX(id)", RecordedVerdict),
        scalar("MAX(id)", HeadlineMembership),
        scalar("COUNT(*)", HeadlineMembership),
        scalar("MAX(history_id)", _history(Target)),
        scalar("MAX(history_id)", _history(Metric)),
        scalar("MAX(history_id)", _history(Plan)),
        scalar("MAX(id)", Priority),
        scalar("MAX(id)", Objective),
        scalar("MAX(id)", CaseStudy),
    ]


def _fingerprint(parts: list[str]) -> str:
    return _fingerprint_of(_query(tuple(parts)))


@functools.cache
def _query(parts: tuple[str, ...]) -> str:
    return "SELECT " + ", ".join(parts)


def _fingerprint_of(query: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


@functools.cache
def _reading_query(extra: tuple[str, ...]) -> str:
    return _query((*_parts(), *extra))


def reading_version(*extra: str) -> str:
    """A short fingerprint of everything the verdict pages show (and of the
    ``extra`` scalar subqueries a caller adds, made with ``scalar``). The query
    is written once a process: only table names go into it."""
    return _fingerprint_of(_reading_query(extra))


def digest(scope: Iterable[object]) -> str:
    """A short, fixed-length name for who sees the same thing (a cache key part)."""
    return hashlib.sha256(repr(list(scope)).encode()).hexdigest()[:16]


def _key(name: str, version: str, scope: Iterable[object]) -> str:
    return f"verdicts:{version}:{name}:{digest(scope)}"


def read_once(
    name: str,
    scope: Iterable[object],
    build: Callable[[], T],
    *,
    version: str | None = None,
) -> T:
    """``build()``'s plain result (no model rows), once per version of what the
    verdict pages read, for everyone whose ``scope`` is the same."""
    return built_once(_key(name, version or reading_version(), scope), build)


def rendered_once(
    name: str,
    scope: Iterable[object],
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    version: str | None = None,
) -> dict[str, Any]:
    """A page's verdict sections, rendered from ``context()`` once per version of
    the data and shared by everyone whose ``scope`` is the same (the metrics they
    cover: the teams, the plan and year, the filters; whoever's own visibility
    decides them). Returns ``context()``'s plain values (counts, sentences)
    beside the rendered ``html``; a list of rows is never cached, only what the
    template made of it."""

    def build() -> dict[str, Any]:
        found = context()
        found["html"] = render_to_string(template, found)
        return {
            key: value
            for key, value in found.items()
            if key == "html" or isinstance(value, str | int | float | bool | None)
        }

    built = read_once(name, scope, build, version=version)
    return {**built, "html": mark_safe(built["html"])}  # noqa: S308 - our template's


def _figures_parts() -> list[str]:
    return [scalar("MAX(id)", MetricValue), scalar("MAX(history_id)", _history(Metric))]


def figures_version() -> str:
    """A fingerprint of the figures entered (drafts too) and of the metrics'
    definitions, in one query: what data-collection health reads."""
    return _fingerprint(_figures_parts())


@functools.cache
def _both_query(extra: tuple[str, ...]) -> tuple[str, int, int]:
    """The query of both fingerprints and of ``extra``, and where the first's and
    the second's columns end."""
    parts, figures = _parts(), _figures_parts()
    return (
        _query((*parts, *figures, *extra)),
        len(parts),
        len(parts) + len(figures),
    )


def reading_and_figures_versions(*extra: str) -> tuple[str, str, str]:
    """``reading_version()`` and ``figures_version()``, the same fingerprints, and
    a fingerprint of the ``extra`` scalar subqueries a caller adds (made with
    ``scalar``), in one query (a page that shows all three, as the service
    dashboard does)."""
    query, reading, figures = _both_query(extra)
    with connection.cursor() as cursor:
        cursor.execute(query)
        row = tuple(cursor.fetchone() or ())
    return (
        hashlib.sha256(repr(row[:reading]).encode()).hexdigest()[:16],
        hashlib.sha256(repr(row[reading:figures]).encode()).hexdigest()[:16],
        hashlib.sha256(repr(row[figures:]).encode()).hexdigest()[:16],
    )


def history_of(model: type[Model]) -> type[Model]:
    """A model's history table (django-simple-history), for ``scalar``."""
    return _history(model)
