"""Writes for the Hub: the performance administrator edits guidance pages."""

from __future__ import annotations

from django.db import transaction

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import PermissionDeniedError
from hub.models import HubPage

EDITABLE_FIELDS = ("title", "slug", "summary", "section", "body", "sort_order")


@transaction.atomic
def hub_page_save(
    *,
    user: User,
    page: HubPage | None,
    expected_version: int | None,
    reason: str,
    **fields: object,
) -> HubPage:
    """Create a guidance page (``page`` None) or change one.

    Only the performance administrator writes. A change based on a stale version is
    refused (ConflictError), so nobody's edit is silently lost. The history keeps
    every version with who made it, when, and the reason they gave."""
    if not can_administer_performance(user):
        raise PermissionDeniedError("Only the performance administrator edits the Hub.")
    if page is None:
        page = HubPage()
    else:
        page = lock_for_update(page)
        check_version(page, expected_version)
        page.version += 1
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(page, name, fields[name])
    page.updated_by = user
    page.full_clean()
    page._change_reason = reason.strip()[:100] or None  # type: ignore[attr-defined]
    page.save()
    return page
