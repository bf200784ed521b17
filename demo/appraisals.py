"""Demo appraisals for the demo sign-ins (DESIGN.md section 7: every demo employee
has an appraisal; councillors have none).

For each of officer, manager, insight, hr and employee: last year's appraisal, signed
off (one of them late, so the completion figure is not a flat 100%), and this year's
at a stage that gives each sign-in something to do. Objectives link to the demo plan's
actions, key strategies and priorities, with fallbacks so this also runs on a smaller
plan. Everything is written through the services, so the history says who did what.

Idempotent: an appraisal that exists is left exactly as it is, and the completion
metric gets a new revision only when its figure changes. Made-up content only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from appraisals import services
from appraisals.models import Appraisal, appraisal_year_for, year_start
from coventry_pm.accounts.models import User
from strategies.models import Action, Plan, Priority, Strategy

APPRAISEES: tuple[str, ...] = ("officer", "manager", "insight", "hr", "employee")


@dataclass(frozen=True)
class ObjectiveSpec:
    title: str
    measure: str
    action: str = ""
    strategy: str = ""


@dataclass(frozen=True)
class PersonSpec:
    username: str
    objectives: tuple[ObjectiveSpec, ...]
    # How far this year's appraisal has got: "draft", "objectives_agreed" or
    # "mid_year_done".
    stage: str
    # Days before today of this year's one-to-ones.
    one_to_ones: tuple[int, ...]
    signed_late_last_year: bool = False
    development_needs: str = ""


HOUSING_PLAN = "Housing and Homelessness Strategy"
WORKFORCE = "One Coventry Workforce Strategy"

PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec(
        "employee",
        (
            ObjectiveSpec(
                "Give every family seen at a hub surgery a written housing plan",
                "Every family seen at a prevention surgery has a written plan within "
                "five working days.",
                action="Open homelessness prevention surgeries in the family hubs",
            ),
            ObjectiveSpec(
                "Help families leave bed and breakfast within six weeks",
                "No family on my caseload stays in bed and breakfast beyond six weeks.",
                action="End the use of bed and breakfast for families beyond six weeks",
            ),
        ),
        stage="draft",
        one_to_ones=(50,),
        development_needs="Housing law refresher; shadowing a senior caseworker.",
    ),
    PersonSpec(
        "officer",
        (
            ObjectiveSpec(
                "Run prevention surgeries in all eight family hubs",
                "Surgeries running weekly in eight hubs, with an evening session for "
                "working parents.",
                action="Open homelessness prevention surgeries in the family hubs",
            ),
            ObjectiveSpec(
                "Lease 20 more self-contained temporary homes",
                "20 homes leased and let by March; bed and breakfast use for families "
                "below six weeks.",
                action="End the use of bed and breakfast for families beyond six weeks",
            ),
        ),
        stage="objectives_agreed",
        one_to_ones=(70, 20),
    ),
    PersonSpec(
        "manager",
        (
            ObjectiveSpec(
                "Deliver this year's milestones of the housing strategy",
                "Every action in the housing action plan on track or complete at "
                "year end, reported to the partnership board each quarter.",
                strategy=HOUSING_PLAN,
            ),
            ObjectiveSpec(
                "Make the landlord incentive scheme permanent",
                "A business case agreed by Cabinet and 250 households housed "
                "through the scheme.",
                action="Launch a landlord incentive scheme for private rented homes",
            ),
        ),
        stage="mid_year_done",
        one_to_ones=(35, 5),
    ),
    PersonSpec(
        "insight",
        (
            ObjectiveSpec(
                "Publish the annual performance report on time",
                "The report goes to Cabinet and Scrutiny in July, with the open data "
                "published the same day.",
            ),
            ObjectiveSpec(
                "Review the definition of every headline metric",
                "Each headline metric has an agreed definition, source and owner.",
                strategy=WORKFORCE,
            ),
        ),
        stage="objectives_agreed",
        one_to_ones=(30,),
        signed_late_last_year=True,
    ),
    PersonSpec(
        "hr",
        (
            ObjectiveSpec(
                "Roll out appraisals and one-to-ones to every team",
                "Every team briefed; 95% of appraisals signed off on time.",
                action="Roll out the new appraisal and one-to-one framework",
            ),
            ObjectiveSpec(
                "Support managers to reduce sickness absence",
                "Days lost to sickness below 9.5 a year per FTE.",
                strategy=WORKFORCE,
            ),
        ),
        stage="objectives_agreed",
        one_to_ones=(25,),
    ),
)


@dataclass
class DemoAppraisalSummary:
    created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        first = (
            f"Demo appraisals loaded: {len(self.created)} created "
            f"({', '.join(self.created)})."
            if self.created
            else "Demo appraisals already up to date: nothing changed."
        )
        return [first, *self.figures, *self.warnings]


def _link(spec: ObjectiveSpec, user: User) -> dict[str, Any]:
    """The plan item an objective supports: the one named, else something of the
    person's team, else anything in the plan."""
    if spec.action:
        action = Action.objects.filter(title=spec.action).first()
        if action is not None:
            return {"action": action}
    if spec.strategy:
        strategy = Strategy.objects.filter(title=spec.strategy).first()
        if strategy is not None:
            return {"strategy": strategy}
    if not spec.action and not spec.strategy:
        priority = (
            Priority.objects.exclude(plan__status=Plan.Status.SUPERSEDED)
            .order_by("-kind", "sort_order", "id")
            .first()
        )
        if priority is not None:
            return {"priority": priority}
    action = (
        Action.objects.filter(owner=user).first()
        or (Action.objects.filter(team=user.team).first() if user.team else None)
        or Action.objects.first()
    )
    if action is not None:
        return {"action": action}
    strategy = Strategy.objects.first()
    if strategy is not None:
        return {"strategy": strategy}
    priority = Priority.objects.first()
    return {"priority": priority} if priority is not None else {}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _previous(year: str) -> str:
    start = year_start(year) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _objectives(
    appraisal: Appraisal, spec: PersonSpec, summary: DemoAppraisalSummary
) -> bool:
    employee = appraisal.employee
    for objective in spec.objectives:
        link = _link(objective, employee)
        if not link:
            summary.warnings.append(
                "No plan, strategy or action to link objectives to: run load_demo."
            )
            return False
        services.appraisal_objective_create(
            appraisal=appraisal,
            user=employee,
            title=objective.title,
            measure_of_success=objective.measure,
            **link,
        )
    return True


