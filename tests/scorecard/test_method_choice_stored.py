"""A metric's choice of methods (issue 15 item 4): set in the admin with a reason,
kept in its history, honoured by the verdict refresh and stamped on the stored
verdicts; a choice without a reason is refused beside its field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from scorecard.domain.assessment import PROGRESS_SETTINGS
from scorecard.domain.readings import READING_SETTINGS
from scorecard.models import CalculatedVerdict, Metric
from scorecard.services.verdicts import calculated_verdicts_refresh
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "The survey's sample changed in 2022: its intervals are not comparable"
YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


def _rising_proportion(**fields):
    """Five years of a proportion whose last step (50.0% → 53.0%, intervals
    overlapping) is similar by the intervals and improved by the change alone."""
    metric = factories.MetricFactory(unit="%", good_direction="up", **fields)
    for year, numerator in zip(YEARS, [400, 440, 470, 500, 530], strict=True):
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            value_text=str(numerator / 10),
            numerator=Decimal(numerator),
            denominator=Decimal(1000),
        )
    return metric


def _stored(metric, period="2024-25"):
    return CalculatedVerdict.objects.get(metric=metric, period=period)


def _admin_data(metric, **changes):
    data = {
        k: ("" if v is None else v)
        for k, v in model_to_dict(metric).items()
        if k not in {"objectives", "id", "ordinal_scale", "supporting_years"}
    }
    data.update(
        {
            "ordinal_scale": "null",
            "supporting_years": "{}",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        }
    )
    data.update(changes)
    return data


def _post(client, metric, **changes):
    return client.post(
        f"/admin/scorecard/metric/{metric.pk}/change/", _admin_data(metric, **changes)
    )


def test_by_the_rule_the_verdict_uses_the_intervals_and_the_trend():
    metric = _rising_proportion()
    stored = _stored(metric)
    assert (stored.method, stored.progress_code) == ("intervals", "intervals_overlap")
    assert "trend" in stored.details
    assert "method_choice" not in stored.details
    assert "method set by the metric" not in stored.progress_reason


def test_a_method_set_without_a_reason_is_refused_on_the_reason_field():
    metric = factories.MetricFactory.build(progress_method="change")
    with pytest.raises(ValidationError) as refused:
        metric.full_clean()
    assert refused.value.message_dict == {
        "method_reason": ["Say why the metric does not leave its methods to the rule."]
    }
    metric.method_reason = "   "
    with pytest.raises(ValidationError) as refused:
        metric.full_clean()
    assert set(refused.value.message_dict) == {"method_reason"}


def test_the_database_refuses_a_method_set_without_a_reason():
    metric = factories.MetricFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Metric.objects.filter(pk=metric.pk).update(trend_method="off")


def test_back_to_the_rule_the_reason_is_cleared():
    metric = factories.MetricFactory(trend_method="off", method_reason=REASON)
    metric.trend_method = "auto"
    metric.full_clean()
    assert metric.method_reason == ""


def test_the_change_only_is_stamped_on_the_stored_verdict_with_its_reason():
    metric = _rising_proportion()
    metric.progress_method = "change"
    metric.method_reason = REASON
    metric.full_clean()
    metric.save()
    calculated_verdicts_refresh(metric_ids=[metric.pk])
    stored = _stored(metric)
    assert (stored.method, stored.progress, stored.progress_code) == (
        "change",
        "improved",
        "changed_better",
    )
    assert stored.progress_reason.endswith(f"; method set by the metric: {REASON}")
    assert stored.details["method_choice"] == {
        "progress": "change",
        "trend": "auto",
        "variation": "auto",
        "reason": REASON,
    }
    assert "trend" in stored.details  # the trend is still the rule's


def test_the_admin_refuses_a_method_without_a_reason_beside_the_field(admin_client):
    metric = _rising_proportion()
    response = _post(admin_client, metric, progress_method="change")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {
        "method_reason": ["Say why the metric does not leave its methods to the rule."]
    }
    page = response.content.decode()
    assert "Please correct the error below." in page
    assert "How the verdicts are reached" in page
    metric.refresh_from_db()
    assert metric.progress_method == "auto"
    assert _stored(metric).method == "intervals"


def test_the_admin_shows_the_choices_with_their_hints(admin_client):
    metric = factories.MetricFactory()
    page = admin_client.get(f"/admin/scorecard/metric/{metric.pk}/change/")
    text = page.content.decode()
    for words in (
        "Progress comparison",
        "Recent trend",
        "Variation (control chart)",
        "Why the methods are set",
        "Required when any method is not left to the rule.",
        "ignoring any intervals",
    ):
        assert words in text, words


def test_setting_a_method_in_the_admin_refreshes_the_verdicts_with_its_reason(
    admin_client,
):
    metric = _rising_proportion()
    response = _post(
        admin_client, metric, progress_method="change", method_reason=REASON
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = _stored(metric)
    assert stored.method == "change"
    assert stored.progress == "improved"
    assert REASON in stored.progress_reason
    assert stored.details["method_choice"]["reason"] == REASON


def test_turning_the_trend_off_removes_it_and_back_to_auto_restores_it(admin_client):
    metric = _rising_proportion()
    trend = _stored(metric).details["trend"]
    response = _post(admin_client, metric, trend_method="off", method_reason=REASON)
    assert response.status_code == 302
    details = _stored(metric).details
    assert "trend" not in details
    assert details["method_choice"] == {
        "progress": "auto",
        "trend": "off",
        "variation": "auto",
        "reason": REASON,
    }
    # The headline comparison is still the rule's: no reason on it.
    assert "method set by the metric" not in _stored(metric).progress_reason
    metric.refresh_from_db()
    response = _post(admin_client, metric, trend_method="auto")
    assert response.status_code == 302
    details = _stored(metric).details
    assert details["trend"] == trend
    assert "method_choice" not in details
    metric.refresh_from_db()
    assert metric.method_reason == ""


def test_turning_the_variation_off_removes_the_control_chart(admin_client):
    metric = factories.MetricFactory(unit="number", good_direction="up")
    for month in range(1, 13):
        factories.MetricValueFactory(
            metric=metric, period=f"2024-25 M{month:02d}", value_text=str(50 + month)
        )
    assert "variation" in _stored(metric).details
    response = _post(admin_client, metric, variation_method="off", method_reason=REASON)
    assert response.status_code == 302
    assert "variation" not in _stored(metric).details


def test_the_history_keeps_who_set_a_method_when_and_what_it_was(admin_client):
    metric = _rising_proportion()
    _post(admin_client, metric, trend_method="off", method_reason=REASON)
    latest, before = metric.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.trend_method, latest.method_reason) == ("off", REASON)
    assert (before.trend_method, before.method_reason) == ("auto", "")
    assert latest.history_user is not None
    assert latest.history_user.is_superuser
    assert latest.history_date is not None


def test_a_new_earlier_figure_refreshes_the_later_years_whose_window_includes_it():
    metric = factories.MetricFactory(unit="%", good_direction="up")
    for year, numerator in zip(YEARS, [400, 440, 470, 500, 530], strict=True):
        if year != YEARS[0]:
            factories.MetricValueFactory(
                metric=metric,
                period=year,
                value_text=str(numerator / 10),
                numerator=Decimal(numerator),
                denominator=Decimal(1000),
            )
    assert _stored(metric).details["trend"]["code"] == "too_few_points"
    factories.MetricValueFactory(
        metric=metric,
        period=YEARS[0],
        value_text="40.0",
        numerator=Decimal(400),
        denominator=Decimal(1000),
    )
    assert _stored(metric).details["trend"]["periods"] == YEARS
    assert _stored(metric, "2023-24").details["trend"]["code"] == "too_few_points"


def test_the_metrics_settings_are_the_engines():
    assert set(Metric.ProgressMethod.values) == set(PROGRESS_SETTINGS)
    assert set(Metric.TrendMethod.values) == set(READING_SETTINGS)
    assert set(Metric.VariationMethod.values) == set(READING_SETTINGS)
