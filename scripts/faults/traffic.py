"""Steady traffic for the fault scripts, and the checks of what it saw.

    traffic.py run --base-url URL --seconds N --out FILE [--threads 6] [--submit]
    traffic.py check --log FILE --outage START END [--recover-within S]

`run` signs in as seed_load's officers (their sessions in LOAD_MANIFEST) and keeps
asking for pages (their updates, a metric, the entry form, /healthz), with a figure
saved and submitted now and then when --submit is given; every request is a JSON
line: time, page, status, seconds, and whether a 5xx was the product's clean page.

`check` reads that log and the outage window (epoch seconds) and fails when any
response was a 500 or showed a stack trace, when a request hung longer than the
limit, or when requests (but those of --ignore pages) were not all succeeding again
within --recover-within seconds of the end of the outage. With `--outage 0 0` every
request must have succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
HANG_LIMIT = 15.0


def _session(base_url: str, key: str) -> requests.Session:
    session = requests.Session()
    session.cookies.set("sessionid", key, domain="127.0.0.1")
    session.headers["Referer"] = base_url
    return session


def _record(out: Any, lock: threading.Lock, **entry: Any) -> None:
    with lock:
        out.write(json.dumps(entry) + "\n")
        out.flush()


def _request(
    session: requests.Session, method: str, url: str, page: str, **kwargs: Any
) -> tuple[dict[str, Any], requests.Response | None]:
    started = time.time()
    try:
        response = session.request(method, url, timeout=HANG_LIMIT + 5, **kwargs)
    except requests.RequestException as error:
        return (
            {
                "t": started,
                "page": page,
                "status": 0,
                "seconds": round(time.time() - started, 3),
                "error": type(error).__name__,
            },
            None,
        )
    body = response.text
    entry = {
        "t": started,
        "page": page,
        "status": response.status_code,
        "seconds": round(time.time() - started, 3),
        "clean": response.status_code < 500
        or "Service briefly unavailable" in body
        or '"service_unavailable"' in body
        or (page == "healthz" and '"status": "error"' in body),
        "traceback": "Traceback" in body or "OperationalError" in body,
        "signed_out": "/accounts/login/" in response.url,
    }
    return entry, response


def run(args: argparse.Namespace) -> int:
    manifest = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
    officers = manifest["officers"]
    stop = time.time() + args.seconds
    lock = threading.Lock()
    out = Path(args.out).open("w")  # noqa: SIM115 - closed after the threads join
    base = args.base_url

    def worker(index: int) -> None:
        officer = officers[index % len(officers)]
        session = _session(base, officer["session"])
        rng = random.Random(index)
        while time.time() < stop:
            code = rng.choice(officer["metrics"])
            choice = rng.random()
            if choice < 0.25:
                entry, _ = _request(session, "GET", f"{base}/healthz", "healthz")
            elif choice < 0.5:
                entry, _ = _request(session, "GET", f"{base}/my-updates/", "my updates")
            elif choice < 0.75 or not args.submit:
                entry, _ = _request(
                    session, "GET", f"{base}/metrics/{code}/", "metric page"
                )
            else:
                entry = _submit(session, base, code, rng)
            _record(out, lock, **entry)
            time.sleep(0.2)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.close()
    return 0


def _submit(
    session: requests.Session, base: str, code: str, rng: random.Random
) -> dict[str, Any]:
    """Save a figure for a future year and submit it: queues the approval email."""
    period = f"{rng.randint(2040, 2090)}-{rng.randint(10, 99)}"
    period = f"{period[:4]}-{(int(period[:4]) + 1) % 100:02d}"
    url = f"{base}/metrics/{code}/enter/{period}/"
    entry, form = _request(session, "GET", url, "enter figure (form)")
    if form is None or form.status_code != 200 or "/submissions/" in form.url:
        return entry
    token = CSRF.search(form.text)
    entry, saved = _request(
        session,
        "POST",
        url,
        "enter figure (save draft)",
        data={
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "value_text": f"{rng.uniform(20, 80):.1f}",
        },
    )
    if saved is None or saved.status_code != 200 or "/submissions/" not in saved.url:
        return entry
    version = VERSION.search(saved.text)
    token = CSRF.search(saved.text)
    entry, _ = _request(
        session,
        "POST",
        saved.url,
        "submit for approval",
        data={
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "version": version.group(1) if version else "",
            "value_text": f"{rng.uniform(20, 80):.1f}",
            "submit": "1",
        },
    )
    entry["submission"] = saved.url.rstrip("/").rsplit("/", 1)[-1]
    return entry


def check(args: argparse.Namespace) -> int:
    entries = [json.loads(line) for line in Path(args.log).read_text().splitlines()]
    start, end = args.outage
    problems = []
    during = [e for e in entries if start <= e["t"] <= end]
    after = [e for e in entries if e["t"] > end + args.recover_within]
    unclean = [e for e in entries if e["status"] >= 500 and not e.get("clean")]
    problems += [f"a {e['status']} that was not the clean page: {e}" for e in unclean]
    problems += [f"a stack trace: {e}" for e in entries if e.get("traceback")]
    problems += [f"signed out: {e}" for e in entries if e.get("signed_out")]
    problems += [
        f"hung {e['seconds']} s: {e}" for e in entries if e["seconds"] > HANG_LIMIT
    ]
    problems += [f"no answer: {e}" for e in entries if e["status"] == 0]
    failing_after = [
        e for e in after if e["status"] != 200 and e["page"] not in args.ignore
    ]
    problems += [f"still failing after recovery: {e}" for e in failing_after]
    if not after:
        problems.append("no requests after the recovery window: run longer")
    statuses: dict[str, dict[int, int]] = {"before": {}, "during": {}, "after": {}}
    for e in entries:
        phase = "before" if e["t"] < start else "during" if e["t"] <= end else "after"
        statuses[phase][e["status"]] = statuses[phase].get(e["status"], 0) + 1
    slowest = max((e["seconds"] for e in during), default=0)
    if not start and not end:
        slowest = max((e["seconds"] for e in entries), default=0)
        print(
            f"requests: {len(entries)}; statuses {statuses['after']} "
            f"(slowest {slowest:.1f} s)"
        )
    else:
        print(
            f"requests: {len(entries)}; statuses before {statuses['before']}, "
            f"during the outage {statuses['during']} (slowest {slowest:.1f} s), "
            f"after {statuses['after']}"
        )
    recovered = [e["t"] for e in entries if e["t"] > end and e["status"] == 200]
    if recovered and end:
        print(f"first success {min(recovered) - end:.1f} s after the part came back")
    for problem in problems[:20]:
        print("PROBLEM " + problem, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--base-url", required=True)
    run_parser.add_argument("--seconds", type=float, required=True)
    run_parser.add_argument("--out", required=True)
    run_parser.add_argument("--threads", type=int, default=6)
    run_parser.add_argument("--submit", action="store_true")
    check_parser = commands.add_parser("check")
    check_parser.add_argument("--log", required=True)
    check_parser.add_argument("--outage", nargs=2, type=float, required=True)
    check_parser.add_argument("--recover-within", type=float, default=5.0)
    check_parser.add_argument(
        "--ignore", nargs="*", default=[], help="pages whose clean 503 is expected"
    )
    args = parser.parse_args()
    return run(args) if args.command == "run" else check(args)


if __name__ == "__main__":
    sys.exit(main())
