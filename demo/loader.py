"""`load_demo`: writes the demo (demo.people, demo.plan, demo.metrics and the
figures demo.figures generates) as on the day it is loaded, each row found by its
natural key and written only when missing; then the wards' map (demo.areas) and the
stored verdicts. See the package docstring (demo/__init__.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from coventry_pm.accounts.models import (
    Directorate,
    Portfolio,
    Role,
    Service,
    Team,
    User,
)
from demo.areas import load_demo_areas
from demo.figures import (
    AnnualFigure,
    annual_figures,
    breakdown_figures,
    comparator_figures,
    entered_at,
    entry_lag_days,
    period_label,
    place_figures,
    target_texts,
    year_import_day,
)
from demo.groups import load_demo_groups
from demo.metrics import (
    COMPARATORS,
    METRICS,
    METRICS_AGREED_ON,
    VERDICTS,
    MetricSpec,
)
from demo.people import (
    DEMO_PASSWORD,
    LINE_MANAGERS,
    ORGANISATION,
    PEOPLE,
    PORTFOLIOS,
    SIGN_INS,
    PersonSpec,
)
from demo.plan import (
    CASE_STUDIES,
    OLD_PLAN_PERIOD,
    OLD_PRIORITIES,
    PLAN_PERIOD,
    PLAN_VISION,
    PRIORITIES,
    STRATEGIES,
    ActionPlanSpec,
)
from demo.timeline import (
    REPORT_YEARS,
    Timeline,
    time_on,
)
from scorecard.domain.periods import Period, data_status_from_label
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
    normalise_metric_name,
)
from scorecard.services.bulk import (
    ComparatorFigureRow,
    FigureGroup,
    FigureRow,
    MembershipRow,
    MetricComparatorFigures,
    SignOff,
    TargetRow,
    VerdictRow,
    comparator_values_record_bulk,
    headline_memberships_set_bulk,
    metric_update_recorded,
    metric_validate,
    metric_values_record_bulk,
    metrics_create_bulk,
    recorded_verdicts_record_bulk,
    targets_set_bulk,
)
from scorecard.services.comparators import comparators_ensure
from scorecard.services.verdicts import calculated_verdicts_refresh
from strategies.models import (
    Action,
    ActionPlan,
    CaseStudy,
    ChangeStep,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Strategy,
)

# --------------------------------------------------------------------------------
# Writing it
# --------------------------------------------------------------------------------

ModelT = TypeVar("ModelT", bound=models.Model)

# The history's change reason of the scorecard rows the demo writes.
DEMO_CHANGE_REASON = "Demo data (load_demo)"

# Models whose rows are counted in the summary, in the order it prints them.
SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    User,
    Directorate,
    Service,
    Team,
    Portfolio,
    Plan,
    Priority,
    Objective,
    Strategy,
    ChangeStep,
    ActionPlan,
    Action,
    ProgressUpdate,
    CaseStudy,
    Metric,
    MetricValue,
    Target,
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    RecordedVerdict,
)


@dataclass
class DemoSummary:
    """What a run wrote: rows created and changed per model, and the totals now."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    calendar: str = ""

    def lines(self) -> list[str]:
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        first = (
            f"Demo data loaded: {created} rows created, {updated} updated."
            if created or updated
            else "Demo data already up to date: nothing changed."
        )
        totals = ", ".join(f"{count:,} {name}" for name, count in self.totals.items())
        sign_ins = ", ".join(SIGN_INS)
        return [
            first,
            self.calendar,
            f"Now: {totals}.",
            f"Sign in as {sign_ins} with the password {DEMO_PASSWORD}.",
        ]


