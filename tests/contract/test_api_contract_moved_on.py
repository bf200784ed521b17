"""The API's contract once the demo has moved on (tests/contract/moving_on.py): a
report generated, approved, published and run again; submissions and progress
updates approved and returned; appraisals at every step to signed off.

Every read (GET) operation of the OpenAPI schema but the schema's own (the same
in every state) is called as each demo sign-in and as nobody: each list's first
page, and each detail for the records the moves changed or made, beside the
first of the rest (or, with none of its kind, one that is not there). The checks
are the contract test's (tests/contract/helpers.py): no server errors,
documented statuses, bodies matching their schema. Deterministic, so its time
is bounded: about 50 reads, each as eight callers.
"""

from __future__ import annotations

import pytest
import schemathesis

from tests.contract.helpers import application, call_as_each, model_at, served_schema

pytestmark = pytest.mark.django_db

SCHEMA = served_schema()
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.app = application()

READS = sorted(
    path
    for path, methods in SCHEMA["paths"].items()
    if "get" in methods and path != "/api/schema/"
)
# The first records of each kind, beside those the moves touched.
FIRST = 2


def test_the_demo_moved_on_through_every_state(moved_on):
    """What the reads below are checked on: each workflow moved past its start."""
    _, moved = moved_on
    assert moved.reports[-2:] == ["published", "ready"]
    assert set(moved.submissions) == {"approved", "returned"}
    assert set(moved.updates) == {"approved", "returned"}
    assert "signed_off" in moved.appraisals
    assert len(set(moved.appraisals)) > 1


def records_to_read(path: str, moved) -> list[dict[str, object]]:
    """The path parameters of the records to read at a detail ``path``."""
    model = model_at(path)
    if model is None:
        return []
    key = "code" if "{code}" in path else "id"
    field = "code" if key == "code" else "pk"
    manager = model._default_manager
    first = list(manager.order_by("pk").values_list(field, flat=True)[:FIRST])
    touched = list(
        manager.filter(pk__in=moved.touched.get(model, ()))
        .order_by("pk")
        .values_list(field, flat=True)
    )
    values = list(dict.fromkeys(first + touched)) or [0 if key == "id" else "NONE"]
    return [{key: value} for value in values]


@pytest.mark.parametrize("path", READS)
def test_every_read_as_every_role_once_moved_on(path, moved_on, known_findings):
    tokens, moved = moved_on
    operation = schema[path]["GET"]
    cases = (
        [operation.Case(path_parameters=p) for p in records_to_read(path, moved)]
        if "{" in path
        else [operation.Case()]
    )
    for case in cases:
        for who, finding in call_as_each(case, tokens):
            known_findings.setdefault((case.operation.label, finding), set()).add(who)
