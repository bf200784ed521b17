"""Small infographics for the live pages, drawn as SVG with their figures as the
accessible name (and in words beside them)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
