"""The access matrix: who may reach every page and API route (DESIGN.md section 4).

test_access_matrix.py requests each named URL as each persona below and compares the
answer with this table; a URL with no entry fails, and the failure prints the entry
to review and paste. How to read and extend it: docs/how-to/security.md.

Columns, in this order (the demo sign-ins of DESIGN.md section 7, and a partner):

    anonymous   nobody signed in (the public)
    employee    every member of staff
    officer     enters figures for Housing Options (owns the ``own`` objects)
    manager     Head of Housing (the ``own`` objects are in his service)
    cabinet     cabinet member for the ``own`` metrics' portfolio
    councillor  Scrutiny Co-ordination Committee member
    partner     on the board of the ``own`` strategy only
    hr          HR
    insight     performance administrator (staff: signs in to the admin)

Outcomes:

    ok     answered: 2xx, or a redirect that is not to signing in
    login  sent to sign in (a redirect to /accounts/login/ or /admin/login/), or 401
    403    refused
    404    not found (what a person may not see does not exist for them)
    400    let in, but the empty request was refused (a write with no data)
    405    the method is not allowed

An entry is ``name: "outcomes"`` (a GET), ``name: ("POST", "outcomes")``, or, for a
URL about one object, a dict of variants: ``own`` / ``other`` (the Housing
service's object, and another service's), or for the annual report ``published``
/ ``draft``; ``any`` where the object belongs to nobody. A name may be a pattern
(``admin:strategies_*``); an exact name wins over a pattern, a longer pattern over
a shorter one.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

PERSONAS = (
    "anonymous",
    "employee",
    "officer",
    "manager",
    "cabinet",
    "councillor",
    "partner",
    "hr",
    "insight",
)
OUTCOMES = {"ok", "login", "403", "404", "400", "405"}

Row = str
Value = Row | dict[str, Row]


@dataclass(frozen=True)
class Entry:
    method: str
    variants: dict[str, dict[str, str]]


def row(answers: dict[str, str]) -> Row:
    """A row of outcomes in the columns' order, aligned for reading."""
    return " ".join(f"{answers[p]:<5}" for p in PERSONAS).rstrip()


def _parse(text: Row) -> dict[str, str]:
    outcomes = text.split()
    if len(outcomes) != len(PERSONAS) or not set(outcomes) <= OUTCOMES:
        raise ValueError(f"a row needs {len(PERSONAS)} of {OUTCOMES}: {text!r}")
    return dict(zip(PERSONAS, outcomes, strict=True))


def entry_for(name: str) -> Entry | None:
    value = MATRIX.get(name)
    if value is None:
        patterns = [p for p in MATRIX if "*" in p and fnmatch.fnmatchcase(name, p)]
        if not patterns:
            return None
        value = MATRIX[max(patterns, key=len)]
    method = "GET"
    if isinstance(value, tuple):
        method, value = value
    variants = value if isinstance(value, dict) else {"any": value}
    return Entry(method, {v: _parse(r) for v, r in variants.items()})


