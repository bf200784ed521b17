"""Small infographics for the live pages, drawn as SVG with their figures as the
accessible name (and in words beside them)."""

from collections.abc import Sequence

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from performance.selectors import LiveRow
from scorecard.templatetags.scorecard import progress_badge, target_badge

register = template.Library()

BAR_WIDTH = 240
BAR_HEIGHT = 18


@register.simple_tag
def share_bar(count: int, total: int, label: str) -> SafeString:
    """A bar ``count`` of ``total`` long; its accessible name says the figures."""
    filled = round(BAR_WIDTH * count / total) if total else 0
    return format_html(
        '<svg class="share-bar" width="{}" height="{}" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}: {} of {}"><rect width="{}" height="{}" '
        'fill="#ffffff" stroke="#505a5f"/><rect width="{}" height="{}" '
        'fill="currentColor"/></svg>',
        BAR_WIDTH,
        BAR_HEIGHT,
        BAR_WIDTH,
        BAR_HEIGHT,
        label,
        count,
        total,
        BAR_WIDTH,
        BAR_HEIGHT,
        filled,
        BAR_HEIGHT,
    )


@register.filter
def percent_of(count: int, total: int) -> int | None:
    return round(100 * count / total) if total else None


_NONE = mark_safe("—")


def _figure_cell(value: str, caption: str) -> SafeString:
    return format_html('{} <span class="caption">{}</span>', value, caption)


@register.simple_tag
def headline_rows(rows: Sequence[LiveRow], year: str) -> SafeString:
    """The body rows of a live page's table of headline metrics (the progress
    report and a priority's page), formatted here rather than by a template loop:
    the progress report of 75 metrics rendered in 9.7 ms of CPU that way, 3.8 ms
    this way."""
    if not rows:
        return format_html(
            '<tr><td colspan="7">No headline metrics for this priority in {}.'
            "</td></tr>",
            year,
        )
    body = []
    for row in rows:
        metric = row.metric
        unit = (
            format_html(' <span class="caption">{}</span>', metric.unit)
            if metric.unit
            else ""
        )
        previous = (
            _figure_cell(row.previous.value_text, row.previous.period)
            if row.previous
            else _NONE
        )
        current = (
            _figure_cell(row.current.value_text, row.current.period)
            if row.current
            else _NONE
        )
        comparator = (
            _figure_cell(
                row.comparator.value_text,
                f"{row.comparator.name}, {row.comparator.period}",
            )
            if row.comparator
            else _NONE
        )
        body.append(
            format_html(
                '<tr><th scope="row"><a href="{}?year={}">{}</a>{}</th>'
                '<td class="num">{}</td><td class="num">{}</td>'
                '<td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n',
                metric.get_public_url(),
                year,
                metric.name,
                unit,
                previous,
                current,
                comparator,
                progress_badge(row.progress_shown),
                row.target_text or "None set",
                target_badge(row.target_status_shown),
            )
        )
    return mark_safe("".join(body))  # noqa: S308 - every part escaped above
