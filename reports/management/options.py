"""The options the open-data and report commands read alike (``--plan``,
``--year``): what two commands share lives here, since a command is an entry point
and no module imports one."""

from __future__ import annotations

from django.core.management.base import CommandError

from reports.opendata.headers import plan_period
from scorecard.domain.periods import Period


def parse_plan_option(text: str | None) -> str | None:
    if text is None:
        return None
    period = plan_period(text)
    if period is None:
        raise CommandError(
            f'--plan must be a plan period such as "2022-30", not {text!r}'
        )
    return period


def parse_year_option(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        period = Period.parse(text)
    except ValueError as error:
        raise CommandError(
            f'--year must be a year such as "2024-25": {error}'
        ) from None
    if period.frequency != "annual":
        raise CommandError(f'--year must be a year such as "2024-25", not {text!r}')
    return str(period)
