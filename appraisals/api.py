"""The appraisal API: appraisals, their objectives and one-to-ones.

Scoped like the pages: querysets come from the selectors, so an appraisal someone
may not read is a 404. Refusals come before the body is read (STYLE.md rule 10):
- the shared ``StepPermission`` (coventry_pm.core.api) refuses (403) anyone whose
  roles can never take a step (who is not on the council's staff) on every list
  and create;
- a write on an existing record asks the workflow (appraisals/workflow.py) through
  one object permission, ``AppraisalStepPermission``: a 403 for someone who may
  never take the step on this appraisal, a 400 with the reason for one who may but
  not now;
- a create reads only the appraisal id from the body first: a 404 when it is not
  one the caller may read, then the workflow's refusal, then the rest.
Workflow steps are actions that call one service each, through the one error
adapter (coventry_pm.core.errors.api_call): a write with a stale ``version`` is a
409 with the record as it is now. The viewsets are registered in
config/api_urls.py with every other app's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from appraisals import permissions, selectors, services, workflow
from appraisals.filters import (
    AppraisalFilter,
    AppraisalObjectiveFilter,
    OneToOneFilter,
)
from appraisals.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalRating,
    Behaviour,
    CouncilValue,
    OneToOne,
    OneToOneObjectiveNote,
)
from coventry_pm.accounts.models import User
from coventry_pm.core.api import (
    StepPermission,
    VersionSerializer,
    record_named,
    write_responses,
)
from coventry_pm.core.errors import api_call
from strategies.models import Action, Priority, Strategy


def _appraisal_of(record: Any) -> Appraisal:
    return record if isinstance(record, Appraisal) else record.appraisal


def check_step(user: Any, appraisal: Appraisal, step: str) -> None:
    """Ask the workflow: a 403 for someone who may never take the step here, the
    reason (400) for one who may but not now."""
    refused = workflow.refusal(user, appraisal, step)
    if refused is not None:
        raise refused


class AppraisalStepPermission(BasePermission):
    """The one object permission of the appraisal API: a write on an existing
    appraisal, objective or one-to-one is the workflow step the viewset names for
    the action (``workflow_steps``), and the workflow says whether this person may
    take it now. Asked before the body is read."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        step = view.workflow_steps.get(view.action)
        if step is None:  # a write the viewset forgot to name: refused
            return False
        check_step(request.user, _appraisal_of(obj), step)
        return True


# --------------------------------------------------------------------------------
# Output serializers
# --------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class PlanLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["action", "strategy", "priority"])
    id = serializers.IntegerField()
    title = serializers.CharField()


class ObjectiveOutputSerializer(serializers.ModelSerializer):
    link = serializers.SerializerMethodField()

    class Meta:
        model = AppraisalObjective
        fields = [
            "id",
            "appraisal",
            "title",
            "measure_of_success",
            "progress",
            "percent_complete",
            "action",
            "strategy",
            "priority",
            "link",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PlanLinkSerializer)
    def get_link(self, objective: AppraisalObjective) -> dict[str, Any]:
        link = objective.link
        return {
            "kind": objective.link_kind,
            "id": link.pk if link else None,
            "title": getattr(link, "title", ""),
        }


class RatingOutputSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_key_display", read_only=True)
    rating = serializers.ChoiceField(
        choices=AppraisalRating.Level.choices,
        allow_blank=True,
        read_only=True,
        help_text="The employee's own rating; blank: not rated yet.",
    )
    manager_rating = serializers.ChoiceField(
        choices=AppraisalRating.Level.choices,
        allow_blank=True,
        read_only=True,
        help_text="The line manager's rating; blank: not rated yet.",
    )

    class Meta:
        model = AppraisalRating
        fields = [
            "kind",
            "key",
            "label",
            "rating",
            "evidence",
            "manager_rating",
            "manager_comment",
        ]
        read_only_fields = fields


class ObjectiveNoteOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = OneToOneObjectiveNote
        fields = ["objective", "note", "percent_complete"]
        read_only_fields = fields


class OneToOneOutputSerializer(serializers.ModelSerializer):
    recorded_by = PersonSerializer(read_only=True)
    objective_notes = ObjectiveNoteOutputSerializer(many=True, read_only=True)

    class Meta:
        model = OneToOne
        fields = [
            "id",
            "appraisal",
            "date",
            "notes",
            "recorded_by",
            "objective_notes",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class AppraisalListSerializer(serializers.ModelSerializer):
    employee = PersonSerializer(read_only=True)
    # Null when the employee has no line manager recorded.
    manager = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "employee",
            "year",
            "manager",
            "status",
            "objectives_due",
            "mid_year_due",
            "year_end_due",
            "employee_signed_off_at",
            "manager_signed_off_at",
            "signed_off_at",
            "version",
        ]
        read_only_fields = fields


class AppraisalDetailSerializer(AppraisalListSerializer):
    # Null until the line manager signs off.
    manager_signed_off_by = PersonSerializer(read_only=True, allow_null=True)
    objectives = ObjectiveOutputSerializer(many=True, read_only=True)
    ratings = RatingOutputSerializer(many=True, read_only=True)
    one_to_ones = OneToOneOutputSerializer(many=True, read_only=True)

    class Meta(AppraisalListSerializer.Meta):
        fields = [
            *AppraisalListSerializer.Meta.fields,
            "development_needs",
            "objectives_agreed_on",
            "mid_year_review",
            "mid_year_reviewed_on",
            "year_end_review",
            "year_end_reviewed_on",
            "manager_signed_off_by",
            "objectives",
            "ratings",
            "one_to_ones",
        ]
        read_only_fields = fields


# --------------------------------------------------------------------------------
# Input serializers
# --------------------------------------------------------------------------------


class AppraisalCreateSerializer(serializers.Serializer):
    employee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        help_text="Yourself (the default) or someone you line-manage.",
    )
    year = serializers.RegexField(
        r"^\d{4}-\d{2}$", required=False, help_text='e.g. "2025-26"; default: now.'
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none while the schema is drawn
        if request is not None:
            user = request.user
            self.fields["employee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
                pk__in={user.pk} | permissions.report_ids(user)
            )


class AppraisalUpdateSerializer(VersionSerializer):
    development_needs = serializers.CharField(allow_blank=True)


class ReviewInputSerializer(VersionSerializer):
    review = serializers.CharField()


class RatingInputSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=CouncilValue.choices + Behaviour.choices)
    rating = serializers.ChoiceField(
        choices=AppraisalRating.Level.choices, allow_blank=True, default=""
    )
    text = serializers.CharField(
        allow_blank=True,
        default="",
        help_text="The employee's evidence, or the line manager's comment.",
    )


class RatingsInputSerializer(VersionSerializer):
    ratings = RatingInputSerializer(many=True)


def _scope_appraisal_field(serializer: serializers.Serializer) -> None:
    """Only appraisals the caller may read can be written to; any other id is
    "does not exist", exactly like one that does not."""
    request = serializer.context.get("request")  # none while the schema is drawn
    if request is not None:
        serializer.fields["appraisal"].queryset = selectors.appraisals_visible_to(  # type: ignore[attr-defined]
            request.user
        )


class ObjectiveFieldsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    measure_of_success = serializers.CharField()
    progress = serializers.CharField(allow_blank=True, required=False)
    percent_complete = serializers.IntegerField(
        min_value=0, max_value=100, required=False
    )
    action = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.all(), allow_null=True, required=False
    )
    strategy = serializers.PrimaryKeyRelatedField(
        queryset=Strategy.objects.all(), allow_null=True, required=False
    )
    priority = serializers.PrimaryKeyRelatedField(
        queryset=Priority.objects.all(), allow_null=True, required=False
    )


