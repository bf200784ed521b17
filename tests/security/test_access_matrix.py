"""The access matrix: every named page and API route of the URL configuration,
requested as anonymous and as each role of DESIGN.md section 4, compared with the
table declared in tests/security/access_matrix.py (docs/how-to/security.md).

Object pages are requested with the objects of each variant the table names: for
most, ``own`` (the Housing service's: ``officer`` owns it, ``manager`` runs the
service, ``cabinet`` holds its portfolio, ``partner`` sits on its strategy's board)
and ``other`` (another service's, nobody's here); for the annual report,
``published`` and ``draft``.

The people and objects are the demo's (load_demo, DESIGN.md section 7), with a
partner added. Requests that write (POST) are rolled back, each on its own.
"""

from __future__ import annotations

import fnmatch
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from coventry_pm.accounts.models import Role, User
from tests.security.access_matrix import MATRIX, PERSONAS, Entry, entry_for, row

SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/")
SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "reports"
    / "samples"
    / "council-layout-2022-30.csv"
)


# The URL configuration


def named_urls() -> tuple[dict[str, frozenset[str]], list[str]]:
    """Every named URL with the arguments it takes (a format-suffix twin of an API
    route counts once), and the routes that have no name."""
    found: dict[str, frozenset[str]] = {}
    unnamed: list[str] = []

    def walk(patterns: list[Any], namespace: str, prefix: str, params: set[str]):
        for pattern in patterns:
            regex = pattern.pattern.regex
            # Unnamed groups (simple_history's admin URLs) are positional: "#1"…
            unnamed_groups = regex.groups - len(regex.groupindex)
            here = (
                params
                | set(regex.groupindex)
                | {f"#{i}" for i in range(1, unnamed_groups + 1)}
            )
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace + (
                    f"{pattern.namespace}:" if pattern.namespace else ""
                )
                walk(pattern.url_patterns, inner, route, here)
            elif not pattern.name:
                unnamed.append(route)
            elif "format" not in here:
                found.setdefault(namespace + pattern.name, frozenset(here))

    walk(get_resolver().url_patterns, "", "/", set())
    return found, unnamed


# Which object fills a URL's arguments: the first pattern that matches its name.
OBJECTS = [
    ("strategies:plan", "plan"),
    ("scorecard:scorecard", "plan"),
    ("plan-*", "plan"),
    ("strategies:strategy", "strategy"),
    ("strategy-*", "strategy"),
    ("performance:priority*", "priority"),
    ("scorecard:priority_benchmarks", "priority"),
    ("priority-*", "priority"),
    ("objective-*", "objective"),
    ("action-plan-*", "action_plan"),
    ("strategies:action_update", "action"),
    ("action-*", "action"),
    ("strategies:update_review", "progress_update"),
    ("progress-update-*", "progress_update"),
    ("case-study-*", "case_study"),
    ("scorecard:target_decide", "target"),
    ("target-*", "target"),
    ("scorecard:submission", "submission"),
    ("submission-*", "submission"),
    ("scorecard:group_*", "group"),
    ("scorecard:*", "metric"),
    ("performance:metric*", "metric"),
    ("metric-*", "metric"),
    ("value-*", "value"),
    ("comparator-value-*", "comparator_value"),
    # Benchmarking in the API (issue 19, the api part)
    ("place-*", "place"),
    ("group-version-*", "group_version"),
    ("group-*", "group"),
    ("standing-*", "standing"),
    ("member-value-*", "member_value"),
    ("comparator-*", "comparator"),
    ("recorded-verdict-*", "recorded_verdict"),
    ("comment-*", "comment"),
    ("reports:import_*", "import_run"),
    ("reports:benchmark_*", "benchmark_run"),
    ("reports:run_*", "report_run"),
    ("report-run-*", "report_run"),
    ("reports:*", "report"),
    ("report-*", "report"),
    ("appraisals:objective_edit", "appraisal_objective"),
    ("appraisal-objective-*", "appraisal_objective"),
    ("appraisals:*", "appraisal"),
    ("appraisal-*", "appraisal"),
    ("one-to-one-*", "one_to_one"),
    ("core:task_failure_act", "task_failure"),
    ("hub:*", "hub_page"),
]

