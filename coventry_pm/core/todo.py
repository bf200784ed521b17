"""Each person's to-do list: what is waiting for them, wherever it lives.

The ground floor knows nothing of the apps. Each app registers a provider in its
``AppConfig.ready`` (``register``); a provider answers, for one person, the items
waiting for them in its app, built from its workflow's ``allowed_actions`` (a step
the person may take now) or, for what waits on someone else ("awaiting approval"),
from its selectors. The home page lists them and the navigation shows their count.
Every item links to the page where it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

# What an item asks of the person: something to do now, or something of theirs
# waiting on someone else (shown, not counted).
TO_DO = "to_do"
WAITING = "waiting"


@dataclass(frozen=True)
class TodoItem:
    """One thing waiting for a person.

    ``label`` says what to do and to what ("Approve figures: Rent collected,
    2025-26 Q2"); ``url`` is the page where it is done; ``group`` heads the list it
    sits in ("Figures to approve"); ``due`` orders it (the oldest first) and is
    shown when it is overdue."""

    group: str
    label: str
    url: str
    kind: str = TO_DO
    due: dt.date | None = None
    overdue: bool = False


Provider = Callable[[Any], Iterable[TodoItem]]
_PROVIDERS: list[Provider] = []

# The navigation's count is kept in the cache under a version that any change to a
# record a provider reads moves on, so a step taken shows on the next page (and
# the day is in the key, for what falls due).
_VERSION = "todo:version"
_COUNT_SECONDS = 300


def register(provider: Provider, *, models: Iterable[type[Model]] = ()) -> Provider:
    """Add an app's provider (once; registering it again changes nothing), with
    the models whose changes change what it gives."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    for model in models:
        post_save.connect(_moved_on, sender=model, dispatch_uid=f"todo:{model}:save")
        post_delete.connect(
            _moved_on, sender=model, dispatch_uid=f"todo:{model}:delete"
        )
    return provider


def _moved_on(**_: Any) -> None:
    # Now, for this request's next page; and once the change is committed, so a
    # page read meanwhile by someone else does not keep the count from before it.
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(_VERSION)
    except ValueError:  # not there yet (or evicted)
        cache.set(_VERSION, 1, None)


def todo_for(user: Any) -> list[TodoItem]:
    """Everything waiting for ``user``: the things to do first, by group in the
    order the apps registered, each group's items oldest first; then what of
    theirs waits on someone else."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = [item for provider in _PROVIDERS for item in provider(user)]
    groups = {item.group: index for index, item in enumerate(items)}
    far = dt.date.max
    return sorted(
        items,
        key=lambda item: (item.kind != TO_DO, groups[item.group], item.due or far),
    )


def to_do_count(items: Iterable[TodoItem]) -> int:
    """How many of ``items`` ask the person to act (the navigation's count)."""
    return sum(1 for item in items if item.kind == TO_DO)


def _count_key(user: Any) -> str:
    version = cache.get(_VERSION, 0)
    return f"todo:count:{user.pk}:{version}:{timezone.localdate()}"


def remember_count(user: Any, items: Iterable[TodoItem]) -> int:
    """Keep the count of ``items`` (todo_for(user), just worked out) for the
    navigation, until what the providers read changes."""
    count = to_do_count(items)
    cache.set(_count_key(user), count, _COUNT_SECONDS)
    return count


def cached_count(user: Any) -> int:
    """to_do_count(todo_for(user)), worked out once per change to what the
    providers read (and per day)."""
    count = known_count(user)
    if count is None:
        count = remember_count(user, todo_for(user))
    return count


def known_count(user: Any) -> int | None:
    """The navigation's count: the one kept since the last change (the home page
    works it out with the list), or None when it is not known. Never worked out
    here: a page pays two cache reads for it, whatever the data."""
    count = cache.get(_count_key(user))
    return None if count is None else int(count)


@dataclass(frozen=True)
class TodoGroup:
    title: str
    kind: str
    items: tuple[TodoItem, ...]


def grouped(items: Iterable[TodoItem]) -> list[TodoGroup]:
    """``items`` (as todo_for orders them) under their group headings."""
    order: dict[str, list[TodoItem]] = {}
    for item in items:
        order.setdefault(item.group, []).append(item)
    return [
        TodoGroup(title=title, kind=members[0].kind, items=tuple(members))
        for title, members in order.items()
    ]
