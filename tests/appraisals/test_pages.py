"""What the appraisal pages show and how their forms behave."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisals import services
from appraisals.models import Appraisal, CouncilValue
from appraisals.selectors import current_year
from scorecard.domain.periods import period_label
from tests import factories
from tests.appraisals.conftest import advance

pytestmark = pytest.mark.django_db


def test_my_appraisal_offers_to_start_this_years_and_starts_it(client, employee):
    client.force_login(employee)
    page = client.get(reverse("appraisals:mine"))
    assert page.status_code == 200
    assert f"Start my {period_label(current_year())} appraisal" in page.text
    response = client.post(reverse("appraisals:start"))
    appraisal = Appraisal.objects.get(employee=employee, year=current_year())
    assert response.url == appraisal.get_absolute_url()
    assert client.get(reverse("appraisals:mine")).url == appraisal.get_absolute_url()


def test_the_appraisal_page_shows_objectives_linked_to_the_plan_and_the_ratings(
    client, employee, appraisal, objective, housing_plan
):
    client.force_login(employee)
    page = client.get(appraisal.get_absolute_url()).text
    assert "My appraisal" in page
    assert "Give every family a written housing plan" in page
    assert "Action in Housing and Homelessness Action Plan 2024-26" in page
    assert housing_plan.strategy.get_absolute_url() in page
    assert "Open and fair" in page
    assert "Understanding how we work" in page
    assert '<th scope="row">' in page
    assert "Add an objective" in page


def test_adding_an_objective_without_a_link_shows_the_error_summary(
    client, employee, appraisal, housing_plan
):
    client.force_login(employee)
    url = reverse("appraisals:objective_add", args=[appraisal.pk])
    form = client.get(url).text
    assert '<label for="id_link">Part of the plan it supports</label>' in form
    assert "Housing and Homelessness Strategy" in form
    response = client.post(url, {"title": "No link", "percent_complete": 0})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'href="#id_link"' in response.text
    assert 'href="#id_measure_of_success"' in response.text
    assert not appraisal.objectives.exists()


def test_adding_an_objective_links_it_to_an_action(
    client, employee, appraisal, housing_plan
):
    client.force_login(employee)
    action = housing_plan.actions[2]
    response = client.post(
        reverse("appraisals:objective_add", args=[appraisal.pk]),
        {
            "title": "House 50 households through the incentive scheme",
            "link": f"action:{action.pk}",
            "measure_of_success": "50 tenancies of a year or more.",
            "progress": "",
            "percent_complete": 0,
        },
    )
    assert response.status_code == 302
    objective = appraisal.objectives.get()
    assert objective.action == action
    assert "House 50 households" in client.get(appraisal.get_absolute_url()).text


def test_editing_an_objective_with_a_stale_version_shows_what_is_saved_now(
    client, employee, objective, housing_plan
):
    services.appraisal_objective_update(
        objective=objective,
        user=employee,
        expected_version=1,
        fields={"progress": "Saved by another tab"},
    )
    client.force_login(employee)
    response = client.post(
        reverse("appraisals:objective_edit", args=[objective.pk]),
        {
            "title": objective.title,
            "link": f"strategy:{housing_plan.strategy.pk}",
            "measure_of_success": "Changed",
            "progress": "Mine",
            "percent_complete": 10,
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "changed by" in response.text
    assert "Saved by another tab" in response.text
    assert 'name="version" value="2"' in response.text
    objective.refresh_from_db()
    assert objective.progress == "Saved by another tab"


def test_rating_without_evidence_is_refused_on_the_page(client, employee, appraisal):
    client.force_login(employee)
    url = reverse("appraisals:ratings", args=[appraisal.pk])
    form = client.get(url).text
    assert "<legend><strong>Open and fair</strong></legend>" in form
    assert "<legend><strong>Putting customers first</strong></legend>" in form
    response = client.post(
        url,
        {
            "version": appraisal.version,
            f"{CouncilValue.OPEN_AND_FAIR}-rating": "developing",
        },
    )
    assert response.status_code == 200
    assert "give evidence for your rating" in response.text
    response = client.post(
        url,
        {
            "version": appraisal.version,
            f"{CouncilValue.OPEN_AND_FAIR}-rating": "developing",
            f"{CouncilValue.OPEN_AND_FAIR}-text": "Explained the allocation rules.",
        },
    )
    assert response.status_code == 302
    page = client.get(appraisal.get_absolute_url()).text
    assert "Explained the allocation rules." in page


def test_a_stale_development_needs_form_is_refused_with_a_clear_message(
    client, employee, manager, appraisal
):
    services.appraisal_development_needs_update(
        appraisal=appraisal,
        user=manager,
        expected_version=1,
        development_needs="Coaching course",
    )
    client.force_login(employee)
    response = client.post(
        reverse("appraisals:development", args=[appraisal.pk]),
        {"version": 1, "development_needs": "Mine"},
    )
    assert response.status_code == 200
    assert "changed by" in response.text
    assert "Coaching course" in response.text
    appraisal.refresh_from_db()
    assert appraisal.development_needs == "Coaching course"


def test_recording_a_one_to_one_with_progress(client, employee, appraisal, objective):
    client.force_login(employee)
    url = reverse("appraisals:one_to_one_add", args=[appraisal.pk])
    assert "Give every family a written housing plan" in client.get(url).text
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "date": today.isoformat(),
            "notes": "Talked through the hub surgeries.",
            f"objective-{objective.pk}-note": "Six plans written",
            f"objective-{objective.pk}-percent": "30",
        },
    )
    assert response.status_code == 302
    page = client.get(appraisal.get_absolute_url()).text
    assert "Talked through the hub surgeries." in page
    assert "Six plans written" in page
    objective.refresh_from_db()
    assert objective.percent_complete == 30


def test_a_one_to_one_in_the_future_is_refused_on_the_page(client, employee, appraisal):
    client.force_login(employee)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("appraisals:one_to_one_add", args=[appraisal.pk]),
        {"date": tomorrow.isoformat(), "notes": "Planned"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "future" in response.text
    assert not appraisal.one_to_ones.exists()


def test_the_manager_reviews_and_both_sign_on_the_pages(
    client, employee, manager, appraisal, objective
):
    client.force_login(manager)
    client.post(
        reverse("appraisals:agree_objectives", args=[appraisal.pk]), {"version": 1}
    )
    appraisal.refresh_from_db()
    assert appraisal.status == "objectives_agreed"
    for stage in ("mid-year", "year-end"):
        appraisal.refresh_from_db()
        response = client.post(
            reverse("appraisals:review", args=[appraisal.pk, stage]),
            {"version": appraisal.version, "review": f"The {stage} review."},
        )
        assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.status == "year_end_done"
    assert "Sign as manager" in client.get(appraisal.get_absolute_url()).text
    client.post(
        reverse("appraisals:sign_off", args=[appraisal.pk]),
        {"version": appraisal.version},
    )
    client.force_login(employee)
    appraisal.refresh_from_db()
    page = client.get(appraisal.get_absolute_url()).text
    assert "Sign my appraisal" in page
    client.post(
        reverse("appraisals:sign_off", args=[appraisal.pk]),
        {"version": appraisal.version},
    )
    appraisal.refresh_from_db()
    assert appraisal.status == "signed_off"
    page = client.get(appraisal.get_absolute_url()).text
    assert "Signed off" in page
    assert "Add an objective" not in page


def test_a_stale_sign_off_is_refused_with_a_message(
    client, employee, manager, appraisal, objective
):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    client.force_login(employee)
    response = client.post(
        reverse("appraisals:sign_off", args=[appraisal.pk]),
        {"version": appraisal.version - 1},
        follow=True,
    )
    assert "changed by" in response.text
    appraisal.refresh_from_db()
    assert appraisal.employee_signed_off_at is None


def test_the_team_page_shows_overdue_one_to_ones_to_the_manager(
    client, employee, officer, manager
):
    year = current_year()
    appraisal = services.appraisal_start(employee=employee, user=employee, year=year)
    Appraisal.objects.filter(pk=appraisal.pk).update(
        created_at=timezone.now() - dt.timedelta(days=60)
    )
    client.force_login(manager)
    page = client.get(reverse("appraisals:team")).text
    assert "One-to-ones overdue" in page
    assert str(employee) in page
    assert "Overdue" in page
    # officer has not started: the manager may start it for them.
    assert "Not started" in page
    assert f'name="employee" value="{officer.pk}"' in page


def test_hr_sees_completion_by_directorate_and_team(
    client, hr, employee, officer, manager, other_officer
):
    services.appraisal_start(employee=employee, user=employee, year=current_year())
    client.force_login(hr)
    response = client.get(reverse("appraisals:completion"))
    page = response.text
    assert "<caption>Adults</caption>" in page
    assert "<caption>Place</caption>" in page
    assert "Housing Options (Housing)" in page
    report = response.context["report"]
    adults = next(d for d in report.directorates if d.label == "Adults")
    assert (adults.total.staff, adults.total.started) == (2, 1)


def test_the_manager_sees_completion_for_their_chain_only(
    client, manager, employee, other_officer
):
    client.force_login(manager)
    report = client.get(reverse("appraisals:completion")).context["report"]
    assert report.total.staff == 1
    labels = [d.label for d in report.directorates]
    assert labels == ["Adults"]


def test_team_and_completion_pages_take_a_flat_number_of_queries(
    client, hr, manager, django_assert_max_num_queries
):
    def add_people(count):
        for _ in range(count):
            person = factories.UserFactory(roles=["employee"], line_manager=manager)
            services.appraisal_start(employee=person, user=person, year=current_year())

    client.force_login(hr)
    add_people(2)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("appraisals:team"))
        client.get(reverse("appraisals:completion"))
    add_people(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("appraisals:team"))
        client.get(reverse("appraisals:completion"))
