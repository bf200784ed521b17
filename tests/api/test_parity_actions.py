"""Who may act is the same on the page, in the API and in the service (issue 16).

For every workflow step (figures, metric and target proposals, the records a metric
starts, action updates, appraisals, the annual report), every role of the fixtures
(with a person of the right role but the wrong team, portfolio or appraisal, and
nobody signed in), and the record in the state where the step applies:

- the workflow's ``allowed_actions`` lets exactly the step's ``actors`` take it
  (the table says who, so a rule that drifts is caught here too);
- the page shows the step's button (its form's action URL, or the page's own
  ``data-action``) exactly when ``allowed_actions`` includes the step;
- the API's step endpoint refuses an empty body (403, or 404 where the record is
  hidden) exactly when it does not: the refusal comes before the body is read;
  anyone else gets past the refusal (2xx, or 400 for the empty body);
- the service raises PermissionDeniedError exactly when it does not (called in a
  transaction rolled back, so each check sees the record as it was built).

Each case's id names the workflow, the step and the role:
``scorecard.submission.approve-manager``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appraisals import services as appraisal_services
from appraisals import workflow as appraisals_workflow
from appraisals.models import Appraisal
from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from reports import workflow as reports_workflow
from reports.models import ReportRun, ReportSnapshot
from reports.services.annual import (
    report_approval_request,
    report_approve,
    report_publish,
    report_run_execute,
    report_run_start,
)
from scorecard import services as scorecard_services
from scorecard import workflow as scorecard_workflow
from scorecard.models import Metric, Submission, Target
from strategies import services as strategies_services
from strategies import workflow as strategies_workflow
from strategies.models import Action, Plan, ProgressUpdate
from tests import factories
from tests.reports.annual import YEAR, report_data

# Every step as every role: a whole-system test (make test-fast leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = (
    "employee",
    "officer",  # the figures', updates' and proposals' author
    "other_officer",  # an officer of another service
    "manager",  # the Housing service's manager, the officer's line manager
    "other_manager",  # the manager of another service
    "cabinet_member",  # the Housing and Communities portfolio's
    "other_cabinet_member",  # another portfolio's
    "councillor",
    "hr",
    "partner",
    "insight",  # the performance administrator
    "no_role_user",
    "anonymous",
)

# Everyone who signs in to the council's pages as staff or a member.
ANY_READER = frozenset(ROLES) - {"partner", "no_role_user", "anonymous"}


@pytest.fixture
def other_manager(parks_team):
    """Head of Streetpride (the Parks team's service): a manager, not Housing's."""
    user = factories.UserFactory(
        username="parks-manager", roles=["manager", "employee"]
    )
    parks_team.manager = user
    parks_team.save()
    parks_team.service.head = user
    parks_team.service.save()
    return user


@pytest.fixture
def other_cabinet_member(db):
    user = factories.UserFactory(username="cabinet-2", roles=["cabinet_member"])
    factories.PortfolioFactory(name="Culture and Sport", cabinet_member=user)
    return user


@pytest.fixture
def people(request, housing) -> dict[str, User | None]:
    """Every role's person (None: nobody signed in), made before any record."""
    return {
        role: None if role == "anonymous" else request.getfixturevalue(role)
        for role in ROLES
    }


# --- What the page, the API and the service say ---------------------------------


def _page(person: User | None, url: str) -> str:
    """The page as this person gets it ("" when it is not shown to them)."""
    client = Client()
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    return response.text if response.status_code == 200 else ""


def _form_posting_to(html: str, url: str, value: str | None = None) -> bool:
    """Whether the page has a form posting to ``url`` (with a button or choice
    whose value is ``value``, when named)."""
    for form in re.findall(
        rf'<form[^>]*action="{re.escape(url)}"[^>]*>(.*?)</form>', html, flags=re.S
    ):
        if value is None or f'value="{value}"' in form:
            return True
    return False


def _links_to(html: str, url: str) -> bool:
    return f'href="{url}"' in html


def _data_action(html: str, step: str) -> bool:
    return f'data-action="{step}"' in html


class _Rollback(Exception):
    pass


def _service_refusal(call: Callable[[], Any]) -> str:
    """How the service answers the person: "never" (PermissionDeniedError), "not
    now" (another refusal: a field, the record's state), or "" (it did it);
    whatever it did is rolled back."""
    answer = ""
    try:
        with transaction.atomic():
            try:
                call()
            except PermissionDeniedError:
                answer = "never"
            except (ApplicationError, ValidationError):
                answer = "not now"
            raise _Rollback
    except _Rollback:
        pass
    return answer


@dataclass(frozen=True)
class Case:
    """A workflow step: who takes it, the record in the state where it applies, and
    how the page shows it, the API takes it and the service does it."""

    name: str  # workflow.record.step
    policy: ModuleType
    step: str
    actors: frozenset[str]
    make: Callable[[SimpleNamespace], Any]
    page: Callable[[User | None, Any], bool]
    api: Callable[[Any], tuple[str, str, dict[str, Any]]]  # method, url, body
    service: Callable[[Any, Any], Any]  # (person, record)
    # Who may take the step on the record in another state, not in this one
    # (their part is done): no button, and the service and the API say why (400),
    # not that they may never take it.
    not_now: frozenset[str] = frozenset()


# --- The scorecard: figures, proposals and what a metric starts -----------------


def _submission(world: SimpleNamespace, status: str) -> Submission:
    submission = scorecard_services.submission_save(
        user=world.officer, metric=world.metric, period="2024-25 Q2", value_text="321"
    )
    if status == Submission.Status.SUBMITTED:
        submission = scorecard_services.submission_submit(
            submission=submission,
            user=world.officer,
            expected_version=submission.version,
        )
    return submission


def _submission_page(marker: str) -> Callable[[User | None, Submission], bool]:
    return lambda person, submission: (
        marker in _page(person, reverse("scorecard:submission", args=[submission.pk]))
    )


def _proposal(world: SimpleNamespace, status: str, *, by: str = "officer") -> Metric:
    proposer = getattr(world, by)
    return factories.MetricFactory(
        code="PM0001",
        status=status,
        team=world.officer.team,
        portfolio=world.portfolio,
        proposed_by=proposer,
        owner=world.officer,
    )


def _target(world: SimpleNamespace, status: str, *, by: str = "officer") -> Target:
    return factories.TargetFactory(
        metric=world.metric,
        period="2026-27",
        text="320",
        status=status,
        set_by=getattr(world, by),
    )


def _metric_page_button(decide: str) -> Callable[[User | None, Any], bool]:
    """The metric page's decision button for a proposal (``decide``: endorse,
    agree, withdraw) on the metric itself or one of its targets."""

    def shows(person: User | None, record: Metric | Target) -> bool:
        metric = record if isinstance(record, Metric) else record.metric
        url = (
            reverse("scorecard:metric_decide", args=[metric.code])
            if isinstance(record, Metric)
            else reverse("scorecard:target_decide", args=[record.pk])
        )
        return _form_posting_to(_page(person, metric.get_absolute_url()), url, decide)

    return shows


def _proposal_api(decide: str) -> Callable[[Any], tuple[str, str, dict[str, Any]]]:
    def api(record: Metric | Target) -> tuple[str, str, dict[str, Any]]:
        if isinstance(record, Metric):
            return "post", f"/api/v1/metrics/{record.code}/{decide}/", {}
        return "post", f"/api/v1/targets/{record.pk}/{decide}/", {}

    return api


def _proposal_service(decide: str) -> Callable[[Any, Any], Any]:
    def call(person: Any, record: Metric | Target) -> Any:
        if isinstance(record, Metric):
            service = getattr(scorecard_services, f"metric_{decide}")
            return service(metric=record, user=person, expected_version=record.version)
        service = getattr(scorecard_services, f"target_{decide}")
        return service(target=record, user=person, expected_version=record.version)

    return call


def _proposal_cases(kind: str) -> list[Case]:
    make = _proposal if kind == "metric" else _target
    proposed, endorsed = Metric.Status.PROPOSED, Metric.Status.ENDORSED
    cases = []
    for step, status, actors, by in (
        # The service's manager endorses, never their own proposal: the
        # performance administrator endorses the manager's.
        (scorecard_workflow.ENDORSE, proposed, {"manager"}, "officer"),
        (scorecard_workflow.ENDORSE, proposed, {"insight"}, "manager"),
        # The portfolio's cabinet member agrees.
        (scorecard_workflow.AGREE, endorsed, {"cabinet_member"}, "officer"),
        # Its author withdraws it, proposed or endorsed.
        (scorecard_workflow.WITHDRAW, proposed, {"officer"}, "officer"),
        (scorecard_workflow.WITHDRAW, endorsed, {"officer"}, "officer"),
        (scorecard_workflow.WITHDRAW, proposed, {"manager"}, "manager"),
    ):
        cases.append(
            Case(
                name=f"scorecard.{kind}.{step}({status} by {by})",
                policy=scorecard_workflow,
                step=step,
                actors=frozenset(actors),
                make=lambda w, status=status, by=by: make(w, status, by=by),
                page=_metric_page_button(step),
                api=_proposal_api(step),
                service=_proposal_service(step),
            )
        )
    return cases


def _enter_figures(person: Any, metric: Metric) -> Any:
    return scorecard_services.submission_save(
        user=person, metric=metric, period="2024-25 Q3", value_text="330"
    )


SCORECARD_CASES = [
    Case(
        name="scorecard.submission.edit",
        policy=scorecard_workflow,
        step=scorecard_workflow.EDIT,
        actors=frozenset({"officer", "manager"}),
        make=lambda w: _submission(w, Submission.Status.DRAFT),
        page=_submission_page('name="save"'),
        api=lambda s: ("patch", f"/api/v1/submissions/{s.pk}/", {}),
        service=lambda person, s: scorecard_services.submission_save(
            user=person, metric=s.metric, period=s.period, value_text="322"
        ),
    ),
    Case(
        name="scorecard.submission.submit",
        policy=scorecard_workflow,
        step=scorecard_workflow.SUBMIT,
        actors=frozenset({"officer", "manager"}),
        make=lambda w: _submission(w, Submission.Status.DRAFT),
        page=_submission_page('name="submit"'),
        api=lambda s: ("post", f"/api/v1/submissions/{s.pk}/submit/", {}),
        service=lambda person, s: scorecard_services.submission_submit(
            submission=s, user=person, expected_version=s.version
        ),
    ),
    *(
        Case(
            name=f"scorecard.submission.{step}",
            policy=scorecard_workflow,
            step=step,
            actors=frozenset({"manager"}),
            make=lambda w: _submission(w, Submission.Status.SUBMITTED),
            page=_submission_page(f'name="decision" value="{step}"'),
            api=lambda s, step=step: (
                "post",
                f"/api/v1/submissions/{s.pk}/{step}/",
                {},
            ),
            service=lambda person, s, step=step: getattr(
                scorecard_services, f"submission_{step}"
            )(
                submission=s,
                user=person,
                expected_version=s.version,
                comment="Check the count.",
            ),
        )
        for step in (scorecard_workflow.APPROVE, scorecard_workflow.RETURN)
    ),
    *_proposal_cases("metric"),
    *_proposal_cases("target"),
    Case(
        name="scorecard.metric.enter_figures",
        policy=scorecard_workflow,
        step=scorecard_workflow.ENTER_FIGURES,
        actors=frozenset({"officer", "manager"}),
        make=lambda w: w.metric,
        # The link to enter the figure for the period just ended.
        page=lambda person, m: (
            f'href="{reverse("scorecard:metric", args=[m.code])}enter/'
            in _page(person, m.get_absolute_url())
        ),
        api=lambda m: ("post", "/api/v1/submissions/", {"metric": m.code}),
        service=_enter_figures,
    ),
    Case(
        name="scorecard.metric.propose_target",
        policy=scorecard_workflow,
        step=scorecard_workflow.PROPOSE_TARGET,
        actors=frozenset({"officer", "manager"}),
        make=lambda w: w.metric,
        page=lambda person, m: _links_to(
            _page(person, m.get_absolute_url()),
            reverse("scorecard:target_propose", args=[m.code]),
        ),
        api=lambda m: ("post", "/api/v1/targets/", {"metric": m.code}),
        service=lambda person, m: scorecard_services.target_propose(
            metric=m, period="2026-27", text="340", user=person
        ),
    ),
    Case(
        name="scorecard.metric.comment",
        policy=scorecard_workflow,
        step=scorecard_workflow.COMMENT,
        actors=ANY_READER - {"councillor"},
        make=lambda w: w.metric,
        page=lambda person, m: _form_posting_to(
            _page(person, m.get_absolute_url()),
            reverse("scorecard:comment_add", args=[m.code]),
        ),
        api=lambda m: ("post", "/api/v1/comments/", {"metric": m.code}),
        service=lambda person, m: scorecard_services.comment_add(
            user=person, metric=m, text="Is Q3 in yet?"
        ),
    ),
]


# --- Action updates --------------------------------------------------------------


def _update(world: SimpleNamespace) -> ProgressUpdate:
    return strategies_services.progress_update_submit(
        action=world.action,
        user=world.officer,
        status=Action.Status.AT_RISK,
        percent_complete=30,
        narrative="Lease delayed.",
        expected_version=world.action.version,
    )


STRATEGIES_CASES = [
    Case(
        name="strategies.action.update",
        policy=strategies_workflow,
        step=strategies_workflow.UPDATE,
        actors=frozenset({"officer", "manager"}),
        make=lambda w: w.action,
        page=lambda person, a: _data_action(
            _page(person, reverse("strategies:action_update", args=[a.pk])),
            strategies_workflow.UPDATE,
        ),
        api=lambda a: ("post", "/api/v1/progress-updates/", {"action": a.pk}),
        service=lambda person, a: strategies_services.progress_update_submit(
            action=a,
            user=person,
            status=Action.Status.ON_TRACK,
            percent_complete=40,
            narrative="Lease signed.",
            expected_version=a.version,
        ),
    ),
    *(
        Case(
            name=f"strategies.update.{step}",
            policy=strategies_workflow,
            step=step,
            actors=frozenset({"manager"}),
            make=_update,
            page=lambda person, u, step=step: _form_posting_to(
                _page(person, reverse("scorecard:approvals")),
                reverse("strategies:update_review", args=[u.pk]),
                step,
            ),
            api=lambda u, step=step: (
                "post",
                f"/api/v1/progress-updates/{u.pk}/{step}/",
                {},
            ),
            service=lambda person, u, step=step: getattr(
                strategies_services, f"progress_update_{step}"
            )(
                update=u,
                user=person,
                expected_version=u.version,
                comment="Say when the lease is signed.",
            ),
        )
        for step in (strategies_workflow.APPROVE, strategies_workflow.RETURN)
    ),
]

# --- Appraisals -----------------------------------------------------------------


def _appraisal(world: SimpleNamespace, status: str) -> Appraisal:
    """The employee's appraisal this year, with an objective, taken by their line
    manager to ``status``."""
    employee, manager = world.employee, world.manager
    appraisal = appraisal_services.appraisal_start(employee=employee, user=employee)
    appraisal_services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Give every family a written housing plan",
        measure_of_success="A plan within five working days for every family.",
        action=world.action,
    )
    appraisal.refresh_from_db()
    steps = (
        (
            Appraisal.Status.OBJECTIVES_AGREED,
            lambda a: appraisal_services.appraisal_objectives_agree(
                appraisal=a, user=manager, expected_version=a.version
            ),
        ),
        (
            Appraisal.Status.MID_YEAR_DONE,
            lambda a: appraisal_services.appraisal_mid_year_review(
                appraisal=a,
                user=manager,
                expected_version=a.version,
                review="Good progress.",
            ),
        ),
        (
            Appraisal.Status.YEAR_END_DONE,
            lambda a: appraisal_services.appraisal_year_end_review(
                appraisal=a,
                user=manager,
                expected_version=a.version,
                review="A good year.",
            ),
        ),
    )
    for reached, step in steps:
        if appraisal.status == status:
            break
        appraisal = step(appraisal)
        assert appraisal.status == reached
    return appraisal


