"""What the read endpoints return: the figures, the verdict keys, filters, ordering
and pagination."""

import io
import json

import pytest
from django.core.management import call_command

from scorecard.models import Metric, MetricValue, RecordedVerdict
from strategies.models import Action
from tests import factories
from tests.api.helpers import codes, results

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(housing):
    """Targets, a comparator and a recorded verdict beside the housing figures."""
    factories.TargetFactory(metric=housing.metric, period="2024-25", text="To increase")
    factories.ComparatorValueFactory(
        metric=housing.metric, period="2024-25 Q1", value_text="300"
    )
    factories.RecordedVerdictFactory(
        metric=housing.parks_metric,
        plan=housing.plan,
        period="2024-25",
        progress="cannot_say",
        source=RecordedVerdict.Source.OVERRIDDEN,
        reason="A new inspection regime",
    )
    return housing


# Plan, priorities, objectives ------------------------------------------------------


def test_plans_priorities_and_objectives_read_the_golden_thread(api, employee, housing):
    client = api(employee)
    [plan] = results(client.get("/api/v1/plans/"))
    assert (plan["period"], plan["status"], plan["version"]) == ("2022-30", "agreed", 1)
    [priority] = results(client.get(f"/api/v1/priorities/?plan={plan['id']}"))
    assert priority["title"] == "Improving outcomes and tackling inequalities"
    assert priority["kind"] == "delivery"
    [objective] = results(client.get(f"/api/v1/objectives/?plan={plan['id']}"))
    assert objective["title"] == "Preventing homelessness"
    assert objective["priority"] == priority["id"]
    assert objective["plan"] == plan["id"]
    assert client.get("/api/v1/priorities/?plan=999999").status_code == 400


def test_plan_filters_by_status(api, employee, housing):
    factories.PlanFactory(
        period="2016-24", start_year=2016, end_year=2024, status="superseded"
    )
    client = api(employee)
    rows = results(client.get("/api/v1/plans/?status=superseded"))
    assert [p["period"] for p in rows] == ["2016-24"]
    assert client.get("/api/v1/plans/?status=nonsense").status_code == 400


# Strategies, action plans, actions, updates, case studies ------------------------


def test_strategies_filter_by_plan_priority_and_team(api, employee, housing):
    client = api(employee)
    both = results(client.get("/api/v1/strategies/"))
    assert [s["title"] for s in both] == [
        "Cultural Strategy",
        "Housing and Homelessness Strategy",
    ]
    housing_strategy = both[1]
    assert housing_strategy["priorities"] == [housing.priority.pk]
    assert housing_strategy["owning_team_name"] == "Housing Options"
    assert housing_strategy["version"] == 1
    for query in (
        f"plan={housing.plan.pk}",
        f"priority={housing.priority.pk}",
        f"team={housing.strategy.owning_team_id}",
    ):
        rows = results(client.get(f"/api/v1/strategies/?{query}"))
        assert [s["title"] for s in rows] == ["Housing and Homelessness Strategy"]


def test_action_plans_list_their_metrics_by_code(api, employee, housing):
    [plan] = results(api(employee).get(f"/api/v1/action-plans/?plan={housing.plan.pk}"))
    assert plan["metrics"] == ["HOU01"]
    assert plan["team_name"] == "Housing Options"


def test_actions_filter_by_team_owner_strategy_and_status(
    api, employee, officer, housing
):
    factories.ActionFactory(
        action_plan=factories.ActionPlanFactory(strategy=housing.other_strategy),
        title="Plan the festival",
        status=Action.Status.AT_RISK,
    )
    client = api(employee)
    for query in (
        f"team={officer.team_id}",
        f"owner={officer.pk}",
        f"strategy={housing.strategy.pk}",
        "status=on_track",
    ):
        rows = results(client.get(f"/api/v1/actions/?{query}"))
        assert [a["title"] for a in rows] == ["Open the new prevention hub"], query
    [action] = results(client.get("/api/v1/actions/?status=on_track"))
    assert (action["version"], action["strategy"]) == (1, housing.strategy.pk)


def test_unapproved_updates_are_for_their_author_and_the_actions_owners(
    api, officer, manager, employee, other_officer, housing
):
    update = housing.action.updates.create(
        date="2024-10-01",
        status=Action.Status.AT_RISK,
        narrative="Staff shortage.",
        author=officer,
        approval="submitted",
    )
    url = f"/api/v1/progress-updates/{update.pk}/"
    assert api(officer).get(url).status_code == 200
    assert api(manager).get(url).json()["narrative"] == "Staff shortage."
    assert api(employee).get(url).status_code == 404
    assert api(other_officer).get(url).status_code == 404
    update.approval = "approved"
    update.save()
    assert api(employee).get(url).status_code == 200


