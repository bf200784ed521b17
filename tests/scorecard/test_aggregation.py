"""How in-year figures make a year's figure (scorecard.domain.aggregation): every
kind × complete, incomplete, empty and None values, a ratio's zero denominator,
the default from the unit and the refusal of a summed percentage."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scorecard.domain.aggregation import (
    PeriodFigure,
    YearAggregation,
    YearFigure,
    aggregation_refusal,
    default_aggregation,
    ratio_scale,
    year_figure,
    year_figures,
)
from scorecard.models import Metric
from tests import factories

D = Decimal
Q = [D(10), D(20), D(30), D(40)]  # a year of four quarters
NUM = [D(1), D(2), D(3), D(4)]
DEN = [D(10), D(10), D(20), D(10)]

# (aggregation, values, numerators, denominators, expected value, reason contains)
CASES = [
    # complete years
    ("sum", Q, None, None, D(100), ""),
    ("mean", Q, None, None, D(25), ""),
    ("latest", Q, None, None, D(40), ""),
    ("ratio", Q, NUM, DEN, D(10) / D(50), ""),
    # a quarter missing in the middle (None)
    ("sum", [D(10), None, D(30), D(40)], None, None, None, "1 period of 4 has no"),
    ("mean", [D(10), None, D(30), D(40)], None, None, None, "1 period of 4 has no"),
    ("latest", [D(10), None, D(30), D(40)], None, None, D(40), ""),
    (
        "ratio",
        Q,
        [D(1), None, D(3), D(4)],
        DEN,
        None,
        "1 period of 4 lacks a numerator",
    ),
    # the year so far: the later quarters not yet published (a shorter list)
    ("sum", Q[:2], None, None, None, "2 periods of 4 have no figure"),
    ("mean", Q[:3], None, None, None, "1 period of 4 has no figure"),
    ("latest", Q[:3], None, None, None, "last period has no figure"),
    ("ratio", Q[:2], NUM[:2], DEN[:2], None, "2 periods of 4 lack"),
    # the last quarter alone is what latest needs
    ("latest", [None, None, None, D(7)], None, None, D(7), ""),
    # empty years
    ("sum", [], None, None, None, "No period of the year has a figure"),
    ("mean", [], None, None, None, "No period of the year has a figure"),
    ("latest", [], None, None, None, "last period has no figure"),
    ("ratio", [], None, None, None, "no numerators and denominators"),
    # every value None
    ("sum", [None] * 4, None, None, None, "No period of the year has a figure"),
    ("mean", [None] * 4, None, None, None, "No period of the year has a figure"),
    ("latest", [None] * 4, None, None, None, "last period has no figure"),
    ("ratio", [None] * 4, [None] * 4, [None] * 4, None, "no numerators"),
    # a ratio: figures without numerators, and denominators adding up to zero
    ("ratio", Q, None, None, None, "no numerators and denominators"),
    ("ratio", Q, NUM, [D(0)] * 4, None, "denominators add up to zero"),
    ("ratio", Q, [D(0)] * 4, [D(0)] * 4, None, "denominators add up to zero"),
    ("ratio", Q, [D(0)] * 4, DEN, D(0), ""),
    # zero and negative figures are figures
    ("sum", [D(0), D(-5), D(5), D(0)], None, None, D(0), ""),
    ("mean", [D(0), D(0), D(0), D(0)], None, None, D(0), ""),
    ("latest", [D(1), D(2), D(3), D(0)], None, None, D(0), ""),
]


@pytest.mark.parametrize(
    ("aggregation", "values", "numerators", "denominators", "value", "reason"), CASES
)
def test_the_year_figure(aggregation, values, numerators, denominators, value, reason):
    figure = year_figure(
        aggregation,
        values,
        numerators=numerators,
        denominators=denominators,
        expected_periods=4,
    )
    assert figure.value == value
    assert figure.complete is (value is not None)
    if value is None:
        assert reason and reason in figure.reason
    else:
        assert figure.reason == ""


@pytest.mark.parametrize("aggregation", list(YearAggregation))
def test_an_annual_metric_s_year_is_its_one_figure(aggregation):
    figure = year_figure(
        aggregation, [D(62)], numerators=[D(31)], denominators=[D(50)],
        expected_periods=1, scale=D(100),
    )  # fmt: skip
    assert figure.value == D(62)


def test_a_ratio_is_put_on_the_unit_s_scale():
    figure = year_figure(
        "ratio", Q, numerators=NUM, denominators=DEN, scale=ratio_scale("%")
    )
    assert figure.value == D(20)  # 100 × 10 / 50, not the mean of 10%, 20% …


@pytest.mark.parametrize(
    ("unit", "scale"),
    [("%", 100), ("% of pupils", 100), ("rate per 1,000 population", 1000),
     ("per 100k", 100000), ("cases", 1), ("", 1)],
)  # fmt: skip
def test_the_ratio_scale(unit, scale):
    assert ratio_scale(unit) == D(scale)


def test_monthly_years_need_twelve_months():
    months = [D(1)] * 11
    assert year_figure("sum", months, expected_periods=12).value is None
    assert year_figure("sum", [*months, D(1)], expected_periods=12).value == D(12)


def test_more_figures_than_periods_is_a_mistake_not_a_year():
    with pytest.raises(ValueError, match="5 figures given for a year of 4"):
        year_figure("sum", [D(1)] * 5, expected_periods=4)
    with pytest.raises(ValueError):
        year_figure("median", Q)


def test_year_figures_groups_periods_into_years():
    figures = [
        PeriodFigure(f"2023-24 Q{i}", D(i), D(i), D(10)) for i in (1, 2, 3, 4)
    ] + [
        PeriodFigure("2024-25 Q1", D(5)),
        PeriodFigure("2025-26 Q1", D(6)),
        # A figure published for the year itself (an outturn) is its figure.
        PeriodFigure("2025-26", D(999)),
        PeriodFigure("2022-23", D(40)),
        PeriodFigure("2021-22", None),  # no figure: not a published one
        PeriodFigure("2024-25 M01", D(1)),  # another frequency
        PeriodFigure("not a period", D(1)),
    ]
    assert year_figures("sum", figures, frequency="quarter") == [
        ("2022-23", YearFigure(D(40))),
        ("2023-24", year_figure("sum", [D(1), D(2), D(3), D(4)])),
        ("2024-25", year_figure("sum", [D(5), None, None, None])),
        ("2025-26", YearFigure(D(999))),
    ]
    [_, (_, ratio), *_] = year_figures(
        "ratio", figures, frequency="quarter", scale=D(100)
    )
    assert ratio.value == D(25)  # 100 × 10 / 40
    # Months fill their own year; an out-of-order list is put in order.
    months = [PeriodFigure(f"2024-25 M{m:02d}", D(m)) for m in range(12, 0, -1)]
    [(year, figure)] = year_figures("latest", months, frequency="month")
    assert (year, figure.value) == ("2024-25", D(12))
    # An annual metric's years are its figures.
    assert year_figures(
        "sum",
        [PeriodFigure("2023-24", D(3)), PeriodFigure("2024-25", None)],
        frequency="annual",
    ) == [
        ("2023-24", YearFigure(D(3))),
        ("2024-25", year_figure("sum", [None], expected_periods=1)),
    ]


@pytest.mark.parametrize(
    ("unit", "value_kind", "statistic", "expected"),
    [
        ("%", "number", "auto", "mean"),
        ("% of pupils", "number", "auto", "mean"),
        ("per cent", "number", "auto", "mean"),
        ("%", "count", "auto", "ratio"),  # x out of y
        ("rate per 10,000 population", "number", "auto", "mean"),
        ("days per FTE", "number", "auto", "mean"),
        ("% change", "number", "auto", "mean"),
        ("percentage points", "number", "auto", "mean"),
        ("number", "number", "auto", "sum"),
        ("cases", "number", "auto", "sum"),
        ("£", "number", "auto", "sum"),
        ("", "number", "count", "sum"),
        ("", "number", "proportion", "mean"),
        ("", "number", "rate", "mean"),
        ("Ofsted rating", "number", "auto", "latest"),
        ("years", "number", "auto", "mean"),  # life expectancy
        ("average days", "number", "auto", "mean"),
        ("score", "number", "auto", "mean"),
        ("days", "number", "auto", "sum"),
        ("", "grade", "auto", "latest"),
        ("", "text", "auto", "latest"),
    ],
)
def test_the_default_from_the_unit(unit, value_kind, statistic, expected):
    assert (
        default_aggregation(unit=unit, value_kind=value_kind, statistic=statistic)
        == expected
    )


@pytest.mark.parametrize(
    ("aggregation", "unit", "value_kind", "refused"),
    [
        ("sum", "%", "number", "never summed"),
        ("sum", "% of pupils", "count", "never summed"),
        ("sum", "rate per 1,000", "number", "never summed"),
        ("sum", "cases", "number", None),
        ("mean", "%", "number", None),
        ("ratio", "%", "number", None),
        ("latest", "%", "number", None),
        ("mean", "", "grade", "only from the latest"),
        ("latest", "", "grade", None),
        ("median", "", "number", "Choose sum, mean, latest or ratio"),
    ],
)
def test_the_refusals(aggregation, unit, value_kind, refused):
    reason = aggregation_refusal(aggregation, unit=unit, value_kind=value_kind)
    if refused is None:
        assert reason is None
    else:
        assert reason and refused in reason


@pytest.mark.django_db
def test_a_metric_takes_the_rule_s_aggregation_unless_it_sets_one():
    assert factories.MetricFactory(unit="%").year_aggregation == "mean"
    assert factories.MetricFactory(unit="cases").year_aggregation == "sum"
    chosen = factories.MetricFactory(unit="cases", year_aggregation="latest")
    assert chosen.year_aggregation == "latest"


@pytest.mark.django_db
def test_a_metric_refuses_a_summed_percentage():
    metric = factories.MetricFactory(unit="%")
    metric.year_aggregation = "sum"
    with pytest.raises(ValidationError) as refused:
        metric.full_clean()
    assert "never summed" in str(refused.value.message_dict["year_aggregation"])


@pytest.mark.django_db
def test_the_database_refuses_a_summed_percentage_too():
    metric = factories.MetricFactory(unit="% of pupils")
    with pytest.raises(IntegrityError), transaction.atomic():
        Metric.objects.filter(pk=metric.pk).update(year_aggregation="sum")


def proposal(**fields):
    return {
        "name": "Homeless households in temporary accommodation",
        "unit": "%",
        "perspective": "outcomes",
        "metric_type": "outcome",
        "lead_lag": "lag",
        "nature": "quantitative",
        "value_kind": "number",
        "delivery_mode": "provides",
        "good_direction": "down",
        "frequency": "quarter",
        **fields,
    }


@pytest.mark.django_db
def test_the_proposal_form_refuses_a_summed_percentage(client, officer):
    client.force_login(officer)
    html = client.post(
        "/metrics/propose/", proposal(year_aggregation="sum")
    ).content.decode()
    assert "A percentage or rate is never summed" in html
    assert not Metric.objects.filter(unit="%", frequency="quarter").exists()


@pytest.mark.django_db
def test_the_proposal_form_leaves_a_blank_aggregation_to_the_rule(client, officer):
    client.force_login(officer)
    page = client.get("/metrics/propose/").content.decode()
    assert "Set from the unit (the rule)" in page
    response = client.post("/metrics/propose/", proposal(year_aggregation=""))
    assert response.status_code == 302
    assert Metric.objects.get(frequency="quarter").year_aggregation == "mean"
    client.post("/metrics/propose/", proposal(unit="cases", year_aggregation="latest"))
    assert Metric.objects.get(unit="cases").year_aggregation == "latest"


@pytest.mark.django_db
def test_metrics_written_in_bulk_take_the_rule_s_aggregation_too():
    from scorecard.services.bulk import metrics_create_bulk

    metrics_create_bulk(
        metrics=[
            Metric(code="B1", name="Share", unit="%"),
            Metric(code="B2", name="Cases", unit="cases"),
            Metric(code="B3", name="Set", unit="cases", year_aggregation="latest"),
        ]
    )
    assert dict(
        Metric.objects.filter(code__startswith="B").values_list(
            "code", "year_aggregation"
        )
    ) == {"B1": "mean", "B2": "sum", "B3": "latest"}
