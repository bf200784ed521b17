"""Who may do what is asked of the policy, never worked out on the spot (issue 16):
no role check (``has_role(``) and no role named (``Role.``) outside the apps'
``permissions.py``, ``workflow.py`` and ``selectors.py``, the accounts app (where
roles are defined) and migrations; and templates show buttons from
``allowed_actions``, never from a role."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {
    ".venv",
    "node_modules",
    "tests",
    "migrations",
    ".git",
    "staticfiles",
    "var",
    "benchmarks",
}
ALLOWED_NAMES = {"permissions.py", "workflow.py", "selectors.py"}
ALLOWED_FOLDERS = (ROOT / "coventry_pm" / "accounts",)
ROLE_CHECK = re.compile(r"has_role\(|\bRole\.")
TEMPLATE_ROLE_CHECK = re.compile(r"has_role|role_keys|\.roles\b|\bRole\b")


def _sources(pattern: str) -> list[Path]:
    found = []
    for path in ROOT.rglob(pattern):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRECTORIES & set(relative.parts):
            continue
        found.append(path)
    return found


def test_no_role_check_outside_the_policy_modules():
    offenders = []
    for path in _sources("*.py"):
        if path.name in ALLOWED_NAMES or any(
            folder in path.parents for folder in ALLOWED_FOLDERS
        ):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Role checks outside the policy:\n" + "\n".join(offenders)


def test_templates_check_no_role():
    offenders = []
    for path in _sources("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if TEMPLATE_ROLE_CHECK.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Role checks in templates:\n" + "\n".join(offenders)


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The patterns catch the two ways of checking a role (so the tests above can
    fail)."""
    assert ROLE_CHECK.search("if user.has_role(Role.MANAGER):")
    assert ROLE_CHECK.search("groups__name=Role.OFFICER")
    assert not ROLE_CHECK.search("may_review_figures(user)")
    assert TEMPLATE_ROLE_CHECK.search("{% if user.has_role %}")
    assert not TEMPLATE_ROLE_CHECK.search('{% if "approve" in allowed %}')
