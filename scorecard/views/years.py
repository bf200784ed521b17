"""The reporting year a page is for, read from its query string."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from scorecard.domain.periods import Period


def chosen_year(request: HttpRequest, years: list[str]) -> str:
    """The ?year= asked for (a financial year, written as "2024-25"), or the
    newest of ``years``; anything that is not a year is a 404."""
    year = request.GET.get("year") or (years[0] if years else "")
    if year and year not in years:
        try:
            period = Period.parse(year)
        except ValueError as error:
            raise Http404("No such reporting year.") from error
        if period != period.year():
            raise Http404("No such reporting year.")
        year = str(period)
    return year