def _appraisal_page(
    url_name: str, *args: str
) -> Callable[[User | None, Appraisal], bool]:
    """The appraisal page's link or form for a step (its page's address)."""

    def shows(person: User | None, appraisal: Appraisal) -> bool:
        html = _page(person, appraisal.get_absolute_url())
        url = reverse(f"appraisals:{url_name}", args=[appraisal.pk, *args])
        return _links_to(html, url) or _form_posting_to(html, url)

    return shows


def _appraisal_case(
    step: str,
    status: str,
    actors: set[str],
    page: Callable[[User | None, Appraisal], bool],
    api: Callable[[Appraisal], tuple[str, str, dict[str, Any]]],
    service: Callable[[Any, Appraisal], Any],
) -> Case:
    return Case(
        name=f"appraisals.appraisal.{step}({status})",
        policy=appraisals_workflow,
        step=step,
        actors=frozenset(actors),
        make=lambda w: _appraisal(w, status),
        page=page,
        api=api,
        service=service,
    )


APPRAISAL_CASES = [
    _appraisal_case(
        appraisals_workflow.EDIT_OBJECTIVES,
        Appraisal.Status.DRAFT,
        {"employee"},
        _appraisal_page("objective_add"),
        lambda a: ("post", "/api/v1/appraisal-objectives/", {"appraisal": a.pk}),
        lambda person, a: appraisal_services.appraisal_objective_create(
            appraisal=a,
            user=person,
            title="Answer every enquiry within a day",
            measure_of_success="Nine in ten answered within a day.",
            action=a.objectives.get().action,
        ),
    ),
    *(
        _appraisal_case(
            step,
            Appraisal.Status.DRAFT,
            {"employee", "manager"},
            page,
            api,
            service,
        )
        for step, page, api, service in (
            (
                appraisals_workflow.RATE,
                _appraisal_page("ratings"),
                lambda a: ("post", f"/api/v1/appraisals/{a.pk}/ratings/", {}),
                lambda person, a: appraisal_services.appraisal_ratings_update(
                    appraisal=a, user=person, expected_version=a.version, ratings={}
                ),
            ),
            (
                appraisals_workflow.RECORD_ONE_TO_ONE,
                _appraisal_page("one_to_one_add"),
                lambda a: ("post", "/api/v1/one-to-ones/", {"appraisal": a.pk}),
                lambda person, a: appraisal_services.one_to_one_record(
                    appraisal=a,
                    user=person,
                    date=dt.date.today(),
                    notes="Talked about the hub.",
                ),
            ),
            (
                appraisals_workflow.EDIT_DEVELOPMENT_NEEDS,
                _appraisal_page("development"),
                lambda a: ("patch", f"/api/v1/appraisals/{a.pk}/", {}),
                lambda person, a: appraisal_services.appraisal_development_needs_update(
                    appraisal=a,
                    user=person,
                    expected_version=a.version,
                    development_needs="Lease negotiation.",
                ),
            ),
        )
    ),
    _appraisal_case(
        appraisals_workflow.AGREE_OBJECTIVES,
        Appraisal.Status.DRAFT,
        {"manager"},
        _appraisal_page("agree_objectives"),
        lambda a: ("post", f"/api/v1/appraisals/{a.pk}/agree-objectives/", {}),
        lambda person, a: appraisal_services.appraisal_objectives_agree(
            appraisal=a, user=person, expected_version=a.version
        ),
    ),
    _appraisal_case(
        appraisals_workflow.MID_YEAR_REVIEW,
        Appraisal.Status.OBJECTIVES_AGREED,
        {"manager"},
        _appraisal_page("review", "mid-year"),
        lambda a: ("post", f"/api/v1/appraisals/{a.pk}/mid-year-review/", {}),
        lambda person, a: appraisal_services.appraisal_mid_year_review(
            appraisal=a, user=person, expected_version=a.version, review="On track."
        ),
    ),
    _appraisal_case(
        appraisals_workflow.YEAR_END_REVIEW,
        Appraisal.Status.MID_YEAR_DONE,
        {"manager"},
        _appraisal_page("review", "year-end"),
        lambda a: ("post", f"/api/v1/appraisals/{a.pk}/year-end-review/", {}),
        lambda person, a: appraisal_services.appraisal_year_end_review(
            appraisal=a, user=person, expected_version=a.version, review="A good year."
        ),
    ),
    _appraisal_case(
        appraisals_workflow.SIGN_OFF,
        Appraisal.Status.YEAR_END_DONE,
        {"employee", "manager"},
        _appraisal_page("sign_off"),
        lambda a: ("post", f"/api/v1/appraisals/{a.pk}/sign-off/", {}),
        lambda person, a: appraisal_services.appraisal_sign_off(
            appraisal=a, user=person, expected_version=a.version
        ),
    ),
]

