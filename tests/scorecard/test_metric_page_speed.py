"""The metric page (issue 14 item 6): what every reader sees alike is built once
per version of the data and shared (scorecard.views.pages.metric_detail). Its
queries stay flat as metrics, figures, targets, people and histories grow, built
or shared; the next request after a figure is approved, a target agreed, a draft
saved or a comment added shows it; and what depends on who asks (links, forms,
the CSP nonce) is never shared."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import Metric, Target
from scorecard.services import (
    comment_add,
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
    target_agree,
    target_endorse,
    target_propose,
)
from tests import factories

# Query counts at scale (the same queries for many records as for few): a
# whole-system check, left out by make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
YEAR = "2024-25"


@pytest.fixture
def plan():
    plan = factories.PlanFactory()
    factories.PriorityFactory(plan=plan, title="Housing for all")
    return plan


@pytest.fixture
def metric(plan, officer, cabinet_member):
    metric = factories.MetricFactory(
        code="H1",
        name="Homes let",
        team=officer.team,
        portfolio=cabinet_member.portfolios.get(),
    )
    factories.HeadlineMembershipFactory(
        plan=plan, metric=metric, priority=plan.priorities.get(), report_year=YEAR
    )
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="60")
    return metric


def _page(client, person, metric: Metric, year: str = YEAR):
    client.force_login(person)
    response = client.get(f"/metrics/{metric.code}/", {"year": year})
    assert response.status_code == 200
    return response


def _queries(client, metric: Metric, *, shared: bool) -> int:
    """The queries of one request, with the shared part built (``shared``) or not."""
    url = f"/metrics/{metric.code}/?year={YEAR}"
    cache.clear()
    if shared:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(metric: Metric, plan, officer, manager, cabinet_member, years) -> None:
    """Some of everything the page shows for each of ``years``, naming people:
    figures entered by someone (a revision, a breakdown, a draft), targets endorsed
    and agreed (with their history), comparators, recorded verdicts, comments,
    strategies using the metric, case studies."""
    comparator = factories.ComparatorFactory(name="England")
    for year in years:
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            # A revision where the year has a figure already.
            revision=metric.values.filter(period=year).count() + 1,
            value_text="55",
            entered_by=officer,
        )
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            breakdown="sex",
            breakdown_group="Female",
            value_text="54",
            entered_by=officer,
        )
        target = factories.TargetFactory(
            metric=metric,
            period=year,
            text="55%",
            status=Target.Status.AGREED,
            endorsed_by=manager,
            agreed_by=cabinet_member,
        )
        # A change in the target's history. (Not of who endorsed or agreed it:
        # coventry_pm.core.history reads the people a change names once a target.)
        target.text = "60%"
        target.save()
        factories.ComparatorValueFactory(
            comparator=comparator, metric=metric, period=year, value_text="48"
        )
        factories.RecordedVerdictFactory(
            metric=metric,
            period=year,
            progress="improved",
            plan=plan,
            recorded_by=manager,
        )
        comment_add(user=officer, metric=metric, text=f"On {year}")
        factories.ChangeStepFactory().metrics.add(metric)
        factories.CaseStudyFactory().metrics.add(metric)
    if YEAR in years:
        submission_save(user=officer, metric=metric, period=YEAR, value_text="61")


@pytest.mark.parametrize("status", ["agreed", "proposed", "endorsed"])
@pytest.mark.parametrize("shared", [False, True], ids=["built", "shared"])
def test_the_metric_page_runs_a_flat_number_of_queries(
    client, plan, metric, officer, manager, cabinet_member, status, shared
):
    Metric.objects.filter(pk=metric.pk).update(
        status=status, proposed_by=officer, endorsed_by=manager
    )
    metric.refresh_from_db()
    metric.save()  # the people it names, in its history from the start
    _grow(metric, plan, officer, manager, cabinet_member, YEARS[-1:])
    client.force_login(manager)
    before = _queries(client, metric, shared=shared)
    # Other metrics, and this one with more years of everything.
    for _ in range(5):
        other = factories.MetricFactory(team=officer.team)
        _grow(other, plan, officer, manager, cabinet_member, YEARS[:2])
    _grow(metric, plan, officer, manager, cabinet_member, YEARS[:-1])
    metric.definition = "Households helped into a settled home."
    metric.save()  # a change in the definition's history
    assert metric.status == status
    after = _queries(client, metric, shared=shared)
    assert after == before


def test_the_shared_page_runs_fewer_queries_than_building_it(client, metric, manager):
    client.force_login(manager)
    assert _queries(client, metric, shared=True) < _queries(
        client, metric, shared=False
    )


def _revise(officer, manager, metric: Metric, value: str) -> None:
    draft = submission_save(user=officer, metric=metric, period=YEAR, value_text=value)
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    submission_approve(
        submission=submitted, user=manager, expected_version=submitted.version
    )


def _trend_row(response) -> str:
    found = re.search(r'<th scope="row">Coventry</th>(.*?)</tr>', response.text)
    assert found is not None
    return re.sub(r"<[^>]+>", " ", found.group(1)).split()


def test_an_approved_figure_shows_on_the_next_request(
    client, officer, manager, employee, metric
):
    first = _page(client, employee, metric)
    assert _trend_row(first) == ["50", "60"]
    _revise(officer, manager, metric, "45")
    again = _page(client, employee, metric)
    assert _trend_row(again) == ["50", "45"]
    assert "Got worse" in again.text
    assert '"y":[50.0,45.0]' in again.text


def test_a_draft_shows_in_the_values_table_and_not_in_the_trend(
    client, officer, manager, employee, metric
):
    # Shown to its approver, never to an employee: the rule itself is tested in
    # test_metric_page_drafts.py.
    _page(client, employee, metric)
    draft = submission_save(user=officer, metric=metric, period=YEAR, value_text="45")
    page = _page(client, manager, metric)
    assert "<td>Draft</td>" in page.text
    assert _trend_row(page) == ["50", "60"]
    assert "<td>Draft</td>" not in _page(client, employee, metric).text
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    assert "<td>Awaiting approval</td>" in _page(client, manager, metric).text
    submission_return(
        submission=submitted,
        user=manager,
        comment="Check the count.",
        expected_version=submitted.version,
    )
    assert "<td>Returned</td>" in _page(client, officer, metric).text
    assert "<td>Returned</td>" not in _page(client, employee, metric).text


def test_an_agreed_target_shows_on_the_next_request(
    client, officer, manager, cabinet_member, employee, metric
):
    assert "None set" in _page(client, employee, metric).text
    target = target_propose(metric=metric, period=YEAR, text="70%", user=officer)
    proposed = _page(client, employee, metric)
    assert "<td>70%</td>" in proposed.text
    assert "Proposed" in proposed.text
    target = target_endorse(
        target=target, user=manager, expected_version=target.version
    )
    target_agree(target=target, user=cabinet_member, expected_version=target.version)
    agreed = _page(client, employee, metric)
    assert f"Agreed by {cabinet_member}" in agreed.text
    assert "<dt>Target</dt>\n    <dd>70%" in agreed.text
    assert "Off target" in agreed.text
    # The trend chart draws the agreed level.
    assert '"name":"Target (70)"' in agreed.text


def test_a_comment_shows_on_the_next_request(client, employee, metric):
    assert "No comments yet." in _page(client, employee, metric).text
    comment_add(user=employee, metric=metric, text="Why did lettings fall?")
    again = _page(client, employee, metric)
    assert "Why did lettings fall?" in again.text
    assert "No comments yet." not in again.text


def test_each_persons_links_and_forms_are_their_own(
    client, officer, manager, employee, metric
):
    target = target_propose(metric=metric, period=YEAR, text="70%", user=officer)
    endorse = f'action="/targets/{target.pk}/decide/"'
    as_manager = _page(client, manager, metric)
    assert "Enter the figure for" in as_manager.text
    assert "Propose a target" in as_manager.text
    assert endorse in as_manager.text
    # The same shared sections, another person: none of the manager's forms.
    as_employee = _page(client, employee, metric)
    assert "Enter the figure for" not in as_employee.text
    assert "Propose a target" not in as_employee.text
    assert endorse not in as_employee.text
    assert "Endorse" not in as_employee.text


def test_each_response_carries_its_own_nonce(client, employee, metric):
    nonces = []
    for _ in range(2):
        response = _page(client, employee, metric)
        policy = response.headers["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        scripts = re.findall(r"<script\b[^>]*>", response.text)
        assert scripts
        assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
        assert "csp-nonce" not in response.text
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_year_that_is_not_one_is_not_found(client, employee, metric):
    client.force_login(employee)
    assert client.get(f"/metrics/{metric.code}/", {"year": "nope"}).status_code == 404


def test_a_partner_cannot_read_a_metric_another_reader_had_shared(
    client, partner, employee, metric
):
    _page(client, employee, metric)
    client.force_login(partner)
    assert client.get(f"/metrics/{metric.code}/").status_code == 404
