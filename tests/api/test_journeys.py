"""The journeys of JOURNEYS.md through the API, each person using their own token:
Priya (officer) enters and submits a figure and an action update, Tom (manager)
returns and then approves them, Cllr Khan (cabinet member) reads the plan and agrees
a metric and target Tom proposed."""

import pytest

from scorecard.models import MetricValue
from strategies.models import Action
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/submissions/"


def test_priya_and_tom_take_a_figure_from_entry_to_the_scorecard(
    api, officer, manager, employee, housing
):
    priya, tom = api(officer), api(manager)

    # Priya enters 291 for Q2 with a note, overriding the verdict with a reason.
    response = priya.post(
        SUBMISSIONS,
        {
            "metric": "HOU01",
            "period": "2024-25 Q2",
            "value_text": "291",
            "note": "Fewer approaches over the summer.",
            "progress_override": "cannot_say",
            "override_reason": "A data-system change explains part of the fall.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    submission = response.json()
    url = f"{SUBMISSIONS}{submission['id']}/"
    assert (submission["status"], submission["version"]) == ("draft", 1)
    assert submission["progress_override"] == "cannot_say"
    [figure] = submission["values"]
    assert (figure["value_text"], figure["approval"]) == ("291", "draft")

    # She sees the calculated verdict: "Got worse: 305 → 291".
    calculated = priya.get(url).json()["calculated"]
    assert (calculated["previous_value"], calculated["current_value"]) == (
        "305",
        "291",
    )
    assert (calculated["progress"], calculated["progress_label"]) == (
        "got_worse",
        "Got worse",
    )
    assert calculated["progress_reason"]

    response = priya.post(f"{url}submit/", {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("submitted", 2)

    # Not on the scorecard until approved.
    rows = results(api(employee).get("/api/v1/values/?metric=HOU01"))
    assert "291" not in [v["value_text"] for v in rows]
    [waiting] = results(priya.get("/api/v1/values/?approval=submitted"))
    assert waiting["value_text"] == "291"

    # Tom sees it waiting, and returns the override with a comment.
    queue = results(tom.get(f"{SUBMISSIONS}queue/"))
    assert [s["id"] for s in queue] == [submission["id"]]
    assert queue[0]["note"] == "Fewer approaches over the summer."
    assert queue[0]["override_reason"].startswith("A data-system change")
    opened = tom.get(url).json()
    assert (opened["calculated"]["progress"], opened["progress_override"]) == (
        "got_worse",
        "cannot_say",
    )
    response = tom.post(
        f"{url}return/",
        {"version": 2, "comment": "Keep Got worse: the change is real."},
        format="json",
    )
    assert response.status_code == 200, response.content
    returned = response.json()
    assert (returned["status"], returned["version"]) == ("returned", 3)
    assert returned["review_comment"] == "Keep Got worse: the change is real."
    assert results(tom.get(f"{SUBMISSIONS}queue/")) == []

    # Priya corrects it (the figure stays as it was) and resubmits.
    response = priya.patch(
        url,
        {"version": 3, "progress_override": "", "override_reason": ""},
        format="json",
    )
    assert response.status_code == 200, response.content
    corrected = response.json()
    assert (corrected["progress_override"], corrected["version"]) == ("", 4)
    assert [(v["value_text"], v["revision"]) for v in corrected["values"]] == [
        ("291", 1)
    ]
    assert priya.post(f"{url}submit/", {"version": 4}, format="json").status_code == 200

    # Tom approves.
    response = tom.post(f"{url}approve/", {"version": 5}, format="json")
    assert response.status_code == 200, response.content
    approved = response.json()
    assert (approved["status"], approved["reviewed_by"]) == ("approved", manager.pk)

    # The approved figure is in the values and the assessment.
    rows = results(api(employee).get("/api/v1/values/?metric=HOU01&period=2024-25+Q2"))
    assert [(v["value_text"], v["approval"]) for v in rows] == [("291", "approved")]
    [row] = results(
        api(employee).get("/api/v1/assessments/?year=2024-25&headline=true")
    )
    assert (row["previous_value"], row["current_value"]) == ("305", "291")
    assert (row["current_period"], row["current_number"]) == ("2024-25 Q2", 291)
    assert row["progress"] == row["progress_shown"] == "got_worse"
    assert row["progress_recorded"] is None


def test_an_approved_override_is_the_verdict_shown_with_its_reason(
    api, officer, manager, employee, housing
):
    priya, tom = api(officer), api(manager)
    submission = priya.post(
        SUBMISSIONS,
        {
            "metric": "HOU01",
            "period": "2024-25 Q2",
            "value_text": "291",
            "progress_override": "cannot_say",
            "override_reason": "A data-system change explains part of the fall.",
        },
        format="json",
    ).json()
    url = f"{SUBMISSIONS}{submission['id']}/"
    priya.post(f"{url}submit/", {"version": 1}, format="json")
    assert tom.post(f"{url}approve/", {"version": 2}, format="json").status_code == 200

    [row] = results(
        api(employee).get("/api/v1/assessments/?year=2024-25&headline=true")
    )
    assert (row["progress"], row["progress_recorded"]) == ("got_worse", "cannot_say")
    assert row["progress_shown"] == "cannot_say"
    assert row["disagrees"] is True
    [verdict] = results(api(employee).get("/api/v1/recorded-verdicts/?metric=HOU01"))
    assert (verdict["source"], verdict["recorded_by"]) == ("overridden", officer.pk)
    assert verdict["reason"] == "A data-system change explains part of the fall."


def test_priya_updates_an_action_and_tom_approves_it(api, officer, manager, housing):
    priya, tom = api(officer), api(manager)
    response = priya.post(
        "/api/v1/progress-updates/",
        {
            "action": housing.action.pk,
            "version": 1,
            "status": "at_risk",
            "percent_complete": 40,
            "narrative": "The hub lease is delayed. We are looking at a second site.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    update = response.json()
    assert (update["approval"], update["status"]) == ("submitted", "at_risk")

    [waiting] = results(tom.get("/api/v1/progress-updates/queue/"))
    assert waiting["id"] == update["id"]
    url = f"/api/v1/progress-updates/{update['id']}/"
    response = tom.post(
        f"{url}approve/",
        {"version": waiting["version"], "comment": "Thanks"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["approval"], response.json()["version"]) == ("approved", 2)

    action = priya.get(f"/api/v1/actions/{housing.action.pk}/").json()
    assert (action["status"], action["percent_complete"]) == ("at_risk", 40)
    assert action["version"] == 2


def test_tom_returns_an_action_update_with_a_comment(api, officer, manager, housing):
    update = (
        api(officer)
        .post(
            "/api/v1/progress-updates/",
            {
                "action": housing.action.pk,
                "version": 1,
                "status": "off_track",
                "percent_complete": 10,
                "narrative": "Stalled.",
            },
            format="json",
        )
        .json()
    )
    url = f"/api/v1/progress-updates/{update['id']}/return/"
    assert api(manager).post(url, {"version": 1}, format="json").status_code == 400
    response = api(manager).post(
        url, {"version": 1, "comment": "Say why."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["approval"], response.json()["review_comment"]) == (
        "returned",
        "Say why.",
    )
    housing.action.refresh_from_db()
    assert housing.action.status == Action.Status.ON_TRACK


def test_cllr_khan_reads_the_plan_and_agrees_what_priya_proposed(
    api, officer, manager, employee, cabinet_member, councillor, housing
):
    priya, tom, khan = api(officer), api(manager), api(cabinet_member)
    story = housing.strategy.case_studies.create(
        title="A family helped", body="…", date="2024-09-01"
    )
    story.metrics.add(housing.metric)
    MetricValue.objects.create(
        metric=housing.metric,
        period="2024-25 Q1",
        breakdown="ward",
        breakdown_group="Foleshill",
        value_text="41",
        value_number=41,
    )

    # Before Cabinet: the headline summary, the metric, its breakdown, a case study.
    summary = khan.get("/api/v1/headline-summary/?year=2024-25").json()["summary"]
    assert summary["sentence"].startswith("100% (1/1) of directional metrics")
    assert khan.get("/api/v1/metrics/HOU01/").status_code == 200
    [ward] = results(khan.get("/api/v1/values/?metric=HOU01&has_breakdown=true"))
    assert (ward["breakdown_group"], ward["value_text"]) == ("Foleshill", "41")
    stories = results(khan.get("/api/v1/case-studies/?metric=HOU01"))
    assert [s["title"] for s in stories] == ["A family helped"]

    # Priya proposes a metric and next year's target; Tom endorses both.
    response = priya.post(
        "/api/v1/metrics/",
        {
            "name": "Households prevented from homelessness within 56 days",
            "unit": "%",
            "perspective": "outcomes",
            "good_direction": "up",
            "frequency": "quarter",
            "portfolio": housing.portfolio.pk,
            "team": housing.metric.team_id,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    metric = response.json()
    code = metric["code"]
    assert (metric["status"], metric["version"]) == ("proposed", 1)
    response = priya.post(
        "/api/v1/targets/",
        {"metric": code, "period": "2025-26", "text": "60%"},
        format="json",
    )
    assert response.status_code == 201, response.content
    target = response.json()
    assert (target["status"], target["kind"]) == ("proposed", "threshold")

    # A colleague comments; everyone who reads the metric sees it.
    response = api(employee).post(
        "/api/v1/comments/",
        {"metric": code, "target": target["id"], "text": "Can we see it by ward?"},
        format="json",
    )
    assert response.status_code == 201, response.content
    [comment] = results(khan.get(f"/api/v1/comments/?metric={code}"))
    assert comment["text"] == "Can we see it by ward?"

    # Only Tom endorses (never Priya, who proposed it), only Cllr Khan agrees.
    for refused in (khan, priya):
        assert (
            refused.post(
                f"/api/v1/metrics/{code}/endorse/", {"version": 1}, format="json"
            ).status_code
            == 403
        )
    assert (
        khan.post(
            f"/api/v1/metrics/{code}/endorse/", {"version": 1}, format="json"
        ).status_code
        == 403
    )
    response = tom.post(
        f"/api/v1/metrics/{code}/endorse/", {"version": 1}, format="json"
    )
    assert response.json()["status"] == "endorsed"
    target_url = f"/api/v1/targets/{target['id']}/"
    tom.post(f"{target_url}endorse/", {"version": 1}, format="json")
    assert (
        api(councillor)
        .post(f"/api/v1/metrics/{code}/agree/", {"version": 2}, format="json")
        .status_code
        == 403
    )

    response = khan.post(
        f"/api/v1/metrics/{code}/agree/", {"version": 2}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["agreed_by"]) == (
        "agreed",
        cabinet_member.pk,
    )
    response = khan.post(f"{target_url}agree/", {"version": 2}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "agreed"
