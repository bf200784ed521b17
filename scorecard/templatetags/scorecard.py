"""Symbols with their words: a symbol is never shown without its label."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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


@register.simple_tag
def progress_badge(value: str | Progress | None) -> SafeString:
    progress = Progress(value) if value else Progress.NOT_AVAILABLE
    return _badge("progress", progress.value, progress.symbol, progress.label)


@register.simple_tag
def target_badge(value: str | TargetStatus | None) -> SafeString:
    status = TargetStatus(value) if value else TargetStatus.NOT_AVAILABLE
    return _badge("target-status", status.value, status.symbol, status.label)


@register.simple_tag
def progress_key() -> list[Progress]:
    return list(Progress)


@register.simple_tag
def target_key() -> list[TargetStatus]:
    return list(TargetStatus)
