"""A small plan to report on: two priorities, four headline metrics (improved,
got worse, similar, no previous figure), one in the wider basket, breakdowns by sex
and by ward, a case study, and an earlier report year to compare with."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scorecard.models import Metric
from strategies.models import Plan, Priority
from tests import factories

YEAR = "2024-25"


@dataclass
class ReportData:
    plan: Plan
    homes: Priority
    jobs: Priority
    metrics: dict[str, Metric]


def _values(metric: Metric, figures: dict[str, str]) -> None:
    for period, text in figures.items():
        factories.MetricValueFactory(metric=metric, period=period, value_text=text)


def report_data() -> ReportData:
    plan = factories.PlanFactory()
    homes = factories.PriorityFactory(plan=plan, title="Homes", sort_order=1)
    jobs = factories.PriorityFactory(plan=plan, title="Jobs", sort_order=2)
    housing = factories.ObjectiveFactory(priority=homes, title="More homes")
    work = factories.ObjectiveFactory(priority=jobs, title="Good work")
    metrics = {
        "homes": factories.MetricFactory(
            code="H1", name="Homes built", unit="number", good_direction="up"
        ),
        "waits": factories.MetricFactory(
            code="H2", name="Days waiting", unit="days", good_direction="down"
        ),
        "jobs": factories.MetricFactory(
            code="J1", name="Employment rate", unit="%", good_direction="up"
        ),
        "new": factories.MetricFactory(
            code="J2", name="New apprenticeships", unit="number", good_direction="up"
        ),
        "wider": factories.MetricFactory(
            code="W1", name="Library visits", unit="number", good_direction="up"
        ),
    }
    _values(metrics["homes"], {"2022-23": "900", "2023-24": "1,000", YEAR: "1,100"})
    _values(metrics["waits"], {"2022-23": "40", "2023-24": "30", YEAR: "35"})
    _values(metrics["jobs"], {"2022-23": "70", "2023-24": "71", YEAR: "71"})
    _values(metrics["new"], {YEAR: "120"})
    _values(metrics["wider"], {"2023-24": "5,000", YEAR: "5,500"})
    factories.TargetFactory(metric=metrics["homes"], period=YEAR, text="1,050")
    factories.ComparatorValueFactory(
        metric=metrics["homes"], period=YEAR, value_text="1020"
    )
    for group, figure in (("female", "74"), ("male", "68")):
        factories.MetricValueFactory(
            metric=metrics["jobs"],
            period=YEAR,
            value_text=figure,
            breakdown="sex",
            breakdown_group=group,
        )
    for group, figure in (("Ashmore", "60"), ("Brook End", "80")):
        factories.MetricValueFactory(
            metric=metrics["jobs"],
            period=YEAR,
            value_text=figure,
            breakdown="ward",
            breakdown_group=group,
        )
    for order, (key, priority, objective) in enumerate(
        [
            ("homes", homes, housing),
            ("waits", homes, housing),
            ("jobs", jobs, work),
            ("new", jobs, None),
        ]
    ):
        for year in ("2023-24", YEAR):
            factories.HeadlineMembershipFactory(
                plan=plan,
                report_year=year,
                metric=metrics[key],
                priority=priority,
                objective=objective,
                sort_order=order,
            )
    case = factories.CaseStudyFactory(
        title="A family rehoused", date=dt.date(2025, 2, 1)
    )
    case.priorities.add(homes)
    return ReportData(plan=plan, homes=homes, jobs=jobs, metrics=metrics)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(  # noqa: S603 - the test's own arguments
        [shutil.which("git") or "git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def bare_repository(folder: Path) -> Path:
    """The council's open-data repository, as an empty local bare repository."""
    origin = folder / "open-data.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=folder)
    return origin
