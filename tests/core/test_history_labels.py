"""The change log reads as people speak: labels, not field names; names, not ids."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from coventry_pm.core.history import change_history, field_label, value_shown
from scorecard.models import Metric, MetricValue, Submission, Target
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "name", "label"),
    [
        (MetricValue, "value_text", "Figure"),
        (Metric, "owner", "Owner"),
        # An id column is labelled as its relation.
        (Metric, "owner_id", "Owner"),
        (Metric, "lead_lag", "Leading or lagging"),
        (Metric, "entry_lag_days", "Days after the period a figure is due"),
        (Metric, "import_run", "Import"),
        # A field with a verbose name of its own keeps it, first letter capital.
        (Metric, "value_kind", "Kind of figure"),
        (Metric, "lg_inform_id", "LG Inform metric ID"),
        (Target, "text", "Target"),
        (Target, "agreed_by", "Agreed by"),
        (Submission, "override_reason", "Why the verdict was overridden"),
    ],
)
def test_a_field_is_labelled_as_a_person_reads_it(model, name, label):
    assert field_label(model, name) == label


def test_a_foreign_key_is_shown_by_the_records_name_not_its_id():
    owner = factories.UserFactory(first_name="Priya", last_name="Shah")
    field = Metric._meta.get_field("owner")
    assert value_shown(field, owner.pk) == "Priya Shah"
    assert value_shown(field, owner) == "Priya Shah"
    assert value_shown(field, None) == "—"


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("lead_lag", "lag", "Lag"),
        ("statutory", True, "Yes"),
        ("similarity_band", Decimal("0.0500"), "0.05"),
        ("ordinal_scale", ["Good", "Fair"], "Good, Fair"),
        ("definition", "", "—"),
    ],
)
def test_a_value_is_shown_as_it_means(name, value, shown):
    assert value_shown(Metric._meta.get_field(name), value) == shown


def test_a_change_of_owner_names_both_people_with_labels():
    before = factories.UserFactory(first_name="Tom", last_name="Reid")
    after = factories.UserFactory(first_name="Priya", last_name="Shah")
    metric = factories.MetricFactory(owner=before)
    metric.owner = after
    metric.lead_lag = Metric.LeadLag.LEAD
    metric.save()

    [change, _created] = change_history(metric.history.all())

    assert sorted(change.fields) == [
        ("Leading or lagging", "Lag", "Lead"),
        ("Owner", "Tom Reid", "Priya Shah"),
    ]


def test_a_new_target_text_is_one_change_not_its_parsed_parts():
    target = factories.TargetFactory(text="At least 90%")
    target.text = "At least 92%"
    target.value = Decimal(92)
    target.save()

    [change, _created] = change_history(target.history.all())

    assert change.fields == [("Target", "At least 90%", "At least 92%")]


def test_the_metric_page_change_log_shows_labels_and_names(insight):
    owner = factories.UserFactory(first_name="Tom", last_name="Reid")
    metric = factories.MetricFactory(owner=owner)
    metric.owner = factories.UserFactory(first_name="Priya", last_name="Shah")
    metric.entry_lag_days = 45
    metric.save()
    client = Client()
    client.force_login(insight)

    body = client.get(reverse("scorecard:metric", args=[metric.code])).content
    page = body.decode()

    assert "Owner: Tom Reid → Priya Shah" in page
    assert "Days after the period a figure is due: 30 → 45" in page
    assert "entry_lag_days" not in page and "entry lag days" not in page
    assert "owner_id" not in page
