"""The layers (issue 17, ADR 0001): the ground floor (``coventry_pm/accounts``,
``core`` and ``audit``) imports no domain app and not the composition root
(``config/``); and no module imports a management command (a command is an entry
point: what two commands share lives in a module both import).

Read with ``ast``, so an import inside a function counts as much as one at the top.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GROUND_FLOOR = ("coventry_pm/accounts", "coventry_pm/core", "coventry_pm/audit")
DOMAIN_APPS = (
    "scorecard",
    "strategies",
    "reports",
    "appraisals",
    "hub",
    "performance",
    "demo",
    "config",
)
SKIPPED_DIRECTORIES = {
    ".venv",
    "node_modules",
    "migrations",
    ".git",
    "staticfiles",
    "var",
    "__pycache__",
}


def _modules(*folders: str) -> list[Path]:
    found = []
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRECTORIES & set(relative.parts):
                continue
            found.append(path)
    return sorted(found)


def _every_module() -> list[Path]:
    """Every Python file of the repository (the environment and the like left out,
    without walking them)."""
    top = [
        entry.name
        for entry in ROOT.iterdir()
        if entry.is_dir() and not entry.is_symlink()
        if entry.name not in SKIPPED_DIRECTORIES and not entry.name.startswith(".")
    ]
    return sorted(ROOT.glob("*.py")) + _modules(*top)


def _package(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts[:-1]) if path.name != "__init__.py" else ".".join(parts)


def imported_names(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Every module the file imports, at any depth of the file, with its line:
    ``import a.b`` gives a.b, ``from a import b`` gives a.b (b may be a module or
    a name in a), a relative import is resolved against the file's package."""
    text = path.read_text() if source is None else source
    tree = ast.parse(text, filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package(path).split(".")
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return names


def _is_domain(name: str) -> bool:
    return name.split(".")[0] in DOMAIN_APPS


def _is_command(name: str) -> bool:
    return ".management.commands." in f"{name}."


def _offences(paths: list[Path], rule) -> list[str]:
    offences = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        for line, name in imported_names(path):
            if rule(name):
                offences.append(f"{relative}:{line} imports {name}")
    return sorted(set(offences))


def test_the_ground_floor_imports_no_domain_app():
    offences = _offences(_modules(*GROUND_FLOOR), _is_domain)
    assert not offences, "The ground floor imports a domain app:\n" + "\n".join(
        offences
    )


def test_no_module_imports_a_management_command():
    offences = _offences(_every_module(), _is_command)
    assert not offences, "A module imports a management command:\n" + "\n".join(
        offences
    )


def test_the_scan_finds_imports_at_any_depth():
    """The reader catches each way of importing (so the tests above can fail)."""
    module = ROOT / "coventry_pm" / "core" / "layers_probe.py"
    source = (
        "import scorecard.models\n"
        "from strategies import selectors\n"
        "def later():\n"
        "    from reports.management.commands import import_open_data\n"
        "    from .todo import register\n"
    )
    names = [name for _, name in imported_names(module, source)]
    assert "scorecard.models" in names
    assert "strategies.selectors" in names
    assert "reports.management.commands.import_open_data" in names
    assert "coventry_pm.core.todo.register" in names
    assert _is_domain("scorecard.models") and _is_domain("config.celery")
    assert not _is_domain("coventry_pm.core.todo")
    assert _is_command("reports.management.commands.import_open_data")
    assert not _is_command("reports.management")


def test_no_app_imports_the_demo():
    """The demo (demo/) is the top floor: it writes through the apps' services, and
    no app, nor the composition root, reads it (only the tests do)."""
    others = [
        path
        for path in _every_module()
        if path.relative_to(ROOT).parts[0] not in {"demo", "tests"}
    ]
    assert any(path.relative_to(ROOT).parts[0] == "config" for path in others)
    offences = _offences(others, lambda name: name.split(".")[0] == "demo")
    assert not offences, "A module imports the demo:\n" + "\n".join(offences)