def test_case_studies_filter_by_metric_and_strategy(api, employee, housing):
    story = factories.CaseStudyFactory(title="A family helped")
    story.metrics.add(housing.metric)
    story.strategies.add(housing.strategy)
    factories.CaseStudyFactory(title="Unrelated")
    client = api(employee)
    for query in ("metric=HOU01", f"strategy={housing.strategy.pk}"):
        rows = results(client.get(f"/api/v1/case-studies/?{query}"))
        assert [c["title"] for c in rows] == ["A family helped"]
        assert rows[0]["metrics"] == ["HOU01"]


# Metrics -------------------------------------------------------------------------


def test_a_metric_is_read_by_its_code(api, employee, officer, housing):
    body = api(employee).get("/api/v1/metrics/HOU01/").json()
    assert body["name"] == "Homelessness cases prevented and relieved"
    assert body["owner"] == officer.pk
    assert body["team_name"] == "Housing Options"
    assert body["portfolio_name"] == "Housing and Communities"
    assert body["objectives"] == [housing.objective.pk]
    assert (body["frequency"], body["good_direction"]) == ("quarter", "up")
    assert body["version"] == 1
    assert api(employee).get("/api/v1/metrics/NOPE/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("perspective=quality", ["PRK01"]),
        ("perspective=outcomes", ["HOU01"]),
        ("type=output", ["PRK01"]),
        ("headline=true", ["HOU01"]),
        ("headline=false", ["PRK01"]),
        ("headline=true&year=2024-25&plan=2022-30", ["HOU01"]),
        ("headline=true&year=2023-24&plan=2022-30", []),
        ("plan=2022-30", ["HOU01"]),
        ("name=green+flag", ["PRK01"]),
        ("status=agreed", ["HOU01", "PRK01"]),
        ("ordering=-code", ["PRK01", "HOU01"]),
    ],
)
def test_metrics_filter(api, employee, housing, query, expected):
    assert codes(api(employee).get(f"/api/v1/metrics/?{query}")) == expected


def test_metrics_filter_by_team_owner_priority_objective_and_plan_id(
    api, employee, officer, other_officer, housing
):
    client = api(employee)
    assert codes(client.get(f"/api/v1/metrics/?team={officer.team_id}")) == ["HOU01"]
    assert codes(client.get(f"/api/v1/metrics/?owner={other_officer.pk}")) == ["PRK01"]
    assert codes(client.get(f"/api/v1/metrics/?priority={housing.priority.pk}")) == [
        "HOU01"
    ]
    objective = housing.objective.pk
    assert codes(client.get(f"/api/v1/metrics/?objective={objective}")) == ["HOU01"]
    assert codes(client.get(f"/api/v1/metrics/?plan={housing.plan.pk}")) == ["HOU01"]


def test_a_metric_measuring_an_objective_belongs_to_its_plan_without_headline(
    api, employee, housing
):
    wider = factories.MetricFactory(code="HOU02", name="Households in B&B")
    wider.objectives.add(housing.objective)
    client = api(employee)
    assert codes(client.get(f"/api/v1/metrics/?plan={housing.plan.pk}")) == [
        "HOU01",
        "HOU02",
    ]
    assert codes(client.get(f"/api/v1/metrics/?priority={housing.priority.pk}")) == [
        "HOU01",
        "HOU02",
    ]


@pytest.mark.parametrize(
    "query", ["perspective=nonsense", "plan=1999-00", "year=2024", "type=widget"]
)
def test_a_bad_filter_is_a_400_not_an_empty_list(api, employee, housing, query):
    response = api(employee).get(f"/api/v1/metrics/?{query}")
    assert response.status_code == 400


def test_metrics_paginate_fifty_to_a_page(api, employee, housing):
    factories.MetricFactory.create_batch(53)
    client = api(employee)
    first = client.get("/api/v1/metrics/").json()
    assert first["count"] == 55
    assert len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/metrics/?page=2")
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None


# Values, targets, comparators, recorded verdicts ---------------------------------


