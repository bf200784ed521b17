"""Reading a PDF's text positions (pdfplumber): characters outside the page's
printable area, and characters on one line drawn over each other."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import pdfplumber

# Points. The printable area is the page box less this on every side (the running
# header and footer sit inside the page's margins, well within it).
EDGE = 8.5  # 3 mm
# Two characters on one baseline may touch, and a kerned pair ("Ta", "Vo") overlaps
# by up to a fifth of the type size; more than this share of the size is one
# character drawn over another (text overprinting text overlaps far more).
OVERLAP = 0.25


@dataclass(frozen=True)
class Problem:
    page: int
    text: str
    where: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.text!r} {self.where}"


def _visible(char: dict) -> bool:  # type: ignore[type-arg]
    return bool(char["text"].strip())


def layout_problems(pdf: bytes) -> list[Problem]:
    problems: list[Problem] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            width, height = float(page.width), float(page.height)
            chars = [c for c in page.chars if _visible(c)]
            for c in chars:
                if (
                    c["x0"] < EDGE
                    or c["x1"] > width - EDGE
                    or c["top"] < EDGE
                    or c["bottom"] > height - EDGE
                ):
                    problems.append(
                        Problem(number, c["text"], f"outside the page at {c['x0']:.0f}")
                    )
            lines: dict[float, list[dict]] = {}  # type: ignore[type-arg]
            for c in chars:
                # Upright text only: a chart's rotated axis title is its own line.
                if not c.get("upright", True):
                    continue
                lines.setdefault(round(c["y1"], 1), []).append(c)
            for y, line in lines.items():
                line.sort(key=lambda c: c["x0"])
                for left, right in itertools.pairwise(line):
                    overlap = left["x1"] - right["x0"]
                    size = min(left["size"], right["size"])
                    if overlap > OVERLAP * size:
                        problems.append(
                            Problem(
                                number,
                                left["text"] + right["text"],
                                f"overlap of {overlap:.1f} pt at y={y}",
                            )
                        )
    return problems


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]