# --- The annual report ----------------------------------------------------------

# A generated report's content, made once (generating one is the slow part); each
# case's draft is a new snapshot holding it.
_REPORT_CONTENT: dict[str, Any] = {}


def _report(world: SimpleNamespace, state: str) -> ReportSnapshot:
    if not _REPORT_CONTENT:
        with transaction.atomic():
            # The report's own plan, for the same period as the world's.
            Plan.objects.update(version=F("version") + 100)
            data = report_data()
            run = report_run_start(
                plan=data.plan, period=YEAR, user=world.insight, enqueue=False
            )
            generated = report_run_execute(run_id=run.pk)
            assert generated is not None
            _REPORT_CONTENT.update(generated.content)
            transaction.set_rollback(True)
    plan = world.plan
    run = ReportRun.objects.create(
        plan=plan, period=YEAR, status=ReportRun.Status.READY
    )
    admin = cabinet = None
    status = ReportSnapshot.Status.DRAFT
    if state in (reports_workflow.AWAITING_CABINET, reports_workflow.APPROVED):
        admin = world.insight
    if state in (reports_workflow.APPROVED, reports_workflow.PUBLISHED):
        admin, cabinet = world.insight, world.cabinet_member
    if state in (reports_workflow.APPROVED, reports_workflow.PUBLISHED):
        status = state
    now = timezone.now()
    snapshot = ReportSnapshot.objects.create(
        run=run,
        plan=plan,
        period=YEAR,
        content=dict(_REPORT_CONTENT),
        status=status,
        approved_by_admin=admin,
        approved_by_admin_at=admin and now,
        approved_by_cabinet=cabinet,
        approved_by_cabinet_at=cabinet and now,
    )
    assert reports_workflow.state_of(snapshot) == state
    return snapshot


