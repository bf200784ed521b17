"""Server-side time per page from gunicorn's JSON access log (gunicorn.conf.py):
what the application spent, without the queueing a saturated machine adds."""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict

PATTERNS = [
    (r"^/metrics/[^/]+/enter/[^/]+/$", "/metrics/<code>/enter/<period>/"),
    (r"^/metrics/[^/]+/$", "/metrics/<code>/"),
    (r"^/submissions/\d+/$", "/submissions/<id>/"),
    (r"^/performance/metrics/[^/]+/$", "/performance/metrics/<code>/"),
    (r"^/performance/priorities/\d+/$", "/performance/priorities/<id>/"),
]


def page(path: str) -> str:
    for pattern, name in PATTERNS:
        if re.match(pattern, path):
            return name
    return path


def percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(path: str) -> None:
    times: dict[tuple[str, str], list[int]] = defaultdict(list)
    statuses: dict[int, int] = defaultdict(int)
    with open(path) as log:
        for line in log:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("path") == "/healthz":
                continue
            times[(entry["method"], page(entry["path"]))].append(entry["duration_ms"])
            statuses[entry["status"]] += 1
    print("| server time | requests | p50 (ms) | p95 (ms) |")
    print("|---|---:|---:|---:|")
    for (method, name), values in sorted(times.items(), key=lambda item: item[0][1]):
        print(
            f"| {method} {name} | {len(values)} | {percentile(values, 0.5)} | "
            f"{percentile(values, 0.95)} |"
        )
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main(sys.argv[1])
