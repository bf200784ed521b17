"""The report's PDF (issue 18, item 1): A4 pages whose text stays on the page and
never overprints, a contents page, the title, version, date and status on every
page, the status printed again on each change of state, and no empty sections."""

from __future__ import annotations

import datetime as dt
import re

import pdfplumber
import pytest
import typst
from django.core.management import call_command

from reports.annual.pdf import report_pdf, status_line
from reports.models import ReportSnapshot
from reports.services import annual
from scorecard.selectors import plan_covering
from tests.reports.annual import YEAR, report_data
from tests.reports.pdf_layout import layout_problems, page_texts

A4 = (595.3, 841.9)


@pytest.fixture
def data(db):
    return report_data()


def generate(plan, period, user=None, note="") -> ReportSnapshot:
    run = annual.report_run_start(
        plan=plan, period=period, user=user, change_note=note, enqueue=False
    )
    snapshot = annual.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert snapshot is not None, run.error
    return ReportSnapshot.objects.get(pk=snapshot.pk)


def pdf_of(snapshot: ReportSnapshot) -> bytes:
    snapshot.refresh_from_db()
    with snapshot.pdf.open("rb") as file:
        return file.read()


def without_status(texts: list[str], status: str) -> list[str]:
    return [text.replace(status, "<status>") for text in texts]


# The checker itself: it must find what the issue found.


def _typeset(body: str) -> bytes:
    return typst.compile(
        ("#set page(width: 200pt, height: 100pt, margin: 20pt)\n" + body).encode()
    )


def test_the_checker_passes_text_that_stays_on_the_page_apart():
    assert layout_problems(_typeset("Not available None set\n\nTo increase")) == []


def test_the_checker_finds_text_off_the_page():
    problems = layout_problems(_typeset("#place(dx: 150pt)[Target status]"))
    assert problems
    assert all("outside the page" in str(p) for p in problems)
    assert {p.page for p in problems} == {1}


def test_the_checker_finds_text_printed_over_text():
    # The issue: Progress overprinted Target ("Not availableNone set").
    problems = layout_problems(
        _typeset("#place(dx: 0pt)[Not available]#place(dx: 30pt)[None set]")
    )
    assert problems
    assert all("overlap" in str(p) for p in problems)


def test_a_kerned_pair_is_not_an_overlap():
    assert layout_problems(_typeset("#text(size: 14pt)[Target To Vote AVAWAY]")) == []


# What the status line says.


@pytest.mark.parametrize(
    ("status", "published_at", "replaced_by", "expected"),
    [
        ("draft", None, None, "Draft"),
        ("approved", None, None, "Approved, not yet published"),
        ("published", dt.datetime(2026, 12, 2, 9), None, "Published 2 December 2026"),
        ("published", None, None, "Published"),
        ("superseded", None, 2, "Replaced by version 2"),
        ("superseded", None, None, "Replaced by a correction"),
    ],
)
def test_the_status_line(status, published_at, replaced_by, expected):
    assert (
        status_line(status, published_at=published_at, replaced_by=replaced_by)
        == expected
    )


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="not a report status"):
        status_line("lost")


# The small report.


def test_the_pdf_stays_on_its_a4_pages(data):
    snapshot = generate(data.plan, YEAR)
    pdf = pdf_of(snapshot)
    assert layout_problems(pdf) == []
    with pdfplumber.open(snapshot.pdf.path) as document:
        assert {(round(p.width, 1), round(p.height, 1)) for p in document.pages} == {A4}


def test_every_page_has_the_title_version_date_status_and_its_number(data):
    snapshot = generate(data.plan, YEAR)
    texts = page_texts(pdf_of(snapshot))
    date = dt.datetime.fromisoformat(snapshot.content["generated_at"])
    running = f"{snapshot.title}, version 1, {date.day} {date:%B %Y}"
    for number, text in enumerate(texts, start=1):
        assert running in text, number
        assert text.splitlines()[0].endswith("Draft"), number
        assert f"Page {number} of {len(texts)}" in text


def test_the_contents_page_gives_each_sections_page(data):
    texts = page_texts(pdf_of(generate(data.plan, YEAR)))
    contents = next(t for t in texts if "\nContents\n" in t)
    entries = re.findall(r"^(.+?) ?\.{3,} ?(\d+)$", contents, flags=re.M)
    titles = [title.strip() for title, _ in entries]
    assert titles == [
        "Summary",
        "1. Homes",
        "2. Jobs",
        "By directorate",  # one entry; its first page is "No directorate" here
        "Inequalities",
        "Appendix: the wider basket",
        "How this report is made",
    ]
    for title, page in entries:
        body = texts[int(page) - 1].splitlines()[1:]  # below the running header
        assert title.strip() in body, (title, page)
    # The view by directorate opens on its first directorate.
    by_directorate = int(dict(entries)["By directorate"])
    assert "No directorate" in texts[by_directorate - 1].splitlines()


def test_the_report_keeps_its_sections_and_prints_no_empty_one(data):
    texts = "\n".join(page_texts(pdf_of(generate(data.plan, YEAR))))
    for expected in (
        "At a glance",
        "A family rehoused",  # the case study
        "Homes built",
        "Employment rate (%) by sex",  # an inequality
        "Library visits",  # the wider basket
        "Progress symbols",  # the method
    ):
        assert expected in texts, expected
    for empty in ("No metrics to show", "Measures off target"):
        assert empty not in texts, empty