def test_values_are_the_approved_figures_every_revision(api, employee, housing):
    factories.MetricValueFactory(
        metric=housing.metric, period="2024-25 Q1", value_text="306", revision=2
    )
    factories.MetricValueFactory(
        metric=housing.metric,
        period="2024-25 Q2",
        value_text="291",
        approval=MetricValue.Approval.SUBMITTED,
    )
    rows = results(api(employee).get("/api/v1/values/?metric=HOU01"))
    assert [(v["period"], v["revision"], v["value_text"]) for v in rows] == [
        ("2023-24 Q4", 1, "280"),
        ("2024-25 Q1", 1, "305"),
        ("2024-25 Q1", 2, "306"),
    ]
    assert rows[1]["value_number"] == "305.000000"
    assert rows[1]["approval"] == "approved"


def test_values_filter_by_period_and_year(api, employee, housing):
    client = api(employee)
    rows = results(client.get("/api/v1/values/?period=2024-25+Q1"))
    assert [(v["metric"], v["value_text"]) for v in rows] == [("HOU01", "305")]
    rows = results(client.get("/api/v1/values/?year=2024-25"))
    assert [(v["metric"], v["period"]) for v in rows] == [
        ("HOU01", "2024-25 Q1"),
        ("PRK01", "2024-25"),
    ]
    rows = results(client.get("/api/v1/values/?perspective=quality"))
    assert {v["metric"] for v in rows} == {"PRK01"}


def test_figures_not_yet_approved_are_for_those_who_may_edit_the_metric(
    api, officer, manager, employee, other_officer, housing
):
    draft = factories.MetricValueFactory(
        metric=housing.metric,
        period="2024-25 Q2",
        value_text="291",
        approval=MetricValue.Approval.SUBMITTED,
    )
    query = "/api/v1/values/?approval=submitted"
    assert [v["id"] for v in results(api(officer).get(query))] == [draft.pk]
    assert [v["id"] for v in results(api(manager).get(query))] == [draft.pk]
    assert results(api(other_officer).get(query)) == []
    assert api(employee).get(query).status_code == 403
    assert api(officer).get(f"/api/v1/values/{draft.pk}/").status_code == 200
    assert api(employee).get(f"/api/v1/values/{draft.pk}/").status_code == 404
    assert api(other_officer).get(f"/api/v1/values/{draft.pk}/").status_code == 404


def test_targets_comparators_and_recorded_verdicts(api, employee, assessed):
    client = api(employee)
    [target] = results(client.get("/api/v1/targets/?metric=HOU01&period=2024-25"))
    assert (target["text"], target["kind"], target["status"]) == (
        "To increase",
        "directional",
        "agreed",
    )
    assert target["version"] == 1
    [comparator] = results(client.get("/api/v1/comparators/"))
    assert comparator["name"] == "Statistical neighbours"
    [figure] = results(client.get("/api/v1/comparator-values/?metric=HOU01"))
    assert (figure["comparator_name"], figure["value_text"]) == (
        "Statistical neighbours",
        "300",
    )
    [verdict] = results(
        client.get("/api/v1/recorded-verdicts/?progress=cannot_say&plan=2022-30")
    )
    assert (verdict["metric"], verdict["source"], verdict["reason"]) == (
        "PRK01",
        "overridden",
        "A new inspection regime",
    )
    assert results(client.get("/api/v1/recorded-verdicts/?progress=improved")) == []


# Assessments and the headline summary ---------------------------------------------


def test_assessments_give_the_assess_command_shape_with_reasons(
    api, employee, assessed
):
    rows = results(api(employee).get("/api/v1/assessments/?year=2024-25"))
    by_code = {row["code"]: row for row in rows}
    assert list(by_code) == ["HOU01", "PRK01"]  # headline first, then the basket
    housing_row = by_code["HOU01"]
    assert housing_row["previous_period"] == "2023-24 Q4"
    assert (housing_row["previous_value"], housing_row["current_value"]) == (
        "280",
        "305",
    )
    assert (housing_row["previous_number"], housing_row["current_number"]) == (
        280,
        305,
    )
    assert housing_row["progress"] == "improved"
    assert housing_row["progress_shown_label"] == "Improved"
    assert housing_row["target_status"] == "on_target"
    assert housing_row["headline"] is True
    assert housing_row["priority"] == "Improving outcomes and tackling inequalities"
    assert "280" in housing_row["progress_reason"]
    assert housing_row["target_reason"]
    parks_row = by_code["PRK01"]
    assert (parks_row["progress"], parks_row["progress_recorded"]) == (
        "similar",
        "cannot_say",
    )
    assert parks_row["progress_shown"] == "cannot_say"
    assert parks_row["disagrees"] is True
    assert parks_row["recorded_reason"] == "A new inspection regime"

    out = io.StringIO()
    call_command("assess", "--year", "2024-25", "--all", "--json", stdout=out)
    for expected in json.loads(out.getvalue())["metrics"]:
        row = by_code[expected["code"]]
        assert {key: row[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headline=true", ["HOU01"]),
        ("progress=improved", ["HOU01"]),
        ("progress=cannot_say", ["PRK01"]),
        ("progress=improved&progress=cannot_say", ["HOU01", "PRK01"]),
        ("progress=got_worse", []),
        ("target_status=on_target", ["HOU01"]),
        ("target_status=no_target", ["PRK01"]),
        ("perspective=quality", ["PRK01"]),
        ("plan=2022-30&headline=false", ["PRK01"]),
    ],
)
def test_assessments_filter(api, employee, assessed, query, expected):
    response = api(employee).get(f"/api/v1/assessments/?year=2024-25&{query}")
    assert codes(response) == expected


