"""One way of writing periods, dates and reports wherever people read them (issue 18):
"2025/26", "2025/26 Q2", "2 December 2026", "Annual performance report 2025/26,
version 2". The keys the API and the exports carry stay "2025-26 Q2"."""

from __future__ import annotations

import datetime as dt
import html as html_module
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportRun, ReportSnapshot, report_title
from reports.services.annual import report_run_execute, report_run_start
from scorecard.domain.periods import (
    ANNUAL,
    HALF_YEAR,
    MONTH,
    QUARTER,
    Period,
    period_label,
)
from scorecard.models import Submission
from scorecard.templatetags.formats import confidence_words, similarity_words
from tests import factories
from tests.reports.annual import YEAR, report_data

MONTHS = (
    "April 2025",
    "May 2025",
    "June 2025",
    "July 2025",
    "August 2025",
    "September 2025",
    "October 2025",
    "November 2025",
    "December 2025",
    "January 2026",
    "February 2026",
    "March 2026",
)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period(2025), "2025/26"),
        (Period(1999), "1999/00"),
        (Period(2009), "2009/10"),
        (Period(2099), "2099/00"),
        (Period(2025, HALF_YEAR, 1), "2025/26 H1"),
        (Period(2025, HALF_YEAR, 2), "2025/26 H2"),
        *[(Period(2025, QUARTER, q), f"2025/26 Q{q}") for q in range(1, 5)],
        *[(Period(2025, MONTH, m), MONTHS[m - 1]) for m in range(1, 13)],
    ],
)
def test_every_period_of_every_frequency_has_its_label(period, label):
    assert period.label() == label
    # The key is unchanged, and the label of the key is the label.
    assert period_label(str(period)) == label
    assert period_label(period) == label


def test_every_frequency_is_covered():
    frequencies = {ANNUAL, HALF_YEAR, QUARTER, MONTH}
    for frequency in frequencies:
        assert Period(2024, frequency).label().startswith(("2024/25", "April 2024"))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2025-26", "2025/26"),
        ("2025/26", "2025/26"),
        ("2025-26 Q2", "2025/26 Q2"),
        ("Q2 2025-26", "2025/26 Q2"),
        ("2025-26 H1", "2025/26 H1"),
        ("2025-26 M01", "April 2025"),
        ("2025-26 M10", "January 2026"),
        # Not a financial-year period: shown as it is, never refused.
        ("2023", "2023"),
        ("Mid-2023 estimate", "Mid-2023 estimate"),
        ("2023/24 provisional", "2023/24 provisional"),
        ("2022-30", "2022-30"),
        ("", ""),
        (None, ""),
    ],
)
def test_period_label_reads_keys_and_leaves_other_text(text, label):
    assert period_label(text) == label


def test_the_key_stays_the_stored_form():
    assert str(Period(2025, QUARTER, 2)) == "2025-26 Q2"
    assert str(Period(2025, MONTH, 1)) == "2025-26 M01"


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_templates_write_one_date_format_and_period_label_without_loading():
    moment = timezone.make_aware(dt.datetime(2026, 12, 2, 14, 30))
    assert render("{{ d }}", d=dt.date(2026, 12, 2)) == "2 December 2026"
    assert render("{{ d|date }}", d=dt.date(2026, 12, 2)) == "2 December 2026"
    assert render('{{ t|date:"DATETIME_FORMAT" }}', t=moment) == (
        "2 December 2026, 14:30"
    )
    assert render("{{ t }}", t=moment) == "2 December 2026, 14:30"
    assert render("{{ p|period_label }}", p="2025-26 Q2") == "2025/26 Q2"


def test_the_report_is_named_by_what_it_is():
    assert report_title("2025-26") == "Annual performance report 2025/26"
    assert report_title("2025-26 H1") == "Half-year performance report 2025/26 H1"
    snapshot = ReportSnapshot(period="2025-26", version=2)
    assert snapshot.name == "Annual performance report 2025/26, version 2"


# --------------------------------------------------------------------------------
# The pages people read: the year as "2024/25", never "2024-25".
# --------------------------------------------------------------------------------

KEY = re.compile(r"\b(?:19|20)\d\d-\d\d\b(?!\d)")
RAW_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
SHORT_DATE = re.compile(
    r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{4}\b"
)


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, tags or attribute values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html_module.unescape(page).split())


