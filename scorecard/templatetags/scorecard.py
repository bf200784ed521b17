"""Symbols with their words: a symbol is never shown without its label."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from scorecard.charts import RULE_WORDS, SPECIAL_CAUSE_STYLES
from scorecard.domain.periods import period_label, with_period_labels
from scorecard.domain.trend import figure_text
from scorecard.domain.vocabulary import Progress, TargetStatus

register = template.Library()


def _badge(kind: str, key: str, symbol: str, label: str) -> SafeString:
    return format_html(
        '<span class="status status--{}" data-{}="{}">'
        '<span class="symbol" aria-hidden="true">{}</span>{}</span>',
        key,
        kind,
        key,
        symbol,
        label,
    )


# Each badge is the same few bytes wherever it appears: built once, not once a
# table cell (a dashboard shows hundreds).
_PROGRESS_BADGES: dict[str, SafeString] = {
    p.value: _badge("progress", p.value, p.symbol, p.label) for p in Progress
}
_TARGET_BADGES: dict[str, SafeString] = {
    t.value: _badge("target-status", t.value, t.symbol, t.label) for t in TargetStatus
}


@register.simple_tag
def progress_badge(value: str | Progress | None) -> SafeString:
    if not value:
        return _PROGRESS_BADGES[Progress.NOT_AVAILABLE]
    try:
        return _PROGRESS_BADGES[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a progress verdict") from None


@register.simple_tag
def target_badge(value: str | TargetStatus | None) -> SafeString:
    if not value:
        return _TARGET_BADGES[TargetStatus.NOT_AVAILABLE]
    try:
        return _TARGET_BADGES[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a target status") from None


@register.simple_tag
def progress_key() -> list[Progress]:
    return list(Progress)


@register.simple_tag
def target_key() -> list[TargetStatus]:
    return list(TargetStatus)


@register.simple_tag
def sparkline(points: list[tuple[str, Decimal | None]] | None) -> SafeString:
    """A small inline trend line, drawn as SVG with its figures as the accessible
    name (a glyph beside a table row, not a chart to read values from)."""
    known = [(p, v) for p, v in points or [] if v is not None]
    if len(known) < 2:
        return mark_safe('<span class="caption">Not enough figures for a trend</span>')
    width, height, pad = 96, 24, 3
    numbers = [float(v) for _, v in known]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / (len(numbers) - 1)
    scale = (height - 2 * pad) / span
    coords = " ".join(
        f"{pad + i * step:.1f},{height - pad - (n - low) * scale:.1f}"
        for i, n in enumerate(numbers)
    )
    label = "Trend: " + ", ".join(
        f"{period_label(p)} {v.normalize():f}" for p, v in known
    )
    last_x, last_y = coords.split()[-1].split(",")
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}"><polyline points="{}" fill="none" '
        'stroke="currentColor" stroke-width="2"/><circle cx="{}" cy="{}" r="2.5" '
        'fill="currentColor"/></svg>',
        width,
        height,
        width,
        height,
        label,
        coords,
        last_x,
        last_y,
    )


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.inclusion_tag("scorecard/_verdicts_pending.html")
def verdicts_pending(rows: Any) -> dict[str, bool]:
    """A notice when any of these stored verdicts (a row, or a list of rows) awaits a
    rebuild on the worker."""
    if rows is not None and hasattr(rows, "stale"):
        rows = [rows]
    return {"pending": any(getattr(row, "stale", False) for row in rows or ())}


_READING_NAMES = {"trend": "Recent trend", "variation": "Variation"}


def _readings_of(row: Any) -> dict[str, Any]:
    if isinstance(row, dict):
        return {k: row.get(k) for k in _READING_NAMES if row.get(k)}
    return getattr(row, "readings", None) or {}


@register.simple_tag
def reading_note(row: Any) -> SafeString:
    """The extra reading stored with a verdict (the recent trend of an annual
    series, or a control chart's variation of a monthly or quarterly one), in
    words beneath the progress symbol: nothing when there is none to show."""
    for key, name in _READING_NAMES.items():
        reading = _readings_of(row).get(key)
        if not reading or reading.get("outcome") == "cannot_be_calculated":
            continue
        provisional = ""
        if reading.get("limits_provisional"):
            provisional = " (limits provisional)"
        return format_html(
            '<br><span class="caption reading" title="{}">{}: {}{}</span>',
            with_period_labels(reading.get("reason", "")),
            name,
            reading.get("label", ""),
            provisional,
        )
    return mark_safe("")


@register.filter
def reading_number(value: Any) -> str:
    """A control chart's mean, limit or point as the page writes it: as its
    reasons and the chart's labels write figures."""
    if value is None or value == "":
        return "—"
    return figure_text(float(value))


@register.simple_tag
def special_causes(variation: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The points of a stored control chart that show special-cause variation,
    grouped by what they show (improving, concerning, no direction), each point
    with its period, figure and the rules it breaks in words."""
    groups: dict[str, dict[str, Any]] = {}
    for point in (variation or {}).get("points") or ():
        kind = point.get("variation", "")
        style = SPECIAL_CAUSE_STYLES.get(kind)
        if style is None:
            continue
        group = groups.setdefault(kind, {"words": style[0], "points": []})
        rules = [RULE_WORDS.get(rule, rule) for rule in point.get("rules") or ()]
        group["points"].append(
            {
                "period": point.get("period", ""),
                "value": point.get("value"),
                "rules": "; ".join(rules),
            }
        )
    return list(groups.values())