class _Loader:
    def __init__(self, *, refresh: bool, timeline: Timeline) -> None:
        self.refresh = refresh
        self.timeline = timeline
        self.summary = DemoSummary(calendar=timeline.describe())
        self.new_rows: set[tuple[type[models.Model], object]] = set()
        self.indexes: dict[
            tuple[type[models.Model], tuple[str, ...]],
            dict[tuple[object, ...], Any],
        ] = {}
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.services: dict[str, Service] = {}
        self.teams: dict[str, Team] = {}
        self.portfolios: dict[str, Portfolio] = {}
        self.priorities: dict[str, Priority] = {}
        self.objectives: dict[str, Objective] = {}
        self.objective_priority: dict[str, str] = {}
        self.metrics: dict[str, Metric] = {}
        self.comparators: dict[str, Comparator] = {}
        self.strategies: dict[str, Strategy] = {}
        self.plan: Plan | None = None

    # --- how the demo's own rows are written (the scorecard's: below) ---------------

    def upsert(
        self,
        model: type[ModelT],
        lookup: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        enforce: bool = False,
        stamps: Mapping[str, dt.datetime] | None = None,
    ) -> ModelT:
        """The row with these natural keys: created when missing.

        An existing row is brought back to the demo content only when `enforce`
        (the organisation the documented sign-ins depend on) or when refreshing;
        otherwise what people changed while exploring the demo is kept. A row that
        already matches is never saved, so history tables do not grow. `stamps`
        back-date the automatic timestamps (entered_at …) of a new or refreshed
        row, so "as at" questions about the demo have sensible answers.
        """
        label = str(model._meta.verbose_name_plural)
        names = tuple(sorted(lookup))
        index = self._index(model, names)
        key = tuple(_key_part(lookup[name]) for name in names)
        instance = index.get(key)
        if instance is None:
            instance = model(**lookup, **values)
            self._save(instance)
            index[key] = instance
            self.new_rows.add((model, instance.pk))
            self.summary.created[label] += 1
        elif (enforce or self.refresh) and _assign(instance, values):
            self._save(instance)
            if not self.is_new(instance):
                self.summary.updated[label] += 1
        if stamps and self.is_fresh(instance):
            # A queryset update: auto_now_add fields ignore values given to save().
            model._default_manager.filter(pk=instance.pk).update(**stamps)
            for field_name, when in stamps.items():
                setattr(instance, field_name, when)
        return instance

    def _index(
        self, model: type[ModelT], names: tuple[str, ...]
    ) -> dict[tuple[object, ...], ModelT]:
        """A model's rows by their natural key, read in one query the first time.

        One query per table instead of one per row keeps a run to a few seconds.
        """
        index = self.indexes.get((model, names))
        if index is None:
            attnames = [_attname(model, name) for name in names]
            index = {
                tuple(getattr(row, attname) for attname in attnames): row
                for row in model._default_manager.all()
            }
            self.indexes[(model, names)] = index
        return index

    def is_new(self, instance: models.Model) -> bool:
        return (type(instance), instance.pk) in self.new_rows

    def is_fresh(self, instance: models.Model) -> bool:
        """Whether the row's links and timestamps are (re)written: new or refreshed."""
        return self.refresh or self.is_new(instance)

    @staticmethod
    def _save(instance: models.Model) -> None:
        # Related rows come from this loader, so checking each one exists again
        # would only cost a query; the database's constraints still apply.
        related = [f.name for f in instance._meta.fields if f.is_relation]
        instance.full_clean(
            exclude=related, validate_unique=False, validate_constraints=False
        )
        instance.save()

    # --- people and the organisation ------------------------------------------------

    def load_organisation(self) -> None:
        self.groups = {
            role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role
        }
        for directorate_spec in ORGANISATION:
            directorate = self.upsert(
                Directorate, {"name": directorate_spec.name}, {}, enforce=True
            )
            for service_spec in directorate_spec.services:
                service = self.upsert(
                    Service,
                    {"directorate": directorate, "name": service_spec.name},
                    {},
                    enforce=True,
                )
                self.services[service_spec.name] = service
                for team_spec in service_spec.teams:
                    self.teams[team_spec.name] = self.upsert(
                        Team,
                        {"service": service, "name": team_spec.name},
                        {},
                        enforce=True,
                    )
        for person in PEOPLE:
            self.users[person.username] = self.load_person(person)
        # Now the people exist, put them at the head of their units.
        for directorate_spec in ORGANISATION:
            directorate = self.upsert(
                Directorate,
                {"name": directorate_spec.name},
                {"director": self.users[directorate_spec.director]},
                enforce=True,
            )
            for service_spec in directorate_spec.services:
                self.upsert(
                    Service,
                    {"directorate": directorate, "name": service_spec.name},
                    {"head": self.users[service_spec.head]},
                    enforce=True,
                )
                for team_spec in service_spec.teams:
                    self.upsert(
                        Team,
                        {
                            "service": self.services[service_spec.name],
                            "name": team_spec.name,
                        },
                        {"manager": self.users[team_spec.manager]},
                        enforce=True,
                    )
        for name, holder in PORTFOLIOS.items():
            self.portfolios[name] = self.upsert(
                Portfolio,
                {"name": name},
                {"cabinet_member": self.users[holder]},
                enforce=True,
            )

    @cached_property
    def password_hash(self) -> str:
        return make_password(DEMO_PASSWORD)

    def load_person(self, person: PersonSpec) -> User:
        values: dict[str, Any] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": f"{person.username}@example.org",
            "job_title": person.job_title,
            "team": self.teams[person.team] if person.team else None,
            "line_manager": (
                self.users[person.line_manager] if person.line_manager else None
            ),
            "is_staff": person.is_staff,
            "is_superuser": False,
            "is_active": True,
        }
        user = User.objects.filter(username=person.username).first()
        created = user is None
        if user is None:
            user = User(username=person.username, **values)
            changed = True
            self.summary.created["users"] += 1
        else:
            changed = _assign(user, values)
            if changed:
                self.summary.updated["users"] += 1
        if person.sign_in:
            # Reset on every run, so a demo sign-in always works as documented.
            # One hash serves all seven: hashing is slow on purpose, and the
            # password is published anyway.
            user.password = self.password_hash
            changed = True
        elif created:
            # Only the seven sign-ins are meant to be used; the others sign in
            # only if someone gives them a password on purpose.
            user.set_unusable_password()
        if changed:
            self._save(user)
        user.groups.set([self.groups[role] for role in person.roles])
        return user

    # --- the plan -------------------------------------------------------------------

    def load_plans(self) -> None:
        old = self.upsert(
            Plan,
            {"period": OLD_PLAN_PERIOD, "version": 1},
            {
                "name": "One Coventry Plan",
                "start_year": 2016,
                "end_year": 2024,
                "vision": "Globally connected, locally committed.",
                "status": Plan.Status.SUPERSEDED,
                "agreed_on": dt.date(2016, 7, 12),
            },
        )
        for order, (kind, title) in enumerate(OLD_PRIORITIES, start=1):
            self.upsert(
                Priority,
                {"plan": old, "title": title},
                {"kind": kind, "narrative": "", "sort_order": order},
            )
        plan = self.upsert(
            Plan,
            {"period": PLAN_PERIOD, "version": 1},
            {
                "name": "One Coventry Plan",
                "start_year": 2022,
                "end_year": 2030,
                "vision": PLAN_VISION,
                "status": Plan.Status.AGREED,
                "agreed_on": dt.date(2023, 2, 21),
            },
        )
        self.plan = plan
        for order, spec in enumerate(PRIORITIES, start=1):
            priority = self.upsert(
                Priority,
                {"plan": plan, "title": spec.title},
                {"kind": spec.kind, "narrative": spec.narrative, "sort_order": order},
            )
            self.priorities[spec.key] = priority
            for objective_order, objective_spec in enumerate(spec.objectives, 1):
                self.objectives[objective_spec.key] = self.upsert(
                    Objective,
                    {"priority": priority, "title": objective_spec.title},
                    {
                        "narrative": objective_spec.narrative,
                        "sort_order": objective_order,
                    },
                )
                self.objective_priority[objective_spec.key] = spec.key

    # --- the scorecard --------------------------------------------------------------
    #
    # Metrics, figures, targets, comparators and their figures, headline memberships
    # and recorded verdicts go in through scorecard's services, in their bulk form,
    # so the demo gets the checks, rounding, revision numbering and history every
    # other way in gets (STYLE.md item 11). The loader only chooses what to write:
    # what is missing (natural keys, as `upsert` finds them), or everything when
    # refreshing, where a figure that matches a stored revision changes nothing and
    # one that differs becomes its next revision, as for any other writer.

    def load_metrics(self) -> None:
        self.load_comparators()
        self.load_metric_rows()
        annual = {spec.code: annual_figures(spec, self.timeline) for spec in METRICS}
        self.load_values(annual)
        self.load_targets()
        self.load_comparator_values(annual)
        load_demo_groups(
            comparators=self.comparators,
            metrics=self.metrics,
            annual=annual,
            created_by=self.users["insight"],
            created=self.summary.created,
        )
        self.load_headlines()
        self.load_verdicts()

    def load_comparators(self) -> None:
        names = Comparator.objects.values_list("name", flat=True)
        stored = {name.casefold() for name in names}
        found = comparators_ensure(named=COMPARATORS)
        for name, _ in COMPARATORS:
            self.comparators[name] = found[name.casefold()]
            if name.casefold() not in stored:
                self.summary.created[_label(Comparator)] += 1

    def load_metric_rows(self) -> None:
        """The metrics: missing ones created in one go with their history; when
        refreshing, a changed one put back as its next version."""
        stored = {metric.code: metric for metric in Metric.objects.all()}
        created: list[Metric] = []
        for spec in METRICS:
            fields = self._metric_fields(spec)
            metric = stored.get(spec.code)
            if metric is None:
                metric = Metric(code=spec.code, **fields)
                metric_validate(metric=metric, source=spec.code)
                created.append(metric)
            elif self.refresh and _assign(metric, fields):
                metric_update_recorded(metric=metric, reason=DEMO_CHANGE_REASON)
                self.summary.updated[_label(Metric)] += 1
            self.metrics[spec.code] = metric
        metrics_create_bulk(metrics=created, reason=DEMO_CHANGE_REASON)
        self.new_rows.update((Metric, metric.pk) for metric in created)
        self.summary.created[_label(Metric)] += len(created)
        for spec in METRICS:
            metric = self.metrics[spec.code]
            if self.is_fresh(metric):
                metric.objectives.set([self.objectives[spec.objective]])

    def _metric_fields(self, spec: MetricSpec) -> dict[str, Any]:
        sign_off = self._sign_off(
            spec, proposer=spec.proposed_by or spec.owner, when=METRICS_AGREED_ON
        )
        return {
            "name": spec.name,
            "normalised_name": normalise_metric_name(spec.name),
            "unit": spec.unit,
            "definition": spec.definition,
            "source": spec.source,
            "perspective": spec.perspective,
            "metric_type": spec.metric_type,
            "lead_lag": spec.lead_lag,
            "nature": (
                Metric.Nature.QUALITATIVE if spec.scale else Metric.Nature.QUANTITATIVE
            ),
            # What its figures are, so they are checked as anyone's would be: a
            # grade on its scale, else a number.
            "value_kind": (
                Metric.ValueKind.GRADE if spec.scale else Metric.ValueKind.NUMBER
            ),
            "delivery_mode": spec.delivery_mode,
            "good_direction": spec.direction.value,
            "frequency": spec.frequency,
            "seasonal": spec.seasonal,
            "statutory": spec.statutory,
            "equality_flag": spec.equality,
            "marmot_flag": spec.marmot,
            "owner": self.users[spec.owner],
            "team": self.teams[spec.team],
            "portfolio": self.portfolios[spec.portfolio],
            "status": spec.status,
            "proposed_by": self.users[spec.proposed_by or spec.owner],
            **sign_off,
            "similarity_band": Decimal(spec.similarity_band),
            "similarity_relative": spec.similarity_relative,
            "statistic": spec.statistic,
            "entry_lag_days": entry_lag_days(spec, self.timeline),
            "ordinal_scale": list(spec.scale) if spec.scale else None,
        }

    def load_values(self, annual: Mapping[str, Sequence[AnnualFigure]]) -> None:
        """Every metric's figures, revisions and breakdowns, approved. Year figures
        came in with the published files (the insight analyst, on the June import
        day); quarters were entered by the metric's owner."""
        stored = set(
            MetricValue.objects.filter(metric__in=self.metrics.values()).values_list(
                "metric_id",
                "period",
                "scope",
                "breakdown",
                "breakdown_group",
                "revision",
            )
        )
        # One group per revision, time and person, revisions in order: a revised
        # figure's first estimate is its revision 1 however the two were entered.
        groups: dict[tuple[int, dt.datetime, int, int], list[FigureRow]] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            figures = place_figures(spec, self.timeline) + breakdown_figures(
                spec, annual[spec.code], self.timeline
            )
            for figure in figures:
                key = (
                    metric.pk,
                    figure.period,
                    "Coventry",
                    figure.breakdown,
                    figure.group,
                    figure.revision,
                )
                if key in stored and not self.refresh:
                    continue
                by = self.users[spec.owner if " Q" in figure.period else "insight"]
                at = entered_at(spec, figure, self.timeline)
                groups.setdefault((figure.revision, at, by.pk, metric.pk), []).append(
                    FigureRow(
                        period=figure.period,
                        text=figure.text,
                        period_label=figure.label,
                        data_status=data_status_from_label(figure.label),
                        breakdown=figure.breakdown,
                        breakdown_group=figure.group,
                        revision=figure.revision,
                        numerator=figure.numerator,
                        denominator=figure.denominator,
                        lower_ci=figure.lower_ci,
                        upper_ci=figure.upper_ci,
                    )
                )
        by_pk = {metric.pk: metric for metric in self.metrics.values()}
        written = metric_values_record_bulk(
            groups=[
                FigureGroup(
                    metric=by_pk[metric_id],
                    figures=figures,
                    entered_at=at,
                    entered_by_id=by,
                )
                for (_, at, by, metric_id), figures in sorted(groups.items())
            ],
            approval=MetricValue.Approval.APPROVED,
            today=self.timeline.today,
        )
        self.summary.created[_label(MetricValue)] += written.created + written.revised

    def load_targets(self) -> None:
        """Each metric's targets. They follow their metric through proposal,
        endorsement and agreement; each year's is agreed in the March before the
        year starts."""
        statuses: dict[str, str] = {
            Metric.Status.PROPOSED: Target.Status.PROPOSED,
            Metric.Status.ENDORSED: Target.Status.ENDORSED,
        }
        stored = set(
            Target.objects.filter(metric__in=self.metrics.values()).values_list(
                "metric_id", "period"
            )
        )
        # targets_set_bulk takes who set them and their status once a call.
        rows: dict[tuple[str, str], list[TargetRow]] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            status = statuses.get(spec.status, Target.Status.AGREED)
            proposer = spec.proposed_by or "insight"
            for period, text in target_texts(spec, self.timeline).items():
                if (metric.pk, period) in stored and not self.refresh:
                    continue
                sign_off = self._sign_off(
                    spec,
                    proposer=proposer if spec.proposed_by else spec.owner,
                    when=dt.date(Period.parse(period).year_start, 3, 1),
                )
                rows.setdefault((proposer, status), []).append(
                    TargetRow(metric, period, text, sign_off=SignOff(**sign_off))
                )
        for (proposer, status), group in rows.items():
            written = targets_set_bulk(
                rows=group,
                set_by=self.users[proposer],
                status=status,
                reason=DEMO_CHANGE_REASON,
            )
            actions = Counter(outcome.action for outcome in written)
            self.summary.created[_label(Target)] += actions["set"]
            self.summary.updated[_label(Target)] += actions["changed"]

    def load_comparator_values(
        self, annual: Mapping[str, Sequence[AnnualFigure]]
    ) -> None:
        stored = set(
            ComparatorValue.objects.filter(
                metric__in=self.metrics.values()
            ).values_list("comparator_id", "metric_id", "period", "revision")
        )
        # One group per metric and the time its comparators' figures came in.
        groups: dict[
            tuple[int, dt.datetime], list[tuple[Comparator, ComparatorFigureRow]]
        ] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            for name, figure in comparator_figures(spec, annual[spec.code]):
                comparator = self.comparators[name]
                key = (comparator.pk, metric.pk, figure.period, figure.revision)
                if key in stored and not self.refresh:
                    continue
                at = entered_at(spec, figure, self.timeline)
                groups.setdefault((metric.pk, at), []).append(
                    (
                        comparator,
                        ComparatorFigureRow(
                            period=figure.period,
                            text=figure.text,
                            period_label=figure.label,
                            revision=figure.revision,
                        ),
                    )
                )
        by_pk = {metric.pk: metric for metric in self.metrics.values()}
        written = comparator_values_record_bulk(
            groups=[
                MetricComparatorFigures(by_pk[metric_id], figures, entered_at=at)
                for (metric_id, at), figures in sorted(groups.items())
            ],
            today=self.timeline.today,
        )
        self.summary.created[_label(ComparatorValue)] += (
            written.created + written.revised
        )

    def _sign_off(
        self, spec: MetricSpec, *, proposer: str, when: dt.date
    ) -> dict[str, Any]:
        """Who endorsed and agreed a metric or target, as far as it has got.

        The proposer's line manager endorses it; the portfolio's cabinet member
        agrees it three weeks later.
        """
        endorsed = spec.status in {Metric.Status.ENDORSED, Metric.Status.AGREED}
        agreed = spec.status == Metric.Status.AGREED
        endorser = LINE_MANAGERS[proposer] or proposer
        return {
            "endorsed_by": self.users[endorser] if endorsed else None,
            "endorsed_at": time_on(when) if endorsed else None,
            "agreed_by": (
                self.portfolios[spec.portfolio].cabinet_member if agreed else None
            ),
            "agreed_at": time_on(when + dt.timedelta(days=21)) if agreed else None,
        }

    def load_headlines(self) -> None:
        plan = self._plan()
        priority_order = {spec.key: n for n, spec in enumerate(PRIORITIES)}
        objective_order = {
            o.key: n for spec in PRIORITIES for n, o in enumerate(spec.objectives)
        }
        stored = set(
            HeadlineMembership.objects.filter(plan=plan).values_list(
                "report_year", "metric_id"
            )
        )
        rows: list[MembershipRow] = []
        for offset in REPORT_YEARS:
            year = self.timeline.year(offset)
            members = sorted(
                (
                    (index, spec)
                    for index, spec in enumerate(METRICS)
                    if offset in spec.headline
                ),
                key=lambda item: (
                    priority_order[self.objective_priority[item[1].objective]],
                    objective_order[item[1].objective],
                    item[0],
                ),
            )
            for sort_order, (_, spec) in enumerate(members, start=1):
                metric = self.metrics[spec.code]
                if (year, metric.pk) in stored and not self.refresh:
                    continue
                rows.append(
                    MembershipRow(
                        metric=metric,
                        plan_id=plan.pk,
                        report_year=year,
                        headline=True,
                        sort_order=sort_order,
                        priority_id=self.priorities[
                            self.objective_priority[spec.objective]
                        ].pk,
                        priority_stated=True,
                        objective_id=self.objectives[spec.objective].pk,
                        objective_stated=True,
                    )
                )
        actions = Counter(
            headline_memberships_set_bulk(rows=rows, reason=DEMO_CHANGE_REASON)
        )
        self.summary.created[_label(HeadlineMembership)] += actions["added"]
        self.summary.updated[_label(HeadlineMembership)] += actions["updated"]

    def load_verdicts(self) -> None:
        plan = self._plan()
        year = self.timeline.latest_year
        imported = year_import_day(year)
        # Verdicts are appended, never edited: who recorded it and why identify a
        # demo verdict, so ones people add are never touched.
        stored = set(
            RecordedVerdict.objects.filter(plan=plan, period=str(year)).values_list(
                "metric_id", "source", "recorded_by_id", "reason"
            )
        )
        # recorded_verdicts_record_bulk takes the source and who recorded them once
        # a call.
        rows: dict[tuple[str, str], list[VerdictRow]] = {}
        for spec in VERDICTS:
            metric = self.metrics[spec.code]
            reason = spec.reason.format(
                year=period_label("fy", str(year)), year_start=year.year_start
            )
            by = self.users[spec.recorded_by]
            if (metric.pk, spec.source, by.pk, reason) in stored and not self.refresh:
                continue
            recorded_on = imported + dt.timedelta(days=spec.days_after_import)
            rows.setdefault((spec.source, spec.recorded_by), []).append(
                VerdictRow(
                    metric=metric,
                    plan_id=plan.pk,
                    period=str(year),
                    progress=spec.progress,
                    target_status=spec.target_status,
                    reason=reason,
                    recorded_at=time_on(self.timeline.before_today(recorded_on)),
                )
            )
        for (source, recorded_by), group in rows.items():
            recorded = recorded_verdicts_record_bulk(
                rows=group, recorded_by=self.users[recorded_by], verdict_source=source
            )
            self.summary.created[_label(RecordedVerdict)] += sum(recorded)

    # --- strategies -----------------------------------------------------------------

    def load_strategies(self) -> None:
        for spec in STRATEGIES:
            strategy = self.upsert(
                Strategy,
                {"title": spec.title},
                {
                    "summary": spec.summary,
                    "owning_team": self.teams[spec.team],
                    "cabinet_member": self.users[spec.cabinet_member],
                    "board": spec.board,
                    "review_date": self.timeline.day(spec.review_date),
                    "status": spec.status,
                },
            )
            self.strategies[spec.title] = strategy
            if self.is_fresh(strategy):
                strategy.priorities.set([self.priorities[k] for k in spec.priorities])
                strategy.objectives.set([self.objectives[k] for k in spec.objectives])
                strategy.board_members.set([self.users[u] for u in spec.board_members])
            for order, step_spec in enumerate(spec.steps, start=1):
                step = self.upsert(
                    ChangeStep,
                    {"strategy": strategy, "sort_order": order},
                    {"kind": step_spec.kind, "description": step_spec.description},
                )
                if self.is_fresh(step):
                    step.metrics.set(self._metrics(step_spec.metrics))
            for plan_spec in spec.action_plans:
                self.load_action_plan(strategy, plan_spec)

    def load_action_plan(self, strategy: Strategy, spec: ActionPlanSpec) -> None:
        action_plan = self.upsert(
            ActionPlan,
            {"strategy": strategy, "title": spec.title},
            {"service": self.services[spec.service], "team": self.teams[spec.team]},
        )
        if self.is_fresh(action_plan):
            action_plan.metrics.set(self._metrics(spec.metrics))
        for action_spec in spec.actions:
            action = self.upsert(
                Action,
                {"action_plan": action_plan, "title": action_spec.title},
                {
                    "description": action_spec.description,
                    "owner": self.users[action_spec.owner],
                    "team": self.teams[action_spec.team],
                    "start_date": self.timeline.day(action_spec.start),
                    "due_date": self.timeline.day(action_spec.due),
                    "resources": action_spec.resources,
                    "status": action_spec.status,
                    "percent_complete": action_spec.percent,
                },
            )
            for update in action_spec.updates:
                reviewer = LINE_MANAGERS[update.author] or update.author
                day = self.timeline.day(update.date)
                self.upsert(
                    ProgressUpdate,
                    # Found by what it says, not its date: loaded on a later day, the
                    # same update would otherwise be written again on a new date.
                    {"action": action, "narrative": update.narrative},
                    {
                        "date": day,
                        "status": update.status,
                        "percent_complete": update.percent,
                        "author": self.users[update.author],
                        # Approved by the author's line manager two days later.
                        "approval": ProgressUpdate.Approval.APPROVED,
                        "reviewed_by": self.users[reviewer],
                        "reviewed_at": time_on(day + dt.timedelta(days=2)),
                    },
                    stamps={"created_at": time_on(day, hour=16)},
                )

    def load_case_studies(self) -> None:
        for spec in CASE_STUDIES:
            case_study = self.upsert(
                CaseStudy,
                {"title": spec.title},
                {
                    "summary": spec.summary,
                    "body": spec.body,
                    "date": self.timeline.day(spec.date),
                    "author": self.users[spec.author],
                    "is_published": spec.is_published,
                },
            )
            if self.is_fresh(case_study):
                case_study.priorities.set([self.priorities[k] for k in spec.priorities])
                case_study.strategies.set([self.strategies[t] for t in spec.strategies])
                case_study.metrics.set(self._metrics(spec.metrics))

    # --- helpers --------------------------------------------------------------------

    def _metrics(self, codes: Iterable[str]) -> list[Metric]:
        return [self.metrics[code] for code in codes]

    def _plan(self) -> Plan:
        if self.plan is None:  # pragma: no cover - load_plans runs first
            raise RuntimeError("load the plan before what hangs from it")
        return self.plan

    def count_rows(self) -> None:
        for model in SUMMARY_MODELS:
            name = str(model._meta.verbose_name_plural)
            self.summary.totals[name] = model._default_manager.count()


