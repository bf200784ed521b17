"""The export: a year's publication read from the database and written as files.

Only approved figures are published. The publication's metrics are those the plan
lists for the year (its open-data rows and headline metrics) and any other metric
with an approved figure in the year, in the plan's order and then by code.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from django.db.models import Q

from reports.models import OpenDataRow
from reports.opendata.headers import group_version_text
from reports.opendata.publication import (
    ExportComparatorValue,
    ExportMemberValue,
    ExportValue,
    Publication,
    PublishedMetric,
    Readings,
    ShownGroup,
    YearView,
    council_header,
    council_periods,
    council_rows,
    tidy_rows,
)
from reports.opendata.records import stored
from reports.opendata.tidy import write_tidy_csv, write_tidy_xlsx
from scorecard.benchmarking import shown_group_ids
from scorecard.domain.groups import version_in_force
from scorecard.domain.periods import Period
from scorecard.domain.standings import ordinal
from scorecard.models import (
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    Standing,
    Target,
)
from scorecard.selectors import metric_assessments
from strategies.models import Plan

COUNCIL = "council"
TIDY = "tidy"
FORMATS = (COUNCIL, TIDY)
_CHUNK = 900


def _in_year(year: str) -> Q:
    return Q(period=year) | Q(period__startswith=f"{year} ")


def _published_metrics(year: str, plan: Plan | None) -> list[Metric]:
    """Every metric the plan lists for the year (open-data rows, headline
    memberships) or with an approved figure in it, in the plan's order."""
    listings = {
        row.metric_id: row
        for row in OpenDataRow.objects.filter(
            plan=plan, report_year=year
        ).select_related("priority", "objective")
    }
    members = {
        m.metric_id: m
        for m in HeadlineMembership.objects.filter(
            plan=plan, report_year=year
        ).select_related("priority", "objective")
    }
    with_values = set(
        MetricValue.objects.filter(
            _in_year(year), approval=MetricValue.Approval.APPROVED, breakdown=""
        ).values_list("metric_id", flat=True)
    )
    metrics = list(
        Metric.objects.filter(pk__in=set(listings) | set(members) | with_values)
    )

    def order(metric: Metric) -> tuple[object, ...]:
        member = members.get(metric.pk)
        listing = listings.get(metric.pk)
        sort_order = (
            listing.sort_order if listing else member.sort_order if member else None
        )
        return (sort_order is None, sort_order or 0, metric.code)

    metrics.sort(key=order)
    return metrics


def publication_for(
    *,
    year: str,
    plan: Plan | None,
    all_years: bool = True,
    metrics: Sequence[Metric] | None = None,
) -> Publication:
    """Read the publication of ``plan`` for the report year ``year``.

    With ``all_years`` (the tidy export) every approved figure up to the end of the
    year is included, with the plan's facts for each year that has any; otherwise
    (the council layout) only the report year's facts are needed. ``metrics``
    limits it to those metrics, in the order given (a live page's download);
    otherwise it is every metric the plan lists for the year or with a figure in it.
    """
    report_year = Period.parse(year)
    metrics = _published_metrics(year, plan) if metrics is None else list(metrics)
    ids = {metric.pk for metric in metrics}
    values = _values(ids, report_year)
    comparators = _comparators(ids, report_year)
    groups = _GroupLists() if all_years else None
    members = groups.member_values(ids, report_year) if groups else {}

    years_of: dict[int, set[str]] = defaultdict(set)
    for metric_id, rows in values.items():
        years_of[metric_id].update(str(Period.parse(v.period).year()) for v in rows)
    for metric_id, figures in comparators.items():
        years_of[metric_id].update(str(Period.parse(c.period).year()) for c in figures)
    for metric_id, places in members.items():
        years_of[metric_id].update(str(Period.parse(m.period).year()) for m in places)
    for metric in metrics:
        years_of[metric.pk].add(year)
    if all_years:
        _add_fact_years(years_of, ids, plan, report_year)
    else:
        for metric in metrics:
            years_of[metric.pk] = {year}

    views = _year_views(metrics, years_of, plan)
    shown = groups.shown(metrics, years_of) if groups else {}
    published = [
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
            members=tuple(members.get(metric.pk, ())),
            shown=shown.get(metric.pk, {}),
        )
        for metric in metrics
    ]
    older = None
    if plan is not None:
        older_plan = (
            Plan.objects.filter(start_year__lt=plan.start_year)
            .order_by("-start_year", "-version")
            .first()
        )
        older = older_plan.period if older_plan else None
    return Publication(
        year=year,
        plan=plan.period if plan else None,
        older_plan=older,
        metrics=published,
    )


