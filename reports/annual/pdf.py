"""The report as a PDF, typeset with Typst from the same frozen content as its pages
(docs/decisions/0004-pdf-engine.md: WeasyPrint took 25–43 s at 2,000 metrics).

The layout is reports/templates/reports/pdf/report.typ, one file per section: A4,
a running header (the report's title, version and date, and its status) and footer
(page n of m), a contents page, and tables whose columns add up to the page. This
module turns the snapshot into the plain data the layout reads (JSON in Typst's
sys.inputs, so no text of the report is ever read as markup), and decides which
sections have anything to show.

The status printed on every page is the one thing that changes when the report's
state does: reports.services.annual prints the PDF again from the frozen content
on the worker on each change of state.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from reports.annual.content import metrics_for_priority, unassigned_rows
from reports.annual.pdf_commentary import report_pdf_commentary
from reports.models import ReportSnapshot
from scorecard.domain.periods import period_label, with_period_labels
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.templatetags.scorecard import reading_note

LAYOUT = Path(__file__).resolve().parent.parent / "templates" / "reports" / "pdf"
COUNCIL = "Coventry City Council"

Status = ReportSnapshot.Status

_GOOD = {Progress.IMPROVED.value, TargetStatus.ON_TARGET.value}
_BAD = {Progress.GOT_WORSE.value, TargetStatus.OFF_TARGET.value}


def long_date(value: dt.date | dt.datetime | str) -> str:
    """The product's one date format: "2 December 2026"."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def status_line(
    status: str,
    *,
    published_at: dt.datetime | None = None,
    replaced_by: int | None = None,
) -> str:
    """What every page says of the report's state: "Draft", "Approved, not yet
    published", "Published 2 December 2026", "Replaced by version 2"."""
    if status == Status.DRAFT:
        return "Draft"
    if status == Status.APPROVED:
        return "Approved, not yet published"
    if status == Status.PUBLISHED:
        return f"Published {long_date(published_at)}" if published_at else "Published"
    if status == Status.SUPERSEDED:
        return (
            f"Replaced by version {replaced_by}"
            if replaced_by
            else "Replaced by a correction"
        )
    raise ValueError(f"{status!r} is not a report status")


