"""Every list endpoint runs a fixed number of queries whatever the amount of data:
the same count for 3 records of each kind as for 30."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import Comment, Comparator, MetricValue, Submission
from strategies.models import ProgressUpdate
from tests import factories

# Query counts at scale (the same queries for many records as for few): a
# whole-system check, left out by make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def populate(
    count: int, *, start: int, housing: Any, officer: Any, partner: Any
) -> None:
    """``count`` more of every kind of record, each tied to the others the way real
    data is (so every relation a serializer follows has something to follow)."""
    for i in range(start, start + count):
        # Old plans, so that 2022-30 stays the plan covering 2024-25.
        plan = factories.PlanFactory(
            period=f"P{i}", start_year=1900 + i, end_year=1901 + i
        )
        priority = factories.PriorityFactory(plan=housing.plan)
        objective = factories.ObjectiveFactory(priority=priority)
        factories.ObjectiveFactory(priority=factories.PriorityFactory(plan=plan))
        metric = factories.MetricFactory(
            owner=officer, team=officer.team, portfolio=housing.portfolio
        )
        metric.objectives.add(objective)
        factories.HeadlineMembershipFactory(
            plan=housing.plan, metric=metric, priority=priority, objective=objective
        )
        factories.MetricValueFactory(metric=metric, period="2023-24", value_text="40")
        factories.MetricValueFactory(metric=metric, period="2024-25", value_text="45")
        target = factories.TargetFactory(metric=metric, period="2024-25", text="50%")
        comparator = Comparator.objects.create(name=f"Comparator {i}")
        factories.ComparatorValueFactory(comparator=comparator, metric=metric)
        factories.RecordedVerdictFactory(
            metric=metric, plan=housing.plan, progress="improved", recorded_by=officer
        )
        Comment.objects.create(metric=metric, target=target, author=officer, text="ok")

        strategy = factories.StrategyFactory(
            owning_team=officer.team, cabinet_member=housing.strategy.cabinet_member
        )
        strategy.priorities.add(priority)
        strategy.objectives.add(objective)
        strategy.board_members.add(partner)
        factories.ChangeStepFactory(strategy=strategy).metrics.add(metric)
        action_plan = factories.ActionPlanFactory(strategy=strategy, team=officer.team)
        action_plan.metrics.add(metric)
        action = factories.ActionFactory(action_plan=action_plan, owner=officer)
        for approval in ("approved", "submitted"):
            ProgressUpdate.objects.create(
                action=action,
                date="2024-10-01",
                status="on_track",
                narrative="Going well.",
                author=officer,
                approval=approval,
            )
        story = factories.CaseStudyFactory(author=officer)
        story.priorities.add(priority)
        story.strategies.add(strategy)
        story.metrics.add(metric)

        submission = Submission.objects.create(
            metric=metric,
            period="2024-25 Q2",
            status=Submission.Status.SUBMITTED,
            created_by=officer,
        )
        for group in ("", "female"):
            factories.MetricValueFactory(
                metric=metric,
                period="2024-25 Q2",
                value_text="47",
                breakdown="sex" if group else "",
                breakdown_group=group,
                approval=MetricValue.Approval.SUBMITTED,
                submission=submission,
                entered_by=officer,
            )


LISTS = [
    ("officer", "/api/v1/plans/"),
    ("officer", "/api/v1/priorities/"),
    ("officer", "/api/v1/objectives/"),
    ("officer", "/api/v1/strategies/"),
    ("partner", "/api/v1/strategies/"),
    ("officer", "/api/v1/action-plans/"),
    ("officer", "/api/v1/actions/"),
    ("officer", "/api/v1/progress-updates/"),
    ("manager", "/api/v1/progress-updates/queue/"),
    ("officer", "/api/v1/case-studies/"),
    ("partner", "/api/v1/case-studies/"),
    ("officer", "/api/v1/metrics/"),
    ("partner", "/api/v1/metrics/"),
    ("officer", "/api/v1/metrics/?headline=true&plan=2022-30&year=2024-25"),
    ("officer", "/api/v1/values/"),
    ("officer", "/api/v1/values/?approval=submitted"),
    ("officer", "/api/v1/targets/"),
    ("officer", "/api/v1/comparators/"),
    ("officer", "/api/v1/comparator-values/"),
    ("officer", "/api/v1/recorded-verdicts/"),
    ("officer", "/api/v1/assessments/?year=2024-25"),
    ("partner", "/api/v1/assessments/?year=2024-25"),
    ("officer", "/api/v1/assessments/?year=2024-25&headline=true&progress=improved"),
    ("officer", "/api/v1/headline-summary/?year=2024-25"),
    ("officer", "/api/v1/comments/"),
    ("officer", "/api/v1/submissions/"),
    ("manager", "/api/v1/submissions/"),
    ("manager", "/api/v1/submissions/queue/"),
]


def queries_for(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def size(body: Any) -> int:
    if "count" in body:
        return body["count"]
    return body["summary"]["total"]


def test_every_list_runs_the_same_queries_for_3_records_as_for_30(
    api, request, housing, officer, partner
):
    # One world for every endpoint: building 30 of everything is the slow part.
    clients = {role: api(request.getfixturevalue(role)) for role, _ in LISTS}
    populate(3, start=0, housing=housing, officer=officer, partner=partner)
    few = {(role, url): queries_for(clients[role], url) for role, url in LISTS}
    populate(27, start=3, housing=housing, officer=officer, partner=partner)
    many = {(role, url): queries_for(clients[role], url) for role, url in LISTS}

    counts = {key: (few[key][0], many[key][0]) for key in few}
    print(
        "\n".join(
            f"{q[0]:>3} {q[1]:>3}  {role} {url}" for (role, url), q in counts.items()
        )
    )
    assert all(size(many[key][1]) > size(few[key][1]) for key in few), (
        "the data must reach every list"
    )
    growing = {key: q for key, q in counts.items() if q[0] != q[1]}
    assert growing == {}, "query counts grew with the data"
    assert max(q[1] for q in counts.values()) <= 12
