"""What the benchmark scripts share: a fresh database for each scale (a SQLite file
under var/bench/, or, with DATABASE_URL naming a PostgreSQL server, a database per
scale on it), in which the script runs itself again with ``--one SCALE``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_each_scale(script: str, scales: list[int], args: list[str]) -> None:
    for scale in scales:
        env = dict(os.environ)
        base = env.get("DATABASE_URL", "")
        if base.startswith("postgres"):
            name = f"coventry_pm_bench_{scale}"
            admin = base.rsplit("/", 1)[0]
            for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
                subprocess.run(["psql", f"{admin}/postgres", "-qc", sql], check=True)
            env["DATABASE_URL"] = f"{admin}/{name}"
        else:
            folder = ROOT / "var" / "bench"
            folder.mkdir(parents=True, exist_ok=True)
            database = folder / f"bench-{scale}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{database}"
        subprocess.run(
            [sys.executable, script, "--one", str(scale), *args], env=env, check=True
        )


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