def _last_year(
    user: User,
    year: str,
    spec: PersonSpec,
    today: dt.date,
    summary: DemoAppraisalSummary,
) -> Appraisal:
    """A complete appraisal: objectives, ratings, reviews and both signatures, on
    the dates it would have had (only those already past)."""
    start = year_start(year)
    appraisal = services.appraisal_start(employee=user, user=user, year=year)
    manager = user.line_manager
    if not _objectives(appraisal, spec, summary) or manager is None:
        return appraisal
    for days_in, notes in (
        (75, "Settled into the objectives; agreed what good looks like."),
        (150, "Good progress; one objective behind because of winter pressures."),
        (290, "Objectives largely met; talked about next year's."),
    ):
        day = dt.date(start, 4, 1) + dt.timedelta(days=days_in)
        if day <= today:
            services.one_to_one_record(
                appraisal=appraisal, user=manager, date=day, notes=notes, today=today
            )
    # Due by 30 April: signed on 20 April, or a month late.
    sign_day = dt.date(start + 1, 5 if spec.signed_late_last_year else 4, 20)
    days = {
        "agree": dt.date(start, 5, 15),
        "mid_year": dt.date(start, 10, 20),
        "year_end": dt.date(start + 1, 4, 10),
        "employee_signs": sign_day,
        "manager_signs": sign_day,
    }
    for step, day in days.items():
        if day > today:
            break
        when, version = _at(day), appraisal.version
        if step == "agree":
            appraisal = services.appraisal_objectives_agree(
                appraisal=appraisal, user=manager, expected_version=version, now=when
            )
        elif step == "mid_year":
            appraisal = services.appraisal_mid_year_review(
                appraisal=appraisal,
                user=manager,
                expected_version=version,
                review="On track with both objectives; a clear plan for the winter.",
                now=when,
            )
        elif step == "year_end":
            appraisal = services.appraisal_year_end_review(
                appraisal=appraisal,
                user=manager,
                expected_version=version,
                review="A good year: both objectives met, and real care for the "
                "people we serve.",
                now=when,
            )
        else:
            appraisal = services.appraisal_sign_off(
                appraisal=appraisal,
                user=user if step == "employee_signs" else manager,
                expected_version=version,
                now=when,
            )
    return appraisal


def _this_year(
    user: User,
    year: str,
    spec: PersonSpec,
    today: dt.date,
    summary: DemoAppraisalSummary,
) -> Appraisal:
    appraisal = services.appraisal_start(employee=user, user=user, year=year)
    if not _objectives(appraisal, spec, summary):
        return appraisal
    year_begins = dt.date(year_start(year), 4, 1)
    manager = user.line_manager
    for days_ago in spec.one_to_ones:
        day = max(year_begins, today - dt.timedelta(days=days_ago))
        services.one_to_one_record(
            appraisal=appraisal,
            user=user,
            date=day,
            notes="Went through my caseload and the objectives; agreed next steps.",
            today=today,
        )
    if spec.development_needs:
        appraisal = services.appraisal_development_needs_update(
            appraisal=appraisal,
            user=user,
            expected_version=appraisal.version,
            development_needs=spec.development_needs,
        )
    if manager is None or spec.stage == "draft":
        return appraisal
    appraisal = services.appraisal_objectives_agree(
        appraisal=appraisal,
        user=manager,
        expected_version=appraisal.version,
        now=_at(today),
    )
    if spec.stage == "mid_year_done":
        appraisal = services.appraisal_mid_year_review(
            appraisal=appraisal,
            user=manager,
            expected_version=appraisal.version,
            review="Strong progress on the strategy's milestones; the incentive "
            "scheme's business case needs finishing by January.",
            now=_at(today),
        )
    return appraisal


def load_demo_appraisals(*, today: dt.date | None = None) -> DemoAppraisalSummary:
    """Create the demo sign-ins' appraisals that are missing, then record the
    completion metric for last year and this year."""
    today = today or timezone.localdate()
    year = appraisal_year_for(today)
    last_year = _previous(year)
    summary = DemoAppraisalSummary()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=APPRAISEES).select_related(
            "line_manager"
        )
    }
    for spec in PEOPLE:
        user = users.get(spec.username)
        if user is None:
            summary.warnings.append(
                f"No user {spec.username!r}: run load_demo first to create the "
                "sign-ins."
            )
            continue
        for this_year in (last_year, year):
            if Appraisal.objects.filter(employee=user, year=this_year).exists():
                continue
            with transaction.atomic():
                if this_year == last_year:
                    _last_year(user, this_year, spec, today, summary)
                else:
                    _this_year(user, this_year, spec, today, summary)
            summary.created.append(f"{spec.username} {this_year}")
    for figure_year in (last_year, year):
        value = services.appraisal_completion_metric_record(
            year=figure_year, today=today
        )
        if value is not None:
            summary.figures.append(
                f"{value.metric.name} {figure_year}: {value.value_text} "
                f"({value.get_data_status_display().lower()})."
            )
    return summary
