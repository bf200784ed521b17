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


# --- Tasks and the services they call (STYLE.md rule 7) ---------------------------

PRODUCT = ("coventry_pm", *DOMAIN_APPS)


def _is_product(name: str) -> bool:
    return name.split(".")[0] in PRODUCT


def _names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [f"{node.module or ''}.{alias.name}" for alias in node.names]


def _imports_run_on_import(tree: ast.Module) -> list[tuple[int, str]]:
    """The imports a module runs when it is imported: at its top, and in the
    blocks and class bodies there, not inside a function."""
    found: list[tuple[int, str]] = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found += [(node.lineno, name) for name in _names(node)]
        pending.extend(ast.iter_child_nodes(node))
    return found


def _is_task(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else target
        if getattr(name, "id", name) in {"shared_task", "task"}:
            return True
    return False


def _task_offences(path: Path, source: str | None = None) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text() if source is None else source)
    offences = [
        f"{relative}:{line} imports {name} when it is imported"
        for line, name in _imports_run_on_import(tree)
        if _is_product(name)
    ]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _is_task(node):
            inside = [
                name
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
                for name in _names(inner)
                if _is_product(name)
            ]
            if not inside:
                offences.append(
                    f"{relative}:{node.lineno} {node.name} imports no service"
                )
    return offences


def _is_delay(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"delay", "apply_async"}
    )


def _is_on_commit(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "on_commit"
    )


def _service_offences(path: Path, source: str | None = None) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text() if source is None else source)
    offences = [
        f"{relative}:{line} imports {name} when it is imported"
        for line, name in _imports_run_on_import(tree)
        if _is_product(name) and ".tasks" in f".{name}"
    ]
    # A task queued inside on_commit's lambda is queued once the write is kept.
    after_commit = {
        id(inner)
        for node in ast.walk(tree)
        if _is_on_commit(node)
        for argument in node.args[:1]
        if isinstance(argument, ast.Lambda)
        for inner in ast.walk(argument.body)
    }
    offences += [
        f"{relative}:{node.lineno} queues a task outside transaction.on_commit"
        for node in ast.walk(tree)
        if _is_delay(node) and id(node) not in after_commit
    ]
    return offences


def _task_modules() -> list[Path]:
    return [path for path in _every_module() if path.name == "tasks.py"]


def _service_modules() -> list[Path]:
    return [
        path
        for path in _every_module()
        if path.relative_to(ROOT).parts[0] != "tests"
        if path.stem == "services" or "services" in path.relative_to(ROOT).parts
    ]


def test_each_task_imports_the_service_it_calls_inside_the_task():
    """A task module imports nothing of the product when it is imported (Celery
    and the standard library only); each task imports the service it calls in its
    body. With the rule below, a task module and its service never load each other
    on import, whichever is imported first."""
    paths = _task_modules()
    assert {"reports", "scorecard", "appraisals"} <= {
        path.relative_to(ROOT).parts[0] for path in paths
    }
    offences = [offence for path in paths for offence in _task_offences(path)]
    assert not offences, "A task module breaks the rule:\n" + "\n".join(offences)


def test_a_service_queues_a_task_after_commit_importing_it_where_it_queues_it():
    """A service imports a task module only inside the function that queues the
    task, and queues it as ``transaction.on_commit(lambda: task.delay(ids))``, so
    nothing is queued for a write that is rolled back."""
    paths = _service_modules()
    assert ROOT / "reports" / "services" / "annual.py" in paths
    offences = [offence for path in paths for offence in _service_offences(path)]
    assert not offences, "A service breaks the rule:\n" + "\n".join(offences)


def test_the_task_rules_catch_each_way_of_breaking_them():
    tasks = ROOT / "reports" / "tasks.py"
    assert _task_offences(
        tasks,
        "from celery import shared_task\n"
        "from reports.services import annual\n"
        "@shared_task\n"
        "def run_task(run_id: int) -> None:\n"
        "    annual.report_run_execute(run_id=run_id)\n",
    ) == [
        "reports/tasks.py:2 imports reports.services.annual when it is imported",
        "reports/tasks.py:4 run_task imports no service",
    ]
    services = ROOT / "reports" / "services" / "annual.py"
    assert _service_offences(
        services,
        "from django.db import transaction\n"
        "from reports.tasks import run_task\n"
        "def start(run):\n"
        "    run_task.delay(run.pk)\n"
        "    transaction.on_commit(lambda: run_task.delay(run.pk))\n",
    ) == [
        "reports/services/annual.py:2 imports reports.tasks.run_task when it is "
        "imported",
        "reports/services/annual.py:4 queues a task outside transaction.on_commit",
    ]
