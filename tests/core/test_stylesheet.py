"""The committed stylesheet and menu script are what `make css` builds from
static/scss/ and GOV.UK Frontend (docs/decisions/0005-design-system.md): a change
to the Sass, or to the pinned GOV.UK Frontend, without a rebuild fails here.

Needs the npm packages (`npm ci`); without them the test is skipped and says so.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SASS = ROOT / "node_modules" / ".bin" / "sass"
SERVICE_NAVIGATION = (
    ROOT
    / "node_modules/govuk-frontend/dist/govuk/components/service-navigation"
    / "service-navigation.bundle.js"
)

needs_npm = pytest.mark.skipif(
    not SASS.exists() or not SERVICE_NAVIGATION.exists(),
    reason="needs sass and govuk-frontend from npm (npm ci)",
)


@needs_npm
def test_the_committed_stylesheet_is_a_fresh_build():
    built = subprocess.run(  # noqa: S603 (the project's own sass, fixed arguments)
        [
            str(SASS),
            f"--load-path={ROOT / 'node_modules'}",
            "--style=compressed",
            "--no-source-map",
            str(ROOT / "static/scss/site.scss"),
        ],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    # No deprecation warnings from the build either.
    assert built.stderr == b""
    assert built.stdout == (ROOT / "static/css/site.css").read_bytes(), (
        "static/css/site.css differs from a build of static/scss/: run `make css`"
    )


@needs_npm
def test_the_committed_menu_script_is_govuk_frontends():
    lines = SERVICE_NAVIGATION.read_text().splitlines(keepends=True)
    vendored = "".join(
        line for line in lines if not line.startswith("//# sourceMappingURL=")
    )
    assert (ROOT / "static/js/vendor/govuk-service-navigation.js").read_text() == (
        vendored
    ), "static/js/vendor/ differs from GOV.UK Frontend's: run `make css`"


def test_the_stylesheet_carries_the_councils_settings_and_no_gov_uk_branding():
    css = (ROOT / "static/css/site.css").read_text(encoding="utf-8-sig")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert (
        'font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif' in css
    )
    assert "--govuk-brand-colour: #1d3a6e" in css
    assert "crown" not in css.lower()
    assert "url(" not in css  # nothing fetched: no fonts, no images
    assert len(css.encode()) < 60_000
