"""The appraisal services: who may do each step, in what order, stale versions
refused, and every change kept in the history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from appraisals import services
from appraisals.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalRating,
    Behaviour,
    CouncilValue,
    appraisal_year_for,
    default_due_dates,
)
from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from tests import factories
from tests.appraisals.conftest import IN_YEAR, YEAR, advance

pytestmark = pytest.mark.django_db


# --- years and due dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2025, 4, 1), "2025-26"),
        (dt.date(2026, 3, 31), "2025-26"),
        (dt.date(2026, 1, 15), "2025-26"),
        (dt.date(2099, 12, 31), "2099-00"),
    ],
)
def test_the_appraisal_year_is_the_financial_year(day, year):
    assert appraisal_year_for(day) == year


def test_default_due_dates_run_from_may_to_the_april_after_the_year():
    assert default_due_dates("2025-26") == {
        "objectives_due": dt.date(2025, 5, 31),
        "mid_year_due": dt.date(2025, 10, 31),
        "year_end_due": dt.date(2026, 4, 30),
    }


# --- starting ---------------------------------------------------------------------


def test_starting_an_appraisal_records_the_manager_and_every_value_and_behaviour(
    appraisal, manager
):
    assert appraisal.manager == manager
    assert appraisal.status == Appraisal.Status.DRAFT
    assert appraisal.year_end_due == dt.date(2026, 4, 30)
    keys = list(appraisal.ratings.values_list("key", flat=True))
    assert keys == [*CouncilValue.values, *Behaviour.values]
    assert len(keys) == 12
    assert [r.get_key_display() for r in appraisal.ratings.all()][:2] == [
        "Open and fair",
        "Nurture and develop",
    ]


def test_an_employee_has_one_appraisal_a_year(appraisal, employee):
    with pytest.raises(ApplicationError, match="already has an appraisal"):
        services.appraisal_start(employee=employee, user=employee, year=YEAR)


def test_a_line_manager_may_start_a_reports_appraisal(employee, manager):
    appraisal = services.appraisal_start(employee=employee, user=manager, year=YEAR)
    assert appraisal.employee == employee


@pytest.mark.parametrize("who", ["officer", "hr", "insight", "director"])
def test_nobody_else_starts_someone_elses_appraisal(request, employee, director, who):
    with pytest.raises(PermissionDeniedError):
        services.appraisal_start(
            employee=employee, user=request.getfixturevalue(who), year=YEAR
        )


@pytest.mark.parametrize("who", ["cabinet_member", "councillor", "partner"])
def test_elected_members_and_partners_have_no_appraisal(request, who):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        services.appraisal_start(employee=person, user=person, year=YEAR)


def test_a_year_that_is_not_a_financial_year_is_refused(employee):
    with pytest.raises(ValidationError):
        services.appraisal_start(employee=employee, user=employee, year="2025-27")


# --- objectives -------------------------------------------------------------------


def test_an_objective_links_to_exactly_one_part_of_the_plan(
    appraisal, employee, housing_plan
):
    with pytest.raises(ValidationError):
        services.appraisal_objective_create(
            appraisal=appraisal,
            user=employee,
            title="No link",
            measure_of_success="Something",
        )
    with pytest.raises(ValidationError):
        services.appraisal_objective_create(
            appraisal=appraisal,
            user=employee,
            title="Two links",
            measure_of_success="Something",
            action=housing_plan.actions[0],
            priority=housing_plan.priority,
        )
    for link in (
        {"action": housing_plan.actions[0]},
        {"strategy": housing_plan.strategy},
        {"priority": housing_plan.priority},
    ):
        objective = services.appraisal_objective_create(
            appraisal=appraisal,
            user=employee,
            title="Linked",
            measure_of_success="Measured",
            **link,
        )
        assert objective.link == next(iter(link.values()))


def test_the_database_refuses_an_objective_with_two_links(appraisal, housing_plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        AppraisalObjective.objects.create(
            appraisal=appraisal,
            title="Two",
            measure_of_success="x",
            action=housing_plan.actions[0],
            strategy=housing_plan.strategy,
        )


@pytest.mark.parametrize("who", ["manager", "director", "hr", "officer"])
def test_only_the_employee_writes_their_objectives(
    request, appraisal, housing_plan, who
):
    with pytest.raises(PermissionDeniedError):
        services.appraisal_objective_create(
            appraisal=appraisal,
            user=request.getfixturevalue(who),
            title="Imposed",
            measure_of_success="x",
            strategy=housing_plan.strategy,
        )


def test_changing_the_link_replaces_it(objective, employee, housing_plan):
    objective = services.appraisal_objective_update(
        objective=objective,
        user=employee,
        expected_version=objective.version,
        fields={"priority": housing_plan.priority, "progress": "Started"},
    )
    assert objective.action is None
    assert objective.priority == housing_plan.priority
    assert objective.progress == "Started"
    assert objective.version == 2


def test_a_stale_objective_version_is_refused(objective, employee):
    services.appraisal_objective_update(
        objective=objective,
        user=employee,
        expected_version=1,
        fields={"progress": "First"},
    )
    with pytest.raises(ConflictError, match="version 1; it is now version 2"):
        services.appraisal_objective_update(
            objective=objective,
            user=employee,
            expected_version=1,
            fields={"progress": "Lost"},
        )
    objective.refresh_from_db()
    assert objective.progress == "First"


# --- ratings ----------------------------------------------------------------------


def test_the_employee_rates_with_evidence_and_the_manager_beside_it(
    appraisal, employee, manager
):
    appraisal = services.appraisal_ratings_update(
        appraisal=appraisal,
        user=employee,
        expected_version=appraisal.version,
        ratings={
            CouncilValue.OPEN_AND_FAIR: services.RatingInput(
                "demonstrated", "Explained every decision to the family."
            )
        },
    )
    appraisal = services.appraisal_ratings_update(
        appraisal=appraisal,
        user=manager,
        expected_version=appraisal.version,
        ratings={
            CouncilValue.OPEN_AND_FAIR: services.RatingInput("role_model", "Agreed.")
        },
    )
    rating = appraisal.ratings.get(key=CouncilValue.OPEN_AND_FAIR)
    assert (rating.rating, rating.evidence) == (
        "demonstrated",
        "Explained every decision to the family.",
    )
    assert (rating.manager_rating, rating.manager_comment) == ("role_model", "Agreed.")
    assert appraisal.version == 3


def test_a_rating_without_evidence_is_refused(appraisal, employee):
    with pytest.raises(ValidationError, match="give evidence"):
        services.appraisal_ratings_update(
            appraisal=appraisal,
            user=employee,
            expected_version=appraisal.version,
            ratings={Behaviour.WORKING_TOGETHER: services.RatingInput("developing")},
        )


def test_an_unknown_rating_key_is_refused(appraisal, employee):
    with pytest.raises(ValidationError):
        services.appraisal_ratings_update(
            appraisal=appraisal,
            user=employee,
            expected_version=appraisal.version,
            ratings={"being_brilliant": services.RatingInput("role_model", "x")},
        )


def test_the_database_keeps_values_and_behaviours_apart(appraisal):
    with pytest.raises(IntegrityError), transaction.atomic():
        AppraisalRating.objects.create(
            appraisal=appraisal, kind="value", key=Behaviour.BEING_ADAPTABLE
        )


@pytest.mark.parametrize("who", ["director", "hr", "officer"])
def test_only_the_employee_and_line_manager_rate(request, appraisal, who):
    with pytest.raises(PermissionDeniedError):
        services.appraisal_ratings_update(
            appraisal=appraisal,
            user=request.getfixturevalue(who),
            expected_version=appraisal.version,
            ratings={},
        )


# --- the manager's steps -------------------------------------------------------------


def test_objectives_are_agreed_by_the_line_manager_only(
    appraisal, objective, employee, manager, director
):
    for someone in (employee, director):
        with pytest.raises(PermissionDeniedError):
            services.appraisal_objectives_agree(
                appraisal=appraisal, user=someone, expected_version=appraisal.version
            )
    appraisal = services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    assert appraisal.status == Appraisal.Status.OBJECTIVES_AGREED
    assert appraisal.objectives_agreed_on is not None


def test_there_must_be_objectives_to_agree(appraisal, manager):
    with pytest.raises(ApplicationError, match="no objectives"):
        services.appraisal_objectives_agree(
            appraisal=appraisal, user=manager, expected_version=appraisal.version
        )


def test_reviews_come_in_order(appraisal, objective, manager):
    with pytest.raises(ApplicationError, match="mid-year review follows"):
        services.appraisal_mid_year_review(
            appraisal=appraisal,
            user=manager,
            expected_version=appraisal.version,
            review="x",
        )
    appraisal = services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    with pytest.raises(ApplicationError, match="year-end review follows"):
        services.appraisal_year_end_review(
            appraisal=appraisal,
            user=manager,
            expected_version=appraisal.version,
            review="x",
        )
    with pytest.raises(ValidationError):
        services.appraisal_mid_year_review(
            appraisal=appraisal,
            user=manager,
            expected_version=appraisal.version,
            review="  ",
        )


# --- sign-off -----------------------------------------------------------------------


def test_both_sign_and_then_it_is_signed_off(appraisal, objective, employee, manager):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    appraisal = services.appraisal_sign_off(
        appraisal=appraisal, user=employee, expected_version=appraisal.version
    )
    assert appraisal.status == Appraisal.Status.YEAR_END_DONE
    assert appraisal.employee_signed_off_at is not None
    appraisal = services.appraisal_sign_off(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    assert appraisal.status == Appraisal.Status.SIGNED_OFF
    assert appraisal.manager_signed_off_by == manager
    assert appraisal.signed_off_at == appraisal.manager_signed_off_at


def test_nobody_signs_before_the_year_end_review(appraisal, objective, employee):
    with pytest.raises(ApplicationError, match="after the year-end review"):
        services.appraisal_sign_off(
            appraisal=appraisal, user=employee, expected_version=appraisal.version
        )


def test_nobody_signs_as_both_employee_and_manager(
    appraisal, objective, employee, manager
):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    appraisal = services.appraisal_sign_off(
        appraisal=appraisal, user=employee, expected_version=appraisal.version
    )
    with pytest.raises(ApplicationError, match="already signed"):
        services.appraisal_sign_off(
            appraisal=appraisal, user=employee, expected_version=appraisal.version
        )
    appraisal.refresh_from_db()
    assert appraisal.manager_signed_off_at is None


def test_an_employee_recorded_as_their_own_manager_still_cannot_sign_as_manager(
    employee, housing_plan
):
    employee.line_manager = employee
    employee.save()
    appraisal = services.appraisal_start(employee=employee, user=employee, year=YEAR)
    assert appraisal.manager is None
    services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Mine",
        measure_of_success="x",
        strategy=housing_plan.strategy,
    )
    with pytest.raises(PermissionDeniedError):
        services.appraisal_objectives_agree(
            appraisal=appraisal, user=employee, expected_version=appraisal.version
        )


def test_the_database_refuses_a_manager_signature_by_the_employee(appraisal):
    appraisal.manager_signed_off_by = appraisal.employee
    with pytest.raises(IntegrityError), transaction.atomic():
        appraisal.save()


@pytest.mark.parametrize("who", ["director", "hr", "officer"])
def test_only_the_employee_and_line_manager_sign(
    request, appraisal, objective, employee, manager, who
):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    with pytest.raises(PermissionDeniedError):
        services.appraisal_sign_off(
            appraisal=appraisal,
            user=request.getfixturevalue(who),
            expected_version=appraisal.version,
        )


def test_nothing_changes_once_anyone_has_signed(
    appraisal, objective, employee, manager
):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    appraisal = services.appraisal_sign_off(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    objective.refresh_from_db()
    with pytest.raises(ApplicationError, match="signed"):
        services.appraisal_objective_update(
            objective=objective,
            user=employee,
            expected_version=objective.version,
            fields={"title": "Rewritten"},
        )
    with pytest.raises(ApplicationError, match="signed"):
        services.appraisal_development_needs_update(
            appraisal=appraisal,
            user=employee,
            expected_version=appraisal.version,
            development_needs="Changed after signing",
        )
    with pytest.raises(ApplicationError, match="signed"):
        services.one_to_one_record(
            appraisal=appraisal,
            user=employee,
            date=IN_YEAR,
            notes="Late",
            today=IN_YEAR,
        )


# --- stale versions and history -----------------------------------------------------


def test_a_stale_appraisal_version_is_refused_with_a_clear_message(
    appraisal, employee, manager
):
    services.appraisal_development_needs_update(
        appraisal=appraisal,
        user=manager,
        expected_version=1,
        development_needs="Coaching",
    )
    with pytest.raises(ConflictError) as refused:
        services.appraisal_development_needs_update(
            appraisal=appraisal,
            user=employee,
            expected_version=1,
            development_needs="Mine",
        )
    assert "changed by" in refused.value.message
    assert refused.value.extra == {"current_version": 2}
    appraisal.refresh_from_db()
    assert appraisal.development_needs == "Coaching"


def test_every_change_is_kept_with_who_made_it(appraisal, objective, employee, manager):
    services.appraisal_objective_update(
        objective=objective,
        user=employee,
        expected_version=objective.version,
        fields={"progress": "Half way"},
    )
    appraisal = services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    objective_history = objective.history.order_by("history_date")
    assert [h.progress for h in objective_history] == ["", "Half way"]
    assert {h.history_user for h in objective_history} == {employee}
    latest = appraisal.history.first()
    assert latest.status == Appraisal.Status.OBJECTIVES_AGREED
    assert latest.history_user == manager
    assert latest.prev_record.status == Appraisal.Status.DRAFT


# --- one-to-ones ------------------------------------------------------------------


def test_a_one_to_one_records_progress_on_each_objective(
    appraisal, objective, employee
):
    one_to_one = services.one_to_one_record(
        appraisal=appraisal,
        user=employee,
        date=dt.date(2025, 10, 1),
        notes="Caseload and training.",
        progress=[services.ObjectiveProgress(objective.pk, "Eight plans done", 40)],
        today=IN_YEAR,
    )
    note = one_to_one.objective_notes.get()
    assert (note.note, note.percent_complete) == ("Eight plans done", 40)
    objective.refresh_from_db()
    assert objective.percent_complete == 40
    assert objective.history.first().history_user == employee


def test_a_one_to_one_cannot_be_in_the_future(appraisal, employee):
    with pytest.raises(ValidationError, match="future"):
        services.one_to_one_record(
            appraisal=appraisal,
            user=employee,
            date=IN_YEAR + dt.timedelta(days=1),
            notes="Planned",
            today=IN_YEAR,
        )


def test_a_one_to_one_cannot_note_another_appraisals_objective(
    appraisal, employee, officer, housing_plan
):
    other = services.appraisal_start(employee=officer, user=officer, year=YEAR)
    theirs = services.appraisal_objective_create(
        appraisal=other,
        user=officer,
        title="Theirs",
        measure_of_success="x",
        strategy=housing_plan.strategy,
    )
    with pytest.raises(ValidationError, match="another appraisal"):
        services.one_to_one_record(
            appraisal=appraisal,
            user=employee,
            date=IN_YEAR,
            notes="x",
            progress=[services.ObjectiveProgress(theirs.pk, "peek")],
            today=IN_YEAR,
        )


@pytest.mark.parametrize("who", ["director", "hr", "officer"])
def test_only_the_employee_and_line_manager_record_one_to_ones(request, appraisal, who):
    with pytest.raises(PermissionDeniedError):
        services.one_to_one_record(
            appraisal=appraisal,
            user=request.getfixturevalue(who),
            date=IN_YEAR,
            notes="x",
            today=IN_YEAR,
        )


def test_a_stale_one_to_one_version_is_refused(appraisal, manager):
    one_to_one = services.one_to_one_record(
        appraisal=appraisal, user=manager, date=IN_YEAR, notes="First", today=IN_YEAR
    )
    services.one_to_one_update(
        one_to_one=one_to_one,
        user=manager,
        expected_version=1,
        notes="Second",
        today=IN_YEAR,
    )
    with pytest.raises(ConflictError):
        services.one_to_one_update(
            one_to_one=one_to_one,
            user=manager,
            expected_version=1,
            notes="Lost",
            today=IN_YEAR,
        )


def test_an_inactive_manager_is_not_in_anyones_rules(appraisal, manager):
    manager.is_active = False
    manager.save()
    with pytest.raises(PermissionDeniedError):
        services.one_to_one_record(
            appraisal=appraisal, user=manager, date=IN_YEAR, notes="x", today=IN_YEAR
        )


def test_a_report_of_a_report_is_in_the_chain_but_not_signed_by_the_director(
    director, manager
):
    """The director reads what is below them; only the line manager signs."""
    report = factories.UserFactory(roles=["employee"], line_manager=manager)
    appraisal = services.appraisal_start(employee=report, user=report, year=YEAR)
    from appraisals.permissions import can_read_appraisal, can_sign_off

    assert can_read_appraisal(director, appraisal)
    assert not can_sign_off(director, appraisal)
    assert can_sign_off(manager, appraisal)
