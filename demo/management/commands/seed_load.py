"""`seed_load`: the people of the load test (scripts/load.sh), on benchmark data.

Seeds the benchmark data (demo.benchmark: N metrics over 20 benchmark services)
unless the metrics are there, then adds the week the annual report is due: OFFICERS
officers spread over the first MANAGERS services (each service's head is its
manager), and CABINET cabinet members, each with a portfolio of benchmark metrics.
Every sign-in has the demo password. Writes a JSON manifest of who is who and which
metrics each officer enters, for the locustfile, with a signed-in session for each
officer and manager: they signed in before the morning's work, and a run of a minute
measures the work, not 60 password hashes on two cores (cabinet members sign in
during the run).
Idempotent; refuses to run under production settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coventry_pm.accounts.models import Portfolio, Service, Team, User
from demo.benchmark import seed_benchmark
from demo.commandline import refuse_in_production
from demo.people import DEMO_PASSWORD
from scorecard.models import Metric
from scorecard.services.bulk import metric_update_recorded
from strategies.models import Plan, Priority

LOAD_TEST_REASON = "Load test people (seed_load)"


class Command(BaseCommand):
    help = "Officers, managers and cabinet members for the load test."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--officers", type=int, default=50)
        parser.add_argument("--managers", type=int, default=10)
        parser.add_argument("--cabinet", type=int, default=5)
        parser.add_argument("--metrics", type=int, default=400)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--manifest", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            "seed_load", "it creates sign-ins whose password is published."
        )
        if Metric.objects.filter(code__startswith="BM").count() < options["metrics"]:
            self.stdout.write(
                seed_benchmark(metrics=options["metrics"], years=options["years"])
            )
        manifest = self._people(
            officers=options["officers"],
            managers=options["managers"],
            cabinet=options["cabinet"],
        )
        path = Path(options["manifest"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(manifest, indent=1))
        self.stdout.write(
            f"{len(manifest['officers'])} officers, {len(manifest['managers'])} "
            f"managers, {len(manifest['cabinet'])} cabinet members → {path}"
        )

    @transaction.atomic
    def _people(self, *, officers: int, managers: int, cabinet: int) -> dict[str, Any]:
        password = make_password(DEMO_PASSWORD)
        groups = {group.name: group for group in Group.objects.all()}
        services = list(
            Service.objects.filter(name__startswith="Benchmark service ")
            .select_related("head")
            .order_by("pk")[:managers]
        )
        if len(services) < managers:
            raise CommandError("Not enough benchmark services: run seed_benchmark.")
        teams = [
            Team.objects.filter(service=s).order_by("pk").first() for s in services
        ]

        def person(username: str, roles: list[str], **fields: Any) -> User:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"password": password, "is_active": True, **fields},
            )
            user.groups.set([groups[role] for role in roles])
            return user

        manifest: dict[str, Any] = {"password": DEMO_PASSWORD}
        manifest["managers"] = [
            {"username": manager.username, "session": _session(manager)}
            for manager in (
                person(service.head.username, ["manager", "employee"])
                for service in services
                if service.head is not None
            )
        ]
        manifest["officers"] = []
        per_team = max(1, officers // len(teams))
        for index in range(officers):
            team = teams[index % len(teams)]
            assert team is not None
            slot = index // len(teams)
            user = person(
                f"load-officer-{index + 1:02d}",
                ["officer", "employee"],
                first_name="Officer",
                last_name=f"{index + 1:02d}",
                team=team,
                line_manager=team.service.head,
            )
            codes = list(
                Metric.objects.filter(team=team)
                .order_by("code")
                .values_list("code", flat=True)
            )
            # Each officer keeps to their own share of the team's metrics, as a
            # team divides its returns, so two officers rarely edit one figure.
            mine = codes[slot % per_team :: per_team] or codes
            manifest["officers"].append(
                {"username": user.username, "metrics": mine, "session": _session(user)}
            )
        headline = list(
            Metric.objects.filter(code__startswith="BM")
            .order_by("code")
            .values_list("pk", flat=True)[:75]
        )
        manifest["cabinet"] = []
        for index in range(cabinet):
            user = person(
                f"load-cabinet-{index + 1}",
                ["cabinet_member"],
                first_name="Cllr",
                last_name=f"Load {index + 1}",
            )
            portfolio, _ = Portfolio.objects.update_or_create(
                name=f"Load portfolio {index + 1}", defaults={"cabinet_member": user}
            )
            # Through the service a metric's other writers use: a new version,
            # with the history saying why (and nothing written on a second run).
            for metric in Metric.objects.filter(
                pk__in=headline[index::cabinet]
            ).exclude(portfolio=portfolio):
                metric.portfolio = portfolio
                metric_update_recorded(metric=metric, reason=LOAD_TEST_REASON)
            manifest["cabinet"].append(user.username)
        insight = person(
            "load-insight",
            ["performance_admin", "employee"],
            first_name="Insight",
        )
        # The performance administrator, for the fault scripts' operations page.
        manifest["insight"] = {
            "username": insight.username,
            "session": _session(insight),
        }
        manifest["metrics"] = list(
            Metric.objects.filter(pk__in=headline).values_list("code", flat=True)
        )
        # The public reads the live pages of the agreed plan's priorities.
        manifest["priorities"] = list(
            Priority.objects.filter(plan__status=Plan.Status.AGREED).values_list(
                "pk", flat=True
            )
        )
        return manifest


def _session(user: User) -> str:
    """A signed-in session, as django.contrib.auth.login leaves it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key
