"""Property: every API write that reads a record named in its body before the rest
(coventry_pm.core.api.record_named, and the serializers' related fields) answers
any JSON value in that field with a 400 naming the field or a 404 with a
``detail``, never a server error, and a record the caller may not see answers
exactly as one that is not there.

The values are what a script or a fuzzer sends: text with NUL bytes (which
PostgreSQL refuses in text), over-long codes, digits in other scripts, ints
beyond any database integer, negatives, fractions, true/false, lists, objects
and null. Run on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisals import services as appraisal_services
from appraisals.models import Appraisal

pytestmark = pytest.mark.django_db

LARGEST_ID = 2**63 - 1
AWKWARD = st.sampled_from(
    [
        "HOU\x0001",
        "\x00",
        "1\x00",
        "X" * 500,
        "9" * 5000,
        "١٢",  # digits, in another script
        "²",
        "-1",
        "0",
        " 1",
        "1.0",
        "1e3",
        str(LARGEST_ID + 1),
        "NaN",
        0,
        -1,
        LARGEST_ID,
        LARGEST_ID + 1,
        2**64,
        -(2**63) - 1,
        10**30,
        1.5,
        1e300,
        True,
        False,
        [],
        {},
        [1],
        {"id": 1},
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.text(alphabet=st.sampled_from("\x00AZ09-_ "), max_size=300)
    | AWKWARD
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@dataclass(frozen=True)
class Named:
    """A create that reads the record named in ``field`` first; ``who`` may take
    it on some record, so a refusal of their role never hides the answer."""

    url: str
    field: str
    who: str


@pytest.fixture
def world(housing, officer, manager, employee, insight):
    """The Housing world, with an appraisal for the employee (theirs, hidden from
    the officer) and one for the officer."""
    mine = appraisal_services.appraisal_start(employee=employee, user=employee)
    officers = appraisal_services.appraisal_start(employee=officer, user=officer)
    return {"housing": housing, "employee's": mine, "officer's": officers}


NAMED_WRITES = [
    Named("/api/v1/comments/", "metric", "officer"),
    Named("/api/v1/targets/", "metric", "officer"),
    Named("/api/v1/submissions/", "metric", "officer"),
    Named("/api/v1/progress-updates/", "action", "officer"),
    Named("/api/v1/appraisal-objectives/", "appraisal", "employee"),
    Named("/api/v1/one-to-ones/", "appraisal", "manager"),
    Named("/api/v1/metrics/", "team", "officer"),
    Named("/api/v1/report-runs/", "plan", "insight"),
]


def answer(client, url: str, body: Any) -> tuple[int, Any]:
    """The API's answer, in a savepoint rolled back after it (a database error
    cannot poison the test's transaction, and nothing it writes stays)."""
    with transaction.atomic():
        response = client.post(url, body, format="json")
        transaction.set_rollback(True)
    content = response.json() if "json" in response.get("content-type", "") else None
    return response.status_code, content


def assert_refused_well(status: int, content: Any) -> None:
    # 403: a record the caller sees but may not act on (never a hidden one).
    assert status in (400, 403, 404), (status, content)
    assert isinstance(content, dict), content
    if status == 400:
        # Field-level: the field (or another field, once this one is read) holds
        # its messages.
        messages = [m for key, m in content.items() if key not in ("detail", "code")]
        assert messages, content
        assert all(isinstance(m, list) and m for m in messages), content
    else:
        assert isinstance(content.get("detail"), str), content


@pytest.fixture
def clients(api, world, officer, manager, employee, insight):
    return {
        "officer": api(officer),
        "manager": api(manager),
        "employee": api(employee),
        "insight": api(insight),
    }


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=JSON, extra=st.booleans())
def test_any_value_named_in_the_body_is_a_400_or_a_404(world, clients, value, extra):
    for named in NAMED_WRITES:
        body: dict[str, Any] = {named.field: value}
        if extra:
            body["text"] = "Hello"  # another field, valid or not, read after
        status, content = answer(clients[named.who], named.url, body)
        assert_refused_well(status, content)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=JSON)
def test_a_body_that_is_not_an_object_is_a_400(world, clients, body):
    for named in NAMED_WRITES:
        if isinstance(body, dict):
            continue
        status, content = answer(clients[named.who], named.url, body)
        assert status == 400, (named, body, content)


def test_a_hidden_record_answers_as_a_missing_one(world, clients):
    """The officer may not see the employee's appraisal: naming it is the 404 of
    an id no appraisal has, word for word but for the id."""
    hidden = world["employee's"].pk
    missing = Appraisal.objects.order_by("-pk").first().pk + 1000
    for url in ("/api/v1/appraisal-objectives/", "/api/v1/one-to-ones/"):
        seen = {}
        for pk in (hidden, missing):
            status, content = answer(clients["officer"], url, {"appraisal": pk})
            seen[pk] = (
                status,
                {k: str(v).replace(str(pk), "ID") for k, v in content.items()},
            )
        assert seen[hidden] == seen[missing], url
        assert seen[hidden][0] == 404
        assert "detail" in seen[hidden][1]


def test_an_id_given_as_digits_names_the_record(world, clients):
    """The id as text is the id (as DRF's related fields read it): the record is
    found, and the body's other fields are then named."""
    housing = world["housing"]
    for value in (housing.action.pk, str(housing.action.pk)):
        status, content = answer(
            clients["officer"], "/api/v1/progress-updates/", {"action": value}
        )
        assert status == 400, content
        assert "action" not in content and "status" in content


@pytest.mark.parametrize("value", [1.0, True, "1.0", "١", [1], {"pk": 1}])
def test_a_value_that_is_no_id_is_a_400_naming_the_field(world, clients, value):
    status, content = answer(
        clients["officer"], "/api/v1/progress-updates/", {"action": value}
    )
    assert status == 400
    assert content["action"] == ["Name the action by its id, a whole number."]


@pytest.mark.parametrize("value", ["HOU\x0001", "X" * 500, str(2**64), -5, 0])
def test_a_value_no_record_can_have_is_a_404(world, clients, value):
    field, url = (
        ("action", "/api/v1/progress-updates/")
        if not isinstance(value, str) or value.isdigit()
        else ("metric", "/api/v1/submissions/")
    )
    status, content = answer(clients["officer"], url, {field: value})
    assert status == 404, content
    assert content["detail"].startswith(f"No {field}")
    assert content[field] == [content["detail"]]
    assert len(content["detail"]) < 200  # an over-long value is not echoed whole