def _chunks(ids: set[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def _values(ids: set[int], report_year: Period) -> dict[int, list[ExportValue]]:
    result: dict[int, list[ExportValue]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = (
            MetricValue.objects.filter(
                metric_id__in=chunk, approval=MetricValue.Approval.APPROVED
            )
            .order_by("metric_id", "period", "revision")
            .values_list(
                "metric_id",
                "period",
                "period_label",
                "data_status",
                "revision",
                "scope",
                "breakdown",
                "breakdown_group",
                "value_text",
                "value_number",
                "numerator",
                "denominator",
                "lower_ci",
                "upper_ci",
            )
        )
        for row in rows:
            if Period.parse(row[1]).year_start > report_year.year_start:
                continue
            result[row[0]].append(
                ExportValue(*row[1:9], *(stored(_decimal(v)) for v in row[9:]))
            )
    return result


def _decimal(value: object) -> Decimal | None:
    """A stored number as a Decimal (SQLite can hand back a float)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _comparators(
    ids: set[int], report_year: Period
) -> dict[int, list[ExportComparatorValue]]:
    result: dict[int, list[ExportComparatorValue]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = (
            ComparatorValue.objects.filter(
                metric_id__in=chunk, withdrawn_at__isnull=True
            )
            .order_by("metric_id", "comparator__name", "period", "revision")
            .values_list(
                "metric_id",
                "comparator__name",
                "comparator__kind",
                "period",
                "period_label",
                "revision",
                "value_text",
                "value_number",
            )
        )
        for row in rows:
            if Period.parse(row[3]).year_start > report_year.year_start:
                continue
            result[row[0]].append(
                ExportComparatorValue(*row[1:7], stored(_decimal(row[7])))
            )
    return result


class _GroupLists:
    """Every group's versions and their members (a few rows), read once for the
    tidy export's benchmarking columns."""

    def __init__(self) -> None:
        self.names = dict(ComparatorGroup.objects.values_list("pk", "name"))
        self.versions: dict[int, list[tuple[str, GroupVersion]]] = defaultdict(list)
        for version in GroupVersion.objects.order_by("group_id", "number"):
            self.versions[version.group_id].append((version.from_year, version))
        self.members: dict[int, set[int]] = defaultdict(set)
        for version_id, place_id in GroupMember.objects.values_list(
            "version_id", "place_id"
        ):
            self.members[version_id].add(place_id)
        self._of_year: dict[str, dict[int, tuple[tuple[str, str], ...]]] = {}

    def in_force(self, group_id: int, year: str) -> GroupVersion | None:
        return version_in_force(self.versions.get(group_id, []), year)

    def groups_listing(self, year: str) -> dict[int, tuple[tuple[str, str], ...]]:
        """place id → (group name, version text) of every group whose version in
        force for ``year`` lists it, by name."""
        found = self._of_year.get(year)
        if found is None:
            listing: dict[int, list[tuple[str, str]]] = defaultdict(list)
            for group_id in self.versions:
                version = self.in_force(group_id, year)
                if version is None:
                    continue
                text = group_version_text(version.number, version.from_year)
                for place_id in self.members.get(version.pk, ()):
                    listing[place_id].append((self.names[group_id], text))
            found = {place: tuple(sorted(pairs)) for place, pairs in listing.items()}
            self._of_year[year] = found
        return found

    def member_values(
        self, ids: set[int], report_year: Period
    ) -> dict[int, list[ExportMemberValue]]:
        result: dict[int, list[ExportMemberValue]] = defaultdict(list)
        for chunk in _chunks(ids):
            rows = (
                MemberValue.objects.filter(
                    metric_id__in=chunk, withdrawn_at__isnull=True
                )
                .order_by("metric_id", "period", "place__code", "revision")
                .values_list(
                    "metric_id",
                    "place_id",
                    "period",
                    "period_label",
                    "revision",
                    "place__code",
                    "place__name",
                    "value_text",
                    "value_number",
                    "lower_ci",
                    "upper_ci",
                    "count",
                    "denominator",
                )
            )
            for (
                metric_id,
                place_id,
                period,
                label,
                revision,
                code,
                name,
                text,
                *numbers,
            ) in rows:
                parsed = Period.parse(period)
                if parsed.year_start > report_year.year_start:
                    continue
                listing = self.groups_listing(str(parsed.year()))
                number, lower, upper, count, denominator = (
                    stored(_decimal(v)) for v in numbers
                )
                result[metric_id].append(
                    ExportMemberValue(
                        period=period,
                        period_label=label,
                        revision=revision,
                        place_code=code,
                        place_name=name,
                        value_text=text,
                        value_number=number,
                        lower_ci=lower,
                        upper_ci=upper,
                        count=count,
                        denominator=denominator,
                        groups=listing.get(place_id, ()),
                    )
                )
        return result

    def shown(
        self, metrics: list[Metric], years_of: dict[int, set[str]]
    ) -> dict[int, dict[str, ShownGroup]]:
        """metric id → year → the group shown for it, its version and ranks."""
        by_year: dict[str, list[Metric]] = defaultdict(list)
        for metric in metrics:
            for year in years_of.get(metric.pk, ()):
                by_year[year].append(metric)
        wanted: dict[int, dict[str, int]] = defaultdict(dict)
        for year, year_metrics in sorted(by_year.items()):
            for metric_id, group_id in shown_group_ids(year_metrics, year).items():
                if group_id is not None:
                    wanted[metric_id][year] = group_id
        ranks: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
        for chunk in _chunks(set(wanted)):
            for metric_id, group_id, period, rank, joint, out_of in (
                Standing.objects.filter(metric_id__in=chunk, rank__isnull=False)
                .order_by()
                .values_list(
                    "metric_id", "group_id", "period", "rank", "joint", "out_of"
                )
            ):
                if rank is None:
                    continue
                words = f"{'joint ' if joint else ''}{ordinal(rank)} of {out_of}"
                ranks[(metric_id, group_id)][period] = words
        result: dict[int, dict[str, ShownGroup]] = defaultdict(dict)
        for metric_id, years in wanted.items():
            for year, group_id in years.items():
                version = self.in_force(group_id, year)
                result[metric_id][year] = ShownGroup(
                    name=self.names[group_id],
                    version=(
                        group_version_text(version.number, version.from_year)
                        if version
                        else ""
                    ),
                    ranks={
                        period: words
                        for period, words in ranks.get(
                            (metric_id, group_id), {}
                        ).items()
                        if str(Period.parse(period).year()) == year
                    },
                )
        return result


def _add_fact_years(
    years_of: dict[int, set[str]],
    ids: set[int],
    plan: Plan | None,
    report_year: Period,
) -> None:
    def annual_up_to_year(period: str) -> bool:
        parsed = Period.parse(period)
        return (
            parsed.frequency == "annual" and parsed.year_start <= report_year.year_start
        )

    for chunk in _chunks(ids):
        for metric_id, period in Target.objects.filter(metric_id__in=chunk).values_list(
            "metric_id", "period"
        ):
            if annual_up_to_year(period):
                years_of[metric_id].add(period)
        if plan is None:
            continue
        for model, field in (
            (HeadlineMembership, "report_year"),
            (OpenDataRow, "report_year"),
        ):
            for metric_id, period in model._default_manager.filter(
                metric_id__in=chunk, plan=plan
            ).values_list("metric_id", field):
                if annual_up_to_year(period):
                    years_of[metric_id].add(period)
        for metric_id, period in plan.recorded_verdicts.filter(
            metric_id__in=chunk, withdrawn_at__isnull=True
        ).values_list("metric_id", "period"):
            if annual_up_to_year(period):
                years_of[metric_id].add(period)


def _year_views(
    metrics: list[Metric], years_of: dict[int, set[str]], plan: Plan | None
) -> dict[int, dict[str, YearView]]:
    by_year: dict[str, list[Metric]] = defaultdict(list)
    for metric in metrics:
        for year in years_of.get(metric.pk, ()):
            by_year[year].append(metric)
    views: dict[int, dict[str, YearView]] = defaultdict(dict)
    for year, year_metrics in sorted(by_year.items()):
        # Filtered by id, not by the model rows: Django prepares each row of a
        # 2,000-row ``__in`` afresh, which cost a second across the years.
        ids = [metric.pk for metric in year_metrics]
        listings = (
            {
                row.metric_id: row
                for row in OpenDataRow.objects.filter(
                    plan=plan, report_year=year, metric_id__in=ids
                ).select_related("priority", "objective")
            }
            if plan is not None
            else {}
        )
        rows = metric_assessments(metrics=year_metrics, year=year, plan=plan)
        targets = dict(
            Target.objects.filter(metric_id__in=ids, period=year).values_list(
                "metric_id", "text"
            )
        )
        for row in rows:
            listing = listings.get(row.metric.pk)
            member = row.membership if plan is not None else None
            priority = (
                member.priority if member else listing.priority if listing else None
            )
            objective = (
                member.objective if member else listing.objective if listing else None
            )
            sort_order = (
                listing.sort_order if listing else member.sort_order if member else None
            )
            target = targets.get(row.metric.pk)
            # The readings stored with the verdict (never worked out here), for
            # the row of the figure the verdict is about.
            readings = (
                Readings.of(row.current.period, row.readings) if row.current else None
            )
            views[row.metric.pk][year] = YearView(
                progress=row.progress.value,
                target_status=row.target_status.value,
                headline=member is not None,
                priority=priority.title if priority else "",
                objective=objective.title if objective else "",
                sort_order=sort_order,
                progress_recorded=(
                    row.progress_recorded.value if row.progress_recorded else ""
                ),
                target=target or "",
                target_status_recorded=(
                    row.target_status_recorded.value
                    if row.target_status_recorded
                    else ""
                ),
                readings=readings,
            )
    return views


def export_file_name(*, year: str, fmt: str, plan: str | None, extension: str) -> str:
    if fmt == COUNCIL:
        return f"coventry-open-data-{plan}-{year}.{extension}"
    return f"coventry-open-data-{year}-tidy.{extension}"


def open_data_export(
    *, year: str, fmt: str, out: Path, plan: Plan | None, excel: bool = False
) -> list[Path]:
    """Write the year's publication to ``out`` in the council layout or the tidy
    format (CSV, and Excel too with ``excel``). Returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == COUNCIL:
        if plan is None:
            raise ValueError(f"No plan covers {year}: name one with --plan.")
        publication = publication_for(year=year, plan=plan, all_years=False)
        periods = council_periods(publication)
        path = out / export_file_name(
            year=year, fmt=fmt, plan=plan.period, extension="csv"
        )
        # The council's own files carry a byte-order mark, so Excel reads £ right.
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(council_header(publication, periods))
            writer.writerows(council_rows(publication, periods))
        return [path]
    publication = publication_for(year=year, plan=plan, all_years=True)
    rows = list(tidy_rows(publication))
    path = out / export_file_name(year=year, fmt=fmt, plan=None, extension="csv")
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_tidy_csv(rows, stream)
    written.append(path)
    if excel:
        path = out / export_file_name(year=year, fmt=fmt, plan=None, extension="xlsx")
        with path.open("wb") as binary:
            write_tidy_xlsx(rows, binary)
        written.append(path)
    return written
