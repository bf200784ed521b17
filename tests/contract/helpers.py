"""What the contract tests share: the OpenAPI schema as /api/schema/ serves it, the
application as schemathesis calls it, and the checks every response must pass."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.db.models import Model
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from tests.contract.known_findings import KnownFinding, known_finding_for

# Refusals: not signed in, not allowed, or not theirs to see (DESIGN.md section 4).
# Allowed on every operation, documented or not; their bodies are still checked.
REFUSALS = frozenset({401, 403, 404})


def served_schema(urlconf: str | None = None) -> dict[str, Any]:
    """The OpenAPI document /api/schema/ serves (the same generator, without a
    request, so it can be built when the tests are collected)."""
    return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


def model_at(path: str) -> type[Model] | None:
    """The model of the records the operation at ``path`` reads or writes: its
    viewset's queryset's, else its serializer's (a viewset that picks its
    queryset per request)."""
    view = resolve(path.replace("{id}", "1").replace("{code}", "X")).func
    cls = getattr(view, "cls", None)
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None and path.startswith("/api/v1/appraisals/"):
        from appraisals.models import Appraisal  # its serializer is per action

        return Appraisal
    return model


def in_test_transaction(app: Callable[..., Iterable[bytes]]) -> Callable[..., Any]:
    """The WSGI app, called the way Django's test client calls it: the database
    connection is not closed around each request (so requests see the test's
    data), and each request runs in a savepoint that is rolled back after it.

    Rolling back keeps every call independent of the ones before (an example
    reproduces on its own), and a database error in one request cannot poison
    the test's transaction for the next, which PostgreSQL would otherwise do."""

    def call(
        environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        savepoint = transaction.savepoint()
        try:
            response = app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()
        finally:
            transaction.savepoint_rollback(savepoint)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return call


def application() -> Callable[..., Any]:
    return in_test_transaction(WSGIHandler())


@schemathesis.check
def refusals_say_why(ctx: Any, response: Any, case: Case) -> bool | None:
    """A refusal in JSON has the API's one error shape: a ``detail`` saying why."""
    if response.status_code not in REFUSALS:
        return None
    if "json" not in (response.headers.get("content-type") or [""])[0]:
        return None  # Django's own 404 page for a path no route matches
    body = response.json()
    if not (isinstance(body, dict) and isinstance(body.get("detail"), str)):
        raise AssertionError(
            f"A {response.status_code} refusal without a 'detail' saying why: {body!r}"
        )
    return None


def checks_for(case: Case, status_code: int) -> list[Callable[..., Any]]:
    """Never a server error. For data the schema allows: a documented status
    whose body matches its schema, where a refusal (401/403/404) is allowed on
    every operation. Data the schema does not allow (negative examples) may get
    any client error, but never a server error."""
    if case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE:
        return [not_a_server_error]
    if status_code in REFUSALS:
        return [not_a_server_error, response_schema_conformance, refusals_say_why]
    return [not_a_server_error, status_code_conformance, response_schema_conformance]


def call_as_each(
    case: Case, tokens: Mapping[str, str | None]
) -> list[tuple[str, KnownFinding]]:
    """Call the operation as each person (``{name: token}``, None for nobody) and
    check every response. Failures listed in known_findings.py are returned, not
    raised; any other failure is raised, naming who called."""
    known: list[tuple[str, KnownFinding]] = []
    for who, token in tokens.items():
        headers = {"Authorization": f"Token {token}"} if token else {}
        response = case.call(headers=headers)
        try:
            case.validate_response(
                response, checks=checks_for(case, response.status_code), headers=headers
            )
        except FailureGroup as group:
            unknown: list[Failure] = []
            for failure in group.exceptions:
                finding = known_finding_for(failure, response.status_code)
                if finding is None:
                    unknown.append(failure)
                else:
                    known.append((who, finding))
            if unknown:
                raise FailureGroup(
                    unknown, f"{group.message}\n\nCalled as: {who}"
                ) from None
        except AssertionError as error:
            error.add_note(f"Called as: {who}")
            raise
    return known
