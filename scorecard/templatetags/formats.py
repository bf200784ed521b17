"""How people read periods: one filter for every page, the PDF and email.

A builtin of the template engine (``config/settings/base.py``), so every template
can write ``{{ row.period|period_label }}`` without loading it. Dates need no filter
of their own: ``config/formats/en_GB/formats.py`` makes ``{{ day }}`` and
``{{ day|date }}`` read "2 December 2026" everywhere.
"""

from decimal import Decimal
from typing import Any

from django import template

from scorecard.domain.periods import period_label as _period_label
from scorecard.domain.periods import with_period_labels as _with_period_labels
from scorecard.domain.standings import possessive as _possessive

register = template.Library()


@register.filter
def period_label(value: object) -> str:
    """ "2025-26 Q2" as "2025/26 Q2"; text that is no period is shown as it is."""
    return _period_label(value)


@register.filter(is_safe=True)
def with_period_labels(value: object) -> str:
    """A stored sentence (a verdict's reason) with its period keys as labels."""
    return _with_period_labels(value)


@register.filter
def possessive(value: object) -> str:
    """ "England's", "Fingertips'": a name's possessive (a plural's apostrophe
    follows its s)."""
    return _possessive(str(value))


def _number(value: Decimal) -> str:
    return format(value.normalize(), ",f")


@register.filter
def confidence_words(level: Decimal | float | str | None) -> str:
    """A confidence level as people read it: 0.95 is "95% confidence"."""
    if level in (None, ""):
        return "—"
    return f"{_number(Decimal(str(level)) * 100)}% confidence"


@register.filter
def similarity_words(metric: Any) -> str:
    """A metric's similarity band in words, not "±0" or "±0.05 (relative)": how
    big a change still counts as similar."""
    band = Decimal(str(getattr(metric, "similarity_band", 0) or 0))
    if band == 0:
        return "None: any change counts as improved or got worse"
    if getattr(metric, "similarity_relative", False):
        size = f"{_number(band * 100)}% of the previous figure"
    else:
        unit = getattr(metric, "unit", "") or ""
        if unit == "%":
            unit = "percentage points"
        size = f"{_number(band)} {unit}".strip()
    return f"A change of up to {size}, either way, counts as similar"
