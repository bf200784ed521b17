"""Readable change history (who, when, what it was before) from simple-history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

IGNORED = {"version", "normalised_name"}

# UK style, as the pages write times: "26 Nov 2026 11:54".
DATETIME_SHOWN = "j M Y H:i"
DATE_SHOWN = "j M Y"

# {related model: {pk: record}}: the records foreign keys in a history point at.
Related = dict[type[models.Model], dict[Any, models.Model]]
FieldChange = tuple[Any, Any, Any]  # (model field, before, after)


@dataclass(frozen=True)
class Change:
    when: Any
    who: Any
    what: str  # "Created", "Changed", "Deleted"
    label: str
    fields: list[tuple[str, str, str]]  # (field, before, after)


def change_history(records: Any, label: str = "", limit: int = 50) -> list[Change]:
    """Newest first. ``records`` is a history queryset (newest first), or the
    records of one object already read, newest first, with their ``history_user``.

    Values read as a person reads them: a foreign key as its record (a person by
    name), a time in the council's zone, a choice by its label."""
    if hasattr(records, "select_related"):
        records = records.select_related("history_user")
    history = list(records[: limit + 1])
    kept: list[tuple[Any, list[FieldChange]]] = []
    for index, record in enumerate(history[:limit]):
        previous = history[index + 1] if index + 1 < len(history) else None
        fields: list[FieldChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in IGNORED:
                    continue
                field = record.instance._meta.get_field(change.field)
                fields.append((field, change.old, change.new))
            if not fields:
                continue
        kept.append((record, fields))
    related = _related_records(field for _, fields in kept for field in fields)
    return [
        Change(
            when=record.history_date,
            who=record.history_user,
            what={"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
            label=label or str(record.instance),
            fields=[
                (
                    str(field.verbose_name),
                    _show(field, old, related),
                    _show(field, new, related),
                )
                for field, old, new in fields
            ],
        )
        for record, fields in kept
    ]


def _related_records(changes: Any) -> Related:
    """The records the changed foreign keys name, one query per related model
    (a history diff holds only their ids)."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for field, old, new in changes:
        if field.many_to_one or field.one_to_one:
            wanted[field.related_model].update(v for v in (old, new) if v is not None)
    return {
        model: model._default_manager.in_bulk(list(ids))
        for model, ids in wanted.items()
    }


def _show(field: Any, value: Any, related: Related | None = None) -> str:
    if value in (None, ""):
        return "—"
    if field.many_to_one or field.one_to_one:
        record = (related or {}).get(field.related_model, {}).get(value)
        # A record deleted since: its id is all the history holds.
        return str(record) if record is not None else f"#{value} (deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, DATETIME_SHOWN)
    if isinstance(value, dt.date):
        return date_format(value, DATE_SHOWN)
    return str(value)