def assert_reads(page: str, *expected: str) -> None:
    words = visible_text(page).replace("2022-30", "")  # the plan's span, not a year
    for text in expected:
        assert text in words
    around = [words[max(0, m.start() - 60) : m.end() + 20] for m in KEY.finditer(words)]
    assert around == []
    assert SHORT_DATE.findall(words) == []
    assert RAW_KEY.findall(words) == []  # a key such as got_worse, not its label


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture
def data(db):
    return report_data()


@pytest.fixture
def draft(data, insight):
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    return report_run_execute(run_id=run.pk)


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_metric_page_reads_2024_25_as_2024_25_with_a_slash(client, data, insight):
    page = get(client, insight, "/metrics/H1/", year=YEAR)
    assert_reads(page, "2024/25", "2023/24")


def test_the_plan_dashboard_reads_the_year_with_a_slash(client, data, insight):
    url = reverse("scorecard:plan_dashboard")
    page = get(client, insight, url, plan=data.plan.pk, year=YEAR)
    assert_reads(page, "2024/25")


def test_the_public_pages_read_the_year_with_a_slash(client, data):
    page = get(client, None, reverse("performance:overview"), year=YEAR)
    assert_reads(page, "2024/25")
    page = get(client, None, reverse("performance:metric", args=["H1"]), year=YEAR)
    assert_reads(page, "2024/25")


def test_the_report_pages_are_named_by_what_they_are(client, draft, insight):
    page = get(client, insight, draft.get_absolute_url())
    assert_reads(page, "Annual performance report 2024/25, version 1")
    assert "<h1>Annual performance report 2024/25, version 1</h1>" in page
    page = get(client, insight, reverse("reports:report_priority", args=[draft.pk, 1]))
    assert_reads(page, "Annual performance report 2024/25, version 1")
    listing = get(client, insight, reverse("reports:report_list"))
    assert_reads(listing, "Annual performance report 2024/25, version 1")


def test_the_run_page_is_headed_by_the_report_it_makes(client, draft, insight):
    run = draft.run
    page = get(client, insight, run.get_absolute_url())
    assert "<h1>Annual performance report 2024/25, version 1</h1>" in page
    assert f"Run {run.pk}" not in visible_text(page)
    assert_reads(page)


def test_a_run_not_yet_made_is_named_by_the_version_it_will_publish(
    draft, data, insight
):
    draft.status = ReportSnapshot.Status.PUBLISHED
    draft.save()
    run = ReportRun.objects.create(plan=data.plan, period=YEAR, started_by=insight)
    assert run.name == "Annual performance report 2024/25, version 2"


def test_approvals_and_my_updates_read_periods_with_a_slash(client, officer, manager):
    metric = factories.MetricFactory(
        code="HOU001",
        name="Homelessness cases prevented and relieved",
        unit="number",
        frequency="quarter",
        owner=officer,
        team=officer.team,
    )
    factories.SubmissionFactory(
        metric=metric,
        period="2024-25 Q2",
        status=Submission.Status.SUBMITTED,
        created_by=officer,
        submitted_at=timezone.now(),
    )
    page = get(client, manager, reverse("scorecard:approvals"))
    assert_reads(page, "2024/25 Q2")
    page = get(client, officer, reverse("scorecard:my_updates"))
    assert "Homelessness cases prevented and relieved" in page
    assert KEY.findall(visible_text(page)) == []
    assert SHORT_DATE.findall(visible_text(page)) == []


def test_the_metric_page_writes_no_raw_numbers_or_keys(client, data, insight):
    metric = data.metrics["homes"]
    metric.similarity_band = 0
    metric.confidence_level = Decimal("0.95")
    metric.save()
    words = visible_text(get(client, insight, "/metrics/H1/", year=YEAR))
    assert "Confidence level 95% confidence" in words
    assert "Similarity band None: any change counts as improved or got worse" in words
    assert "±0" not in words
    assert "0.95" not in words
    assert RAW_KEY.findall(words) == []


