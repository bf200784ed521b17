"""The scorecard's workflow policy (scorecard/workflow.py), table-driven: what each
role may do to figures and proposals in each state, and the services enforcing it
(withdraw, nobody endorses their own proposal, the performance administrator
endorses the service manager's)."""

import pytest

from coventry_pm.accounts.models import Portfolio
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard import services, workflow
from scorecard.models import Metric, Submission, Target
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "employee",
    "officer",
    "other_officer",
    "manager",
    "cabinet_member",
    "councillor",
    "partner",
    "hr",
    "insight",
    "no_role_user",
]
PROPOSAL_STEPS = {workflow.ENDORSE, workflow.AGREE, workflow.WITHDRAW}

S = Submission.Status
# role -> {status: the steps allowed on an officer's submission of a Housing metric}
SUBMISSION_TABLE = {
    "officer": {
        S.DRAFT: {"edit", "submit"},
        S.RETURNED: {"edit", "submit"},
        S.SUBMITTED: set(),
        S.APPROVED: set(),
    },
    "manager": {
        S.DRAFT: {"edit", "submit"},
        S.RETURNED: {"edit", "submit"},
        S.SUBMITTED: {"approve", "return"},
        S.APPROVED: set(),
    },
}

M = Metric.Status
# role -> {status: the proposal steps allowed on a metric the officer proposed}
OFFICERS_PROPOSAL = {
    "officer": {M.PROPOSED: {"withdraw"}, M.ENDORSED: {"withdraw"}},
    "manager": {M.PROPOSED: {"endorse"}},
    "cabinet_member": {M.ENDORSED: {"agree"}},
}
# ... and on one the service's manager proposed: the performance administrator
# endorses it.
MANAGERS_PROPOSAL = {
    "manager": {M.PROPOSED: {"withdraw"}, M.ENDORSED: {"withdraw"}},
    "insight": {M.PROPOSED: {"endorse"}},
    "cabinet_member": {M.ENDORSED: {"agree"}},
}


@pytest.fixture
def portfolio(cabinet_member):
    return Portfolio.objects.get(name="Housing and Communities")


@pytest.fixture
def metric(officer, portfolio):
    return factories.MetricFactory(
        owner=officer, team=officer.team, portfolio=portfolio
    )


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what_to_a_submission(request, metric, officer, role, status):
    submission = Submission.objects.create(
        metric=metric, period="2024-25 Q2", created_by=officer, status=status
    )
    user = request.getfixturevalue(role)
    expected = SUBMISSION_TABLE.get(role, {}).get(status, set())
    assert workflow.allowed_actions(user, submission) == expected


def test_nobody_reviews_a_submission_they_entered_a_figure_of(metric, manager):
    submission = Submission.objects.create(
        metric=metric, period="2024-25 Q2", created_by=manager, status=S.SUBMITTED
    )
    assert workflow.allowed_actions(manager, submission) == set()


@pytest.mark.parametrize("status", list(M))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("proposer", "table"),
    [("officer", OFFICERS_PROPOSAL), ("manager", MANAGERS_PROPOSAL)],
    ids=["officers", "managers"],
)
def test_who_may_do_what_to_a_metric_proposal(
    request, metric, role, status, proposer, table
):
    metric.status = status
    metric.proposed_by = request.getfixturevalue(proposer)
    metric.save()
    user = request.getfixturevalue(role)
    expected = table.get(role, {}).get(status, set())
    assert workflow.allowed_actions(user, metric) & PROPOSAL_STEPS == expected


@pytest.mark.parametrize("status", list(Target.Status))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("proposer", "table"),
    [("officer", OFFICERS_PROPOSAL), ("manager", MANAGERS_PROPOSAL)],
    ids=["officers", "managers"],
)
def test_who_may_do_what_to_a_target_proposal(
    request, metric, role, status, proposer, table
):
    target = factories.TargetFactory(
        metric=metric,
        period="2025-26",
        text="60%",
        status=status,
        set_by=request.getfixturevalue(proposer),
    )
    user = request.getfixturevalue(role)
    expected = table.get(role, {}).get(status, set())
    assert workflow.allowed_actions(user, target) == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_records_on_a_metric(request, metric, role):
    starts = {workflow.ENTER_FIGURES, workflow.PROPOSE_TARGET, workflow.COMMENT}
    user = request.getfixturevalue(role)
    expected = {
        "officer": starts,
        "manager": starts,
        "employee": {workflow.COMMENT},
        "other_officer": {workflow.COMMENT},
        "cabinet_member": {workflow.COMMENT},
        "hr": {workflow.COMMENT},
        "insight": {workflow.COMMENT},
    }.get(role, set())
    assert workflow.allowed_actions(user, metric) & starts == expected


def test_the_proposer_withdraws_a_metric_and_the_history_keeps_it(officer, metric):
    metric.status, metric.proposed_by = M.PROPOSED, officer
    metric.save()
    withdrawn = services.metric_withdraw(
        metric=metric, user=officer, expected_version=metric.version
    )
    assert withdrawn.status == M.WITHDRAWN
    assert [h.status for h in metric.history.order_by("history_date")][-2:] == [
        M.PROPOSED,
        M.WITHDRAWN,
    ]
    # Withdrawn: nothing more happens to it.
    assert workflow.allowed_actions(officer, withdrawn) == set()


def test_only_the_proposer_withdraws(officer, manager, metric):
    metric.status, metric.proposed_by = M.PROPOSED, officer
    metric.save()
    with pytest.raises(PermissionDeniedError):
        services.metric_withdraw(metric=metric, user=manager, expected_version=1)


