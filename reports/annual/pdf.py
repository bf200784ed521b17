"""The report as a PDF, made with WeasyPrint from the same content as its pages."""

from __future__ import annotations

import base64

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from reports.annual.content import metrics_for_priority, unassigned_rows
from reports.models import ReportSnapshot

PDF_TABLE_ROWS = 40


def report_pdf(snapshot: ReportSnapshot) -> bytes:
    """A4 pages: the cover and infographic, the summary, each priority with its
    tables and charts, the inequalities, the wider basket and the method."""
    content = snapshot.content
    html = render_to_string(
        "reports/report_pdf.html",
        {
            "snapshot": snapshot,
            "content": content,
            "priorities": [
                (priority, metrics_for_priority(content, priority))
                for priority in content["priorities"]
            ],
            "unassigned": unassigned_rows(content),
            # Short tables: WeasyPrint lays out one long table much more slowly
            # than the same rows in pages of their own.
            "wider_pages": [
                content["wider_basket"][start : start + PDF_TABLE_ROWS]
                for start in range(0, len(content["wider_basket"]), PDF_TABLE_ROWS)
            ],
            # Charts as images: inline, their thousands of SVG elements would each
            # go through the HTML cascade.
            "chart_images": {
                code: _data_uri(chart["svg"])
                for code, chart in content["charts"].items()
            },
            "history_image": _data_uri(content["history_chart"]),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )
    pdf: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    return pdf


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
