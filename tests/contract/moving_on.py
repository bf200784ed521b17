"""The demo moved on through the services, as a year of use leaves it: an annual
report generated (on the test settings' eager Celery), approved and published, and
a second run started; a submission approved and one returned; a progress update
approved and one returned; every appraisal moved one step on, and one signed off.

Each step is taken by whoever the app's workflow allows (its ``allowed_actions``),
so the moves follow the policy rather than a second copy of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from appraisals import services as appraisal_services
from appraisals import workflow as appraisal_workflow
from appraisals.models import Appraisal
from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError
from reports import workflow as report_workflow
from reports.models import ReportSnapshot
from reports.services.annual import (
    report_approval_request,
    report_approve,
    report_publish,
    report_run_start,
)
from reports.tasks import generate_report_task
from scorecard import workflow as scorecard_workflow
from scorecard.domain.periods import Period
from scorecard.models import Metric, Submission
from scorecard.services.submissions import (
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)
from strategies import services as strategy_services
from strategies import workflow as strategy_workflow
from strategies.models import Action, Plan, ProgressUpdate

M = TypeVar("M", bound=Model)

REVIEW = "Moved on by the contract test."


@dataclass
class MovedOn:
    """What was moved on, so the test can say it was (and what states it reached)."""

    reports: list[str] = field(default_factory=list)
    submissions: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    appraisals: list[str] = field(default_factory=list)
    # The records each move changed: {model: {pk, …}}.
    touched: dict[type[Model], set[Any]] = field(default_factory=dict)

    def touch(self, *records: Model) -> None:
        for record in records:
            self.touched.setdefault(type(record), set()).add(record.pk)


def _people() -> list[User]:
    return list(User.objects.filter(is_active=True).order_by("pk"))


def _officers_first(people: list[User]) -> list[User]:
    """The demo's officer first (Priya, whose figures and updates her manager
    approves; a manager's own go to nobody in the demo)."""
    return sorted(people, key=lambda p: p.username != "officer")


def _who_may(
    people: Iterable[User],
    record: Any,
    step: str,
    allowed: Callable[[Any, Any], frozenset[str]],
) -> User | None:
    return next((p for p in people if step in allowed(p, record)), None)


def _report(people: list[User], moved: MovedOn) -> None:
    """The latest complete year's report: generated, approved by both, asked of the
    cabinet, published; then a correction run, left as a second draft."""
    plan = Plan.objects.filter(status=Plan.Status.AGREED).order_by("-pk").first()
    if plan is None:
        return
    year = str(Period.containing(timezone.localdate()).previous())
    runner = next(
        p for p in people if report_workflow.roles_allow(p, report_workflow.RUN)
    )
    run = report_run_start(plan=plan, period=year, user=runner, enqueue=False)
    generate_report_task.delay(run.pk)  # eager: runs now, in this transaction
    snapshot = ReportSnapshot.objects.get(run=run)
    moved.touch(run, snapshot)
    moved.reports.append(snapshot.status)
    for step, service in (
        (report_workflow.APPROVE, report_approve),
        (report_workflow.REQUEST_APPROVAL, None),
        (report_workflow.APPROVE, report_approve),
        (report_workflow.PUBLISH, report_publish),
    ):
        snapshot.refresh_from_db()
        who = _who_may(people, snapshot, step, report_workflow.allowed_actions)
        if who is None:
            continue
        if service is None:
            report_approval_request(snapshot=snapshot, user=who, recipients=[])
        else:
            service(snapshot=snapshot, user=who)
        snapshot.refresh_from_db()
        moved.reports.append(snapshot.status)
    correction = report_run_start(
        plan=plan,
        period=year,
        user=runner,
        change_note="A corrected figure.",
        enqueue=False,
    )
    generate_report_task.delay(correction.pk)
    correction.refresh_from_db()
    moved.touch(correction, *ReportSnapshot.objects.filter(run=correction))
    moved.reports.append(correction.status)


def _submitted(people: list[User], count: int) -> list[Submission]:
    """Up to ``count`` submissions sent for approval that someone may approve:
    this year's figure of an annual metric, as its latest figure was written, by
    someone who enters it."""
    year = str(Period.containing(timezone.localdate()))
    sent: list[Submission] = []
    metrics = Metric.objects.filter(
        frequency=Metric.Frequency.ANNUAL, status=Metric.Status.AGREED
    ).order_by("code")
    for metric in metrics:
        latest = metric.values.order_by("-pk").first()
        who = _who_may(
            _officers_first(people),
            metric,
            scorecard_workflow.ENTER_FIGURES,
            _allowed_on_metric,
        )
        if latest is None or who is None:
            continue
        try:
            draft = submission_save(
                user=who,
                metric=metric,
                period=year,
                value_text=latest.value_text,
                numerator=latest.numerator,
                denominator=latest.denominator,
            )
        except (ValidationError, ApplicationError):
            continue
        submitted = submission_submit(
            submission=draft, user=who, expected_version=draft.version
        )
        approver = _who_may(
            people,
            submitted,
            scorecard_workflow.APPROVE,
            scorecard_workflow.allowed_actions,
        )
        if approver is not None:  # else left awaiting one, a state as good
            sent.append(submitted)
        if len(sent) == count:
            break
    return sent