# Arguments that are not an object's key.
PLAIN_ARGUMENTS: dict[str, Callable[[Any], object]] = {
    "fmt": lambda obj: "tidy",
    "number": lambda obj: 1,
    "stage": lambda obj: "mid-year",
    "app_label": lambda obj: "strategies",
    "period": lambda obj: obj.values.order_by("-period").first().period,
    # A report's commentary and directorate pages: its first directorate.
    "scope": lambda obj: "directorate",
    "key": lambda obj: obj.content["directorates"][0]["id"],
}


def object_key(name: str) -> str:
    if name.startswith("admin:"):
        return "admin"
    for pattern, key in OBJECTS:
        if fnmatch.fnmatchcase(name, pattern):
            return key
    raise LookupError(
        f"{name}: say which object fills its arguments in OBJECTS "
        "(tests/security/test_access_matrix.py)"
    )


def admin_object(name: str) -> object:
    """The object an admin URL (admin:<app>_<model>_<view>) is about, or pk 0."""
    for model in admin.site._registry:
        meta = model._meta
        if name.startswith(f"admin:{meta.app_label}_{meta.model_name}_"):
            return model.objects.order_by("pk").first() or SimpleNamespace(pk=0)
    # UserAdmin names its password page after django.contrib.auth's own user.
    return User.objects.order_by("pk").first()


def url_for(
    name: str, params: frozenset[str], world: dict[str, Any], variant: str
) -> str:
    if not params:
        return reverse(name)
    key = object_key(name)
    if key == "admin":
        obj = admin_object(name)
    else:  # one row for every variant: the first ("own") stands for them
        objects = world[key]
        obj = objects.get(variant) or next(iter(objects.values()))
    positional = sorted(p for p in params if p.startswith("#"))
    if positional:  # the object, then (a history record) one that is not there
        return reverse(name, args=[obj.pk] + [0] * (len(positional) - 1))
    kwargs: dict[str, object] = {}
    for param in params:
        if param in PLAIN_ARGUMENTS:
            kwargs[param] = PLAIN_ARGUMENTS[param](obj)
        elif param == "code":
            kwargs[param] = obj.code
        elif param == "slug":
            kwargs[param] = obj.slug
        else:  # pk, object_id
            kwargs[param] = obj.pk
    return reverse(name, kwargs=kwargs)


def variants_of(name: str, params: frozenset[str], world: dict[str, Any]) -> list[str]:
    if not params or name.startswith("admin:"):
        return ["any"]
    return list(world[object_key(name)])


# The outcome of one request


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlparse(response["Location"]).path
        return "login" if target in SIGN_IN_PATHS else "ok"
    if status == 401:
        return "login"
    if status in (400, 403, 404, 405):
        return str(status)
    if status >= 500:
        return "error"
    return "ok"


class People:
    """A signed-in client for each persona, kept for the whole run."""

    def __init__(self, users: dict[str, User | None]) -> None:
        self.users = users
        self.clients: dict[str, Client] = {}
        self.world: dict[str, dict[str, Any]] = {}

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client(raise_request_exception=False)
            user = self.users[persona]
            if user is not None:
                client.force_login(user)
            self.clients[persona] = client
        return self.clients[persona]

    def request(self, persona: str, method: str, url: str) -> str:
        if method == "GET":
            return outcome(self.client(persona).get(url))
        # A write, rolled back: on a client of its own (it may sign them out).
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            user = self.users[persona]
            if user is not None:
                client.force_login(user)
            result = outcome(client.generic(method, url))
            transaction.set_rollback(True)
        return result

    def answers(self, method: str, url: str) -> dict[str, str]:
        return {p: self.request(p, method, url) for p in PERSONAS}


