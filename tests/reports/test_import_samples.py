"""Both sample files import with the expected metrics, values, revisions,
comparators, recorded verdicts and target rules, and importing again changes
nothing."""

from decimal import Decimal

import pytest

from reports.models import ImportRun, OpenDataRow
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from strategies.models import Objective, Plan, Priority
from tests.reports.helpers import import_paths

pytestmark = pytest.mark.django_db

MODELS = [
    Metric,
    MetricValue,
    Comparator,
    ComparatorValue,
    Target,
    RecordedVerdict,
    HeadlineMembership,
    OpenDataRow,
    Plan,
    Priority,
    Objective,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def metric(name):
    return Metric.objects.get(name=name)


def latest(metric_name, period, **filters):
    return (
        MetricValue.objects.filter(
            metric__name=metric_name, period=period, breakdown="", **filters
        )
        .order_by("-revision")
        .first()
    )


@pytest.fixture
def newer(newer_sample):
    return import_paths(newer_sample)


def test_newer_sample_creates_the_plan_metrics_and_values(newer):
    totals = newer.totals
    assert totals["rows_read"] == 10
    assert totals["metrics_created"] == 10
    assert totals["values_created"] == 36 + 8  # 8 from the sex breakdowns
    assert totals["comparator_values_created"] == 15
    assert totals["verdicts_recorded"] == 10
    assert totals["targets_set"] == 10
    plan = Plan.objects.get(period="2022-30")
    assert (plan.start_year, plan.end_year, plan.status) == (2022, 2030, "agreed")
    # The file names the older plan too; it is there for the columns that name it.
    assert Plan.objects.filter(period="2016-24").exists()
    assert Metric.objects.count() == 10
    codes = list(Metric.objects.order_by("code").values_list("code", flat=True))
    assert codes == [f"OD{n:04d}" for n in range(1, 11)]
    assert set(Metric.objects.values_list("good_direction", flat=True)) == {"none"}


@pytest.mark.parametrize(
    ("name", "period", "text", "number", "numerator", "denominator"),
    [
        ("Spend on interim staff", "2021-22", "8,402,113", "8402113", None, None),
        (
            "Funding secured for retrofit schemes",
            "2024-25",
            "12.4m",
            "12.4",
            None,
            None,
        ),
        (
            "Council buildings with a heat decarbonisation plan",
            "2024-25",
            "19 out of 41",
            "19",
            "19",
            "41",
        ),
        ("Environmental disclosure grade", "2022-23", "A-", None, None, None),
        (
            "Workforce sex profile (compared to working-age population)",
            "2024-25",
            "Female - 66.8 Male - 33.2",
            None,
            None,
            None,
        ),
        ("Residents in skilled employment", "2022-23", "62.0", "62", None, None),
    ],
)
def test_values_are_kept_as_written_and_parsed(
    newer, name, period, text, number, numerator, denominator
):
    value = latest(name, period)
    assert value.value_text == text

    def as_decimal(x):
        return None if x is None else Decimal(x)

    assert value.value_number == as_decimal(number)
    assert value.numerator == as_decimal(numerator)
    assert value.denominator == as_decimal(denominator)
    assert value.approval == "approved"
    assert value.scope == "Coventry"


def test_a_breakdown_is_kept_whole_and_split_into_its_groups(newer):
    groups = MetricValue.objects.filter(
        metric__name__startswith="Workforce sex profile",
        period="2024-25",
        breakdown="sex",
    ).order_by("breakdown_group")
    assert [(g.breakdown_group, g.value_text, g.value_number) for g in groups] == [
        ("Female", "66.8", Decimal("66.8")),
        ("Male", "33.2", Decimal("33.2")),
    ]


def test_period_labels_carry_the_data_status(newer):
    value = latest("Library visits per 1,000 population", "2023-24")
    assert (value.period_label, value.data_status) == (
        "2023/24 provisional",
        "provisional",
    )
    assert latest("Library visits per 1,000 population", "2022-23").data_status == (
        "final"
    )


def test_an_empty_current_value_records_nothing_for_that_period(newer):
    households = metric("Households in temporary accommodation per 1,000")
    assert list(households.values.values_list("period", flat=True)) == [
        "2021-22",
        "2022-23",
        "2023-24",
    ]


def test_comparator_and_national_columns_become_comparator_series(newer):
    kinds = dict(Comparator.objects.values_list("name", "kind"))
    assert kinds == {
        "West Midlands": "comparator",
        "Statistical Neighbours": "comparator",
        "CIPFA": "comparator",
        "City Census": "comparator",
        "England": "national",
    }
    library = metric("Library visits per 1,000 population")
    series = {
        (cv.comparator.name, cv.period): cv.value_number
        for cv in library.comparator_values.select_related("comparator")
    }
    assert series[("West Midlands", "2022-23")] == Decimal("2120")
    assert series[("England", "2024-25")] == Decimal("2410")
    census = ComparatorValue.objects.get(comparator__name="City Census")
    assert (census.period, census.period_label, census.value_text) == (
        "2024-25",
        "2021",
        "Female-50.1 Male-49.9",
    )


def test_recorded_verdicts_are_for_the_report_year_and_plan(newer):
    plan = Plan.objects.get(period="2022-30")
    verdicts = {
        v.metric.name: (v.progress, v.target_status)
        for v in RecordedVerdict.objects.select_related("metric")
    }
    assert verdicts["Library visits per 1,000 population"] == ("improved", "on_target")
    assert verdicts["Residents in skilled employment"] == ("got_worse", "off_target")
    assert verdicts["Households in temporary accommodation per 1,000"] == (
        "not_available",
        "not_available",
    )
    assert verdicts["Council buildings with a heat decarbonisation plan"] == (
        "cannot_say",
        "not_available",
    )
    assert verdicts["Freedom of information requests received"] == (
        "cannot_say",
        "no_target",
    )
    assert set(RecordedVerdict.objects.values_list("period", "plan", "source")) == {
        ("2024-25", plan.pk, "imported")
    }
    assert RecordedVerdict.objects.first().reason.startswith(
        "Imported from council-layout-2022-30.csv, row"
    )


@pytest.mark.parametrize(
    ("name", "text", "kind", "fields"),
    [
        (
            "Library visits per 1,000 population",
            "To increase",
            "directional",
            {"aim": "increase"},
        ),
        (
            "Residents in skilled employment",
            "Better than statistical neighbours",
            "comparator",
            {
                "comparator_name": "statistical neighbours",
                "comparator_relation": "better",
            },
        ),
        (
            "Repeat visits to urgent care within 30 days",
            "<12%",
            "threshold",
            {"operator": "<", "value": Decimal("12")},
        ),
        ("Environmental disclosure grade", "A", "grade", {"grade": "A"}),
        ("Freedom of information requests received", "None set", "none", {}),
        (
            "Workforce sex profile (compared to working-age population)",
            "To be more representative of the city",
            "directional",
            {"aim": "improve"},
        ),
    ],
)
def test_target_text_becomes_a_rule_for_the_report_year(
    newer, name, text, kind, fields
):
    target = Target.objects.get(metric__name=name)
    assert (target.period, target.text, target.kind) == ("2024-25", text, kind)
    for field, value in fields.items():
        assert getattr(target, field) == value


def test_every_target_of_the_sample_is_read_and_none_is_warned_about(newer):
    # "To be more representative of the city", once the sample's unread target,
    # is a directional one (issue 15).
    assert not Target.objects.filter(kind="unparsed").exists()
    assert newer.warnings == []


def test_headline_membership_is_recorded_for_the_plan_and_year(newer):
    plan = Plan.objects.get(period="2022-30")
    memberships = HeadlineMembership.objects.filter(plan=plan, report_year="2024-25")
    assert memberships.count() == 9
    first = memberships.order_by("sort_order").select_related("priority").first()
    assert first.metric.name == "Library visits per 1,000 population"
    assert first.priority.title == (
        "Increasing the economic prosperity of the city and region"
    )
    assert not HeadlineMembership.objects.filter(
        metric__name="Freedom of information requests received"
    ).exists()
    # The wider-basket row is still listed in the year's publication.
    listed = OpenDataRow.objects.get(
        metric__name="Freedom of information requests received"
    )
    assert (listed.sort_order, listed.report_year) == (10, "2024-25")


def test_priorities_are_created_once_with_a_kind(newer):
    kinds = dict(
        Priority.objects.filter(plan__period="2022-30").values_list("title", "kind")
    )
    assert kinds == {
        "Increasing the economic prosperity of the city and region": "delivery",
        "Improving outcomes and tackling inequalities within our communities": (
            "delivery"
        ),
        "Tackling the causes and consequences of climate change": "delivery",
        "Continued financial sustainability of the Council": "enabling",
    }


def test_reimporting_the_same_file_changes_nothing(newer_sample, newer):
    before = counts()
    again = import_paths(newer_sample)
    assert counts() == before
    totals = again.totals
    assert totals["metrics_created"] == totals["metrics_updated"] == 0
    assert totals["values_created"] == totals["values_revised"] == 0
    assert totals["values_unchanged"] == 44
    assert totals["comparator_values_created"] == 0
    assert totals["verdicts_recorded"] == 0
    assert totals["targets_set"] == 0
    assert ImportRun.objects.count() == 2


def test_older_sample_imports_into_the_2016_24_plan(older_sample):
    report = import_paths(older_sample)
    assert report.totals["metrics_created"] == 5
    plan = Plan.objects.get(period="2016-24")
    assert (plan.start_year, plan.end_year) == (2016, 2024)
    assert dict(Metric.objects.values_list("name", "good_direction")) == {
        "New business start-ups per 10,000 adults": "up",
        "Anti-social behaviour incidents per 1,000 population": "down",
        "Pupils attending a good or outstanding special school": "up",
        "Sickness absence (days per full-time equivalent)": "down",
        "Referrals to early help": "none",
    }
    asb = HeadlineMembership.objects.select_related("priority", "objective").get(
        metric__name__startswith="Anti-social"
    )
    assert (asb.plan, asb.report_year, asb.sort_order) == (plan, "2018-19", 2)
    assert asb.priority.title == "Locally committed"
    assert asb.objective.title == "Make communities safer"
    assert HeadlineMembership.objects.count() == 4
    assert set(RecordedVerdict.objects.values_list("period", flat=True)) == {"2018-19"}
    assert Target.objects.get(metric__name="Referrals to early help").kind == "none"
    sickness = Target.objects.get(metric__name__startswith="Sickness")
    assert (sickness.kind, sickness.value) == ("threshold", Decimal("8"))
    assert latest("Referrals to early help", "2017-18") is None
    assert set(ComparatorValue.objects.values_list("comparator__name", flat=True)) == {
        "WMCA",
        "Mets",
        "England",
    }
    assert report.warnings == []


def test_both_samples_together_and_again_change_nothing_the_second_time(
    newer_sample, older_sample
):
    import_paths(newer_sample, older_sample)
    before = counts()
    again = import_paths(older_sample, newer_sample)
    assert counts() == before
    assert again.totals["values_created"] == 0
