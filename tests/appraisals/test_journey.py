"""Alex's journey (JOURNEYS.md), on the demo data, through the pages and the API.

Alex (``employee``, Housing Options) writes objectives linked to actions in the
Housing action plan, rates the six values with evidence and records a one-to-one with
Tom (``manager``). Tom agrees, reviews and signs off; Alex signs. HR reads it. The
cabinet member, the Scrutiny councillor, the insight analyst and an unrelated officer
are refused it on the pages and in the API. The Workforce metric shows the figure.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from appraisals.models import Appraisal, CouncilValue
from appraisals.selectors import current_year
from coventry_pm.accounts.models import User
from strategies.models import Action

# Loads the whole demo: a whole-system test (make test-fast leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PASSWORD = "demo-password"
HOUSING_ACTION_PLAN = "Housing and Homelessness Action Plan 2024-26"


def sign_in(client, username):
    client.logout()
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, f"{username} could not sign in"


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_alex_journey(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo_appraisals", stdout=None)
    year = current_year()
    alex = User.objects.get(username="employee")
    appraisal = Appraisal.objects.get(employee=alex, year=year)
    url = appraisal.get_absolute_url()

    # Alex opens "My appraisal" and writes a third objective, linked to an action
    # in the Housing action plan.
    sign_in(client, "employee")
    assert client.get(reverse("appraisals:mine")).url == url
    incentive = Action.objects.get(
        title="Launch a landlord incentive scheme for private rented homes"
    )
    response = client.post(
        reverse("appraisals:objective_add", args=[appraisal.pk]),
        {
            "title": "House 40 households through the landlord incentive scheme",
            "link": f"action:{incentive.pk}",
            "measure_of_success": "40 tenancies of at least a year by March.",
            "percent_complete": 0,
        },
    )
    assert response.status_code == 302
    objectives = list(appraisal.objectives.all())
    assert len(objectives) == 3
    assert {o.action.action_plan.title for o in objectives} == {HOUSING_ACTION_PLAN}

    # ... rates the six values with evidence ...
    ratings_url = reverse("appraisals:ratings", args=[appraisal.pk])
    form = {"version": version_on(client.get(ratings_url).text)}
    for key in CouncilValue.values:
        form[f"{key}-rating"] = "demonstrated"
        form[f"{key}-text"] = f"Evidence for {key} from my casework."
    assert client.post(ratings_url, form).status_code == 302

    # ... and records a one-to-one with Tom.
    response = client.post(
        reverse("appraisals:one_to_one_add", args=[appraisal.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "notes": "Went through my three objectives with Tom.",
            f"objective-{objectives[2].pk}-note": "Two landlords signed up.",
            f"objective-{objectives[2].pk}-percent": "10",
        },
    )
    assert response.status_code == 302
    page = client.get(url).text
    assert "Evidence for open_and_fair from my casework." in page
    assert "Went through my three objectives with Tom." in page

    # Tom sees Alex on his team page, agrees the objectives, reviews and signs.
    sign_in(client, "manager")
    assert str(alex) in client.get(reverse("appraisals:team")).text
    page = client.get(url).text
    client.post(
        reverse("appraisals:agree_objectives", args=[appraisal.pk]),
        {"version": version_on(page)},
    )
    for stage in ("mid-year", "year-end"):
        review_url = reverse("appraisals:review", args=[appraisal.pk, stage])
        response = client.post(
            review_url,
            {
                "version": version_on(client.get(review_url).text),
                "review": f"Tom's {stage} review: strong work.",
            },
        )
        assert response.status_code == 302
    client.post(
        reverse("appraisals:sign_off", args=[appraisal.pk]),
        {"version": version_on(client.get(url).text)},
    )
    sign_in(client, "employee")
    client.post(
        reverse("appraisals:sign_off", args=[appraisal.pk]),
        {"version": version_on(client.get(url).text)},
    )
    appraisal.refresh_from_db()
    assert appraisal.status == Appraisal.Status.SIGNED_OFF
    assert appraisal.manager_signed_off_by.username == "manager"

    # HR reads it.
    sign_in(client, "hr")
    page = client.get(url).text
    assert "House 40 households through the landlord incentive scheme" in page
    assert "Tom&#x27;s year-end review: strong work." in page
    assert "Went through my three objectives with Tom." in page

    # Nobody outside Alex's line management and HR can read any of it.
    unrelated = User.objects.filter(groups__name="officer").exclude(
        pk__in=[alex.line_manager_id, User.objects.get(username="officer").pk]
    )
    unrelated = next(
        u for u in unrelated if alex.line_manager not in u.line_management_chain()
    )
    api_paths = [
        f"/api/v1/appraisals/{appraisal.pk}/",
        f"/api/v1/appraisal-objectives/{objectives[0].pk}/",
        f"/api/v1/one-to-ones/{appraisal.one_to_ones.first().pk}/",
    ]
    for username in ("cabinet", "scrutiny", "insight", unrelated.username):
        if username == unrelated.username:
            client.force_login(unrelated)
        else:
            sign_in(client, username)
        assert client.get(url).status_code == 404, username
        assert client.get(reverse("appraisals:team")).status_code == 403, username
        api = APIClient()
        api.force_authenticate(User.objects.get(username=username))
        for path in api_paths:
            assert api.get(path).status_code == 404, (username, path)
        listing = api.get("/api/v1/appraisals/")
        if username in ("cabinet", "scrutiny"):
            assert listing.status_code == 403
        else:
            ids = [row["id"] for row in listing.json()["results"]]
            assert appraisal.pk not in ids

    # The Workforce metric shows the completion figure: 1 of the 5 demo
    # appraisals for this year is signed off, on time.
    call_command("record_appraisal_completion", stdout=None)
    sign_in(client, "cabinet")
    page = client.get(reverse("scorecard:metric", args=["WF-APPRAISALS"])).text
    assert "Appraisals completed on time" in page
    assert "20.0%" in page
    assert "House 40 households" not in page
