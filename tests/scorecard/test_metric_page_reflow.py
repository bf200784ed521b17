"""The metric page reflows on a phone: every table scrolls inside its own box
(`.table-scroll`), so a wide table never widens the page (seen at 390 px: the
recorded verdicts made the page 571 px wide). Each box is a region a keyboard can
reach and a screen reader names (tests/browser/test_reflow.py checks the page in
Chromium)."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_every_table_on_a_metric_page_scrolls_in_its_own_box(client, insight):
    metric = factories.MetricFactory(code="R1", unit="%", good_direction="up")
    for period, value in [("2023-24", "50"), ("2024-25", "55")]:
        factories.MetricValueFactory(metric=metric, period=period, value_text=value)
    factories.TargetFactory(metric=metric, period="2024-25", text="60%")
    factories.RecordedVerdictFactory(
        metric=metric, period="2024-25", progress="improved"
    )
    client.force_login(insight)
    page = client.get(f"/metrics/{metric.code}/", {"year": "2024-25"}).content.decode()
    tables = page.count("<table")
    assert tables >= 4
    boxes = re.findall(
        r'<div class="table-scroll" role="region" aria-label="([^"]+)" tabindex="0">'
        r"\s*<table",
        page,
    )
    assert len(boxes) == tables
    assert all(label.strip() for label in boxes)
