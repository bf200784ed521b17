"""Seconds to make the annual report's PDF, engine by engine, from the same content.

    .venv/bin/python benchmarks/pdf_engines.py [--scales 75 2000] [--years 10]
        [--engines typst weasyprint-before weasyprint-optimised chromium]

For each scale, a fresh database (see common.py) with `seed_benchmark` (N agreed
metrics, 75 of them headline), the stored verdicts built (`reassess --all --here`)
and the report generated once; then its frozen content made into a PDF by:

- typst: the product's PDF (reports/annual/pdf.py, Typst through its Python
  package);
- weasyprint-before: WeasyPrint with the layout the product had before issue 18
  (pdf_engines/weasyprint_before.html);
- weasyprint-optimised: WeasyPrint with that layout made as cheap as it goes
  (pdf_engines/weasyprint_optimised.html: fixed six-column tables, no empty
  sections, charts as images, tables of 60 rows);
- chromium: the optimised HTML printed by headless Chromium (--print-to-pdf).

Prints each engine's seconds (wall clock, and this process's CPU where the work is
in it), the pages and size, and the machine's load average before each: on a shared
machine the wall clock moves with the load, the CPU seconds much less.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import run_each_scale, setup_django

HERE = Path(__file__).resolve().parent / "pdf_engines"
ENGINES = ["typst", "weasyprint-before", "weasyprint-optimised", "chromium"]


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _html(snapshot: Any, template: str, rows: int) -> str:
    from django.template import engines

    from reports.annual.content import metrics_for_priority, unassigned_rows
    from reports.annual.pdf import long_date, status_line

    content = snapshot.content
    wider = content["wider_basket"]
    date = long_date(content["generated_at"])
    context = {
        "snapshot": snapshot,
        "content": content,
        "priorities": [
            (p, metrics_for_priority(content, p)) for p in content["priorities"]
        ],
        "unassigned": unassigned_rows(content),
        "wider_pages": [wider[i : i + rows] for i in range(0, len(wider), rows)],
        "chart_images": {
            code: _data_uri(chart["svg"]) for code, chart in content["charts"].items()
        },
        "history_image": _data_uri(content["history_chart"]),
        "site_url": "https://performance.example.org",
        "generated_on": date,
        "status": status_line(snapshot.status),
        "running_title": f"{snapshot.title}, version {snapshot.version}, {date}",
    }
    source = (HERE / template).read_text()
    return str(engines["django"].from_string(source).render(context))


def _pages(pdf: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _timed(name: str, make: Any) -> None:
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = make()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"  {name:22} {wall:6.1f} s (CPU here {cpu:5.1f} s)  "
        f"{_pages(pdf):4} pages  {len(pdf) / 1e6:5.1f} MB  load before {load:.1f}",
        flush=True,
    )


def _chromium(html: str) -> bytes:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed")
    with tempfile.TemporaryDirectory() as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html)
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return out.read_bytes()


def run_scale(metrics: int, years: int, engines: list[str]) -> None:
    setup_django()
    from django.core.management import call_command
    from weasyprint import HTML

    from reports.models import ReportSnapshot
    from reports.services import annual
    from scorecard.selectors import plan_covering

    call_command("migrate", verbosity=0)
    call_command("seed_benchmark", metrics=metrics, years=years, verbosity=0)
    call_command("reassess", all=True, here=True, verbosity=0)
    year = "2025-26"
    run = annual.report_run_start(
        plan=plan_covering(year), period=year, user=None, enqueue=False
    )
    made = annual.report_run_execute(run_id=run.pk)
    if made is None:
        run.refresh_from_db()
        raise SystemExit(f"The run failed: {run.error}")
    snapshot = ReportSnapshot.objects.get(pk=made.pk)
    print(
        f"\n{metrics} metrics x {years} years "
        f"({snapshot.content['summary']['total']} headline, "
        f"{len(snapshot.content['wider_basket'])} in the wider basket), "
        f"{os.cpu_count()} cores:"
    )
    for engine in engines:
        if engine == "typst":
            # In a process of its own: Typst memoises its work within a process,
            # and the run above has just typeset this same report.
            subprocess.run(
                [sys.executable, __file__, "--typst", str(snapshot.pk)], check=True
            )
        elif engine == "weasyprint-before":
            html = _html(snapshot, "weasyprint_before.html", 40)
            _timed(engine, lambda html=html: HTML(string=html).write_pdf())
        elif engine == "weasyprint-optimised":
            html = _html(snapshot, "weasyprint_optimised.html", 60)
            _timed(engine, lambda html=html: HTML(string=html).write_pdf())
        elif engine == "chromium":
            html = _html(snapshot, "weasyprint_optimised.html", 60)
            _timed(engine, lambda html=html: _chromium(html))


def time_typst(snapshot_id: int) -> None:
    setup_django()
    from reports.annual.pdf import report_pdf
    from reports.models import ReportSnapshot

    snapshot = ReportSnapshot.objects.get(pk=snapshot_id)
    _timed("typst", lambda: report_pdf(snapshot))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[75, 2000])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=ENGINES)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--typst", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.typst:
        time_typst(args.typst)
        return
    if args.one:
        run_scale(args.one, args.years, args.engines)
        return
    run_each_scale(
        __file__,
        args.scales,
        ["--years", str(args.years), "--engines", *args.engines],
    )


if __name__ == "__main__":
    main()
