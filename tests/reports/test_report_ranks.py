"""Ranks in the annual report (issue 19, item 4): each metric row's rank in the
group shown for it, frozen into the snapshot; the rank column on the pages and in
the PDF only in a table where some row has a rank; an older snapshot without ranks
still reads; the PDF's tables still add up to the page; and the ranks sentence in
the drafted commentary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from reports.annual import narrative as rules
from reports.annual.pdf import LAYOUT, report_pdf
from reports.models import ReportSnapshot
from scorecard.models import Metric
from tests import factories
from tests.reports.annual import YEAR, report_data
from tests.reports.pdf_layout import layout_problems, page_texts
from tests.reports.test_pdf_layout import generate

pytestmark = pytest.mark.django_db

CIPFA = "CIPFA nearest neighbours"


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture
def data(db):
    """The small report, with Homes built (H1) and Library visits (W1, the wider
    basket) ranked among three CIPFA neighbours; the other metrics are not."""
    found = report_data()
    group = factories.ComparatorGroupFactory(name=CIPFA, kind="cipfa")
    places = [
        factories.PlaceFactory(code=f"E0600002{n}", name=f"Town {n}") for n in (1, 2, 3)
    ]
    factories.GroupVersionFactory(
        group=group, number=2, model_year="2024", from_year="2024-25", places=places
    )
    for key, figures in (("homes", (1000, 1200, 900)), ("wider", (6000, 5000, 4000))):
        metric = found.metrics[key]
        Metric.objects.filter(pk=metric.pk).update(primary_group=group)
        for place, figure in zip(places, figures, strict=True):
            factories.MemberValueFactory(
                metric=metric, place=place, period=YEAR, value_text=str(figure)
            )
    return found


@pytest.fixture
def snapshot(data):
    return generate(data.plan, YEAR)


def test_each_row_keeps_its_rank_in_the_group_shown(snapshot):
    metrics = snapshot.content["metrics"]
    # 1,100 among 1,000, 1,200 and 900: 2nd of 4 (three members and Coventry).
    assert metrics["H1"]["rank"] == {
        "position": 2,
        "out_of": 4,
        "joint": False,
        "quartile": 2,
        "words": "2nd of 4",
        "group": CIPFA,
        "version": "version 2 (2024 model), from 2024/25",
        "period": YEAR,
    }
    assert metrics["H2"]["rank"] is None
    (wider,) = snapshot.content["wider_basket"]
    assert wider["rank"]["words"] == "2nd of 4"
    assert snapshot.content["schema"] == 3


def test_the_rank_column_is_printed_only_where_a_row_has_a_rank(
    client, snapshot, insight
):
    client.force_login(insight)
    pk = snapshot.pk
    homes = client.get(reverse("reports:report_priority", args=[pk, 1]))
    page = homes.content.decode()
    assert '<th scope="col">Rank (group)</th>' in page
    assert '2nd of 4 <span class="caption">among CIPFA nearest neighbours</span>' in (
        page
    )
    # Days waiting is not ranked: a dash in the column.
    waits = re.search(r'data-metric="H2".*?</tr>', page, flags=re.S)
    assert waits is not None and waits.group(0).count("<td>—</td>") == 1
    jobs = client.get(reverse("reports:report_priority", args=[pk, 2])).content
    assert b"Rank (group)" not in jobs
    wider = client.get(reverse("reports:report_wider", args=[pk])).content.decode()
    assert "Rank (group)" in wider and "2nd of 4" in wider


def test_an_older_snapshot_without_ranks_still_reads(client, snapshot, insight):
    content = snapshot.content
    for row in [*content["metrics"].values(), *content["wider_basket"]]:
        del row["rank"]
    content["schema"] = 2
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(content=content)
    snapshot.refresh_from_db()
    client.force_login(insight)
    for url in (
        reverse("reports:report_detail", args=[snapshot.pk]),
        reverse("reports:report_priority", args=[snapshot.pk, 1]),
        reverse("reports:report_wider", args=[snapshot.pk]),
        reverse("reports:report_directorate", args=[snapshot.pk, 0]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Rank (group)" not in response.content, url
    pdf = report_pdf(snapshot)
    assert layout_problems(pdf) == []
    assert "Rank (group)" not in "".join(page_texts(pdf))
    assert not [
        s
        for s in rules.draft(content, rules.PRIORITY, content["priorities"][0])
        if s["rule"] == rules.RULE_RANKS
    ]


def test_the_pdf_prints_the_rank_column_and_stays_on_its_pages(snapshot):
    pdf = report_pdf(snapshot)
    assert layout_problems(pdf) == []
    texts = page_texts(pdf)
    printed = "\n".join(texts)
    assert "Rank (group)" in printed
    assert "2nd of 4" in printed
    assert "among CIPFA" in printed  # the group's name wraps in its column
    # Jobs has no ranked metric: its table has no rank column.
    jobs = next(t for t in texts if "Good work" in t and "Employment rate" in t)
    assert "Rank (group)" not in jobs


def _widths(layout: str) -> list[list[float]]:
    """Every set of column widths in percent a layout file writes."""
    found = []
    for match in re.finditer(r"\(((?:\s*\d+(?:\.\d+)?%\s*,?)+)\)", layout):
        widths = [float(w) for w in re.findall(r"(\d+(?:\.\d+)?)%", match.group(1))]
        if len(widths) > 1:
            found.append(widths)
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in Path(LAYOUT).glob("*.typ")))
def test_every_tables_widths_add_up_to_the_page(name):
    for widths in _widths((Path(LAYOUT) / name).read_text()):
        assert sum(widths) == 100, (name, widths)


def test_the_layout_has_both_sets_of_widths():
    lib = (Path(LAYOUT) / "lib.typ").read_text()
    wider = (Path(LAYOUT) / "section_wider.typ").read_text()
    assert [len(w) for w in _widths(lib)] == [6, 7]
    assert sorted(len(w) for w in _widths(wider)) == [7, 8]


def test_the_drafted_commentary_says_where_the_priority_ranks(snapshot):
    content = snapshot.content
    homes = content["priorities"][0]
    sentences = {s["rule"]: s for s in rules.draft(content, rules.PRIORITY, homes)}
    assert sentences[rules.RULE_RANKS]["text"] == (
        "The one headline metric ranked against a comparator group is Homes "
        "built, 2nd of 4 among CIPFA nearest neighbours, in the second quartile."
    )
    jobs = content["priorities"][1]
    assert rules.RULE_RANKS not in {
        s["rule"] for s in rules.draft(content, rules.PRIORITY, jobs)
    }


def test_the_commentary_page_links_the_rank_to_its_row(client, snapshot, insight):
    client.force_login(insight)
    homes = snapshot.content["priorities"][0]
    page = client.get(
        reverse("reports:narrative", args=[snapshot.pk, rules.PRIORITY, homes["id"]])
    ).content.decode()
    assert "2nd of 4 among CIPFA nearest neighbours" in page
    assert "metric-H1" in page
