"""The demo app: what ``manage.py load_demo`` writes (DESIGN.md section 7).

A made-up but plausible Coventry City Council: its directorates, services and teams;
the seven demo sign-ins and the people around them; the One Coventry Plan 2022-30;
key strategies with their stories of change, action plans and case studies; and a
balanced scorecard of about forty metrics with five years of values, targets,
comparators, breakdowns, headline memberships and recorded verdicts.

The demo follows the day it is loaded on (see `Timeline`): the latest complete
financial year is the one before the year containing that day, and the figures,
targets, report years, due dates and the times figures were entered all follow from
it, so what is due, overdue or stale looks the same whatever the day. The content is
written as it reads on REFERENCE_DAY.

Every row is found by its natural key and written only when missing, so a second run
on the same day changes nothing — not even the history tables of django-simple-history
— and a run on a later day only adds the newer periods. The sign-ins and the
organisation they sit in are always put back as documented; other demo rows that
people changed while exploring are kept unless a refresh is asked for. Figures come
from a random generator seeded per metric, so every run writes the same numbers.
Nothing here is real data about Coventry: people, wards and figures are made up.

The scorecard's rows (metrics, figures and their revisions, targets, comparator
figures, headline memberships, recorded verdicts) are written by scorecard's bulk
services, as an import's are: the same checks, rounding, revision numbering and
history, given the demo's `today` and its stamps (who entered, endorsed, agreed or
recorded what, and when). So the demo data is what a real council's would be.

Where it lives: `demo.people` (the sign-ins and the organisation), `demo.plan` (the
plan, key strategies, action plans and case studies), `demo.metrics` (the scorecard's
specs), `demo.figures` (the figures generated from them), `demo.timeline` (the
calendar), `demo.loader` (`load_demo`, which writes it all), `demo.areas` (the
wards' hexagon map) and `demo.appraisals` (`load_demo_appraisals`). The commands
`load_demo`, `load_demo_appraisals`, `seed_benchmark` (synthetic data at scale) and
`seed_load` (the load test's people) are in `demo/management/commands/`. No other
app imports this one: it is the top floor, and refuses to run in production.
"""
