"""Where the browser tests' tools are, and whether they are here. No Playwright
import, so the conftest can say what is missing before anything needs it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
NEEDS = "needs Chromium (apt-get install chromium) and axe-core (npm ci)"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "demo-password"


def missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} not found")
    if not AXE.exists():
        missing.append(f"{AXE.relative_to(REPO)} not found")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package is not installed")
    return missing


@dataclass
class Site:
    """The live server: ``site.url("/plan/")``."""

    base: str

    def url(self, path: str) -> str:
        return self.base + path
