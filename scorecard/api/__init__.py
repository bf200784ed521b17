"""The scorecard's REST API (/api/v1/): metrics, values, targets, comparators,
recorded verdicts, assessments, the headline summary, and the workflow of figures
(submissions) and proposals (metrics and targets agreed, comments).

Reads come from the selectors, scoped to the caller, so what they may not see is a
404; a kind of record a role may not list at all is a 403. Writes call one service
each; the API's exception handler turns the services' refusals into 400/403/409.

Who may write is refused before the body is validated (DESIGN.md section 4):
- ``StepPermission``: a role that can never take the step (scorecard/permissions.py's
  ``may_*`` rules) is a 403 before the body is read.
- A new record's metric, named in the body, is read first: one the caller may not
  see is a 404, one they may not act on a 403, before any other field is checked.
- ``WorkflowStepPermission``: a step on an existing record asks the workflow policy
  (scorecard/workflow.py).

What is where:
- ``serializers``: every serializer, output and input, and the JSON shape of a
  metric's assessment and its readings (``metric_json``, ``reading_json``: what
  `assess --json` prints too).
- ``helpers``: who may take each step (the roles asked before the body is read),
  who enters figures, and ``metric_named``, the metric a new record's body names.
- ``rows``: ``ListRows``, a list page written from ``values()`` rows.
- The viewsets, by resource: ``metrics`` (propose, endorse, agree, withdraw),
  ``values``, ``targets`` (the same steps), ``comparators`` (and their figures),
  ``verdicts`` (the recorded verdicts), ``assessments`` (and the headline
  summary), ``benchmarking`` (places, comparator groups and their versions,
  standings and other places' figures; read-only), ``submissions`` (enter,
  submit, approve, return, the queue) and ``comments``.

The viewsets are named here for the API's URLconf, its one entry point.
"""

from scorecard.api.assessments import AssessmentViewSet, HeadlineSummaryViewSet
from scorecard.api.benchmarking import (
    ComparatorGroupViewSet,
    GroupVersionViewSet,
    MemberValueViewSet,
    PlaceViewSet,
    StandingViewSet,
)
from scorecard.api.comments import CommentViewSet
from scorecard.api.comparators import ComparatorValueViewSet, ComparatorViewSet
from scorecard.api.metrics import MetricViewSet
from scorecard.api.submissions import SubmissionViewSet
from scorecard.api.targets import TargetViewSet
from scorecard.api.values import MetricValueViewSet
from scorecard.api.verdicts import RecordedVerdictViewSet

__all__ = [
    "AssessmentViewSet",
    "CommentViewSet",
    "ComparatorGroupViewSet",
    "ComparatorValueViewSet",
    "ComparatorViewSet",
    "GroupVersionViewSet",
    "HeadlineSummaryViewSet",
    "MemberValueViewSet",
    "MetricValueViewSet",
    "MetricViewSet",
    "PlaceViewSet",
    "RecordedVerdictViewSet",
    "StandingViewSet",
    "SubmissionViewSet",
    "TargetViewSet",
]
