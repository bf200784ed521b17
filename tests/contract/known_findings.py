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


# None waiting: each finding of the first run is fixed (git log -- this file).
KNOWN_FINDINGS: tuple[KnownFinding, ...] = ()


def known_finding_for(failure: Any, status: int) -> KnownFinding | None:
    return next((k for k in KNOWN_FINDINGS if k.matches(failure, status)), None)