@pytest.mark.parametrize(
    ("band", "relative", "unit", "words"),
    [
        ("0", False, "number", "None: any change counts as improved or got worse"),
        ("0.05", True, "number", "A change of up to 5% of the previous figure"),
        ("2", False, "days", "A change of up to 2 days"),
        ("1.5", False, "%", "A change of up to 1.5 percentage points"),
        ("1000", False, "", "A change of up to 1,000,"),
    ],
)
def test_the_similarity_band_in_words(band, relative, unit, words):
    metric = SimpleNamespace(
        similarity_band=Decimal(band), similarity_relative=relative, unit=unit
    )
    assert words in similarity_words(metric)
    assert "±" not in similarity_words(metric)


@pytest.mark.parametrize(
    ("level", "words"),
    [
        ("0.95", "95% confidence"),
        ("0.998", "99.8% confidence"),
        ("0.9", "90% confidence"),
        (None, "—"),
    ],
)
def test_the_confidence_level_in_words(level, words):
    assert confidence_words(None if level is None else Decimal(level)) == words


def test_the_pdf_reads_periods_and_dates_as_the_pages_do(draft):
    pdfplumber = pytest.importorskip("pdfplumber")
    with draft.pdf.open("rb") as file, pdfplumber.open(file) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    words = " ".join(text.split())
    assert "Annual performance report 2024/25, version 1" in words
    assert "2024/25" in words and "2023/24" in words
    assert KEY.findall(words.replace("2022-30", "")) == []
    assert SHORT_DATE.findall(words) == []


def test_email_names_the_period_and_links_to_the_configured_site(
    settings, officer, manager, mailoutbox
):
    from scorecard.notifications import approval_requested

    settings.SITE_URL = "https://performance.example.org/"
    manager.email = "tom@example.org"
    manager.save()
    metric = factories.MetricFactory(name="Homes built", team=officer.team)
    submission = factories.SubmissionFactory(
        metric=metric, period="2024-25 Q2", status=Submission.Status.SUBMITTED
    )
    approval_requested(submission_id=submission.pk)
    (sent,) = mailoutbox
    assert sent.subject == "Approval requested: Homes built, 2024/25 Q2"
    assert "for 2024/25 Q2." in sent.body
    assert "https://performance.example.org/approvals/" in sent.body
    assert KEY.findall(sent.subject + sent.body) == []


def test_the_report_email_names_the_report(
    settings, draft, insight, cabinet_member, mailoutbox
):
    from reports.models import ReportApprovalRequest
    from reports.services.annual import report_approval_requested_notify

    settings.SITE_URL = "https://performance.example.org"
    cabinet_member.email = "cabinet@example.org"
    cabinet_member.save()
    asked = ReportApprovalRequest.objects.create(
        snapshot=draft, requested_by=insight, requested_at=timezone.now()
    )
    asked.recipients.add(cabinet_member)
    assert report_approval_requested_notify(request_id=asked.pk) == 1
    (sent,) = mailoutbox
    name = "Annual performance report 2024/25, version 1"
    assert sent.subject == f"Approval requested: {name}"
    assert f"the draft {name} and asks" in sent.body
    assert f"https://performance.example.org{draft.get_absolute_url()}" in sent.body


def test_the_site_address_follows_the_port_make_run_serves_on():
    import os
    import subprocess
    import sys

    def site_url(**env: str) -> str:
        environment = {
            k: v for k, v in os.environ.items() if k not in {"SITE_URL", "SITE_PORT"}
        }
        environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.test")
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "from django.conf import settings as s; print(s.SITE_URL)",
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert site_url(SITE_PORT="8105") == "http://127.0.0.1:8105"
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(SITE_URL="https://x.example.org", SITE_PORT="8105") == (
        "https://x.example.org"
    )


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("strategies:plan", "plan", {"year": YEAR}),
        ("scorecard:scorecard", "plan", {"year": YEAR}),
        ("scorecard:service_dashboard", None, {"year": YEAR}),
        ("performance:progress", None, {"year": YEAR}),
        ("performance:schedule", None, {}),
        ("home", None, {}),
    ],
)
def test_more_pages_read_periods_dates_and_keys_as_people_do(
    client, data, insight, name, args, params
):
    url = reverse(name, args=[data.plan.pk] if args else [])
    assert_reads(get(client, insight, url, **params))
