"""The metric page's line about its primary comparator group (issue 19): who may
read groups sees which it is, and the performance administrator the link to set
it. The rules are scorecard.permissions'; this only asks them."""

from __future__ import annotations

from typing import Any

from django import template

from scorecard.permissions import may_manage_groups, may_read_benchmarking

register = template.Library()


@register.inclusion_tag("scorecard/groups/_metric_link.html", takes_context=True)
def primary_group_link(context: dict[str, Any], metric: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    reads = user is not None and may_read_benchmarking(user)
    return {
        "metric": metric,
        "reads": reads,
        "manages": reads and may_manage_groups(user),
        "group": metric.primary_group if reads and metric.primary_group_id else None,
    }
