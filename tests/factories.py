"""factory_boy factories for the product's models."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from appraisals.models import Appraisal, AppraisalObjective, OneToOne
from appraisals.services import appraisal_start
from coventry_pm.accounts.models import Directorate, Portfolio, Service, Team, User
from reports.models import ImportRun, ReportRun, ReportSnapshot
from scorecard.models import (
    Comparator,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    Place,
    RecordedVerdict,
    Submission,
    Target,
)
from scorecard.services import target_fields
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


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Directorate {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "demo-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=role) for role in extracted))
        self.save()


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    name = factory.Sequence(lambda n: f"Portfolio {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    name = "One Coventry Plan"
    period = "2022-30"
    start_year = 2022
    end_year = 2030
    status = Plan.Status.AGREED


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    kind = Priority.Kind.DELIVERY
    title = factory.Sequence(lambda n: f"Priority {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    title = factory.Sequence(lambda n: f"Strategy {n}")
    owning_team = factory.SubFactory(TeamFactory)
    status = Strategy.Status.ACTIVE


class ChangeStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeStep

    strategy = factory.SubFactory(StrategyFactory)
    kind = ChangeStep.Kind.OUTCOME
    description = "Fewer households in temporary accommodation"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Action plan {n}")
    team = factory.SubFactory(TeamFactory)
    service = factory.SelfAttribute("team.service")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    action_plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    status = Action.Status.ON_TRACK


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    title = factory.Sequence(lambda n: f"Case study {n}")
    body = "A family helped into a settled home."
    date = factory.Faker("date_object")


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test metric {n}")
    unit = "%"
    good_direction = "up"


class HeadlineMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadlineMembership

    plan = factory.SubFactory(PlanFactory)
    report_year = "2024-25"
    metric = factory.SubFactory(MetricFactory)


class _RefreshesVerdicts:
    """A figure, target or comparator value written by a test refreshes its metric's
    stored verdicts, as the services' writes do (pages read only stored verdicts)."""

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        super()._after_postgeneration(instance, create, results)  # type: ignore[misc]
        if create:
            calculated_verdicts_refresh(metric_ids=[instance.metric_id])


class MetricValueFactory(_RefreshesVerdicts, factory.django.DjangoModelFactory):
    class Meta:
        model = MetricValue

    metric = factory.SubFactory(MetricFactory)
    period = "2024-25"
    value_text = "50"
    value_number = factory.LazyAttribute(
        lambda o: Decimal(o.value_text.replace(",", "")) if o.value_text else None
    )


class TargetFactory(_RefreshesVerdicts, factory.django.DjangoModelFactory):
    """Pass ``text``; the structured fields are parsed from it."""

    class Meta:
        model = Target

    metric = factory.SubFactory(MetricFactory)
    period = "2024-25"
    text = "None set"

    @classmethod
    def _create(cls, model_class, *args, text="None set", **kwargs):  # type: ignore[no-untyped-def]
        metric = kwargs["metric"]
        fields = target_fields(text, unit=metric.unit, scale=metric.ordinal_scale)
        return model_class.objects.create(*args, **fields, **kwargs)


class ComparatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comparator
        django_get_or_create = ("name",)

    name = "Statistical neighbours"


class ComparatorValueFactory(_RefreshesVerdicts, factory.django.DjangoModelFactory):
    class Meta:
        model = ComparatorValue

    comparator = factory.SubFactory(ComparatorFactory)
    metric = factory.SubFactory(MetricFactory)
    period = "2024-25"
    value_text = "50"
    value_number = factory.LazyAttribute(lambda o: Decimal(o.value_text))


class RecordedVerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordedVerdict

    metric = factory.SubFactory(MetricFactory)
    period = "2024-25"
    source = RecordedVerdict.Source.IMPORTED


# The workflow records, each in its first state: move them on through the services
# (or pass the state, and the fields it implies, when the test is about that state).


class SubmissionFactory(factory.django.DjangoModelFactory):
    """An officer's draft figures for a metric's period (no breakdowns)."""

    class Meta:
        model = Submission

    metric = factory.SubFactory(MetricFactory)
    period = "2025-26"
    status = Submission.Status.DRAFT
    created_by = factory.SubFactory(UserFactory, roles=["officer", "employee"])


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """An officer's update on an action, awaiting approval."""

    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    date = dt.date(2025, 9, 30)
    status = Action.Status.ON_TRACK
    percent_complete = 40
    narrative = "Two of the five hubs are open."
    author = factory.SubFactory(UserFactory, roles=["officer", "employee"])
    approval = ProgressUpdate.Approval.SUBMITTED