def _report_page(url_name: str) -> Callable[[User | None, ReportSnapshot], bool]:
    def shows(person: User | None, snapshot: ReportSnapshot) -> bool:
        args = [] if url_name == "run_start" else [snapshot.pk]
        return _form_posting_to(
            _page(person, reverse("reports:report_detail", args=[snapshot.pk])),
            reverse(f"reports:{url_name}", args=args),
        )

    return shows


CABINET = {"cabinet_member", "other_cabinet_member"}
REPORT_CASES = [
    Case(
        name=f"reports.report.{step}({state})",
        policy=reports_workflow,
        step=step,
        actors=frozenset(actors),
        not_now=frozenset(not_now),
        make=lambda w, state=state: _report(w, state),
        page=_report_page(url_name),
        api=api,
        service=service,
    )
    for step, state, actors, not_now, url_name, api, service in (
        (
            reports_workflow.APPROVE,
            reports_workflow.AWAITING_BOTH,
            {"insight", *CABINET},
            set(),
            "report_approve",
            lambda r: ("post", f"/api/v1/reports/{r.pk}/approve/", {}),
            lambda person, r: report_approve(snapshot=r, user=person),
        ),
        (
            # The administrator has approved: a cabinet member's turn.
            reports_workflow.APPROVE,
            reports_workflow.AWAITING_CABINET,
            CABINET,
            {"insight"},
            "report_approve",
            lambda r: ("post", f"/api/v1/reports/{r.pk}/approve/", {}),
            lambda person, r: report_approve(snapshot=r, user=person),
        ),
        (
            reports_workflow.REQUEST_APPROVAL,
            reports_workflow.AWAITING_CABINET,
            {"insight"},
            set(),
            "report_request_approval",
            lambda r: ("post", f"/api/v1/reports/{r.pk}/request-approval/", {}),
            lambda person, r: report_approval_request(snapshot=r, user=person),
        ),
        (
            reports_workflow.PUBLISH,
            reports_workflow.APPROVED,
            {"insight"},
            set(),
            "report_publish",
            lambda r: ("post", f"/api/v1/reports/{r.pk}/publish/", {}),
            lambda person, r: report_publish(snapshot=r, user=person),
        ),
        (
            # A correction is a new run of the published report's plan and period.
            reports_workflow.CORRECT,
            reports_workflow.PUBLISHED,
            {"insight"},
            set(),
            "run_start",
            lambda r: ("post", "/api/v1/report-runs/", {}),
            lambda person, r: report_run_start(
                plan=r.plan,
                period=r.period,
                user=person,
                change_note="The Q4 figure was revised.",
                enqueue=False,
            ),
        ),
    )
]

