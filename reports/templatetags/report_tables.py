"""What the report's tables ask of their rows (reports/includes/metric_rows.html)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from reports.annual.content import has_ranks as rows_have_ranks

register = template.Library()


@register.filter
def has_ranks(rows: Iterable[dict[str, Any]]) -> bool:
    """Whether the table prints its rank column: some row has a rank."""
    return rows_have_ranks(rows)
