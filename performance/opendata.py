"""The live pages' downloads: the open-data exporter's tidy format, for a set of
metrics (a page about one metric or one priority needs only its own)."""

from __future__ import annotations

import io

from reports.opendata.exporter import publication_for
from reports.opendata.publication import Publication, tidy_rows
from reports.opendata.tidy import write_tidy_csv
from scorecard.models import Metric
from strategies.models import Plan


def publication_of(
    *, year: str, plan: Plan | None, metrics: list[Metric]
) -> Publication:
    """The tidy publication of ``plan`` for the report year, for ``metrics`` only
    (in the order given): every approved figure up to the end of the year, each
    comparator figure, and the plan's facts (headline, priority, target, verdicts)
    for each year that has any."""
    return publication_for(year=year, plan=plan, metrics=metrics)


def tidy_csv_of(publication: Publication) -> str:
    stream = io.StringIO()
    write_tidy_csv(tidy_rows(publication), stream)
    return stream.getvalue()