# The world: the demo, with a partner and the objects the demo does not make


def build_world() -> tuple[dict[str, User | None], dict[str, dict[str, Any]]]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from appraisals.models import Appraisal
    from coventry_pm.core.models import TaskFailure
    from hub.models import HubPage
    from reports.models import ReportSnapshot
    from reports.services.annual import report_run_execute, report_run_start
    from reports.services.imports import import_run_preview
    from scorecard.models import (
        Comment,
        Comparator,
        ComparatorValue,
        Metric,
        RecordedVerdict,
        Submission,
    )
    from strategies.models import (
        Action,
        ActionPlan,
        CaseStudy,
        ProgressUpdate,
        Strategy,
    )
    from strategies.selectors import current_plan
    from tests import factories

    call_command(
        "load_demo", "--today", timezone.localdate().isoformat(), stdout=io.StringIO()
    )
    users: dict[str, User | None] = {
        "anonymous": None,
        **{
            persona: User.objects.get(username=username)
            for persona, username in [
                ("employee", "employee"),
                ("officer", "officer"),
                ("manager", "manager"),
                ("cabinet", "cabinet"),
                ("councillor", "scrutiny"),
                ("hr", "hr"),
                ("insight", "insight"),
            ]
        },
        "partner": factories.UserFactory(username="partner", roles=[Role.PARTNER]),
    }
    officer, insight = users["officer"], users["insight"]
    assert officer is not None and insight is not None and officer.team is not None
    # Someone outside the personas with two-factor set up, for the admin's pages
    # about authenticator apps.
    TOTPDevice.objects.create(
        user=User.objects.get(username="catherine.hale"), name="Phone", confirmed=True
    )
    service = officer.team.service

    plan = current_plan()
    assert plan is not None
    housing = Strategy.objects.get(title="Housing and Homelessness Strategy")
    housing.board_members.add(users["partner"])
    elsewhere = Strategy.objects.exclude(pk=housing.pk).order_by("pk").first()

    mine = Metric.objects.filter(owner=officer).order_by("code").first()
    theirs = (
        Metric.objects.exclude(team__service=service)
        .exclude(portfolio__cabinet_member=users["cabinet"])
        .exclude(team=None)
        .order_by("code")
        .first()
    )
    assert mine is not None and theirs is not None
    their_officer = theirs.owner or theirs.team.members.first()

    def submission(metric: Metric, author: User) -> Submission:
        period = metric.values.order_by("-period").first().period
        return Submission.objects.create(
            metric=metric,
            period=period,
            created_by=author,
            status=Submission.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )

    def action_of(strategy: Strategy) -> Action:
        return Action.objects.filter(action_plan__strategy=strategy).first()

    def update_of(action: Action) -> ProgressUpdate:
        update = (
            ProgressUpdate.objects.filter(action=action).first()
            or ProgressUpdate.objects.filter(
                action__action_plan=action.action_plan
            ).first()
        )
        assert update is not None, f"the demo has no update on {action}"
        return update

    own_action = Action.objects.filter(owner=officer).first() or action_of(housing)
    other_action = action_of(elsewhere)
    own_appraisal = Appraisal.objects.filter(employee=officer).order_by("-year")[0]
    other_appraisal = Appraisal.objects.filter(employee=users["hr"]).order_by("-year")[
        0
    ]

    published = report_run_execute(
        run_id=report_run_start(
            plan=plan, period=plan_years(plan)[1], user=insight, enqueue=False
        ).pk
    )
    published.status = ReportSnapshot.Status.PUBLISHED
    published.save()
    draft = report_run_execute(
        run_id=report_run_start(
            plan=plan, period=plan_years(plan)[0], user=insight, enqueue=False
        ).pk
    )

    def pair(own: Any, other: Any) -> dict[str, Any]:
        return {"own": own, "other": other}

    def one(obj: Any) -> dict[str, Any]:
        return {"any": obj}

    world: dict[str, dict[str, Any]] = {
        "plan": one(plan),
        "priority": one(plan.priorities.order_by("pk").first()),
        "objective": one(plan.priorities.order_by("pk").first().objectives.first()),
        "strategy": pair(housing, elsewhere),
        "action_plan": pair(
            ActionPlan.objects.filter(strategy=housing).first(),
            ActionPlan.objects.filter(strategy=elsewhere).first(),
        ),
        "action": pair(own_action, other_action),
        "progress_update": pair(update_of(own_action), update_of(other_action)),
        "case_study": pair(
            CaseStudy.objects.filter(strategies=housing).first(),
            CaseStudy.objects.exclude(strategies=housing).first(),
        ),
        "metric": pair(mine, theirs),
        "value": pair(
            mine.values.order_by("-period").first(),
            theirs.values.order_by("-period").first(),
        ),
        "target": pair(mine.targets.first(), theirs.targets.first()),
        "comparator": one(Comparator.objects.order_by("pk").first()),
        "comparator_value": one(ComparatorValue.objects.order_by("pk").first()),
        "recorded_verdict": pair(
            RecordedVerdict.objects.filter(metric=mine).first()
            or RecordedVerdict.objects.create(
                metric=mine,
                period=mine.values.order_by("-period").first().period,
                progress="improved",
                source=RecordedVerdict.Source.CONFIRMED,
                recorded_by=officer,
                reason="As the figures show",
            ),
            RecordedVerdict.objects.exclude(metric=mine).first(),
        ),
        "submission": pair(
            submission(mine, officer), submission(theirs, their_officer)
        ),
        "comment": pair(
            Comment.objects.create(metric=mine, author=officer, text="Mine"),
            Comment.objects.create(metric=theirs, author=their_officer, text="Theirs"),
        ),
        "import_run": one(
            import_run_preview(
                files=[SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())],
                user=insight,
            )
        ),
        "benchmark_run": one(benchmark_run(insight)),
        "report_run": one(draft.run),
        "report": {"published": published, "draft": draft},
        "appraisal": pair(own_appraisal, other_appraisal),
        "appraisal_objective": pair(
            own_appraisal.objectives.first(), other_appraisal.objectives.first()
        ),
        "one_to_one": pair(
            own_appraisal.one_to_ones.first(), other_appraisal.one_to_ones.first()
        ),
        "task_failure": one(
            TaskFailure.objects.create(
                kind=TaskFailure.Kind.FAILED, task_name="reports.tasks.example"
            )
        ),
        "hub_page": one(HubPage.objects.order_by("pk").first()),
        **benchmarking_world(mine),
    }
    return users, world


