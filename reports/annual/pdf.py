"""The report as a PDF, made with WeasyPrint from the same content as its pages."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from reports.annual.content import metrics_for_priority, unassigned_rows
from reports.models import ReportSnapshot


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
            "site_url": settings.SITE_URL.rstrip("/"),
        },
    )
    pdf: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf()
    return pdf
