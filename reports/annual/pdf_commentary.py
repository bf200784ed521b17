"""The PDF's view by directorate and the signed-off commentary, as the data its
layout reads (reports/templates/reports/pdf/section_directorates.typ and
commentary.typ), from the same frozen content and the same rules as the pages.

``report_pdf_commentary`` is merged into reports.annual.pdf's data: the
directorates with their headline rows, and each priority's and directorate's
commentary as signed off, each sentence with the figures it cites, flagged where
this version's figures differ from those signed off. A draft's PDF is printed
again when its commentary is signed off (reports.services.narratives).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from reports.annual import narrative as rules
from reports.annual.content import directorates, metrics_for_directorate
from reports.models import ReportNarrative, ReportSnapshot

FLAG = "The figures in this sentence have changed since it was signed off."


def _signed(content: dict[str, Any], narrative: ReportNarrative) -> dict[str, Any]:
    sentences = []
    for sentence in narrative.signed_off_sentences:
        changed = rules.changed_figures(
            content,
            rules.Sentence(
                rule=sentence["rule"],
                text=sentence["text"],
                figures=sentence["figures"],
            ),
        )
        sentences.append(
            {
                "text": sentence["text"],
                "figures": "; ".join(
                    rules.figure_shown(f) for f in sentence["figures"]
                ),
                "flag": FLAG if changed else "",
            }
        )
    signed_at = narrative.signed_off_at
    who = str(narrative.signed_off_by) if narrative.signed_off_by else "someone"
    when = date_format(timezone.localtime(signed_at)) if signed_at else ""
    return {"sentences": sentences, "signed": f"Signed off by {who}, {when}."}


def report_pdf_commentary(
    snapshot: ReportSnapshot, *, row: Callable[[dict[str, Any]], dict[str, Any]]
) -> dict[str, Any]:
    """``directorates`` (each with its headline rows printed by ``row``) and
    ``commentary`` keyed "priority-<number>" and "directorate-<id>": only what is
    signed off (a draft's commentary is not printed)."""
    content = snapshot.content
    stored = {
        (n.scope, n.key): n
        for n in ReportNarrative.objects.filter(
            plan_id=snapshot.plan_id,
            period=snapshot.period,
            signed_off_at__isnull=False,
        ).select_related("signed_off_by")
    }
    commentary: dict[str, Any] = {}
    for priority in content["priorities"]:
        found = stored.get((rules.PRIORITY, int(priority.get("id", -1))))
        if found is not None:
            commentary[f"priority-{priority['number']}"] = _signed(content, found)
    units = []
    for directorate in directorates(content):
        found = stored.get((rules.DIRECTORATE, int(directorate["id"])))
        if found is not None:
            commentary[f"directorate-{directorate['id']}"] = _signed(content, found)
        headline, _wider = metrics_for_directorate(content, directorate)
        units.append(
            {
                "id": directorate["id"],
                "name": directorate["name"],
                "director": directorate["director"],
                "summary": directorate["summary"],
                "rows": [row(r) for r in headline],
                "wider": len(directorate["wider"]),
            }
        )
    return {"directorates": units, "commentary": commentary}
