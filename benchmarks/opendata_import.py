"""How long open-data imports take: the council's seven published files in order of
publication, a 250-metric council file and 1 million tidy values.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/opendata_import.py [--values N] [--metrics N]
        [--million-only [--runs N]]

Runs against a throwaway test database (created and dropped, like the test suite's),
never against the database the settings name. The synthetic files are written to a
temporary folder. Every import refreshes the stored verdicts of what it touched,
timed apart. Aims (issue 14): the seven files, verdicts included, in under 30 s;
the wide file in under 5 s; the tidy file above 50,000 values a second through the
bulk path on PostgreSQL. Each figure comes with the load average (1 minute) at its
start and end: the machine is shared, and the figures mean little without it.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

UNITS = ["%", "number", "rate per 1,000 population", "pounds", "days", "rating"]
PRIORITIES = [
    "Increasing the economic prosperity of the city and region",
    "Improving outcomes and tackling inequalities within our communities",
    "Tackling the causes and consequences of climate change",
    "Continued financial sustainability of the Council",
    "Council's role as a partner, enabler and leader",
]
TARGETS = ["To increase", "To decrease", "<12%", ">70", "None set", "A"]
PROGRESS = ["BETTER", "EQUALS", "WORSE", "CANT SAY", "N/A"]
STATUS = ["On-Target", "Off-Target", "No Target Set", "N/A"]
YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2016, 2025)]


def _figure(rng: random.Random, unit: str) -> str:
    if unit == "rating":
        return rng.choice(["A", "A-", "B+", "B", "C"])
    if unit == "pounds":
        return f"{rng.randint(1_000_000, 20_000_000):,}"
    if unit == "number" and rng.random() < 0.1:
        return f"{rng.randint(1, 40)} out of 41"
    return f"{rng.uniform(1, 99):.1f}"


def write_wide(path: Path, metrics: int, seed: int = 1) -> int:
    """A newer-layout council file with `metrics` rows and nine years of figures."""
    rng = random.Random(seed)
    header = [
        "Sort Order",
        "One Coventry Plan 2022-30 Vision",
        "Council Plan 2022-30 Metric",
        "Progress towards 2022-30 Plan",
        "Target",
        "Target Status towards 2022-30 Plan",
        "Metric",
        "Unit",
    ]
    for series in ("", "comparator ", "national "):
        for year in YEARS:
            header += [
                f"{year} end of year {series}metric value",
                f"{year} end of year {series}metric scope",
                f"{year} end of year {series}metric date",
            ]
    values = 0
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for number in range(1, metrics + 1):
            unit = UNITS[number % len(UNITS)]
            row = [
                str(number),
                PRIORITIES[number % len(PRIORITIES)],
                "TRUE" if number % 3 else "FALSE",
                rng.choice(PROGRESS),
                rng.choice(TARGETS),
                rng.choice(STATUS),
                f"Synthetic metric {number}",
                unit,
            ]
            for scope in ("Coventry", "Statistical Neighbours", "England"):
                for year in YEARS:
                    row += [_figure(rng, unit), scope, year.replace("-", "/")]
                    values += 1
            writer.writerow(row)
    return values


TIDY_HEADER = [
    "metric_code",
    "metric",
    "unit",
    "good_direction",
    "perspective",
    "headline",
    "priority",
    "objective",
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "scope_kind",
    "breakdown",
    "breakdown_group",
    "value",
    "value_number",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "progress",
    "progress_recorded",
    "target",
    "target_status",
]


def write_tidy(path: Path, values: int, seed: int = 2) -> int:
    """A tidy file of `values` rows: monthly figures for nine years, for the city and
    nine of its wards, of as many metrics as it takes (about 930 for a million)."""
    rng = random.Random(seed)
    months = [f"{y} M{m:02d}" for y in YEARS for m in range(1, 13)]
    groups = [("", "")] + [("ward", f"Ward {n}") for n in range(1, 10)]
    per_metric = len(months) * len(groups)
    metrics = -(-values // per_metric)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(TIDY_HEADER)
        for number in range(1, metrics + 1):
            for period in months:
                year = period.split()[0]
                latest = year == YEARS[-1]
                for breakdown, group in groups:
                    if written == values:
                        break
                    figure = round(rng.uniform(1, 999), 1)
                    writer.writerow(
                        [
                            f"BM{number:05d}",
                            f"Benchmark metric {number}",
                            "number",
                            "up",
                            "outcomes",
                            "",
                            "",
                            "",
                            period,
                            f"{period} provisional" if latest else period,
                            "provisional" if latest else "final",
                            "1",
                            "Coventry",
                            "place",
                            breakdown,
                            group,
                            str(figure),
                            str(figure),
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                            "",
                        ]
                    )
                    written += 1
    return written


COVENTRY = ROOT.parent / "shared" / "data" / "coventry"
PUBLISHED = [
    "Council Plan 2016-17 half year",
    "Council Plan 2017-18 half year",
    "Council Plan 2017-18 end of year",
    "Council Plan 2018-19 end of year",
    "Council Plan 2019-20 end of year",
    "Council Plan 2021-22 end of year",
    "Council Plan 2023-24 end of year",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=250)
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument(
        "--million-only",
        action="store_true",
        help="only the tidy file (--values values), into an empty database",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="with --million-only: import it this many times, each into a new "
        "empty database, and give the median",
    )
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from reports.opendata.importer import SourceFile, open_data_import
    from scorecard.models import MetricValue

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own name, so it never meets a test run's database.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_opendata_benchmark"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if options.million_only:
            _tidy_runs(options.values, options.runs)
            return
        if COVENTRY.is_dir():
            load = _load()
            start = time.perf_counter()
            verdicts = 0.0
            for prefix in PUBLISHED:
                (path,) = COVENTRY.glob(f"{prefix}*.csv")
                done = open_data_import(files=[SourceFile.from_path(path)])
                verdicts += done.timings.get("verdicts", 0.0)
            seven = time.perf_counter() - start
            print(
                f"the council's seven files in order: {seven:.1f} s "
                f"(of which the verdict refresh {verdicts:.1f} s); "
                f"load average {load} → {_load()}"
            )
            from scorecard.models import Metric

            Metric.objects.all().delete()
        with tempfile.TemporaryDirectory() as folder:
            wide = Path(folder) / "wide-2024-25.csv"
            wide_values = write_wide(wide, options.metrics)
            start = time.perf_counter()
            report = open_data_import(files=[SourceFile.from_path(wide)])
            wide_seconds = time.perf_counter() - start
            start = time.perf_counter()
            again = open_data_import(files=[SourceFile.from_path(wide)])
            again_seconds = time.perf_counter() - start
            assert again.totals["values_created"] == 0

            tidy = Path(folder) / "tidy.csv"
            tidy_values = write_tidy(tidy, options.values)
            before = MetricValue.objects.count()
            load = _load()
            start = time.perf_counter()
            tidy_report = open_data_import(files=[SourceFile.from_path(tidy)])
            tidy_seconds = time.perf_counter() - start
            stored = MetricValue.objects.count() - before
            assert stored == tidy_values, (stored, tidy_values)

        print(f"database: {connection.vendor}")
        print(
            f"wide file: {options.metrics} metrics, {wide_values} figures "
            f"({report.totals['values_created']} values, "
            f"{report.totals['comparator_values_created']} comparator values): "
            f"{wide_seconds:.2f} s; re-import (no change): {again_seconds:.2f} s"
        )
        _print_tidy(tidy_values, tidy_seconds, tidy_report, load)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory: {peak:,.0f} MB; load average: {_load()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def _tidy_runs(values: int, runs: int) -> None:
    """The tidy file alone, `runs` times, each into a new empty database."""
    from django.db import connection

    from reports.opendata.importer import SourceFile, open_data_import
    from scorecard.models import MetricValue

    rates: list[float] = []
    print(f"database: {connection.vendor}")
    with tempfile.TemporaryDirectory() as folder:
        tidy = Path(folder) / "tidy.csv"
        tidy_values = write_tidy(tidy, values)
        for run in range(runs):
            if run:
                connection.close()  # a database in use cannot be dropped
                connection.creation.create_test_db(verbosity=0, autoclobber=True)
            load = _load()
            start = time.perf_counter()
            report = open_data_import(files=[SourceFile.from_path(tidy)])
            seconds = time.perf_counter() - start
            assert MetricValue.objects.count() == tidy_values
            rates.append(_print_tidy(tidy_values, seconds, report, load))
    if runs > 1:
        print(
            "through the bulk path (without the verdict refresh), median of "
            f"{runs}: {statistics.median(rates):,.0f} values a second"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")


def _print_tidy(
    tidy_values: int, tidy_seconds: float, tidy_report: Any, load: str
) -> float:
    """Print the tidy file's figures; the values a second without the verdict
    refresh (the bulk path's own rate)."""
    print(
        f"tidy file: {tidy_values:,} values "
        f"({tidy_report.totals['metrics_created']} metrics): {tidy_seconds:.1f} s, "
        f"{tidy_values / tidy_seconds:,.0f} values a second; "
        f"load average {load} → {_load()}"
    )
    stages = dict(tidy_report.timings)
    accounted = sum(stages.values())
    stages["other (metrics, facts, commit)"] = tidy_seconds - accounted
    print(
        "  of which: "
        + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
    )
    without = tidy_seconds - tidy_report.timings.get("verdicts", 0.0)
    print(
        f"  without the verdict refresh: {without:.1f} s, "
        f"{tidy_values / without:,.0f} values a second"
    )
    return tidy_values / without


if __name__ == "__main__":
    main()
