"""No lost updates: every editable record carries a ``version``; a write based on an
older version is refused with who changed it and what it is now."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db import models

from coventry_pm.core.exceptions import ConflictError


class Versioned(Protocol):
    pk: Any
    version: int


V = TypeVar("V", bound=models.Model)


def lock_for_update(instance: V) -> V:
    """The row as it is now, locked until the transaction ends."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def last_changed_by(instance: models.Model) -> str:
    history = getattr(instance, "history", None)
    if history is None:
        return "someone else"
    latest = history.select_related("history_user").first()
    if latest is None or latest.history_user is None:
        return "someone else"
    return str(latest.history_user)


def check_version(instance: Any, expected_version: int | None) -> None:
    """Raise ConflictError unless ``expected_version`` is the record's version.

    ``None`` means the caller did not say, which only services acting on a record
    they have just locked (not people) may do."""
    if expected_version is None or instance.version == expected_version:
        return
    raise ConflictError(
        f"This was changed by {last_changed_by(instance)} while you were editing "
        f"(you had version {expected_version}; it is now version "
        f"{instance.version}). Here is their version; your changes are kept below.",
        extra={"current_version": instance.version},
    )