def _assign(instance: models.Model, values: Mapping[str, Any]) -> bool:
    """Set the fields that differ; True when any did."""
    changed = False
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_one or model_field.one_to_one:
            current = getattr(instance, _attname(type(instance), name))
            wanted = value.pk if value is not None else None
        else:
            current = getattr(instance, name)
            wanted = value
        if current != wanted:
            setattr(instance, name, value)
            changed = True
    return changed


def _attname(model: type[models.Model], name: str) -> str:
    """The column attribute of a field: "team_id" for the foreign key "team"."""
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return model_field.attname


def _key_part(value: object) -> object:
    """A lookup value as the row stores it: a related row by its primary key."""
    return value.pk if isinstance(value, models.Model) else value


def _label(model: type[models.Model]) -> str:
    """The model's name in the summary ("metric values")."""
    return str(model._meta.verbose_name_plural)


@transaction.atomic
def load_demo(*, refresh: bool = False, today: dt.date | None = None) -> DemoSummary:
    """Write the demo data as on `today` (default: today): create what is missing;
    keep what exists.

    Idempotent: a second run on the same day finds every row by its natural key and
    writes nothing; a run on a later day adds only the periods that have come since.
    The demo sign-ins, their roles, passwords and places in the organisation are
    always put back as documented; other demo rows that people changed while
    exploring are kept, unless `refresh` asks for them to be put back to the demo
    content too (rows people added are never touched). Runs in one transaction, so
    a failure leaves the database as it was. The caller decides whether demo data
    may be loaded at all (never in production: the sign-ins share a published
    password).
    """
    loader = _Loader(refresh=refresh, timeline=Timeline(today or timezone.localdate()))
    loader.load_organisation()
    loader.load_plans()
    loader.load_metrics()
    loader.load_strategies()
    loader.load_case_studies()
    # The wards' hexagon layout, so the ward breakdowns are drawn on the live
    # pages' maps.
    load_demo_areas(uploaded_by=loader.users["insight"], created=loader.summary.created)
    # Pages read stored verdicts: work out every demo metric's, as on `today`.
    calculated_verdicts_refresh(
        metric_ids=[m.pk for m in loader.metrics.values()], today=loader.timeline.today
    )
    loader.count_rows()
    return loader.summary
