"""The metric page's proposal buttons come from the workflow's allowed_actions:
nobody is offered a step they would be refused."""

import pytest
from django.urls import reverse

from scorecard.models import Metric, Target
from tests import factories

pytestmark = pytest.mark.django_db

ENDORSE = 'value="endorse"'
AGREE = 'value="agree"'
WITHDRAW = 'value="withdraw"'


@pytest.fixture
def proposal(manager, cabinet_member, housing_team):
    """A metric the service's manager proposed himself."""
    return factories.MetricFactory(
        code="NEW1",
        team=housing_team,
        portfolio=cabinet_member.portfolios.get(),
        status=Metric.Status.PROPOSED,
        proposed_by=manager,
    )


def page(client, user, metric):
    client.force_login(user)
    return client.get(reverse("scorecard:metric", args=[metric.code])).text


def test_the_proposer_may_withdraw_but_not_endorse_his_own(client, manager, proposal):
    text = page(client, manager, proposal)
    assert ENDORSE not in text
    assert WITHDRAW in text


def test_the_performance_administrator_endorses_the_managers_proposal(
    client, insight, proposal
):
    text = page(client, insight, proposal)
    assert ENDORSE in text
    assert WITHDRAW not in text


def test_the_cabinet_member_agrees_once_endorsed(
    client, cabinet_member, insight, proposal
):
    assert AGREE not in page(client, cabinet_member, proposal)
    Metric.objects.filter(pk=proposal.pk).update(
        status=Metric.Status.ENDORSED, endorsed_by=insight
    )
    assert AGREE in page(client, cabinet_member, proposal)


def test_withdrawing_through_the_page(client, manager, proposal):
    client.force_login(manager)
    response = client.post(
        reverse("scorecard:metric_decide", args=[proposal.code]),
        {"decision": "withdraw", "version": proposal.version},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Metric.Status.WITHDRAWN
    assert WITHDRAW not in page(client, manager, proposal)


def test_a_proposed_targets_buttons(client, officer, manager, cabinet_member):
    metric = factories.MetricFactory(
        code="HO2",
        team=officer.team,
        portfolio=cabinet_member.portfolios.get(),
    )
    target = factories.TargetFactory(
        metric=metric, period="2026-27", text="60%", status=Target.Status.PROPOSED
    )
    Target.objects.filter(pk=target.pk).update(set_by=officer)
    assert ENDORSE in page(client, manager, metric)
    officer_page = page(client, officer, metric)
    assert ENDORSE not in officer_page
    assert WITHDRAW in officer_page
    assert ENDORSE not in page(client, cabinet_member, metric)
