"""How people read periods: one filter for every page, the PDF and email.

A builtin of the template engine (``config/settings/base.py``), so every template
can write ``{{ row.period|period_label }}`` without loading it. Dates need no filter
of their own: ``config/formats/en_GB/formats.py`` makes ``{{ day }}`` and
``{{ day|date }}`` read "2 December 2026" everywhere.
"""

from django import template

from scorecard.domain.periods import period_label as _period_label
from scorecard.domain.periods import with_period_labels as _with_period_labels

register = template.Library()


@register.filter
def period_label(value: object) -> str:
    """ "2025-26 Q2" as "2025/26 Q2"; text that is no period is shown as it is."""
    return _period_label(value)


@register.filter(is_safe=True)
def with_period_labels(value: object) -> str:
    """A stored sentence (a verdict's reason) with its period keys as labels."""
    return _with_period_labels(value)