class ObjectiveCreateSerializer(ObjectiveFieldsSerializer):
    appraisal = serializers.PrimaryKeyRelatedField(queryset=Appraisal.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_appraisal_field(self)


class ObjectiveUpdateSerializer(ObjectiveFieldsSerializer, VersionSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class ObjectiveProgressInputSerializer(serializers.Serializer):
    objective = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, default="")
    percent_complete = serializers.IntegerField(
        min_value=0, max_value=100, allow_null=True, default=None
    )


def _progress(items: list[dict[str, Any]]) -> list[services.ObjectiveProgress]:
    return [
        services.ObjectiveProgress(
            objective_id=item["objective"],
            note=item["note"],
            percent_complete=item["percent_complete"],
        )
        for item in items
    ]


class OneToOneCreateSerializer(serializers.Serializer):
    appraisal = serializers.PrimaryKeyRelatedField(queryset=Appraisal.objects.none())
    date = serializers.DateField()
    notes = serializers.CharField()
    objective_notes = ObjectiveProgressInputSerializer(many=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_appraisal_field(self)


class OneToOneUpdateSerializer(VersionSerializer):
    date = serializers.DateField(required=False)
    notes = serializers.CharField(required=False)
    objective_notes = ObjectiveProgressInputSerializer(many=True, required=False)


# --------------------------------------------------------------------------------
# Viewsets
# --------------------------------------------------------------------------------


class _Base(viewsets.GenericViewSet):  # type: ignore[type-arg]
    permission_classes = [IsAuthenticated, StepPermission, AppraisalStepPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Listing and creating need a member of staff (or HR): nobody else's roles can
    # ever take an appraisal step, so they are refused before the body is read. A
    # record, and a write on it, is left to the scoped queryset first (someone
    # else's appraisal is a 404), then to AppraisalStepPermission.
    step_roles = {
        name: (
            permissions.can_use_appraisals,
            "Appraisals are for council staff, their line managers and HR.",
        )
        for name in ("list", "create")
    }
    # Which workflow step each write is (AppraisalStepPermission asks it).
    workflow_steps: dict[str, str] = {}
    # The step a create takes on the appraisal named in its body, if any.
    create_step: str | None = None

    def _named_appraisal(self) -> Appraisal:
        """The appraisal a create names, read alone before the rest of the body
        (coventry_pm.core.api.record_named): a 404 when it is not one the caller
        may read, then the workflow's refusal."""
        assert self.create_step is not None
        appraisal = record_named(
            self.request,
            selectors.appraisals_visible_to(self.request.user),  # type: ignore[arg-type]
            field="appraisal",
            noun="appraisal",
        )
        check_step(self.request.user, appraisal, self.create_step)
        return appraisal

    def _valid(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data  # type: ignore[return-value]


@extend_schema(tags=["appraisals"])
class AppraisalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Appraisals you may read: your own, those of people below you in the
    line-management chain, or (HR) everyone's."""

    filterset_class = AppraisalFilter
    ordering_fields = ["year", "status", "employee__last_name"]
    workflow_steps = {
        "partial_update": workflow.EDIT_DEVELOPMENT_NEEDS,
        "agree_objectives": workflow.AGREE_OBJECTIVES,
        "mid_year_review": workflow.MID_YEAR_REVIEW,
        "year_end_review": workflow.YEAR_END_REVIEW,
        "sign_off": workflow.SIGN_OFF,
        "ratings": workflow.RATE,
    }

    def get_queryset(self) -> Any:
        user = self.request.user
        if self.action == "list":
            return selectors.appraisals_visible_to(user)  # type: ignore[arg-type]
        return selectors.appraisal_detail(user)  # type: ignore[arg-type]

    def get_serializer_class(self) -> Any:
        return (
            AppraisalListSerializer
            if self.action == "list"
            else AppraisalDetailSerializer
        )

    def _current(self, appraisal: Appraisal) -> dict[str, Any]:
        fresh = selectors.appraisal_detail(self.request.user).get(pk=appraisal.pk)  # type: ignore[arg-type]
        return dict(AppraisalDetailSerializer(fresh).data)

    def _detail(self, appraisal: Appraisal, code: int = status.HTTP_200_OK) -> Response:
        return Response(self._current(appraisal), status=code)

    @extend_schema(
        request=AppraisalCreateSerializer,
        responses=write_responses(AppraisalDetailSerializer, created=True),
    )
    def create(self, request: Request) -> Response:
        """Start an appraisal: your own, or one for someone you line-manage."""
        data = self._valid(AppraisalCreateSerializer)
        appraisal = api_call(
            lambda: services.appraisal_start(
                employee=data.get("employee", request.user),
                user=request.user,  # type: ignore[arg-type]
                year=data.get("year"),
            )
        )
        return self._detail(appraisal, status.HTTP_201_CREATED)

    @extend_schema(
        request=AppraisalUpdateSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the development needs (the employee or their line manager)."""
        appraisal = self.get_object()
        data = self._valid(AppraisalUpdateSerializer)
        api_call(
            lambda: services.appraisal_development_needs_update(
                appraisal=appraisal,
                user=request.user,  # type: ignore[arg-type]
                expected_version=data["version"],
                development_needs=data["development_needs"],
            ),
            current=lambda: self._current(appraisal),
        )
        return self._detail(appraisal)

    def _step(
        self,
        service: Callable[..., Appraisal],
        serializer_class: type[serializers.Serializer] = VersionSerializer,
        fields: tuple[str, ...] = (),
    ) -> Response:
        appraisal = self.get_object()  # a 404 before anything else is read
        data = self._valid(serializer_class)
        api_call(
            lambda: service(
                appraisal=appraisal,
                user=self.request.user,
                expected_version=data["version"],
                **{name: data[name] for name in fields},
            ),
            current=lambda: self._current(appraisal),
        )
        return self._detail(appraisal)

    @extend_schema(
        request=VersionSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="agree-objectives")
    def agree_objectives(self, request: Request, pk: str) -> Response:
        """The line manager agrees the objectives."""
        return self._step(services.appraisal_objectives_agree)

    @extend_schema(
        request=ReviewInputSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="mid-year-review")
    def mid_year_review(self, request: Request, pk: str) -> Response:
        return self._step(
            services.appraisal_mid_year_review, ReviewInputSerializer, ("review",)
        )

    @extend_schema(
        request=ReviewInputSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="year-end-review")
    def year_end_review(self, request: Request, pk: str) -> Response:
        return self._step(
            services.appraisal_year_end_review, ReviewInputSerializer, ("review",)
        )

    @extend_schema(
        request=VersionSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str) -> Response:
        """Sign: the employee for themselves, the line manager as manager."""
        return self._step(services.appraisal_sign_off)

    @extend_schema(
        request=RatingsInputSerializer,
        responses=write_responses(AppraisalDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def ratings(self, request: Request, pk: str) -> Response:
        """Ratings against values and behaviours: the employee's own with evidence,
        or the line manager's with a comment."""
        appraisal = self.get_object()
        data = self._valid(RatingsInputSerializer)
        api_call(
            lambda: services.appraisal_ratings_update(
                appraisal=appraisal,
                user=request.user,  # type: ignore[arg-type]
                expected_version=data["version"],
                ratings={
                    item["key"]: services.RatingInput(
                        rating=item["rating"], text=item["text"]
                    )
                    for item in data["ratings"]
                },
            ),
            current=lambda: self._current(appraisal),
        )
        return self._detail(appraisal)


@extend_schema(tags=["appraisals"])
class AppraisalObjectiveViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base
):
    """Objectives of the appraisals you may read; the employee writes them."""

    serializer_class = ObjectiveOutputSerializer
    filterset_class = AppraisalObjectiveFilter
    ordering_fields = ["appraisal", "sort_order"]
    workflow_steps = {"partial_update": workflow.EDIT_OBJECTIVES}
    create_step = workflow.EDIT_OBJECTIVES

    def get_queryset(self) -> Any:
        return selectors.objectives_visible_to(self.request.user)  # type: ignore[arg-type]

    def _current(self, objective: AppraisalObjective) -> dict[str, Any]:
        fresh = self.get_queryset().get(pk=objective.pk)
        return dict(ObjectiveOutputSerializer(fresh).data)

    def _output(self, objective: AppraisalObjective, code: int) -> Response:
        return Response(self._current(objective), status=code)

    @extend_schema(
        request=ObjectiveCreateSerializer,
        responses=write_responses(ObjectiveOutputSerializer, created=True),
    )
    def create(self, request: Request) -> Response:
        self._named_appraisal()
        data = dict(self._valid(ObjectiveCreateSerializer))
        appraisal = data.pop("appraisal")
        objective = api_call(
            lambda: services.appraisal_objective_create(
                appraisal=appraisal,
                user=request.user,  # type: ignore[arg-type]
                **data,
            )
        )
        return self._output(objective, status.HTTP_201_CREATED)

    @extend_schema(
        request=ObjectiveUpdateSerializer,
        responses=write_responses(ObjectiveOutputSerializer),
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        objective = self.get_object()
        data = dict(self._valid(ObjectiveUpdateSerializer))
        version = data.pop("version")
        api_call(
            lambda: services.appraisal_objective_update(
                objective=objective,
                user=request.user,  # type: ignore[arg-type]
                expected_version=version,
                fields=data,
            ),
            current=lambda: self._current(objective),
        )
        return self._output(objective, status.HTTP_200_OK)


@extend_schema(tags=["appraisals"])
class OneToOneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """One-to-ones of the appraisals you may read; the employee or their line
    manager records them."""

    serializer_class = OneToOneOutputSerializer
    filterset_class = OneToOneFilter
    ordering_fields = ["date"]
    workflow_steps = {"partial_update": workflow.RECORD_ONE_TO_ONE}
    create_step = workflow.RECORD_ONE_TO_ONE

    def get_queryset(self) -> Any:
        return selectors.one_to_ones_visible_to(self.request.user)  # type: ignore[arg-type]

    def _current(self, one_to_one: OneToOne) -> dict[str, Any]:
        fresh = self.get_queryset().get(pk=one_to_one.pk)
        return dict(OneToOneOutputSerializer(fresh).data)

    def _output(self, one_to_one: OneToOne, code: int) -> Response:
        return Response(self._current(one_to_one), status=code)

    @extend_schema(
        request=OneToOneCreateSerializer,
        responses=write_responses(OneToOneOutputSerializer, created=True),
    )
    def create(self, request: Request) -> Response:
        self._named_appraisal()
        data = self._valid(OneToOneCreateSerializer)
        one_to_one = api_call(
            lambda: services.one_to_one_record(
                appraisal=data["appraisal"],
                user=request.user,  # type: ignore[arg-type]
                date=data["date"],
                notes=data["notes"],
                progress=_progress(data.get("objective_notes", [])),
            )
        )
        return self._output(one_to_one, status.HTTP_201_CREATED)

    @extend_schema(
        request=OneToOneUpdateSerializer,
        responses=write_responses(OneToOneOutputSerializer),
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        one_to_one = self.get_object()
        data = self._valid(OneToOneUpdateSerializer)
        api_call(
            lambda: services.one_to_one_update(
                one_to_one=one_to_one,
                user=request.user,  # type: ignore[arg-type]
                expected_version=data["version"],
                date=data.get("date"),
                notes=data.get("notes"),
                progress=_progress(data.get("objective_notes", [])),
            ),
            current=lambda: self._current(one_to_one),
        )
        return self._output(one_to_one, status.HTTP_200_OK)