def test_the_measures_off_target_print_when_the_content_has_them(data):
    snapshot = generate(data.plan, YEAR)
    snapshot.content["exceptions"] = [
        {
            "metric": "Days waiting",
            "commentary": "Waits rose with demand.",
            "plan": "Two more caseworkers from May.",
        }
    ]
    texts = page_texts(report_pdf(snapshot))
    joined = "\n".join(texts)
    assert "Measures off target" in texts[1]  # in the contents
    assert "Two more caseworkers from May." in joined


def test_a_priority_with_nothing_to_show_is_left_out(data):
    snapshot = generate(data.plan, YEAR)
    jobs = snapshot.content["priorities"][1]
    for objective in jobs["objectives"]:
        objective["metrics"] = []
    jobs["unplaced"], jobs["case_studies"], jobs["narrative"] = [], [], ""
    joined = "\n".join(page_texts(report_pdf(snapshot)))
    assert "1. Homes" in joined
    assert "2. Jobs" not in joined


# The status, printed again on the worker at each change of state.


def test_each_change_of_state_prints_the_pdf_again_with_only_its_status_changed(
    data, insight, cabinet_member, django_capture_on_commit_callbacks
):
    draft = generate(data.plan, YEAR, insight)
    before = page_texts(pdf_of(draft))
    with django_capture_on_commit_callbacks(execute=True):
        annual.report_approve(snapshot=draft, user=insight)
    assert page_texts(pdf_of(draft)) == before  # still a draft
    with django_capture_on_commit_callbacks(execute=True) as queued:
        annual.report_approve(snapshot=draft, user=cabinet_member)
    assert queued  # the re-print goes to the worker once this commits
    approved = page_texts(pdf_of(draft))
    assert approved != before
    assert without_status(approved, "Approved, not yet published") == without_status(
        before, "Draft"
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = annual.report_publish(snapshot=draft, user=insight)
    line = status_line("published", published_at=published.published_at)
    assert pdf_of(draft)[:5] == b"%PDF-"
    assert without_status(page_texts(pdf_of(draft)), line) == without_status(
        before, "Draft"
    )
    assert draft.pdf.name.endswith("-v1-published.pdf")


def test_a_published_report_replaced_by_a_correction_says_so_on_every_page(
    data, insight, cabinet_member, django_capture_on_commit_callbacks
):
    def publish(snapshot):
        with django_capture_on_commit_callbacks(execute=True):
            annual.report_approve(snapshot=snapshot, user=insight)
            annual.report_approve(snapshot=snapshot, user=cabinet_member)
            annual.report_publish(snapshot=snapshot, user=insight)

    first = generate(data.plan, YEAR, insight)
    publish(first)
    second = generate(data.plan, YEAR, insight, note="Homes built revised.")
    publish(second)
    texts = page_texts(pdf_of(first))
    assert all(t.splitlines()[0].endswith("Replaced by version 2") for t in texts)
    assert all("version 1," in t for t in texts)


def test_a_print_overtaken_by_a_later_change_is_not_kept(data, insight, monkeypatch):
    draft = generate(data.plan, YEAR, insight)
    name = draft.pdf.name
    printing = annual.report_pdf

    def while_it_prints(snapshot, **kwargs):
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(status="approved")
        return printing(snapshot, **kwargs)

    monkeypatch.setattr(annual, "report_pdf", while_it_prints)
    assert annual.report_pdf_rerender(snapshot_id=draft.pk) is False
    draft.refresh_from_db()
    assert draft.pdf.name == name  # the approval's own print replaces it


# The demo and the scale.


@pytest.mark.slow
def test_the_demo_report_stays_on_its_pages(db):
    from demo.loader import load_demo
    from demo.timeline import REFERENCE_DAY

    load_demo(today=REFERENCE_DAY)
    year = "2025-26"
    snapshot = generate(plan_covering(year), year)
    assert layout_problems(pdf_of(snapshot)) == []


@pytest.mark.slow
def test_a_report_of_2000_metrics_stays_on_its_pages(db):
    call_command("seed_benchmark", metrics=2000, years=4, verbosity=0)
    call_command("reassess", all=True, here=True, verbosity=0)
    year = "2025-26"
    snapshot = generate(plan_covering(year), year)
    assert len(snapshot.content["wider_basket"]) == 1925
    pdf = pdf_of(snapshot)
    assert layout_problems(pdf) == []
    texts = page_texts(pdf)
    last_metric = snapshot.content["wider_basket"][-1]["metric"]
    assert any(last_metric in text for text in texts[-6:])  # the whole appendix


def test_a_print_of_a_report_replaced_by_a_new_run_is_dropped(data, insight):
    draft = generate(data.plan, YEAR, insight)
    pk = draft.pk
    generate(data.plan, YEAR, insight)  # a new run replaces the draft
    assert not ReportSnapshot.objects.filter(pk=pk).exists()
    assert annual.report_pdf_rerender(snapshot_id=pk) is False
