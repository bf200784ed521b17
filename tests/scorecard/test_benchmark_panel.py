"""The benchmark panel's selector (scorecard.benchmarking.benchmark_panel), its dot
plot (scorecard.dotplot) and the "How we compare" section of a metric's page."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from scorecard.benchmarking import benchmark_panel
from scorecard.dotplot import Dot, Mark, direction_words, dot_plot
from tests.factories import (
    ChangeStepFactory,
    ComparatorGroupFactory,
    GroupVersionFactory,
    MemberValueFactory,
    MetricFactory,
    MetricValueFactory,
    PlaceFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def make_group(metric, numbers, *, period="2023-24", name="CIPFA nearest neighbours"):
    """A group of towns with ``numbers`` (None: no figure) for ``metric``."""
    towns = [
        PlaceFactory(code=f"E07{len(name):02d}0{n:03d}", name=f"Town {n}")
        for n in range(1, len(numbers) + 1)
    ]
    group = ComparatorGroupFactory(name=name)
    GroupVersionFactory(group=group, number=1, from_year="2020-21", places=towns)
    for town, number in zip(towns, numbers, strict=True):
        if number is not None:
            MemberValueFactory(
                metric=metric,
                place=town,
                period=period,
                value_text=str(number),
                lower_ci=Decimal(number) - 2,
                upper_ci=Decimal(number) + 2,
            )
    return group, towns


@pytest.fixture
def compared():
    """Up is good; Coventry 35; towns 10, 20, 35, 40 and one with no figure."""
    metric = MetricFactory(good_direction="up", name="Adults in work", unit="%")
    MetricValueFactory(metric=metric, period="2023-24", value_text="35")
    group, towns = make_group(metric, [10, 20, 35, 40, None])
    return metric, group, towns


def test_the_panel_ranks_every_place_best_first_and_lists_the_missing(compared):
    metric, group, _ = compared
    panel = benchmark_panel(metric)
    assert panel is not None
    assert panel.group == group and panel.period == "2023-24"
    assert panel.rank.words == "joint 2nd of 5"
    assert [(p.name, p.text, p.rank_words) for p in panel.places] == [
        ("Town 4", "40", "1st of 5"),
        ("Coventry", "35", "joint 2nd of 5"),
        ("Town 3", "35", "joint 2nd of 5"),
        ("Town 2", "20", "4th of 5"),
        ("Town 1", "10", "5th of 5"),
    ]
    assert [p.is_home for p in panel.places] == [False, True, False, False, False]
    assert [p.name for p in panel.missing] == ["Town 5"]
    assert panel.places[0].interval == "38 to 42"
    assert panel.sentence.startswith(
        "Coventry is joint 2nd of 5 in CIPFA nearest neighbours for 2023/24 "
        "(quartile 2 of 4)"
    )


def test_down_is_good_puts_the_lowest_first():
    metric = MetricFactory(good_direction="down")
    MetricValueFactory(metric=metric, period="2023-24", value_text="15")
    make_group(metric, [10, 20, 30])
    panel = benchmark_panel(metric)
    assert panel is not None
    assert [(p.text, p.rank) for p in panel.places] == [
        ("10", 1),
        ("15", 2),
        ("20", 3),
        ("30", 4),
    ]
    assert panel.rank.words == "2nd of 4"


def test_no_direction_runs_highest_first_unranked():
    metric = MetricFactory(good_direction="none")
    MetricValueFactory(metric=metric, period="2023-24", value_text="15")
    make_group(metric, [10, 20])
    panel = benchmark_panel(metric)
    assert panel is not None
    assert [p.text for p in panel.places] == ["20", "15", "10"]
    assert {p.rank_words for p in panel.places} == {""}
    assert panel.rank.words == "not ranked"


def test_a_metric_with_no_standings_has_no_panel():
    assert benchmark_panel(MetricFactory()) is None


def test_the_latest_revision_is_used_and_a_withdrawn_figure_is_not(compared):
    metric, _, towns = compared
    MemberValueFactory(
        metric=metric, place=towns[0], period="2023-24", value_text="50", revision=2
    )
    panel = benchmark_panel(metric)
    assert panel is not None
    assert panel.places[0].name == "Town 1" and panel.places[0].text == "50"


def test_the_shown_group_is_the_default_and_another_can_be_chosen(compared):
    metric, cipfa, _ = compared
    region, _ = make_group(metric, [1, 2], name="West Midlands")
    metric.primary_group = region
    metric.save()
    panel = benchmark_panel(metric)
    assert panel is not None and panel.group == region
    names = [g.name for g in panel.groups]
    assert names == ["CIPFA nearest neighbours", "West Midlands"]
    chosen = benchmark_panel(metric, group=cipfa.pk)
    assert chosen is not None and chosen.group == cipfa
    with pytest.raises(LookupError):
        benchmark_panel(metric, group=cipfa.pk + 100)


def test_a_period_the_group_lacks_falls_back_with_a_notice(compared):
    metric, cipfa, _ = compared
    make_group(metric, [1, 2], period="2022-23", name="Other")
    panel = benchmark_panel(metric, group=cipfa.pk, period="2022-23")
    assert panel is not None and panel.period == "2023-24"
    assert "no standing for 2022/23" in panel.notice
    assert panel.periods == ["2023-24", "2022-23"]


# --- The dot plot ---------------------------------------------------------------


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own markup, in a test


def _dots(svg: str) -> list[ElementTree.Element]:
    root = _parse(svg)
    return [g for g in root.iter(f"{SVG}g") if "dot" in g.get("class", "").split()]


def test_the_plot_has_a_dot_per_place_in_order_with_the_home_area_marked():
    svg = dot_plot(
        dots=[
            Dot("A", "Town A", Decimal(40), Decimal(38), Decimal(42)),
            Dot("E08000026", "Coventry", Decimal(35), is_home=True),
            Dot("B", "Town B", Decimal(20)),
        ],
        direction="up",
        title="Adults in work",
        description="Coventry is 2nd of 3.",
        median=Decimal(30),
        published=Mark("England", Decimal(33)),
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Adults in work. Coventry is 2nd of 3."
    assert root.find(f"{SVG}title").text == "Adults in work"
    assert root.find(f"{SVG}desc").text == "Coventry is 2nd of 3."
    dots = _dots(svg)
    assert [d.get("data-code") for d in dots] == ["A", "E08000026", "B"]
    # The home area: a diamond (a polygon, not a circle) and its name in words.
    assert dots[1].find(f"{SVG}polygon") is not None
    assert dots[0].find(f"{SVG}circle") is not None
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Coventry (us)" in texts
    assert "Higher is better →" in texts
    assert "The group's median: 30" in texts and "England: 33" in texts
    # The interval: a line and two end caps.
    assert len(dots[0].findall(f"{SVG}line")) == 3
    assert dots[2].findall(f"{SVG}line") == []


def test_the_direction_is_in_words():
    assert direction_words("down") == "← Lower is better"
    assert direction_words("none") == "No direction is better"


def test_names_are_escaped():
    svg = dot_plot(
        dots=[Dot("X", "<Town & Co>", Decimal(1))],
        direction="up",
        title='"T" & <t>',
        description="d",
    )
    _parse(svg)  # well-formed
    assert "&lt;Town &amp; Co&gt;" in svg


# --- The page -------------------------------------------------------------------


def _page(client, user, metric, **params):
    client.force_login(user)
    return client.get(reverse("scorecard:metric", args=[metric.code]), params)


def test_the_page_shows_the_standing_and_a_table_matching_the_picture(
    client, employee, compared
):
    metric, _, _ = compared
    response = _page(client, employee, metric)
    assert response.status_code == 200
    html = response.content.decode()
    assert "How we compare" in html
    assert "Coventry is joint 2nd of 5 in CIPFA nearest neighbours" in html
    start = html.index("<svg", html.index('id="how-we-compare"'))
    svg = html[start : html.index("</svg>", start) + len("</svg>")]
    codes = [d.get("data-code") for d in _dots(svg)]
    table = html[html.index('data-testid="benchmark-table"') :]
    table = table[: table.index("</table>")]
    rows = [
        chunk.split('"', 1)[0]
        for chunk in table.split('data-code="')[1:]
        if 'class="missing"' not in chunk.split(">", 1)[0]
    ]
    # Each place with a figure is a row of the table, in the picture's order;
    # the member with no figure is a row of the table only.
    assert codes == rows[: len(codes)]
    assert len(rows) == len(codes) + 1
    assert "No figure" in table and "Town 5" in table
    assert "How this was worked out" in html


def test_a_metric_without_standings_says_why(client, employee):
    metric = MetricFactory()
    html = _page(client, employee, metric).content.decode()
    assert "No comparator group has members with figures for this metric" in html
    assert "As the performance administrator" not in html


def test_the_performance_administrator_is_told_where_to_add_them(client, insight):
    metric = MetricFactory()
    html = _page(client, insight, metric).content.decode()
    assert "As the performance administrator you can add them" in html
    assert f'href="{reverse("scorecard:group_list")}"' in html
    assert f'href="{reverse("reports:benchmark_import")}"' in html


def test_the_group_and_period_are_chosen_by_a_get_form(client, employee, compared):
    metric, _, _ = compared
    region, _ = make_group(metric, [1, 2], name="West Midlands")
    html = _page(client, employee, metric, group=region.pk).content.decode()
    assert "in West Midlands for 2023/24" in html
    assert 'name="group"' in html and 'name="period"' in html


@pytest.mark.parametrize(
    "params", [{"group": "x"}, {"group": "99999"}, {"period": "soon"}]
)
def test_a_group_or_period_that_is_not_there_is_a_404(
    client, employee, compared, params
):
    metric, _, _ = compared
    assert _page(client, employee, metric, **params).status_code == 404


def test_a_partner_reads_the_metric_but_not_where_we_stand(client, partner, compared):
    metric, _, _ = compared
    strategy = StrategyFactory()
    strategy.board_members.add(partner)
    ChangeStepFactory(strategy=strategy).metrics.add(metric)
    response = _page(client, partner, metric)
    assert response.status_code == 200
    assert "How we compare" not in response.content.decode()
