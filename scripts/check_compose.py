#!/usr/bin/env python3
"""Validate the docker-compose deployment without a Docker engine (CI runs this).

1. docker-compose.yml against the Compose Specification's JSON schema (vendored in
   scripts/compose/, Apache-2.0, from compose-spec/compose-spec via check-jsonschema).
2. The product's own rules: the five services (web, worker, beat, db, redis) with
   health checks, named volumes for PostgreSQL, Redis and the uploaded files, the app
   services configured from the env file, and start-up order through health.
3. Every environment variable the settings read (and every ${VAR} the compose file
   interpolates) is documented in .env.example, which holds no secret values.
4. The Dockerfile and .dockerignore keep to the guidance (slim Python 3.11, the
   fonts the report's PDF is set in, no .env in the image).

Exits non-zero with one line per problem.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "scripts" / "compose" / "compose-spec.json"
APP_SERVICES = ("web", "worker", "beat")
SERVICES = (*APP_SERVICES, "db", "redis")
# Read by settings through `env.<kind>("NAME"` or `environ.Env().str("NAME"`.
ENV_READ = re.compile(r"\benv(?:iron\.Env\(\))?\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", re.S)
INTERPOLATED = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD", "OIDC_RP_CLIENT_SECRET")


def settings_variables() -> set[str]:
    names: set[str] = set()
    for path in sorted((ROOT / "config" / "settings").glob("*.py")):
        names.update(ENV_READ.findall(path.read_text()))
    return names


def documented(example: str) -> dict[str, str]:
    """NAME -> value for every `NAME=value` line, commented out or not."""
    found = {}
    for line in example.splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line.strip())
        if match:
            found.setdefault(match.group(1), match.group(2).strip())
    return found


def check_schema(compose: dict) -> list[str]:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))
    return [
        f"schema: {'/'.join(str(p) for p in error.absolute_path) or '(top)'}: "
        f"{error.message}"
        for error in sorted(validator.iter_errors(compose), key=str)
    ]


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def check_services(compose: dict) -> list[str]:
    problems = []
    services = compose.get("services", {})
    volumes = compose.get("volumes", {}) or {}
    for name in SERVICES:
        service = services.get(name)
        if service is None:
            problems.append(f"service {name} is missing")
            continue
        test = (service.get("healthcheck") or {}).get("test")
        if not test or service["healthcheck"].get("disable"):
            problems.append(f"service {name} has no health check")
    for name in (*APP_SERVICES, "migrate"):
        service = services.get(name) or {}
        env_file = service.get("env_file")
        files = env_file if isinstance(env_file, list) else [env_file]
        paths = [f["path"] if isinstance(f, dict) else f for f in files if f]
        if ".env" not in paths:
            problems.append(f"service {name} does not read its settings from .env")
        env = service.get("environment") or {}
        if "DATABASE_URL" not in env or "CELERY_BROKER_URL" not in env:
            problems.append(f"service {name} lacks DATABASE_URL or CELERY_BROKER_URL")
        for dependency, rule in (service.get("depends_on") or {}).items():
            if isinstance(rule, dict) and rule.get("condition") == "service_started":
                problems.append(f"{name} starts before {dependency} is healthy")
    expectations = {
        "web": "gunicorn",
        "worker": "celery --app=config worker",
        "beat": "celery --app=config beat",
        "migrate": "manage.py migrate",
    }
    for name, needle in expectations.items():
        if needle not in _command(services.get(name) or {}):
            problems.append(f"service {name} does not run `{needle}`")

    def mounts(name: str) -> dict[str, str]:
        result = {}
        for mount in (services.get(name) or {}).get("volumes", []):
            text = mount if isinstance(mount, str) else f"{mount.get('source')}:"
            source, _, target = text.partition(":")
            result[source] = target
        return result

    wanted = {
        "db": ("pgdata", "/var/lib/postgresql/data"),
        "redis": ("redisdata", "/data"),
        "web": ("media", "/var/lib/coventry-pm/media"),
        "worker": ("media", "/var/lib/coventry-pm/media"),
    }
    for service, (volume, target) in wanted.items():
        if volume not in volumes:
            problems.append(f"named volume {volume} is not declared")
        if not mounts(service).get(volume, "").startswith(target):
            problems.append(f"service {service} does not mount {volume} at {target}")
    for name in APP_SERVICES:
        if (services.get(name) or {}).get("restart") not in (
            "always",
            "unless-stopped",
        ):
            problems.append(f"service {name} is not restarted when it stops")
    return problems


def check_environment(compose_text: str) -> list[str]:
    example = (ROOT / ".env.example").read_text()
    listed = documented(example)
    problems = [
        f".env.example does not document {name} (read by the settings)"
        for name in sorted(settings_variables() - listed.keys())
    ]
    problems += [
        f".env.example does not document {name} (used by docker-compose.yml)"
        for name in sorted(set(INTERPOLATED.findall(compose_text)) - listed.keys())
    ]
    problems += [
        f".env.example must not hold a value for {name}"
        for name in SECRETS
        if listed.get(name)
    ]
    return problems


def check_image() -> list[str]:
    problems = []
    dockerfile = (ROOT / "Dockerfile").read_text()
    if not re.search(r"^FROM python:3\.11-slim", dockerfile, re.M):
        problems.append("Dockerfile is not FROM python:3.11-slim")
    for package in ("fonts-dejavu-core",):
        if package not in dockerfile:
            problems.append(f"Dockerfile does not install {package}")
    if not re.search(r"^USER (?!root)", dockerfile, re.M):
        problems.append("Dockerfile runs as root")
    ignored = (ROOT / ".dockerignore").read_text().split()
    for pattern in (".env", ".git", ".venv", "var"):
        if pattern not in ignored:
            problems.append(f".dockerignore does not exclude {pattern}")
    return problems


def main() -> int:
    text = (ROOT / "docker-compose.yml").read_text()
    compose = yaml.safe_load(text)
    problems = (
        check_schema(compose)
        + check_services(compose)
        + check_environment(text)
        + check_image()
    )
    for problem in problems:
        print(f"docker-compose: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(
        f"docker-compose.yml valid: {len(compose['services'])} services, "
        f"{len(compose.get('volumes') or {})} volumes, "
        f"{len(settings_variables())} settings variables documented in .env.example"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
