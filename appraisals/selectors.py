"""Reads for appraisals, always scoped to the person asking (appraisals/permissions.py).

Outside this app only aggregate figures leave: the number of objectives supporting a
strategy, and completion counts. Neither names a person or repeats any content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from appraisals.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalRating,
    OneToOne,
    OneToOneObjectiveNote,
    appraisal_year_for,
)
from appraisals.permissions import (
    STAFF_ROLES,
    can_use_appraisals,
    can_view_team_appraisals,
    is_hr,
    is_staff_member,
    report_ids,
)
from coventry_pm.accounts.models import User
from strategies.models import Action, Plan, Priority, Strategy

# A one-to-one is overdue when there has been none for six weeks.
ONE_TO_ONE_INTERVAL_DAYS = 42


def current_year(today: dt.date | None = None) -> str:
    return appraisal_year_for(today or timezone.localdate())


def appraisals_visible_to(user: User) -> QuerySet[Appraisal]:
    """HR: every appraisal. Staff: their own and those of everyone below them in
    the line-management chain. Anyone else: none."""
    appraisals = Appraisal.objects.select_related(
        "employee__team__service__directorate",
        "employee__line_manager",
        "manager",
        "manager_signed_off_by",
    )
    if is_hr(user):
        return appraisals
    if not is_staff_member(user):
        return appraisals.none()
    return appraisals.filter(Q(employee=user) | Q(employee_id__in=report_ids(user)))


def appraisal_detail(user: User) -> QuerySet[Appraisal]:
    """An appraisal with everything its page and the API detail show."""
    return appraisals_visible_to(user).prefetch_related(
        Prefetch(
            "objectives",
            queryset=AppraisalObjective.objects.select_related(
                "action__action_plan__strategy", "strategy", "priority__plan"
            ),
        ),
        Prefetch("ratings", queryset=AppraisalRating.objects.all()),
        Prefetch(
            "one_to_ones",
            queryset=OneToOne.objects.select_related("recorded_by").prefetch_related(
                Prefetch(
                    "objective_notes",
                    queryset=OneToOneObjectiveNote.objects.select_related("objective"),
                )
            ),
        ),
    )


def objectives_visible_to(user: User) -> QuerySet[AppraisalObjective]:
    return AppraisalObjective.objects.filter(
        appraisal__in=appraisals_visible_to(user).values("pk")
    ).select_related(
        "appraisal__employee",
        "action__action_plan__strategy",
        "strategy",
        "priority",
    )


def one_to_ones_visible_to(user: User) -> QuerySet[OneToOne]:
    return (
        OneToOne.objects.filter(appraisal__in=appraisals_visible_to(user).values("pk"))
        .select_related("appraisal__employee", "recorded_by")
        .prefetch_related(
            Prefetch(
                "objective_notes",
                queryset=OneToOneObjectiveNote.objects.select_related("objective"),
            )
        )
    )


def own_appraisal(user: User, year: str) -> Appraisal | None:
    return appraisals_visible_to(user).filter(employee=user, year=year).first()


def own_appraisals(user: User) -> QuerySet[Appraisal]:
    return appraisals_visible_to(user).filter(employee=user)


def objective_count_for_strategy(strategy: Strategy, *, year: str | None = None) -> int:
    """How many staff objectives support a strategy, directly or through an action
    in one of its action plans, in a year (the current one by default). A number
    only: whose objectives, and what they say, stay private."""
    return AppraisalObjective.objects.filter(
        Q(strategy=strategy) | Q(action__action_plan__strategy=strategy),
        appraisal__year=year or current_year(),
    ).count()


def plan_link_choices() -> dict[str, QuerySet]:  # type: ignore[type-arg]
    """What an objective may link to: actions and key strategies that are not
    archived, and the priorities of plans that are not superseded."""
    live = ~Q(status=Strategy.Status.ARCHIVED)
    return {
        "actions": Action.objects.filter(
            action_plan__strategy__in=Strategy.objects.filter(live)
        )
        .select_related("action_plan__strategy")
        .order_by("action_plan__strategy__title", "action_plan__title", "title"),
        "strategies": Strategy.objects.filter(live).order_by("title"),
        "priorities": Priority.objects.exclude(
            plan__status=Plan.Status.SUPERSEDED
        ).select_related("plan"),
    }


def one_to_one_due(appraisal: Appraisal, last_one_to_one: dt.date | None) -> dt.date:
    """When the next one-to-one is due: six weeks after the last one (or after the
    appraisal was started)."""
    since = last_one_to_one or timezone.localtime(appraisal.created_at).date()
    return since + dt.timedelta(days=ONE_TO_ONE_INTERVAL_DAYS)


def one_to_one_overdue(
    appraisal: Appraisal, last_one_to_one: dt.date | None, today: dt.date
) -> bool:
    if appraisal.status == Appraisal.Status.SIGNED_OFF:
        return False
    return one_to_one_due(appraisal, last_one_to_one) < today


def with_last_one_to_one(appraisals: QuerySet[Appraisal]) -> QuerySet[Appraisal]:
    return appraisals.annotate(last_one_to_one=Max("one_to_ones__date"))


@dataclass(frozen=True)
class TeamRow:
    """One person below a manager (or, for HR, anyone), with their appraisal."""

    person: User
    appraisal: Appraisal | None
    last_one_to_one: dt.date | None
    one_to_one_due: dt.date | None
    one_to_one_overdue: bool
    stage_overdue: bool


def people_in_scope(user: User) -> QuerySet[User]:
    """Whose appraisal completion this person may see: everyone on the staff for
    HR, the people below them in the line-management chain for anyone else."""
    people = User.objects.filter(is_active=True).select_related(
        "team__service__directorate", "line_manager"
    )
    if is_hr(user):
        return people.filter(groups__name__in=STAFF_ROLES).distinct()
    if not is_staff_member(user):
        return people.none()
    return people.filter(pk__in=report_ids(user))


def team_appraisal_rows(
    user: User,
    *,
    year: str,
    today: dt.date,
    team_id: int | None = None,
    directorate_id: int | None = None,
) -> list[TeamRow]:
    """Each person in scope with their appraisal for the year, whether a one-to-one
    is overdue and whether the next step is. Three queries, however many people."""
    people = people_in_scope(user)
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if directorate_id is not None:
        people = people.filter(team__service__directorate_id=directorate_id)
    people_list = list(people.order_by("last_name", "first_name", "username"))
    appraisals = {
        a.employee_id: a
        for a in with_last_one_to_one(
            Appraisal.objects.filter(
                year=year, employee_id__in=[p.pk for p in people_list]
            )
        )
    }
    rows = []
    for person in people_list:
        appraisal = appraisals.get(person.pk)
        if appraisal is None:
            rows.append(TeamRow(person, None, None, None, False, False))
            continue
        last = appraisal.last_one_to_one  # type: ignore[attr-defined]
        stage_due = appraisal.stage_due
        rows.append(
            TeamRow(
                person=person,
                appraisal=appraisal,
                last_one_to_one=last,
                one_to_one_due=(
                    None
                    if appraisal.status == Appraisal.Status.SIGNED_OFF
                    else one_to_one_due(appraisal, last)
                ),
                one_to_one_overdue=one_to_one_overdue(appraisal, last, today),
                stage_overdue=stage_due is not None and stage_due < today,
            )
        )
    return rows


@dataclass
class CompletionCounts:
    """Completion for a group of people: counts only, never content."""

    label: str
    staff: int = 0
    started: int = 0
    objectives_agreed: int = 0
    mid_year_done: int = 0
    signed_off: int = 0
    signed_off_on_time: int = 0
    recent_one_to_one: int = 0
    one_to_one_overdue: int = 0

    @property
    def on_time_percent(self) -> int | None:
        """Signed off on time, as a whole percentage of appraisals started."""
        if not self.started:
            return None
        return round(100 * self.signed_off_on_time / self.started)

    def add(self, other: CompletionCounts) -> None:
        for name in (
            "staff",
            "started",
            "objectives_agreed",
            "mid_year_done",
            "signed_off",
            "signed_off_on_time",
            "recent_one_to_one",
            "one_to_one_overdue",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DirectorateCompletion:
    label: str
    total: CompletionCounts
    teams: list[CompletionCounts] = field(default_factory=list)


@dataclass
class CompletionReport:
    year: str
    total: CompletionCounts
    directorates: list[DirectorateCompletion]


_PAST_DRAFT = (
    Appraisal.Status.OBJECTIVES_AGREED,
    Appraisal.Status.MID_YEAR_DONE,
    Appraisal.Status.YEAR_END_DONE,
    Appraisal.Status.SIGNED_OFF,
)
_PAST_MID_YEAR = (
    Appraisal.Status.MID_YEAR_DONE,
    Appraisal.Status.YEAR_END_DONE,
    Appraisal.Status.SIGNED_OFF,
)


def completion_report(user: User, *, year: str, today: dt.date) -> CompletionReport:
    """Appraisal and one-to-one completion by directorate and team for the people in
    this person's scope. Two queries (plus the chain walk for a manager)."""
    people = list(
        people_in_scope(user).values(
            "pk",
            "team_id",
            "team__name",
            "team__service__name",
            "team__service__directorate__name",
        )
    )
    appraisals = {
        a.employee_id: a
        for a in with_last_one_to_one(
            Appraisal.objects.filter(
                year=year, employee_id__in=[p["pk"] for p in people]
            )
        )
    }
    recent_since = today - dt.timedelta(days=ONE_TO_ONE_INTERVAL_DAYS)
    teams: dict[tuple[str, str], CompletionCounts] = {}
    for person in people:
        directorate = person["team__service__directorate__name"] or "No directorate"
        team = (
            f"{person['team__name']} ({person['team__service__name']})"
            if person["team_id"]
            else "No team"
        )
        counts = teams.setdefault((directorate, team), CompletionCounts(team))
        counts.staff += 1
        appraisal = appraisals.get(person["pk"])
        if appraisal is None:
            continue
        last = appraisal.last_one_to_one  # type: ignore[attr-defined]
        counts.started += 1
        counts.objectives_agreed += appraisal.status in _PAST_DRAFT
        counts.mid_year_done += appraisal.status in _PAST_MID_YEAR
        counts.signed_off += appraisal.status == Appraisal.Status.SIGNED_OFF
        counts.signed_off_on_time += appraisal.signed_off_on_time()
        counts.recent_one_to_one += last is not None and last >= recent_since
        counts.one_to_one_overdue += one_to_one_overdue(appraisal, last, today)
    by_directorate: dict[str, DirectorateCompletion] = {}
    total = CompletionCounts("All")
    for (directorate, _team), counts in sorted(teams.items()):
        group = by_directorate.setdefault(
            directorate,
            DirectorateCompletion(directorate, CompletionCounts(directorate)),
        )
        group.teams.append(counts)
        group.total.add(counts)
        total.add(counts)
    return CompletionReport(
        year=year, total=total, directorates=list(by_directorate.values())
    )


def appraisal_navigation(user: User) -> list[tuple[str, str]]:
    """The appraisal links for the main navigation: only where this person may go."""
    items: list[tuple[str, str]] = []
    if can_use_appraisals(user):
        items.append(("My appraisal", reverse("appraisals:mine")))
    if can_view_team_appraisals(user):
        label = "Appraisals" if is_hr(user) else "Team appraisals"
        items.append((label, reverse("appraisals:team")))
    return items
