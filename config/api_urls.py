"""/api/v1/: one router for every app's viewsets."""

from rest_framework.routers import DefaultRouter

from appraisals import api as appraisals_api
from reports import api as reports_api
from scorecard import api as scorecard_api
from strategies import api as strategies_api

router = DefaultRouter()

# The plan and its strategies
router.register("plans", strategies_api.PlanViewSet, basename="plan")
router.register("priorities", strategies_api.PriorityViewSet, basename="priority")
router.register("objectives", strategies_api.ObjectiveViewSet, basename="objective")
router.register("strategies", strategies_api.StrategyViewSet, basename="strategy")
router.register(
    "action-plans", strategies_api.ActionPlanViewSet, basename="action-plan"
)
router.register("actions", strategies_api.ActionViewSet, basename="action")
router.register(
    "progress-updates", strategies_api.ProgressUpdateViewSet, basename="progress-update"
)
router.register("case-studies", strategies_api.CaseStudyViewSet, basename="case-study")

# The scorecard
router.register("metrics", scorecard_api.MetricViewSet, basename="metric")
router.register("values", scorecard_api.MetricValueViewSet, basename="value")
router.register("targets", scorecard_api.TargetViewSet, basename="target")
router.register("comparators", scorecard_api.ComparatorViewSet, basename="comparator")
router.register(
    "comparator-values",
    scorecard_api.ComparatorValueViewSet,
    basename="comparator-value",
)
router.register(
    "recorded-verdicts",
    scorecard_api.RecordedVerdictViewSet,
    basename="recorded-verdict",
)
router.register("assessments", scorecard_api.AssessmentViewSet, basename="assessment")
router.register(
    "headline-summary",
    scorecard_api.HeadlineSummaryViewSet,
    basename="headline-summary",
)

# Benchmarking (issue 19): places, comparator groups and their versions, where we
# stand in each, and other places' figures. Read-only.
router.register("places", scorecard_api.PlaceViewSet, basename="place")
router.register("groups", scorecard_api.ComparatorGroupViewSet, basename="group")
router.register(
    "group-versions", scorecard_api.GroupVersionViewSet, basename="group-version"
)
router.register("standings", scorecard_api.StandingViewSet, basename="standing")
router.register(
    "member-values", scorecard_api.MemberValueViewSet, basename="member-value"
)

# Workflow
router.register("submissions", scorecard_api.SubmissionViewSet, basename="submission")
router.register("comments", scorecard_api.CommentViewSet, basename="comment")

# The annual report
router.register("report-runs", reports_api.ReportRunViewSet, basename="report-run")
router.register("reports", reports_api.ReportViewSet, basename="report")

# Appraisals
router.register("appraisals", appraisals_api.AppraisalViewSet, basename="appraisal")
router.register(
    "appraisal-objectives",
    appraisals_api.AppraisalObjectiveViewSet,
    basename="appraisal-objective",
)
router.register("one-to-ones", appraisals_api.OneToOneViewSet, basename="one-to-one")

urlpatterns = router.urls
