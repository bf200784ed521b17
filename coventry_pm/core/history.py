"""Readable change history (who, when, what it was before) from simple-history.

The one place a change is put into words: ``field_label`` turns a field into the
label a person reads ("value_text" → "Figure"), ``value_shown`` a stored value into
what it means (a foreign key's id → the record's name, a choice → its label). Every
page that shows a change log goes through ``change_history``, which uses both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

# Kept for the machinery, never shown: a row's version counter, derived search keys.
IGNORED = {"version", "normalised_name"}

# Fields derived from another that is shown, by model: a target's parts are parsed
# from its text ("Target: 'At least 90%' → 'At least 92%'" says it all), a figure's
# number from the figure as written.
DERIVED: dict[str, set[str]] = {
    "scorecard.Target": {
        "operator",
        "value",
        "aim",
        "change_unit",
        "comparator_name",
        "comparator_relation",
        "grade",
        "baseline_period",
        "direction",
        "upper",
        "other_comparators",
        "parts",
    },
    "scorecard.MetricValue": {"value_number"},
}

# Labels for fields whose own name is not what a person calls them (a field with
# a verbose_name of its own keeps it). Keyed by the model's label and field name;
# "*" applies to every model.
FIELD_LABELS: dict[tuple[str, str], str] = {
    ("*", "import_run"): "Import",
    ("*", "percent_complete"): "Per cent complete",
    ("scorecard.Metric", "metric_type"): "Type of metric",
    ("scorecard.Metric", "lead_lag"): "Leading or lagging",
    ("scorecard.Metric", "delivery_mode"): "How the council delivers it",
    ("scorecard.Metric", "good_direction"): "Good direction",
    ("scorecard.Metric", "entry_lag_days"): "Days after the period a figure is due",
    ("scorecard.Metric", "similarity_band"): "Change counted as no change",
    ("scorecard.Metric", "similarity_relative"): (
        "No-change band is a share of the figure"
    ),
    ("scorecard.Metric", "ordinal_scale"): "Scale of grades",
    ("scorecard.Metric", "supporting_years"): "Years as a supporting metric",
    ("scorecard.Target", "text"): "Target",
    ("scorecard.Target", "kind"): "Kind of target",
    ("scorecard.Target", "flag"): "Warning",
    ("scorecard.MetricValue", "value_text"): "Figure",
    ("scorecard.MetricValue", "lower_ci"): "Lower confidence limit",
    ("scorecard.MetricValue", "upper_ci"): "Upper confidence limit",
    ("scorecard.MetricValue", "breakdown_group"): "Group",
    ("scorecard.Submission", "progress_override"): "Progress (overridden)",
    ("scorecard.Submission", "target_status_override"): "Target status (overridden)",
    ("scorecard.Submission", "override_reason"): "Why the verdict was overridden",
    ("appraisals.Appraisal", "mid_year_review"): "Mid-year review",
    ("appraisals.Appraisal", "mid_year_reviewed_on"): "Mid-year review on",
    ("appraisals.Appraisal", "mid_year_due"): "Mid-year review due",
    ("appraisals.Appraisal", "year_end_review"): "Year-end review",
    ("appraisals.Appraisal", "year_end_reviewed_on"): "Year-end review on",
    ("appraisals.Appraisal", "year_end_due"): "Year-end review due",
    ("appraisals.Appraisal", "objectives_due"): "Objectives due",
}

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
            model = record.instance._meta.model
            hidden = IGNORED | DERIVED.get(model._meta.label, set())
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                if field.name in hidden:
                    continue
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
                    field_label(field),
                    value_shown(field, old, related),
                    value_shown(field, new, related),
                )
                for field, old, new in fields
            ],
        )
        for record, fields in kept
    ]


def field_label(field: Any, name: str = "") -> str:
    """The label a person reads for a field: ``field_label(Metric, "owner_id")``
    or ``field_label(field)``. An id column is labelled as its relation ("owner_id"
    → "Owner")."""
    if name:
        field = field._meta.get_field(name)
    model_label = field.model._meta.label
    for key in ((model_label, field.name), ("*", field.name)):
        if key in FIELD_LABELS:
            return FIELD_LABELS[key]
    return str(capfirst(field.verbose_name))


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


def value_shown(field: Any, value: Any, related: Related | None = None) -> str:
    """A stored value as a person reads it. A foreign key (its id, or the record)
    is the record's name, read from ``related`` (``_related_records``, one query per
    model for a whole history) or else looked up; a choice is its label; a time is
    in the council's zone; a list is its items."""
    if value in (None, "") or value == [] or value == {}:
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if field.many_to_one or field.one_to_one:
        if related is None:
            related = _related_records([(field, value, None)])
        record = related.get(field.related_model, {}).get(value)
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
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_shown(field, v)}" for key, v in value.items())
    return str(value)
