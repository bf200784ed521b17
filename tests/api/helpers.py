"""Small helpers for reading API responses in tests."""

from __future__ import annotations

from typing import Any


def results(response: Any) -> list[dict[str, Any]]:
    """The rows of a paginated list response (asserting it succeeded)."""
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def codes(response: Any) -> list[str]:
    return [row["code"] for row in results(response)]
