"""The workflow factories make records the services accept: each validates, and
takes its first step through the service that owns it (so a test that starts from
a factory starts from a state the product can reach)."""

from __future__ import annotations

import pytest

from appraisals.models import Appraisal
from appraisals.services import appraisal_objectives_agree
from reports.models import ImportRun, ReportSnapshot
from reports.services.annual import report_approve
from scorecard.models import Submission
from scorecard.services.submissions import submission_submit
from strategies.models import ProgressUpdate
from strategies.services import progress_update_approve
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.SubmissionFactory,
        factories.ProgressUpdateFactory,
        factories.AppraisalFactory,
        factories.AppraisalObjectiveFactory,
        factories.OneToOneFactory,
        factories.ReportRunFactory,
        factories.ReportSnapshotFactory,
        factories.ImportRunFactory,
    ],
    ids=lambda factory: factory.__name__,
)
def test_each_workflow_factory_makes_a_valid_record(factory, employee):
    record = factory() if factory is not factories.OneToOneFactory else None
    if record is None:  # a one-to-one is recorded by the employee's line manager
        record = factory(appraisal=factories.AppraisalFactory(employee=employee))
    record.full_clean()


def test_an_officers_draft_submission_is_sent_for_approval(officer):
    metric = factories.MetricFactory(owner=officer, team=officer.team)
    submission = factories.SubmissionFactory(metric=metric, created_by=officer)

    submitted = submission_submit(
        submission=submission, user=officer, expected_version=submission.version
    )

    assert submitted.status == Submission.Status.SUBMITTED


def test_an_officers_progress_update_is_approved_by_the_service_manager(
    officer, manager
):
    action = factories.ActionFactory(owner=officer, team=officer.team)
    update = factories.ProgressUpdateFactory(action=action, author=officer)

    approved = progress_update_approve(
        update=update, user=manager, expected_version=update.version
    )

    assert approved.approval == ProgressUpdate.Approval.APPROVED
    action.refresh_from_db()
    assert action.percent_complete == 40


def test_an_employees_objectives_are_agreed_by_their_line_manager(employee, manager):
    appraisal = factories.AppraisalFactory(employee=employee)
    factories.AppraisalObjectiveFactory(appraisal=appraisal)
    assert appraisal.manager == manager

    agreed = appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )

    assert agreed.status == Appraisal.Status.OBJECTIVES_AGREED


def test_a_draft_report_takes_the_performance_administrators_approval(insight):
    snapshot = factories.ReportSnapshotFactory()

    approved = report_approve(snapshot=snapshot, user=insight)

    assert approved.approved_by_admin == insight
    assert approved.status == ReportSnapshot.Status.DRAFT  # a cabinet member next


def test_an_import_run_starts_previewed():
    assert factories.ImportRunFactory().status == ImportRun.Status.PREVIEWED