def _allowed_on_metric(user: User, metric: Metric) -> frozenset[str]:
    # Entering figures is no step of the metric's own states: asked in any.
    return scorecard_workflow.permitted_actions(user, metric)


def _submissions(people: list[User], moved: MovedOn) -> None:
    """Two submissions sent: one approved, the other returned."""
    waiting = _submitted(people, 2)
    steps = [
        (scorecard_workflow.APPROVE, submission_approve, {}),
        (scorecard_workflow.RETURN, submission_return, {"comment": REVIEW}),
    ]
    for submission in waiting:
        if not steps:
            break
        step, service, extra = steps[0]
        who = _who_may(people, submission, step, scorecard_workflow.allowed_actions)
        if who is None:
            continue
        done = service(
            submission=submission,
            user=who,
            expected_version=submission.version,
            **extra,
        )
        moved.touch(done, done.metric, *done.values.all())
        moved.submissions.append(done.status)
        steps.pop(0)


def _sent_updates(people: list[User], count: int) -> list[ProgressUpdate]:
    """Up to ``count`` progress updates sent for approval, each on an action."""
    sent: list[ProgressUpdate] = []
    for action in Action.objects.order_by("pk"):
        who = _who_may(
            _officers_first(people),
            action,
            strategy_workflow.UPDATE,
            _allowed_on_action,
        )
        if who is None:
            continue
        sent.append(
            strategy_services.progress_update_submit(
                action=action,
                user=who,
                status=Action.Status.AT_RISK,
                percent_complete=50,
                narrative=REVIEW,
                expected_version=action.version,
            )
        )
        if len(sent) == count:
            break
    return sent


def _allowed_on_action(user: User, action: Action) -> frozenset[str]:
    return strategy_workflow.allowed_actions(user, action)


def _updates(people: list[User], moved: MovedOn) -> None:
    """Two progress updates sent: one approved, the other returned."""
    waiting = _sent_updates(people, 2)
    steps = [
        (strategy_workflow.APPROVE, strategy_services.progress_update_approve),
        (strategy_workflow.RETURN, strategy_services.progress_update_return),
    ]
    for update in waiting:
        if not steps:
            break
        step, service = steps[0]
        who = _who_may(people, update, step, strategy_workflow.allowed_actions)
        if who is None:
            continue
        done = service(
            update=update, user=who, expected_version=update.version, comment=REVIEW
        )
        moved.touch(done, done.action)
        moved.updates.append(done.approval)
        steps.pop(0)


APPRAISAL_STEPS: tuple[tuple[str, Callable[..., Appraisal], dict[str, str]], ...] = (
    (
        appraisal_workflow.AGREE_OBJECTIVES,
        appraisal_services.appraisal_objectives_agree,
        {},
    ),
    (
        appraisal_workflow.MID_YEAR_REVIEW,
        appraisal_services.appraisal_mid_year_review,
        {"review": REVIEW},
    ),
    (
        appraisal_workflow.YEAR_END_REVIEW,
        appraisal_services.appraisal_year_end_review,
        {"review": REVIEW},
    ),
    (appraisal_workflow.SIGN_OFF, appraisal_services.appraisal_sign_off, {}),
)


def _appraisals(people: list[User], moved: MovedOn) -> None:
    """Every appraisal one step on; the first one as far as its steps go (signed
    off by both, where its people can)."""
    for index, appraisal in enumerate(Appraisal.objects.order_by("pk")):
        for _ in range(8 if index == 0 else 1):
            appraisal.refresh_from_db()
            taken = _next_step(people, appraisal)
            if not taken:
                break
        appraisal.refresh_from_db()
        moved.touch(appraisal, *appraisal.objectives.all())
        moved.appraisals.append(appraisal.status)


def _next_step(people: list[User], appraisal: Appraisal) -> bool:
    for step, service, extra in APPRAISAL_STEPS:
        who = _who_may(people, appraisal, step, appraisal_workflow.allowed_actions)
        if who is not None:
            service(
                appraisal=appraisal,
                user=who,
                expected_version=appraisal.version,
                **extra,
            )
            return True
    return False


def move_demo_on() -> MovedOn:
    people = _people()
    moved = MovedOn()
    _report(people, moved)
    _submissions(people, moved)
    _updates(people, moved)
    _appraisals(people, moved)
    return moved