def test_assessments_name_the_plan_by_id_or_period(api, employee, assessed):
    client = api(employee)
    for plan in (assessed.plan.pk, "2022-30"):
        rows = results(
            client.get(f"/api/v1/assessments/?year=2024-25&plan={plan}&headline=true")
        )
        assert [r["code"] for r in rows] == ["HOU01"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "year"),
        ("year=2024", "year"),
        ("year=2024-25+Q2", "year"),
        ("year=2024-25&plan=1999-00", "plan"),
        ("year=2040-41", "plan"),
        ("year=2024-25&progress=better", "progress"),
    ],
)
def test_assessments_explain_a_bad_query(api, employee, assessed, query, field):
    response = api(employee).get(f"/api/v1/assessments/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_headline_summary_counts_and_says_the_sentence(api, cabinet_member, assessed):
    response = api(cabinet_member).get("/api/v1/headline-summary/?year=2024-25")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["plan"], body["plan_id"]) == (
        "2024-25",
        "2022-30",
        assessed.plan.pk,
    )
    assert body["summary"] == {
        "total": 1,
        "improved": 1,
        "similar": 0,
        "got_worse": 0,
        "cannot_say": 0,
        "not_available": 0,
        "directional": 1,
        "improved_or_similar": 1,
        "directional_pct": 100,
        "sentence": "100% (1/1) of directional metrics improved or stayed the same.",
    }


def test_headline_summary_matches_the_assess_command(api, councillor, assessed):
    out = io.StringIO()
    call_command("assess", "--year", "2024-25", "--all", "--json", stdout=out)
    expected = json.loads(out.getvalue())["summary"]
    response = api(councillor).get("/api/v1/headline-summary/?year=2024-25&all=true")
    assert response.json()["summary"] == expected
    assert expected["cannot_say"] == 1


@pytest.mark.parametrize("query", ["", "year=2024-26", "year=2024-25&plan=1999-00"])
def test_headline_summary_explains_a_bad_query(api, councillor, assessed, query):
    assert api(councillor).get(f"/api/v1/headline-summary/?{query}").status_code == 400


def test_headline_summary_reads_a_year_however_it_is_written(api, councillor, assessed):
    # One period parser (issue 14): "24-25" and "2024/25" are the year 2024-25.
    client = api(councillor)
    expected = client.get("/api/v1/headline-summary/?year=2024-25").json()
    for written in ("24-25", "2024/25"):
        response = client.get(f"/api/v1/headline-summary/?year={written}")
        assert response.status_code == 200
        assert response.json()["summary"] == expected["summary"]


@pytest.mark.parametrize("path", ["headline-summary", "assessments"])
def test_a_bad_year_is_refused_in_the_one_error_shape(api, councillor, assessed, path):
    response = api(councillor).get(f"/api/v1/{path}/?year=2024")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidQuery"
    assert body["detail"] == """year: A year such as "2024-25", not '2024'."""
    assert body["year"] == ["""A year such as "2024-25", not '2024'."""]


def test_a_filter_refusal_names_each_parameter_in_the_one_error_shape(
    api, employee, housing
):
    response = api(employee).get("/api/v1/metrics/?perspective=nonsense&team=0")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidQuery"
    assert set(body) == {"detail", "code", "perspective", "team"}
    assert body["detail"].startswith("perspective: Select a valid choice.")
    assert "team: " in body["detail"]


def test_a_proposed_metric_is_listed_with_its_status(api, employee, housing):
    factories.MetricFactory(code="PM0001", status=Metric.Status.PROPOSED)
    assert codes(api(employee).get("/api/v1/metrics/?status=proposed")) == ["PM0001"]