CASES = [*SCORECARD_CASES, *STRATEGIES_CASES, *APPRAISAL_CASES, *REPORT_CASES]


# --- The test --------------------------------------------------------------------


@pytest.fixture
def world(housing, people, settings, tmp_path) -> SimpleNamespace:
    # A report published in a case writes its open data here, not to the tree.
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""
    return SimpleNamespace(
        **{role: person for role, person in people.items() if person is not None},
        plan=housing.plan,
        metric=housing.metric,
        portfolio=housing.portfolio,
        action=housing.action,
    )


def _fresh(record: Any) -> Any:
    return type(record).objects.get(pk=record.pk)


@pytest.mark.parametrize(
    ("case", "role"),
    [
        pytest.param(case, role, id=f"{case.name}-{role}")
        for case in CASES
        for role in ROLES
    ],
)
def test_who_may_act_is_the_same_on_the_page_in_the_api_and_in_the_service(
    request, api, world, people, case: Case, role: str
):
    person = people[role]
    record = case.make(world)
    asking = person or AnonymousUser()

    allowed = case.step in case.policy.allowed_actions(asking, _fresh(record))
    assert allowed is (role in case.actors), "the policy's rule has drifted"

    assert case.page(person, _fresh(record)) is allowed, "the page's button"

    refusal = _service_refusal(lambda: case.service(asking, _fresh(record)))
    if allowed:
        assert refusal != "never", "the service refused whom the policy lets act"
    elif role in case.not_now:
        assert refusal == "not now", "the service's refusal, their part done"
    else:
        assert refusal == "never", "the service let act whom the policy refuses"

    method, url, body = case.api(_fresh(record))
    response = getattr(api(person), method)(url, body, format="json")
    if allowed or role in case.not_now:
        assert response.status_code in (200, 201, 400), response.content
        if response.status_code == 400:
            assert response.json().get("code") != "PermissionDeniedError"
    else:
        assert response.status_code in (403, 404), response.content


def test_the_table_covers_every_step_of_every_workflow():
    """A step added to a workflow and missing here fails this test."""
    steps = {
        "scorecard.submission": scorecard_workflow.SUBMISSION_TRANSITIONS,
        "scorecard.metric": scorecard_workflow.METRIC_TRANSITIONS,
        "scorecard.target": scorecard_workflow.TARGET_TRANSITIONS,
        "strategies.action": {strategies_workflow.UPDATE},
        "strategies.update": strategies_workflow.UPDATE_TRANSITIONS,
        "appraisals.appraisal": appraisals_workflow.ACTIONS,
        "reports.report": reports_workflow.ACTIONS,
    }
    every_step = {(record, step) for record, some in steps.items() for step in some}
    covered = {(case.name.rsplit(".", 1)[0], case.step) for case in CASES}
    assert covered == every_step
