"""The report's SVG charts compare like with like (issue 18): a quarterly metric's
chart draws its quarters alone, and its yearly figure (its year aggregation) beside
the yearly comparators in a second chart; each says in words what its lines are,
on the report's pages and in the PDF; a metric with no figures gets a sentence."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string

from reports.annual import content, pdf, svg
from reports.annual.pdf import report_pdf
from reports.models import ReportSnapshot
from reports.services import annual
from tests import factories
from tests.reports.annual import YEAR, report_data
from tests.reports.pdf_layout import layout_problems, page_texts

pytestmark = pytest.mark.django_db

CUT_OFF = dt.date(2025, 3, 31)
QUARTERS = [f"{year} Q{q}" for year in ("2023-24", "2024-25") for q in (1, 2, 3, 4)]


@pytest.fixture
def quarterly():
    metric = factories.MetricFactory(
        code="HL1", name="Cases prevented", unit="cases", frequency="quarter"
    )
    for period, value in zip(QUARTERS, [280, 290, 300, 290] * 2, strict=True):
        factories.MetricValueFactory(
            metric=metric, period=period, value_text=str(value)
        )
    for period, value in (("2023-24", "1087"), ("2024-25", "1119")):
        factories.ComparatorValueFactory(metric=metric, period=period, value_text=value)
    # A quarter after the report's period is not drawn.
    factories.MetricValueFactory(metric=metric, period="2025-26 Q1", value_text="1")
    return metric


def labels(chart_svg):
    """The x-axis labels of a line chart (the text along its bottom)."""
    return re.findall(
        r'y="274" text-anchor="middle" fill="#333333">([^<]+)<', chart_svg
    )


def polylines(chart_svg):
    return re.findall(r'<polyline points="([^"]+)"', chart_svg)


def test_a_quarterly_metric_s_quarters_are_never_drawn_beside_a_yearly_comparator(
    quarterly,
):
    chart = content._trends([quarterly], CUT_OFF)["HL1"]
    assert chart["periods"] == QUARTERS
    assert [s["name"] for s in chart["series"]] == ["Coventry"]
    assert len(polylines(chart["svg"])) == 1  # Coventry's line alone
    assert "Statistical neighbours" not in chart["svg"].split("</title>", 1)[1]
    assert chart["description"] == (
        "The solid line is Coventry's quarterly figure, 2023/24 Q1 to 2024/25 Q4. "
        "Statistical neighbours publishes yearly figures only, so it is drawn "
        "beside Coventry's yearly figure in the next chart, never beside its "
        "quarters."
    )
    year = chart["year"]
    assert year["periods"] == ["2023-24", "2024-25"]
    assert labels(year["svg"]) == ["2023/24", "2024/25"]
    assert year["series"] == [
        {"name": "Coventry (yearly figure)", "values": ["1,160", "1,160"]},
        {"name": "Statistical neighbours", "values": ["1,087", "1,119"]},
    ]
    assert len(polylines(year["svg"])) == 2
    assert year["description"] == (
        "The solid line is Coventry's yearly figure, 2023/24 to 2024/25, the total "
        "of its 4 quarters; the dashed line is the yearly figure of Statistical "
        "neighbours. A year with a quarter missing has no yearly figure: no year "
        "to date is drawn."
    )


def test_an_incomplete_year_has_no_yearly_figure_and_says_why(quarterly):
    quarterly.values.filter(period="2024-25 Q3").delete()
    year = content._trends([quarterly], CUT_OFF)["HL1"]["year"]
    assert year["series"][0]["values"] == ["1,160", None]
    assert year["notes"] == [
        "2024/25: no yearly figure. 1 period of 4 has no figure, so the year is "
        "incomplete."
    ]


def test_an_annual_metric_keeps_one_chart_with_its_comparators():
    metric = factories.MetricFactory(code="A1", unit="%", frequency="annual")
    for year, value in (("2022-23", "60"), ("2023-24", "61"), ("2024-25", "62")):
        factories.MetricValueFactory(metric=metric, period=year, value_text=value)
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="58")
    chart = content._trends([metric], CUT_OFF)["A1"]
    assert chart["year"] is None
    assert [s["name"] for s in chart["series"]] == [
        "Coventry",
        "Statistical neighbours",
    ]
    assert labels(chart["svg"]) == ["2022/23", "2023/24", "2024/25"]


def test_a_metric_with_no_figures_has_a_sentence_not_a_chart():
    metric = factories.MetricFactory(code="E1", name="Not yet measured")
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="5")
    chart = content._trends([metric], CUT_OFF)["E1"]
    assert chart["svg"] == ""
    assert chart["empty"] == "No figures have been published for this metric yet."
    html = render_to_string(
        "reports/includes/chart.html", {"chart": chart, "caption": metric.name}
    )
    assert "No figures have been published for this metric yet." in html
    assert "<svg" not in html and "<table" not in html


def test_the_report_page_shows_both_charts_with_their_words(quarterly):
    chart = content._trends([quarterly], CUT_OFF)["HL1"]
    html = render_to_string(
        "reports/includes/chart.html", {"chart": chart, "caption": quarterly.name}
    )
    assert html.count("<svg") == 2
    assert html.count('data-testid="chart-description"') == 2
    assert "publishes yearly figures only" in html
    assert "Cases prevented, each year's figure" in html
    assert '<th scope="col" class="num">2023/24 Q1</th>' in html


def test_a_snapshot_frozen_before_the_words_still_shows_its_chart():
    old = {
        "periods": ["2023-24"],
        "series": [{"name": "Coventry", "values": ["5"]}],
        "svg": svg.line_chart(
            title="t", unit="", periods=["2023-24"], lines=[], description="d"
        ),
    }
    html = render_to_string(
        "reports/includes/chart.html", {"chart": old, "caption": "Homes built"}
    )
    assert "Homes built: The figures are in the table below." in html
    assert '<th scope="col" class="num">2023/24</th>' in html


def test_the_pdf_captions_say_what_the_lines_are(quarterly):
    charts = content._trends([quarterly], CUT_OFF)
    rows = [{"code": "HL1", "metric": "Cases prevented", "unit": "cases"}]
    drawn = pdf._charts({"charts": charts}, rows)
    assert [c["caption"] for c in drawn] == [
        f"Cases prevented (cases): {charts['HL1']['description']}",
        f"Cases prevented (cases): {charts['HL1']['year']['description']}",
    ]
    empty = {"E1": content._trends([factories.MetricFactory(code="E1")], CUT_OFF)["E1"]}
    assert (
        pdf._charts({"charts": empty}, [{"code": "E1", "metric": "m", "unit": ""}])
        == []
    )


def test_the_pdf_prints_both_charts_with_their_words_and_nothing_off_the_page(
    quarterly, insight
):
    data = report_data()
    factories.HeadlineMembershipFactory(
        plan=data.plan, report_year=YEAR, metric=quarterly, priority=data.homes
    )
    run = annual.report_run_start(
        plan=data.plan, period=YEAR, user=insight, enqueue=False
    )
    snapshot = annual.report_run_execute(run_id=run.pk)
    assert snapshot is not None
    document = report_pdf(ReportSnapshot.objects.get(pk=snapshot.pk))
    words = " ".join(" ".join(page_texts(document)).split())
    assert "Cases prevented (cases): The solid line is Coventry's quarterly" in words
    assert (
        "Cases prevented (cases): The solid line is Coventry's yearly figure, "
        "2023/24 to 2024/25, the total of its 4 quarters"
    ) in words
    assert layout_problems(document) == []


def test_a_year_with_no_figure_writes_its_words_inside_the_chart():
    """The year-by-year bars: a year with nothing directional has no bar, and its
    words start in the empty track, so a long phrase stays inside the picture
    (written after the track, it ran past the right edge)."""
    drawn = svg.bar_chart(
        title="Improved or similar",
        bars=[
            ("2024/25", 60.0, "60% (6/10)"),
            ("2025/26", None, "no directional metrics"),
        ],
        description="Each year's share.",
    )
    starts = {
        text: float(x)
        for x, text in re.findall(r'<text x="([\d.]+)"[^>]*>([^<]+)</text>', drawn)
    }
    # At most 7.5 px a character at 13 px Arial, a generous bound.
    for text in ("60% (6/10)", "no directional metrics"):
        assert starts[text] + 7.5 * len(text) <= svg.WIDTH, text
    assert starts["no directional metrics"] < starts["60% (6/10)"]
