from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from scorecard.services import metric_value_record, target_fields, target_set
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_figure_is_kept_as_written_and_parsed_into_the_unit():
    metric = factories.MetricFactory(unit="£")
    value = metric_value_record(metric=metric, period="2024-25", text="12.4m")
    assert value.value_text == "12.4m"
    assert value.value_number == Decimal("12400000")
    assert value.revision == 1


def test_a_second_figure_for_the_period_is_a_new_revision_not_an_overwrite():
    metric = factories.MetricFactory(unit="%")
    first = metric_value_record(metric=metric, period="2024-25", text="61.2")
    second = metric_value_record(metric=metric, period="2024-25", text="61.5")
    first.refresh_from_db()
    assert (first.revision, first.value_text) == (1, "61.2")
    assert (second.revision, second.value_text) == (2, "61.5")


def test_a_count_gives_numerator_and_denominator():
    metric = factories.MetricFactory(unit="%")
    value = metric_value_record(metric=metric, period="2024-25", text="19 out of 41")
    assert (value.numerator, value.denominator) == (Decimal(19), Decimal(41))


def test_breakdowns_have_their_own_revisions():
    metric = factories.MetricFactory(unit="%")
    metric_value_record(metric=metric, period="2024-25", text="50")
    female = metric_value_record(
        metric=metric,
        period="2024-25",
        text="68.1",
        breakdown="sex",
        breakdown_group="female",
    )
    assert female.revision == 1


def test_a_period_that_cannot_be_read_is_refused():
    with pytest.raises(ValidationError) as error:
        metric_value_record(metric=factories.MetricFactory(), period="2024", text="1")
    assert "2024-25" in error.value.message_dict["period"][0]


def test_a_breakdown_needs_its_group():
    with pytest.raises(ValidationError):
        metric_value_record(
            metric=factories.MetricFactory(),
            period="2024-25",
            text="1",
            breakdown="sex",
        )


def test_setting_a_target_parses_it_with_the_metrics_unit_and_keeps_history():
    metric = factories.MetricFactory(unit="£ millions", good_direction="down")
    target = target_set(metric=metric, period="2024-25", text="<£1.2m")
    assert (target.kind, target.operator, target.value) == (
        "threshold",
        "<",
        Decimal("1.2"),
    )
    target = target_set(metric=metric, period="2024-25", text="Something odd")
    assert target.kind == "unparsed"
    assert target.flag
    assert target.version == 2
    assert target.history.count() == 2


def test_a_target_for_a_period_that_cannot_be_read_is_refused():
    with pytest.raises(ValidationError) as error:
        target_set(metric=factories.MetricFactory(), period="next year", text="95%")
    assert "period" in error.value.message_dict


@pytest.mark.parametrize("text", ["1" + "0" * 40 + "m", "<" + "9" * 20])
def test_a_target_level_too_large_to_store_is_kept_as_text_and_flagged(text):
    # What an import keeps; a person setting it is refused (target_set).
    fields = target_fields(text, unit="£")
    assert (fields["kind"], fields["value"]) == ("unparsed", None)
    assert fields["flag"] == "the target's level is too large to store"
    with pytest.raises(ValidationError) as error:
        target_set(
            metric=factories.MetricFactory(unit="£"), period="2024-25", text=text
        )
    assert "too large" in error.value.message_dict["text"][0]