def benchmarking_world(metric: Any) -> dict[str, dict[str, Any]]:
    """A place, a group with a version listing it, the place's figure for the
    metric and the standing it makes (the demo's own where it has them)."""
    from scorecard.models import GroupVersion, MemberValue, Standing
    from scorecard.services.verdicts import calculated_verdicts_refresh
    from tests import factories

    if not Standing.objects.exists():
        place = factories.PlaceFactory(code="E06000099", name="Matrix town")
        factories.GroupVersionFactory(
            group=factories.ComparatorGroupFactory(name="Matrix neighbours"),
            number=1,
            from_year="2019-20",
            places=[place],
        )
        period = metric.values.order_by("-period").first().period
        MemberValue.objects.create(
            metric=metric, place=place, period=period, value_text="1", value_number=1
        )
        calculated_verdicts_refresh(metric_ids=[metric.pk])
    standing = Standing.objects.select_related("group", "version").order_by("pk")[0]
    return {
        "place": {"any": standing.version.members.first().place},
        "group": {"any": standing.group},
        "group_version": {"any": GroupVersion.objects.get(pk=standing.version_id)},
        "standing": {"any": standing},
        "member_value": {"any": MemberValue.objects.order_by("pk").first()},
    }


def benchmark_run(insight: User) -> Any:
    """A preview of other places' figures (issue 19), from the Fingertips sample."""
    from reports.services.benchmarks import (
        benchmark_run_preview,
        benchmark_source_create,
    )

    path = SAMPLE.parent / "benchmarking" / "fingertips-download.csv"
    source = benchmark_source_create(
        name="Fingertips", reader="fingertips", ids="fingertips", user=insight
    )
    return benchmark_run_preview(
        upload=SimpleUploadedFile(path.name, path.read_bytes()),
        source=source,
        user=insight,
    )


