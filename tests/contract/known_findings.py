"""Contract findings already reported and waiting for a fix in the API code.

A failure that matches an entry here does not fail the run: the test is reported
as xfailed with the entry's reason (``pytest -rx`` lists them), and any other
failure on the same operation still fails. When a fix lands, delete its entry; the
run's summary names entries that no longer match anything.

Each entry is as narrow as the finding: the operations, the schemathesis failure
(its class), the status code, and a piece of the failure's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The list endpoints whose filters answer 400 for a value the schema allows: an id
# of no record (ModelChoiceFilter: "Select a valid choice"), an id outside 1 … 2⁶³-1
# (IdFilter's bounds, which the schema does not give), or a report year that is not
# one. The schema documents only 200 for them.
_FILTERED_LISTS = (
    "GET /api/v1/action-plans/",
    "GET /api/v1/actions/",
    "GET /api/v1/appraisal-objectives/",
    "GET /api/v1/appraisals/",
    "GET /api/v1/assessments/",
    "GET /api/v1/case-studies/",
    "GET /api/v1/comments/",
    "GET /api/v1/comparator-values/",
    "GET /api/v1/metrics/",
    "GET /api/v1/objectives/",
    "GET /api/v1/one-to-ones/",
    "GET /api/v1/priorities/",
    "GET /api/v1/progress-updates/",
    "GET /api/v1/recorded-verdicts/",
    "GET /api/v1/strategies/",
    "GET /api/v1/submissions/",
    "GET /api/v1/targets/",
    "GET /api/v1/values/",
)

# The appraisal API (appraisals/api.py) documents only its success status: its
# 400s (a rule or a field refused the write) and 409s (a stale version) are not in
# the schema, unlike the scorecard and strategies APIs (core.api.write_responses).
_APPRAISAL_WRITES = (
    "POST /api/v1/appraisal-objectives/",
    "PATCH /api/v1/appraisal-objectives/{id}/",
    "POST /api/v1/appraisals/",
    "PATCH /api/v1/appraisals/{id}/",
    "POST /api/v1/appraisals/{id}/agree-objectives/",
    "POST /api/v1/appraisals/{id}/mid-year-review/",
    "POST /api/v1/appraisals/{id}/ratings/",
    "POST /api/v1/appraisals/{id}/sign-off/",
    "POST /api/v1/appraisals/{id}/year-end-review/",
    "POST /api/v1/one-to-ones/",
    "PATCH /api/v1/one-to-ones/{id}/",
)

# Every operation that answers with a whole appraisal.
_APPRAISAL_READS = (
    "GET /api/v1/appraisals/",
    "POST /api/v1/appraisals/",
    *(
        op
        for op in _APPRAISAL_WRITES
        if op.startswith(("PATCH /api/v1/appraisals/", "POST /api/v1/appraisals/{id}"))
    ),
    "GET /api/v1/appraisals/{id}/",
)


@dataclass(frozen=True)
class KnownFinding:
    operations: tuple[str, ...]
    failure: str  # the schemathesis Failure class: ServerError, JsonSchemaError, …
    status: int | None  # the response's status code; None for any
    contains: str  # a piece of the failure's message ("" for any)
    why: str

    def matches(self, failure: Any, status: int) -> bool:
        return (
            failure.operation in self.operations
            and type(failure).__name__ == self.failure
            and (self.status is None or status == self.status)
            and self.contains in f"{failure.title}\n{failure.message}"
        )


KNOWN_FINDINGS: tuple[KnownFinding, ...] = (
    KnownFinding(
        operations=_FILTERED_LISTS,
        failure="UndefinedStatusCode",
        status=400,
        contains="Received: 400",
        why=(
            "Undocumented 400 on list endpoints: a filter given an id of no record "
            "(or one the caller may not see), an id outside 1 … 2**63-1, or a year "
            "that is not one, answers 400; the schema documents only 200. Document "
            "400 on filtered lists (a drf-spectacular postprocessing hook), give "
            "IdFilter's bounds in the schema (minimum/maximum), and declare the "
            "method filters (metrics ?priority=, ?objective=) as integers."
        ),
    ),
    KnownFinding(
        operations=_APPRAISAL_WRITES,
        failure="UndefinedStatusCode",
        status=400,
        contains="Received: 400",
        why=(
            "appraisals/api.py: 400 responses (a rule or field refused the write; "
            "PATCH without the required version) are not in the schema; PATCH "
            "bodies document version as optional, but it is required."
        ),
    ),
    KnownFinding(
        operations=_APPRAISAL_WRITES,
        failure="UndefinedStatusCode",
        status=409,
        contains="Received: 409",
        why="appraisals/api.py: 409 (a stale version) is not in the schema.",
    ),
    KnownFinding(
        operations=_APPRAISAL_READS,
        failure="JsonSchemaError",
        status=200,
        contains="/components/schemas/Person",
        why=(
            "appraisals/api.py: a person not yet there (who signed off, before "
            "anyone has) is returned as null, but Person is documented as an object "
            "(declare allow_null)."
        ),
    ),
    KnownFinding(
        operations=_APPRAISAL_READS,
        failure="JsonSchemaError",
        status=200,
        contains="RatingLevelEnum",
        why=(
            "appraisals/api.py: an unrated value or behaviour is returned with "
            'rating "" (and manager_rating ""), which RatingLevelEnum does not allow; '
            "declare blank (or null) in the serializer field."
        ),
    ),
    KnownFinding(
        operations=(
            "GET /api/v1/recorded-verdicts/",
            "GET /api/v1/recorded-verdicts/{id}/",
        ),
        failure="JsonSchemaError",
        status=200,
        contains='"" is not one of',
        why=(
            'scorecard/api.py RecordedVerdict: progress/target_status "" (not '
            "recorded) is returned, which their enums do not allow."
        ),
    ),
    KnownFinding(
        operations=(
            "GET /api/v1/metrics/",
            "POST /api/v1/metrics/",
            "GET /api/v1/metrics/{code}/",
            "POST /api/v1/metrics/{code}/agree/",
            "POST /api/v1/metrics/{code}/endorse/",
        ),
        failure="JsonSchemaError",
        status=None,
        contains="null is not of type",
        why=(
            "scorecard/api.py Metric: team_name, portfolio_name and owner_name are "
            "null for a metric without a team, portfolio or owner, but documented "
            "as strings (declare allow_null / a nullable field)."
        ),
    ),
    KnownFinding(
        operations=("GET /api/v1/headline-summary/", "GET /api/v1/assessments/"),
        failure="JsonSchemaError",
        status=400,
        contains='"detail" is a required property',
        why=(
            'scorecard/api.py: a bad ?year= answers {"year": "…"}, not the documented '
            'error shape {"detail", "code"}.'
        ),
    ),
)


def known_finding_for(failure: Any, status: int) -> KnownFinding | None:
    return next((k for k in KNOWN_FINDINGS if k.matches(failure, status)), None)
