"""Readable change history (who, when, what it was before) from simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

IGNORED = {"version", "normalised_name"}


@dataclass(frozen=True)
class Change:
    when: Any
    who: Any
    what: str  # "Created", "Changed", "Deleted"
    label: str
    fields: list[tuple[str, str, str]]  # (field, before, after)


def change_history(records: Any, label: str = "", limit: int = 50) -> list[Change]:
    """Newest first. ``records`` is a history queryset (newest first)."""
    history = list(records.select_related("history_user")[: limit + 1])
    changes = []
    for index, record in enumerate(history[:limit]):
        previous = history[index + 1] if index + 1 < len(history) else None
        fields: list[tuple[str, str, str]] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in IGNORED:
                    continue
                name = record.instance._meta.get_field(change.field).verbose_name
                fields.append((str(name), _show(change.old), _show(change.new)))
            if not fields:
                continue
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                what={"+": "Created", "~": "Changed", "-": "Deleted"}[
                    record.history_type
                ],
                label=label or str(record.instance),
                fields=fields,
            )
        )
    return changes


def _show(value: Any) -> str:
    return "—" if value in (None, "") else str(value)