def plan_years(plan: Any) -> list[str]:
    from strategies.selectors import report_years

    return report_years(plan)


# The test


def rows_for(
    name: str, params: frozenset[str], world: dict[str, Any], people: People
) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(variant, method, answers) for a URL the table does not name: GET, or POST
    where GET is not allowed at all."""
    for variant in variants_of(name, params, world):
        url = url_for(name, params, world, variant)
        answers = people.answers("GET", url)
        method = "GET"
        if "405" in answers.values():
            method, answers = "POST", people.answers("POST", url)
        yield variant, method, answers


def suggestion(name: str, found: list[tuple[str, str, dict[str, str]]]) -> str:
    method = found[0][1]
    rows = {variant: row(answers) for variant, _, answers in found}
    if len(set(rows.values())) == 1:
        value: object = next(iter(rows.values()))
    else:
        value = rows
    if method != "GET":
        value = (method, value)
    return f"    {name!r}: {value!r},"


URLS, UNNAMED = named_urls()


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[People]:
    """The people and the world, built once for the module inside a transaction
    rolled back when it ends; each test runs in a savepoint inside it."""
    folder = tmp_path_factory.mktemp("access-matrix")
    # The reports' files and the published open data go to a folder of the test's.
    with (
        override_settings(
            MEDIA_ROOT=folder / "media",
            OPEN_DATA_DIR=folder / "open-data",
            OPEN_DATA_REPOSITORY="",
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        users, world = build_world()
        people = People(users)
        people.world = world
        for persona in PERSONAS:  # signed in here: a test's savepoint is rolled back
            people.client(persona)
        yield people
        transaction.set_rollback(True)


def test_every_route_outside_the_admin_has_a_name():
    strays = [route for route in UNNAMED if not route.startswith("/admin/")]
    assert not strays, f"Give these routes a name (path(..., name=...)): {strays}"


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params"), sorted(URLS.items()), ids=sorted(URLS))
def test_the_url_answers_each_role_as_the_access_matrix_declares(matrix, name, params):
    world = matrix.world
    entry: Entry | None = entry_for(name)
    if entry is None:
        found = list(rows_for(name, params, world, matrix))
        pytest.fail(
            f"{name} is not in tests/security/access_matrix.py. Decide who may open "
            "it (DESIGN.md section 4) and add it to MATRIX; what it answers now, in "
            f"the table's columns {' '.join(PERSONAS)}:\n" + suggestion(name, found)
        )
    wrong: list[str] = []
    for variant, expected in entry.variants.items():
        url = url_for(name, params, world, variant)
        answers = matrix.answers(entry.method, url)
        for persona in PERSONAS:
            if answers[persona] != expected[persona]:
                wrong.append(
                    f"{entry.method} {url} ({name}, {variant}) as {persona}: "
                    f"declared {expected[persona]}, answered {answers[persona]}"
                )
    assert not wrong, "These answers differ from the access matrix:\n" + "\n".join(
        wrong
    )


def test_the_access_matrix_names_no_url_that_is_gone():
    gone = [
        name
        for name in MATRIX
        if not any(fnmatch.fnmatchcase(url, name) for url in URLS)
    ]
    assert not gone, f"Remove these from tests/security/access_matrix.py: {gone}"


def test_the_access_matrix_uses_only_known_outcomes_and_variants():
    for name in MATRIX:
        entry = entry_for(name)
        assert entry is not None
        for expected in entry.variants.values():
            assert set(expected) == set(PERSONAS), name