def test_an_agreed_proposal_can_no_longer_be_withdrawn(officer, metric):
    target = factories.TargetFactory(
        metric=metric, period="2025-26", text="60%", set_by=officer
    )
    with pytest.raises(ApplicationError, match="can be withdrawn"):
        services.target_withdraw(
            target=target, user=officer, expected_version=target.version
        )


def test_a_withdrawn_target_can_be_proposed_again(officer, manager, metric):
    target = services.target_propose(
        metric=metric, period="2025-26", text="60%", user=officer
    )
    target = services.target_endorse(target=target, user=manager, expected_version=1)
    services.target_withdraw(target=target, user=officer, expected_version=2)
    again = services.target_propose(
        metric=metric, period="2025-26", text="65%", user=officer
    )
    assert (again.pk, again.status, again.endorsed_by) == (
        target.pk,
        Target.Status.PROPOSED,
        None,
    )


def test_nobody_endorses_their_own_proposal(manager, insight, metric):
    proposed = services.metric_propose(
        user=manager, team_id=metric.team_id, name="Rough sleepers", unit="number"
    )
    with pytest.raises(PermissionDeniedError, match="never their own"):
        services.metric_endorse(metric=proposed, user=manager, expected_version=1)
    endorsed = services.metric_endorse(
        metric=proposed, user=insight, expected_version=1
    )
    assert (endorsed.status, endorsed.endorsed_by) == (M.ENDORSED, insight)


def test_the_administrator_endorses_only_the_managers_proposals(
    officer, insight, metric
):
    proposed = services.metric_propose(
        user=officer, team_id=officer.team_id, name="Rough sleepers", unit="number"
    )
    with pytest.raises(PermissionDeniedError):
        services.metric_endorse(metric=proposed, user=insight, expected_version=1)


def test_a_manager_with_no_team_proposes_for_a_team_of_their_service(
    manager, housing_team
):
    assert manager.team_id is None
    proposed = services.metric_propose(user=manager, name="Rough sleepers", unit="n")
    assert proposed.team_id == housing_team.pk


def test_the_approvals_queue_shows_both_verdicts_and_the_reason(
    client, officer, manager, metric
):
    services.submission_save(
        user=officer,
        metric=metric,
        period="2024-25 Q2",
        value_text="29%",
        progress_override="cannot_say",
        override_reason="A data-system change explains part of it.",
    )
    Submission.objects.update(status=S.SUBMITTED)
    client.force_login(manager)
    page = client.get("/approvals/").content.decode()
    assert "Calculated verdict" in page
    assert "Recorded verdict" in page
    assert "Cannot say" in page
    assert "A data-system change explains part of it." in page


def test_the_demo_has_priyas_proposals_for_tom_to_endorse_and_cllr_khan_to_agree():
    from demo.metrics import METRICS, MetricSpec
    from demo.people import LINE_MANAGERS, PORTFOLIOS

    def waiting(status: str) -> list[MetricSpec]:
        return [
            spec
            for spec in METRICS
            if spec.status == status
            and spec.proposed_by == "officer"
            and spec.team == "Housing Options"
            and PORTFOLIOS[spec.portfolio] == "cabinet"
            and spec.target
        ]

    # Priya's line manager, Tom ("manager"), endorses; Cllr Khan ("cabinet") agrees.
    assert LINE_MANAGERS["officer"] == "manager"
    assert waiting(M.PROPOSED), "a proposal of Priya's waiting for Tom"
    assert waiting(M.ENDORSED), "one Tom endorsed, waiting for Cllr Khan"


# Each service step with a version, and a record in the state where it applies.
VERSIONED_STEPS = {
    "edit": (
        S.DRAFT,
        lambda sub, user, version: services.submission_save(
            submission=sub,
            user=user,
            metric=sub.metric,
            period=sub.period,
            value_text="1",
            expected_version=version,
        ),
    ),
    "submit": (
        S.DRAFT,
        lambda sub, user, version: services.submission_submit(
            submission=sub, user=user, expected_version=version
        ),
    ),
    "approve": (
        S.SUBMITTED,
        lambda sub, user, version: services.submission_approve(
            submission=sub, user=user, expected_version=version
        ),
    ),
    "return": (
        S.SUBMITTED,
        lambda sub, user, version: services.submission_return(
            submission=sub, user=user, expected_version=version, comment="Check it."
        ),
    ),
}


@pytest.mark.parametrize("step", VERSIONED_STEPS)
def test_a_refused_person_is_told_so_whatever_version_they_send(
    step, metric, officer, employee
):
    """Who may act is asked before the version: someone who may never take the step
    hears that (403), not that the record has moved on (409)."""
    status, take = VERSIONED_STEPS[step]
    submission = factories.SubmissionFactory(
        metric=metric, created_by=officer, status=status
    )
    with pytest.raises(PermissionDeniedError):
        take(submission, employee, submission.version + 5)


@pytest.mark.parametrize("step", [workflow.ENDORSE, workflow.AGREE, workflow.WITHDRAW])
def test_a_refused_person_is_told_so_whatever_version_they_send_a_proposal(
    step, officer, employee
):
    proposal = services.metric_propose(user=officer, name="Homes let", unit="number")
    if step == workflow.AGREE:  # endorsed: waiting for the cabinet member
        proposal.status = Metric.Status.ENDORSED
        proposal.save()
    take = {
        workflow.ENDORSE: services.metric_endorse,
        workflow.AGREE: services.metric_agree,
        workflow.WITHDRAW: services.metric_withdraw,
    }[step]
    with pytest.raises(PermissionDeniedError):
        take(metric=proposal, user=employee, expected_version=proposal.version + 5)