# fmt: off
# ruff: noqa: E501
MATRIX: dict[str, Value | tuple[str, Value]] = {
    # Signing in, two-factor, single sign-on (off here: 404), the audit
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'admin_login':                               'login login login login login login login login login',
    'audit:access_event_list':                   'login 403   403   403   403   403   403   403   ok',
    'healthz':                                   'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'home':                                      'login ok    ok    ok    ok    ok    ok    ok    ok',
    'login':                                     'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'logout':                                    ('POST', 'login login login login login login login login login'),
    'oidc_authentication_callback':              '404   404   404   404   404   404   404   404   404',
    'oidc_authentication_init':                  '404   404   404   404   404   404   404   404   404',
    'two_factor_settings':                       'login ok    ok    ok    ok    ok    ok    ok    ok',
    'two_factor_setup':                          'login ok    ok    ok    ok    ok    ok    ok    ok',
    'two_factor_verify':                         'login login login login login login login login login',

    # Operations
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'core:task_failure_act':                     ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'core:task_failures':                        'login 403   403   403   403   403   403   403   ok',

    # The plan and key strategies (pages)
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'strategies:action_update': {
        'own':                                   'login 404   ok    ok    404   404   404   404   404',
        'other':                                 'login 404   404   404   404   404   404   404   404',
    },
    'strategies:plan':                           'login ok    ok    ok    ok    ok    403   ok    ok',
    'strategies:plan_current':                   'login ok    ok    ok    ok    ok    403   ok    ok',
    'strategies:strategy': {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    },
    'strategies:strategy_list':                  'login ok    ok    ok    ok    ok    ok    ok    ok',
    'strategies:update_review':                  'login 404   404   ok    404   404   404   404   404',

    # Metrics, figures, approvals, dashboards (pages)
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'scorecard:approvals':                       'login 403   403   ok    403   403   403   403   403',
    # Writes from a metric's page answer with a redirect back to it, with the
    # refusal or the error in a message, rather than 403 (tests/scorecard).
    'scorecard:comment_add': ('POST', {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    }),
    'scorecard:metric': {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    },
    'scorecard:metric_decide': ('POST', {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    }),
    'scorecard:metric_list':                     'login ok    ok    ok    ok    ok    ok    ok    ok',
    'scorecard:metric_propose':                  'login 403   ok    ok    403   403   403   403   403',
    'scorecard:my_updates':                      'login 403   ok    ok    403   403   403   403   403',
    'scorecard:plan_dashboard':                  'login ok    ok    ok    ok    ok    403   ok    ok',
    'scorecard:scorecard':                       'login ok    ok    ok    ok    ok    403   ok    ok',
    'scorecard:scorecard_current':               'login ok    ok    ok    ok    ok    403   ok    ok',
    'scorecard:service_dashboard':               'login 403   403   ok    403   403   403   403   ok',
    # Benchmarking (issue 19, the panel): the view per priority, for whoever
    # reads the plan dashboard.
    'scorecard:priority_benchmarks':             'login ok    ok    ok    ok    ok    403   ok    ok',
    'scorecard:submission': {
        'own':                                   'login 404   ok    ok    404   404   404   404   404',
        'other':                                 'login 404   404   404   404   404   404   404   404',
    },
    'scorecard:submission_new': {
        'own':                                   'login 404   ok    ok    404   404   404   404   404',
        'other':                                 'login 404   404   404   404   404   404   404   404',
    },
    'scorecard:target_decide': ('POST', {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    }),
    'scorecard:target_propose': {
        'own':                                   'login ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 'login ok    ok    ok    ok    ok    404   ok    ok',
    },

    # Comparator groups and their versions (issue 19, the group pages): staff and
    # councillors read them, a partner does not; the performance administrator
    # changes them (everyone else is refused before the request is read).
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'scorecard:group_create':                    'login 403   403   403   403   403   403   403   ok',
    'scorecard:group_detail':                    'login ok    ok    ok    ok    ok    403   ok    ok',
    'scorecard:group_edit':                      'login 403   403   403   403   403   403   403   ok',
    'scorecard:group_list':                      'login ok    ok    ok    ok    ok    403   ok    ok',
    # An empty confirmation is sent back to upload the file again (a redirect).
    'scorecard:group_version_confirm':           ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'scorecard:group_version_remove':            'login 403   403   403   403   403   403   403   ok',
    'scorecard:group_version_upload':            'login 403   403   403   403   403   403   403   ok',
    'scorecard:metric_primary_group': {
        'own':                                   'login 403   403   403   403   403   403   403   ok',
        'other':                                 'login 403   403   403   403   403   403   403   ok',
    },

    # Open-data imports and the annual report (pages)
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'reports:import_apply':                      ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'reports:import_detail':                     'login 403   403   403   403   403   403   403   ok',
    'reports:import_list':                       'login 403   403   403   403   403   403   403   ok',
    'reports:import_undo':                       ('POST', 'login 403   403   403   403   403   403   403   ok'),
    # Other places' figures (issue 19, the import helper)
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'reports:benchmark_apply':                   ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'reports:benchmark_import':                  'login 403   403   403   403   403   403   403   ok',
    'reports:benchmark_indicators':              'login 403   403   403   403   403   403   403   ok',
    'reports:benchmark_list':                    'login 403   403   403   403   403   403   403   ok',
    'reports:benchmark_mapping':                 'login 403   403   403   403   403   403   403   ok',
    'reports:benchmark_preview':                 'login 403   403   403   403   403   403   403   ok',
    'reports:benchmark_undo':                    ('POST', 'login 403   403   403   403   403   403   403   400'),
    'reports:report_approve':                    ('POST', 'login 403   403   403   ok    403   403   403   ok'),
    'reports:report_data': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    'reports:report_detail': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    'reports:report_directorate': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    'reports:report_list':                       'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'reports:report_pdf': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    'reports:report_priority': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    'reports:report_request_approval':           ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'reports:report_publish':                    ('POST', 'login 403   403   403   403   403   403   403   ok'),
    'reports:report_wider': {
        'published':                             'ok    ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '404   404   404   404   ok    ok    404   404   ok',
    },
    # The commentary on the first directorate (whose director is not a persona):
    # read by whoever reads the report; signed off by its director only.
    'reports:narrative': {
        'published':                             'login ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 'login 404   404   404   ok    ok    404   404   ok',
    },
    'reports:narrative_sign_off': ('POST', {
        'published':                             'login 403   403   403   403   403   403   403   403',
        'draft':                                 'login 404   404   404   403   403   404   404   403',
    }),
    'reports:review':                            'login 403   403   403   403   403   403   403   ok',
    'reports:run_detail':                        'login 403   403   403   403   403   403   403   ok',
    'reports:run_progress':                      'login 403   403   403   403   403   403   403   ok',
    'reports:run_start':                         ('POST', 'login 403   403   403   403   403   403   403   400'),
    'reports:seminar':                           'login 403   403   403   ok    ok    403   403   ok',

    # Appraisals (pages): the employee, their line management chain and HR
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'appraisals:agree_objectives': ('POST', {
        'own':                                   'login 404   403   ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   403   404',
    }),
    'appraisals:completion':                     'login 403   403   ok    403   403   403   ok    403',
    'appraisals:detail': {
        'own':                                   'login 404   ok    ok    404   404   404   ok    404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:development': {
        'own':                                   'login 404   ok    ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:mine':                           'login ok    ok    ok    403   403   403   ok    ok',
    'appraisals:objective_add': {
        'own':                                   'login 404   ok    403   404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:objective_edit': {
        'own':                                   'login 404   ok    403   404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:one_to_one_add': {
        'own':                                   'login 404   ok    ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:ratings': {
        'own':                                   'login 404   ok    ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    },
    'appraisals:review': {
        'own':                                   'login 404   403   ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   403   404',
    },
    'appraisals:sign_off': ('POST', {
        'own':                                   'login 404   ok    ok    404   404   404   403   404',
        'other':                                 'login 404   404   404   404   404   404   ok    404',
    }),
    'appraisals:start':                          ('POST', 'login ok    ok    ok    403   403   403   ok    ok'),
    'appraisals:team':                           'login 403   403   ok    403   403   403   ok    403',

    # Live performance pages: public
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'performance:areas':                         'login 403   403   403   403   403   403   403   ok',
    'performance:data_csv':                      'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:maps':                          'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:metric':                        'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:metric_csv':                    'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:overview':                      'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:priority':                      'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:priority_csv':                  'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:progress':                      'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:schedule':                      'ok    ok    ok    ok    ok    ok    ok    ok    ok',
    'performance:schedule_csv':                  'ok    ok    ok    ok    ok    ok    ok    ok    ok',

    # Performance Hub: signed in
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'hub:index':                                 'login ok    ok    ok    ok    ok    ok    ok    ok',
    'hub:metric_library':                        'login ok    ok    ok    ok    ok    ok    ok    ok',
    'hub:page':                                  'login ok    ok    ok    ok    ok    ok    ok    ok',
    'hub:page_create':                           'login 403   403   403   403   403   403   403   ok',
    'hub:page_edit':                             'login 403   403   403   403   403   403   403   ok',
    'hub:page_history':                          'login ok    ok    ok    ok    ok    ok    ok    ok',

    # REST API (/api/v1/): anonymous calls get 403 from DRF
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'action-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'action-list':                               '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'action-plan-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'action-plan-list':                          '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'api-docs':                                  '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'api-root':                                  '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'appraisal-agree-objectives': ('POST', {
        'own':                                   '403   404   403   400   404   404   404   403   404',
        'other':                                 '403   404   404   404   404   404   404   403   404',
    }),
    'appraisal-detail': {
        'own':                                   '403   404   ok    ok    404   404   404   ok    404',
        'other':                                 '403   404   404   404   404   404   404   ok    404',
    },
    'appraisal-list':                            '403   ok    ok    ok    403   403   403   ok    ok',
    'appraisal-mid-year-review': ('POST', {
        'own':                                   '403   404   403   400   404   404   404   403   404',
        'other':                                 '403   404   404   404   404   404   404   403   404',
    }),
    'appraisal-objective-detail': {
        'own':                                   '403   404   ok    ok    404   404   404   ok    404',
        'other':                                 '403   404   404   404   404   404   404   ok    404',
    },
    'appraisal-objective-list':                  '403   ok    ok    ok    403   403   403   ok    ok',
    'appraisal-ratings': ('POST', {
        'own':                                   '403   404   400   400   404   404   404   403   404',
        'other':                                 '403   404   404   404   404   404   404   400   404',
    }),
    'appraisal-sign-off': ('POST', {
        'own':                                   '403   404   400   400   404   404   404   403   404',
        'other':                                 '403   404   404   404   404   404   404   400   404',
    }),
    'appraisal-year-end-review': ('POST', {
        'own':                                   '403   404   403   400   404   404   404   403   404',
        'other':                                 '403   404   404   404   404   404   404   403   404',
    }),
    'assessment-list':                           '403   400   400   400   400   400   400   400   400',
    'case-study-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   404   404   404   404   404   404   404   ok',
    },
    'case-study-list':                           '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'comment-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'comment-list':                              '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'comparator-detail':                         '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'comparator-list':                           '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'comparator-value-detail':                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'comparator-value-list':                     '403   ok    ok    ok    ok    ok    ok    ok    ok',
    # Benchmarking (issue 19, the api part): staff, cabinet members and
    # councillors read places, groups, versions, standings and other places'
    # figures (scorecard.permissions.may_read_benchmarking); partners do not.
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'place-list':                                '403   ok    ok    ok    ok    ok    403   ok    ok',
    'place-detail':                              '403   ok    ok    ok    ok    ok    403   ok    ok',
    'group-list':                                '403   ok    ok    ok    ok    ok    403   ok    ok',
    'group-detail':                              '403   ok    ok    ok    ok    ok    403   ok    ok',
    'group-version-list':                        '403   ok    ok    ok    ok    ok    403   ok    ok',
    'group-version-detail':                      '403   ok    ok    ok    ok    ok    403   ok    ok',
    'standing-list':                             '403   ok    ok    ok    ok    ok    403   ok    ok',
    'standing-detail':                           '403   ok    ok    ok    ok    ok    403   ok    ok',
    'member-value-list':                         '403   ok    ok    ok    ok    ok    403   ok    ok',
    'member-value-detail':                       '403   ok    ok    ok    ok    ok    403   ok    ok',
    'headline-summary-list':                     '403   400   400   400   400   400   403   400   400',
    # Agreeing and endorsing through the API: who is asking is checked before the
    # request's body, so everyone but the portfolio's cabinet member (agree) and
    # the service's manager (endorse; the performance administrator for a
    # proposal the service's manager made) gets 403, first for the roles that
    # never take the step, then for the record (scorecard/workflow.py); theirs,
    # empty, is incomplete (400).
    'metric-agree': ('POST', {
        'own':                                   '403   403   403   403   400   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'metric-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'metric-endorse': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   400',
    }),
    # Only its proposer withdraws a proposal.
    'metric-withdraw': ('POST', {
        'own':                                   '403   403   400   403   403   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'metric-list':                               '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'objective-detail':                          '403   ok    ok    ok    ok    ok    403   ok    ok',
    'objective-list':                            '403   ok    ok    ok    ok    ok    403   ok    ok',
    'one-to-one-detail': {
        'own':                                   '403   404   ok    ok    404   404   404   ok    404',
        'other':                                 '403   404   404   404   404   404   404   ok    404',
    },
    'one-to-one-list':                           '403   ok    ok    ok    403   403   403   ok    ok',
    'plan-detail':                               '403   ok    ok    ok    ok    ok    403   ok    ok',
    'plan-list':                                 '403   ok    ok    ok    ok    ok    403   ok    ok',
    'priority-detail':                           '403   ok    ok    ok    ok    ok    403   ok    ok',
    'priority-list':                             '403   ok    ok    ok    ok    ok    403   ok    ok',
    'progress-update-approve': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'progress-update-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'progress-update-list':                      '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'progress-update-queue':                     '403   403   403   ok    403   403   403   403   403',
    'progress-update-return-': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'recorded-verdict-detail':                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'recorded-verdict-list':                     '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'report-approve': ('POST', {
        'published':                             '403   403   403   403   400   403   403   403   400',
        'draft':                                 '403   403   403   403   ok    403   403   403   ok',
    }),
    'report-detail': {
        'published':                             '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'draft':                                 '403   404   404   404   ok    ok    404   404   ok',
    },
    'report-list':                               '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'report-publish': ('POST', {
        'published':                             '403   403   403   403   403   403   403   403   400',
        'draft':                                 '403   403   403   403   403   403   403   403   400',
    }),
    # Asking for approval: the performance administrator's, after her approval.
    'report-request-approval':                   ('POST', '403   403   403   403   403   403   403   403   400'),
    'report-run-detail':                         '403   403   403   403   403   403   403   403   ok',
    'report-run-list':                           '403   403   403   403   403   403   403   403   ok',
    # The OpenAPI schema: anyone signed in.
    'schema':                                    '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'strategy-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'strategy-list':                             '403   ok    ok    ok    ok    ok    ok    ok    ok',
    'submission-approve': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   404   403   403   403   403   403',
    }),
    'submission-detail': {
        'own':                                   '403   403   ok    ok    403   403   403   403   403',
        'other':                                 '403   403   404   404   403   403   403   403   403',
    },
    'submission-list':                           '403   403   ok    ok    403   403   403   403   403',
    'submission-queue':                          '403   403   403   ok    403   403   403   403   403',
    'submission-return-': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   404   403   403   403   403   403',
    }),
    'submission-submit': ('POST', {
        'own':                                   '403   403   400   400   403   403   403   403   403',
        'other':                                 '403   403   404   404   403   403   403   403   403',
    }),
    'target-agree': ('POST', {
        'own':                                   '403   403   403   403   400   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'target-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'target-endorse': ('POST', {
        'own':                                   '403   403   403   400   403   403   403   403   403',
        'other':                                 '403   403   403   403   403   403   403   403   403',
    }),
    'target-list':                               '403   ok    ok    ok    ok    ok    ok    ok    ok',
    # The world's targets were set by nobody: there is no proposer to withdraw
    # them (tests/scorecard/test_workflow_policy.py has the proposer's).
    'target-withdraw': ('POST',                  '403   403   403   403   403   403   403   403   403'),
    'value-detail': {
        'own':                                   '403   ok    ok    ok    ok    ok    ok    ok    ok',
        'other':                                 '403   ok    ok    ok    ok    ok    404   ok    ok',
    },
    'value-list':                                '403   ok    ok    ok    ok    ok    ok    ok    ok',

    # The admin: staff only (others are sent to sign in); the performance
    # administrator (staff) has the strategies and scorecard apps and nothing
    # of people, roles or appraisals (coventry_pm/accounts/roles.py).
    # name                                       anon  empl  offi  mana  cabi  coun  part  hr    insi
    'admin:*':                                   'login login login login login login login login 403',
    'admin:strategies_*':                        'login login login login login login login login ok',
    'admin:scorecard_*':                         'login login login login login login login login ok',
    # Figures, targets, comparator figures and calculated verdicts are written only
    # through the services: the admin lists and shows them, never adds or deletes.
    'admin:scorecard_*value_add':                'login login login login login login login login 403',
    'admin:scorecard_*value_delete':             'login login login login login login login login 403',
    'admin:scorecard_target_add':                'login login login login login login login login 403',
    'admin:scorecard_target_delete':             'login login login login login login login login 403',
    'admin:scorecard_calculatedverdict_add':     'login login login login login login login login 403',
    'admin:scorecard_calculatedverdict_delete':  'login login login login login login login login 403',
    # Places, groups and standings are inspected here, changed on their own pages.
    'admin:scorecard_place_add':                 'login login login login login login login login 403',
    'admin:scorecard_place_delete':              'login login login login login login login login 403',
    'admin:scorecard_comparatorgroup_add':       'login login login login login login login login 403',
    'admin:scorecard_comparatorgroup_delete':    'login login login login login login login login 403',
    'admin:scorecard_standing_add':              'login login login login login login login login 403',
    'admin:scorecard_standing_delete':           'login login login login login login login login 403',
    'admin:*_simple_history':                    'login login login login login login login login 404',
    'admin:app_list':                            'login login login login login login login login ok',
    # No such object here: the admin sends staff to its index before it checks
    # the permission (no record is shown).
    'admin:appraisals_reminder_history':         'login login login login login login login login ok',
    'admin:authtoken_tokenproxy_history':        'login login login login login login login login ok',
    'admin:index':                               'login login login login login login login login ok',
    'admin:jsi18n':                              'login login login login login login login login ok',
    'admin:login':                               'login login login login login login login login login',
    'admin:logout':                              ('POST', 'login ok    ok    ok    ok    ok    ok    ok    login'),
    'admin:otp_static_staticdevice_history':     'login login login login login login login login ok',
    'admin:password_change':                     'login login login login login login login login ok',
    'admin:password_change_done':                'login login login login login login login login ok',
    'admin:reports_opendatarow_history':         'login login login login login login login login ok',
    'admin:view_on_site':                        'login login login login login login login login 404',
}
# fmt: on