def replaced_by_version(snapshot: ReportSnapshot) -> int | None:
    """The version that replaced a superseded report (the newest published)."""
    if snapshot.status != Status.SUPERSEDED:
        return None
    return (
        ReportSnapshot.objects.filter(
            plan_id=snapshot.plan_id,
            period=snapshot.period,
            status__in=ReportSnapshot.PUBLIC,
            version__gt=snapshot.version,
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )


def _badge(symbol: str, label: str, key: str) -> dict[str, str]:
    tone = "good" if key in _GOOD else "bad" if key in _BAD else "neutral"
    return {"symbol": symbol, "label": label, "tone": tone}


def _row(row: dict[str, Any]) -> dict[str, Any]:
    """A metric row as the PDF's tables print it."""
    progress = row["progress"]
    target = row["target_status"]
    rank = row.get("rank")  # none in a snapshot made before ranks
    return {
        "code": row["code"],
        "metric": row["metric"],
        "unit": row["unit"] or "",
        "previous_value": row["previous_value"],
        "previous_period": period_label(row["previous_period"]),
        "current_value": row["current_value"],
        "current_period": period_label(row["current_period"]),
        "comparator": row["comparator"],
        "comparator_value": row["comparator_value"],
        "comparator_period": period_label(row["comparator_period"]),
        "rank": rank["words"] if rank else None,
        "rank_group": rank["group"] if rank else "",
        "progress_shown": row["progress_shown"] or Progress.NOT_AVAILABLE.value,
        "progress_calculated": progress
        if row["progress_recorded"] and row["progress_recorded"] != progress
        else None,
        "reading": strip_tags(reading_note(row)).strip(),
        "target": row["target"] or "",
        "target_status_shown": row["target_status_shown"]
        or TargetStatus.NOT_AVAILABLE.value,
        "target_status_calculated": target
        if row["target_status_recorded"] and row["target_status_recorded"] != target
        else None,
    }


def _has_figures(chart: dict[str, Any]) -> bool:
    return any(v is not None for s in chart["series"] for v in s["values"])


def _charts(
    content: dict[str, Any], rows: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """The trend chart of each metric that has figures (none is drawn empty)."""
    charts = []
    for row in rows:
        chart = content["charts"].get(row["code"])
        if chart and _has_figures(chart):
            unit = f" ({row['unit']})" if row["unit"] else ""
            # Each chart says what its lines are (content._trend); a quarterly or
            # monthly metric's yearly figure beside yearly comparators follows.
            for drawn in (chart, chart.get("year")):
                if not drawn or not drawn.get("svg"):
                    continue
                words = drawn.get("description") or "the trend."
                charts.append(
                    {
                        "svg": drawn["svg"],
                        "alt": f"Trend of {row['metric']}. {words}",
                        "caption": f"{row['metric']}{unit}: {words}",
                    }
                )
    return charts


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


@cache
def _method() -> tuple[list[str], dict[str, str]]:
    """The method's paragraphs and each symbol's meaning, read from the page's own
    text (reports/includes/method.html), so the page and the PDF say the same."""
    html = render_to_string("reports/includes/method.html")
    paragraphs = [
        " ".join(strip_tags(p).split())
        for p in re.findall(r"<p>(.*?)</p>", html, flags=re.S)
    ]
    meanings = {
        f"{kind}:{key}": " ".join(strip_tags(meaning).split())
        for kind, key, meaning in re.findall(
            r'data-(progress|target-status)="(\w+)".*?</td><td>(.*?)</td>',
            html,
            flags=re.S,
        )
    }
    return paragraphs, meanings


def _inequality(item: dict[str, Any]) -> dict[str, Any]:
    unit = f" ({item['unit']})" if item["unit"] else ""
    gap = (
        f": a gap of {item['gap']} between {item['best']} and {item['worst']}"
        if item["gap"]
        else ""
    )
    return {
        "caption": f"{item['metric']}{unit} by {item['dimension']}, "
        f"{period_label(item['period'])}{gap}",
        "dimension": item["dimension"][:1].upper() + item["dimension"][1:],
        "groups": [{"group": g["group"], "value": g["value"]} for g in item["groups"]],
    }


def report_pdf_data(
    snapshot: ReportSnapshot, *, replaced_by: int | None = None
) -> dict[str, Any]:
    """Everything the layout prints, as plain data; sections with nothing to show
    are empty lists (the layout leaves them out)."""
    content = snapshot.content
    summary = content["summary"]
    date = long_date(content["generated_at"])
    status = status_line(
        snapshot.status, published_at=snapshot.published_at, replaced_by=replaced_by
    )
    priorities = []
    for priority in content["priorities"]:
        groups = [
            {
                "title": objective["title"] if objective else "Other headline metrics",
                "narrative": (objective or {}).get("narrative") or "",
                "rows": [_row(r) for r in rows],
                "charts": _charts(content, rows),
            }
            for objective, rows in metrics_for_priority(content, priority)
            if rows
        ]
        cases = [
            {
                "title": case["title"],
                "summary": case["summary"] or "",
                "paragraphs": _paragraphs(case["body"]),
            }
            for case in priority["case_studies"]
        ]
        if not (groups or cases or priority["narrative"]):
            continue  # nothing to show
        priorities.append(
            {
                "number": priority["number"],
                "title": priority["title"],
                "kind": priority["kind"],
                "narrative": priority["narrative"] or "",
                "summary": priority["summary"],
                "groups": groups,
                "case_studies": cases,
            }
        )
    unassigned = unassigned_rows(content)
    paragraphs, meanings = _method()
    progress_badges = {p.value: _badge(p.symbol, p.label, p.value) for p in Progress}
    target_badges = {t.value: _badge(t.symbol, t.label, t.value) for t in TargetStatus}
    wider = content["wider_basket"]
    pct = summary["directional_pct"]
    return {
        "council": COUNCIL,
        "title": snapshot.title,
        "version": snapshot.version,
        "year": period_label(content["year"]),
        "date": date,
        "status": status,
        "running": f"{snapshot.name}, {date}",
        "lede": f"Progress on the {content['plan']['name']} "
        f"{content['plan']['period']}, reported to Cabinet and the Scrutiny "
        "Co-ordination Committee.",
        "change_note": snapshot.change_note or "",
        "site_url": settings.SITE_URL.rstrip("/"),
        "cards": [
            {
                "big": f"{pct}%" if pct is not None else "—",
                "badge": None,
                "badge_first": True,
                "text": "of directional headline metrics improved or stayed the "
                f"same ({summary['improved_or_similar']} of "
                f"{summary['directional']})",
                "note": "",
            },
            {
                "big": str(summary["improved"]),
                "badge": progress_badges[Progress.IMPROVED],
                "badge_first": True,
                "text": "",
                "note": f"{summary['similar']} similar, "
                f"{summary['got_worse']} got worse",
            },
            {
                "big": f"{content['on_target']} of {content['with_target']}",
                "badge": target_badges[TargetStatus.ON_TARGET],
                "badge_first": False,
                "text": "headline metrics with a target were",
                "note": "",
            },
            {
                "big": str(summary["total"]),
                "badge": None,
                "badge_first": True,
                "text": f"headline metrics, and {len(wider)} more in the wider basket",
                "note": "",
            },
        ],
        "history": {
            "svg": content["history_chart"],
            "alt": "Directional headline metrics that improved or stayed the same, "
            "by year",
        },
        "summary": summary,
        "sentence": with_period_labels(content["sentence"] or ""),
        "on_target": content["on_target"],
        "with_target": content["with_target"],
        "exceptions": content.get("exceptions") or [],
        "priorities": priorities,
        "unassigned": [_row(r) for r in unassigned],
        "unassigned_charts": _charts(content, unassigned),
        "inequalities": {
            kind: [_inequality(i) for i in content["inequalities"][kind]]
            for kind in ("people", "areas")
        },
        "wider": [_row(r) for r in wider],
        "wider_summary": content["wider_summary"],
        "method": paragraphs,
        "progress_key": [
            {"key": p.value, "meaning": meanings.get(f"progress:{p.value}", "")}
            for p in Progress
        ],
        "target_key": [
            {"key": t.value, "meaning": meanings.get(f"target-status:{t.value}", "")}
            for t in TargetStatus
        ],
        "badges": {"progress": progress_badges, "target": target_badges},
        **report_pdf_commentary(snapshot, row=_row),
    }


def report_pdf(snapshot: ReportSnapshot, *, replaced_by: int | None = None) -> bytes:
    """A4 pages: the cover and infographic, the contents, the summary, each
    priority with its tables, charts and case studies, the inequalities, the
    wider basket (an appendix table) and the method; the status on every page."""
    data = json.dumps(report_pdf_data(snapshot, replaced_by=replaced_by))
    pdf: bytes = typst.compile(
        str(LAYOUT / "report.typ"),
        root=str(LAYOUT),
        sys_inputs={"data": data},
        # The report's own date, so two prints of one report differ only in status.
        timestamp=dt.datetime.fromisoformat(snapshot.content["generated_at"]).replace(
            microsecond=0
        ),
    )
    return pdf
