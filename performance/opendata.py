"""The live pages' downloads: the open-data exporter's tidy format, for a set of
metrics.

``reports.opendata.exporter.publication_for`` reads every metric with a figure in
the year (the whole publication); a page about one metric or one priority needs
only its own. This is the same reading, limited to the given metrics, built from
the exporter's own steps so the rows are the exporter's rows (same columns, order
and formatting). If ``publication_for`` grows a parameter for a set of metrics,
this module becomes a call to it.
"""

from __future__ import annotations

import io
from collections import defaultdict

from reports.opendata import exporter
from reports.opendata.publication import Publication, PublishedMetric, tidy_rows
from reports.opendata.tidy import write_tidy_csv
from scorecard.domain.periods import Period
from scorecard.models import Metric
from strategies.models import Plan


def publication_of(
    *, year: str, plan: Plan | None, metrics: list[Metric]
) -> Publication:
    """The tidy publication of ``plan`` for the report year, for ``metrics`` only
    (in the order given): every approved figure up to the end of the year, each
    comparator figure, and the plan's facts (headline, priority, target, verdicts)
    for each year that has any."""
    report_year = Period.parse(year)
    ids = {m.pk for m in metrics}
    values = exporter._values(ids, report_year)
    comparators = exporter._comparators(ids, report_year)
    years_of: dict[int, set[str]] = defaultdict(set)
    for metric_id, rows in values.items():
        years_of[metric_id].update(str(Period.parse(v.period).year()) for v in rows)
    for metric_id, figures in comparators.items():
        years_of[metric_id].update(str(Period.parse(c.period).year()) for c in figures)
    for metric in metrics:
        years_of[metric.pk].add(year)
    exporter._add_fact_years(years_of, ids, plan, report_year)
    views = exporter._year_views(metrics, years_of, plan)
    return Publication(
        year=year,
        plan=plan.period if plan else None,
        older_plan=None,  # only the council layout names the older plan
        metrics=[
            PublishedMetric(
                code=metric.code,
                name=metric.name,
                unit=metric.unit,
                good_direction=metric.good_direction,
                perspective=metric.perspective,
                equality_flag=metric.equality_flag,
                marmot_flag=metric.marmot_flag,
                years=views.get(metric.pk, {}),
                values=tuple(values.get(metric.pk, ())),
                comparators=tuple(comparators.get(metric.pk, ())),
            )
            for metric in metrics
        ],
    )


def tidy_csv_of(publication: Publication) -> str:
    stream = io.StringIO()
    write_tidy_csv(tidy_rows(publication), stream)
    return stream.getvalue()