class AppraisalFactory(factory.django.DjangoModelFactory):
    """An employee's appraisal for a year, started by them through the service (their
    line manager as its manager, the default due dates, the empty ratings), in
    draft; other fields given are then set on it."""

    class Meta:
        model = Appraisal

    employee = factory.SubFactory(UserFactory, roles=["employee"])
    year = "2025-26"

    @classmethod
    def _create(cls, model_class, *args, employee, year, **fields):
        appraisal = appraisal_start(employee=employee, user=employee, year=year)
        if fields:
            model_class.objects.filter(pk=appraisal.pk).update(**fields)
            appraisal.refresh_from_db()
        return appraisal


class AppraisalObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppraisalObjective

    appraisal = factory.SubFactory(AppraisalFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
    measure_of_success = "Done by March."
    priority = factory.SubFactory(PriorityFactory)  # each links one plan item
    sort_order = factory.Sequence(lambda n: n)


class OneToOneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OneToOne

    appraisal = factory.SubFactory(AppraisalFactory)
    date = dt.date(2025, 7, 15)
    notes = "Talked through the first quarter."
    recorded_by = factory.LazyAttribute(lambda one: one.appraisal.manager)


class ReportRunFactory(factory.django.DjangoModelFactory):
    """A report run that has finished (Ready); pass status for another state."""

    class Meta:
        model = ReportRun

    plan = factory.SubFactory(PlanFactory)
    period = "2025-26"
    status = ReportRun.Status.READY
    progress = 100
    started_by = factory.SubFactory(UserFactory, roles=["performance_admin"])


class ReportSnapshotFactory(factory.django.DjangoModelFactory):
    """A draft report with small stand-in files; the content is what a test gives
    (the report's builder makes the real one: reports.services.annual)."""

    class Meta:
        model = ReportSnapshot

    run = factory.SubFactory(ReportRunFactory)
    plan = factory.SelfAttribute("run.plan")
    period = factory.SelfAttribute("run.period")
    status = ReportSnapshot.Status.DRAFT
    content = factory.LazyFunction(lambda: {"sections": []})
    pdf = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7\n", name="report.pdf"))
    tidy_csv = factory.LazyFunction(lambda: ContentFile(b"", name="tidy.csv"))
    council_csv = factory.LazyFunction(lambda: ContentFile(b"", name="council.csv"))


class ImportRunFactory(factory.django.DjangoModelFactory):
    """An import previewed from an upload, not yet applied."""

    class Meta:
        model = ImportRun

    created_by = factory.SubFactory(UserFactory, roles=["performance_admin"])
    status = ImportRun.Status.PREVIEWED
    source = ImportRun.Source.UPLOAD
    file_names = factory.LazyFunction(lambda: ["scorecard.csv"])


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Place {n}")


class ComparatorGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComparatorGroup
        django_get_or_create = ("name",)

    name = "CIPFA nearest neighbours"
    kind = ComparatorGroup.Kind.CIPFA


class GroupVersionFactory(factory.django.DjangoModelFactory):
    """A version of a group; pass ``places`` (a list of Place) for its members."""

    class Meta:
        model = GroupVersion
        skip_postgeneration_save = True

    group = factory.SubFactory(ComparatorGroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    from_year = "2020-21"

    @factory.post_generation
    def places(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for position, place in enumerate(extracted or (), start=1):
            GroupMember.objects.create(version=self, place=place, position=position)


class MemberValueFactory(factory.django.DjangoModelFactory):
    """A place's figure; refreshes the metric's standings and verdicts, as an
    import does."""

    class Meta:
        model = MemberValue

    metric = factory.SubFactory(MetricFactory)
    place = factory.SubFactory(PlaceFactory)
    period = "2024-25"
    value_text = "50"
    value_number = factory.LazyAttribute(lambda o: Decimal(o.value_text))
    source = "Fingertips"

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        super()._after_postgeneration(instance, create, results)
        if create:
            calculated_verdicts_refresh(metric_ids=[instance.metric_id])
