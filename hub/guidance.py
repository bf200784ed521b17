# ruff: noqa: E501 - Markdown tables are one line a row.
"""The guidance the Hub starts with (DESIGN.md section 1 and 2, in the framework's
own words). A data migration writes these pages once (write_default_pages); after
that they are the performance administrator's to edit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

FRAMEWORK = "framework"
HOW_TO = "how_to"
DATA = "data"

DEFAULT_PAGES: list[dict[str, object]] = [
    {
        "slug": "the-cycle",
        "title": "The performance cycle",
        "section": FRAMEWORK,
        "sort_order": 1,
        "summary": "Plan, do, review, revise: how the framework turns each year.",
        "body": """Performance management at the council follows one cycle:

1. **Plan**: the One Coventry Plan sets the vision and priorities; key strategies
   and action plans say how they will be delivered, and which metrics show it.
2. **Do**: services deliver the actions and record their figures, narratives and
   case studies as they go.
3. **Review**: managers approve figures and updates; dashboards show progress
   through the year; the annual performance report goes to Cabinet and Scrutiny,
   with an all-members seminar.
4. **Revise**: plans and strategies are revised after review. A revision is a new
   version: nothing that was reviewed is overwritten.

Information is shared by default and is not suppressed because it is
uncomfortable. There is no blame: everyone records information accurately.

See also [the hierarchy](/hub/the-hierarchy/) and
[the live performance pages](/performance/).
""",
    },
    {
        "slug": "the-hierarchy",
        "title": "The hierarchy: the golden thread",
        "section": FRAMEWORK,
        "sort_order": 2,
        "summary": "From the plan to each person's appraisal, each level with its "
        "owner and reporting cadence.",
        "body": """Every level of the framework links to the one above it, so that each
person can see how their work contributes to the plan.

| Level | Owner | Agreed or reported to | Cadence |
|---|---|---|---|
| One Coventry Plan (vision, priorities, objectives) | Corporate Leadership Team, Cabinet, Scrutiny Co-ordination Committee | Agreed by Full Council; progress to Cabinet and Scrutiny | Annual report (also twice-yearly); annual all-members seminar |
| Key strategy | A management team with the cabinet member or a board | Strategic group; cabinet member or board | Regularly, at least annually |
| Action plan | A service or team | Managers responsible for the strategy | Regularly |
| Appraisal | The employee and their manager | One-to-ones | Annual, reviewed through the year |

A key strategy states its **story of change**: how inputs become activities,
outputs and outcomes. Metrics attach to the links of that chain.
""",
    },
    {
        "slug": "balanced-scorecard",
        "title": "The balanced scorecard",
        "section": FRAMEWORK,
        "sort_order": 3,
        "summary": "Outcomes, Finance, Workforce and Quality: every metric sits in one.",
        "body": """Every metric sits in one of four perspectives:

- **Outcomes**: service outputs and outcomes for residents.
- **Finance**: budgets and financial inputs.
- **Workforce**: our people.
- **Quality**: satisfaction, complaints and timescales.

The plan has a small set of **headline metrics** and a **wider basket**. Each
metric is *lead* or *lag*; an *outcome*, *output*, *input* or *perception*
measure; *quantitative* or *qualitative*; and about a service the council
*directly provides*, *commissions*, *delivers in partnership* or *champions*.
One definition serves every strategy and report that uses it: write once, use
anywhere. The [library of metric definitions](/hub/metrics/) lists them all.

Numbers do not tell the whole story: narratives and case studies stand beside
them in the dashboards and the annual report.
""",
    },
    {
        "slug": "symbols-and-vocabulary",
        "title": "Symbols and vocabulary",
        "section": FRAMEWORK,
        "sort_order": 4,
        "summary": "What Improved, Got worse, Similar, On target and the rest mean.",
        "body": """Two columns describe every metric in every view, export and report. A
symbol is always shown with its words, and colour is never the only signal.

**Progress** (direction of travel since the comparable earlier figure):

| Symbol | Progress | Meaning |
|---|---|---|
| ✓ | Improved | Improved, or the target is already achieved |
| ✗ | Got worse | Got worse |
| = | Similar | Similar, unchanged or statistically insignificant |
| ? | Cannot say | No clear direction of travel |
| ○ | Not available | Not available, or no updated data |

**Target status**:

| Symbol | Target status |
|---|---|
| ✓ | On target |
| ✗ | Off target |
| ○ | No target set |
| – | Target not applicable |
| ○ | Not available (a target exists, but there is no current figure to test) |

The headline sentence counts them: "X% (a/b) of directional metrics improved or
stayed the same", where *directional* means improved, similar or got worse.

A figure is compared with the previous period of the same frequency (a year with
the year before, a quarter with the quarter before), or for seasonal metrics with
the same period a year earlier. Where both figures have confidence intervals that
overlap, the change is *Similar*.
""",
    },
    {
        "slug": "setting-a-metric",
        "title": "How to set a metric",
        "section": HOW_TO,
        "sort_order": 1,
        "summary": "Propose a metric, have it endorsed and agreed.",
        "body": """Metrics are set in consultation with frontline staff and agreed by
managers with the relevant cabinet member.

1. Go to **Metrics** and choose **Propose a metric**. Give it a clear name, its
   unit (%, number, £, rate per 1,000 …), its good direction (is higher better?),
   its perspective, how often it is measured and where the figures come from.
   For a quarterly or monthly metric, say **how a year's figure is made** from its
   quarters or months: the *sum* (a count of things done, money spent), the *mean*
   (a percentage or rate given without its numerator and denominator), the
   *latest* (a position at the year's end: a waiting list, a balance, a grade) or
   the *ratio* of the summed numerators over the summed denominators (a percentage
   entered as "x out of y"). Left blank, it is set from the unit; a percentage or
   rate is never summed. The charts set this yearly figure beside the comparators,
   which publish yearly figures, never a quarter beside a year; a year with a
   quarter or month missing has no yearly figure.
2. Colleagues can comment on the proposal.
3. The service's **manager endorses** it.
4. The portfolio's **cabinet member agrees** it. Only agreed metrics are assessed,
   reported and published.

Before proposing, search the [library of metric definitions](/hub/metrics/):
one definition serves every strategy and report, so reuse one if it exists.

A good metric is one you can measure every period, whose direction is clear, and
that a resident would understand.
""",
    },
    {
        "slug": "setting-a-target",
        "title": "How to set a target",
        "section": HOW_TO,
        "sort_order": 2,
        "summary": "The kinds of target the product reads, and how to write them.",
        "body": """On a metric's page choose **Propose a target** for a period. Write the
target as you would say it; the product reads these kinds:

| Kind | Examples | On target when |
|---|---|---|
| None | None set | (no target) |
| Not applicable | Target not applicable | (not applicable) |
| Directional | To increase, To reduce, To maintain | Progress is Improved (To maintain: Improved or Similar) |
| Threshold | 95%, <6%, >70, <=1380 | The current figure meets it |
| Relative change | To reduce by 5%, by 2 percentage points | The figure moved by at least that much from the baseline |
| Comparator | Better than statistical neighbours | Better than the comparator's figure for the period |
| Grade | A | The grade is at least that grade |

A bare level such as "95%" needs the metric's good direction to know whether it is
a floor or a ceiling. Text the product cannot read is kept and flagged, and
counts as *No target set* until someone structures it: it is never guessed.

Like metrics, targets are endorsed by the manager and agreed by the cabinet member.
""",
    },
    {
        "slug": "how-do-i",
        "title": "How do I…",
        "section": HOW_TO,
        "sort_order": 3,
        "summary": "Quick answers: entering a figure, approving, overriding a "
        "verdict, finding a dashboard.",
        "body": """**…enter a figure?** Go to **My updates**: it lists the figures you owe,
when they were due and any returned to you. Enter the figure, see the calculated
verdict, then submit it for approval.

**…disagree with the calculated verdict?** When entering a figure, choose a
different progress verdict or target status and say why. The reason is kept with
who recorded it and when; reports flag where the two differ.

**…approve a figure?** Managers see submissions from their service under
**Approvals**. Approve it, or return it with a comment. Nobody approves their own
submission.

**…find my dashboard?** The [Hub's front page](/hub/) lists the dashboards you
can see. Managers have the service dashboard; cabinet members and councillors the
plan dashboard.

**…see what the public sees?** The [live performance pages](/performance/) show
approved figures only, with the [publication schedule](/performance/schedule/).

**…get the data?** Every live page links to its figures as CSV in the tidy
format; the performance administrator also exports the council's open-data file.

**…sign off the annual report's commentary?** The report drafts a few sentences
for each priority and each directorate from its own figures, each listing the
figures it cites. The performance administrator edits and signs off a priority's;
a directorate's director signs off theirs (the performance administrator where
there is none). Open it from your to-do list (**Report commentary to sign off**)
or from **Edit or sign off the commentary** on the priority's or directorate's
page of the draft report. The report shows only signed-off text, and flags a
sentence whose figures changed after it was signed off.
""",
    },
    {
        "slug": "publication-and-maps",
        "title": "Publication, the schedule and maps",
        "section": DATA,
        "sort_order": 1,
        "summary": "What is published, when, and how figures by ward reach a map.",
        "body": """The [live performance pages](/performance/) are public. They show the
agreed plan's priorities, each headline metric's latest assessment, trend and
comparators, and figures by area on maps, all from **approved figures of agreed
metrics only**. Drafts and proposals never appear.

**The publication schedule.** Each metric's next figure is due a set number of
days after its period ends (its data-entry due date, the one on **My updates**).
The [schedule](/performance/schedule/) shows when each figure was last published
and when the next is due; a figure that has not arrived by its due date is shown
as overdue, by how many days.

**Maps.** Figures broken down by ward (or any area) are drawn on a map when the
performance administrator has uploaded the areas: a hexagon layout (a CSV of area
names and grid positions) or boundaries (GeoJSON). Each map has its figures
written on it and a table beside it.

**Open data.** Every page links to its figures as CSV in the tidy format: one row
per figure, with its period, revision, scope, breakdown, progress and target
status.
""",
    },
    {
        "slug": "how-we-compare",
        "title": "How we compare with other places",
        "section": DATA,
        "sort_order": 2,
        "summary": "Comparator groups, ranks, quartiles and bands, and whether a "
        "difference is significant.",
        "body": """The framework asks how we compare with other relevant places. Each
metric's page has a **How we compare** section, and each priority has a
**How we compare** page (linked from the plan dashboard) with its headline
metrics' ranks side by side.

**Comparator groups.** A group is a list of places: our CIPFA nearest neighbours,
our children's services statistical neighbours, the region, England, or a group
of our own. Groups are re-based from time to time, so each has versions, and each
year is compared with the version in force for it. The performance administrator
keeps them under **Comparator groups**. CIPFA's lists are licensed: each council
uploads its own.

**Where we stand**, for a metric, a period and a group:

| What | How to read it |
|---|---|
| Rank | 1st is the best figure by the metric's good direction; equal figures share a rank ("joint 3rd of 16"). The 16 counts the members with a figure and us. |
| Quartile | 1 is the best quarter of the group, 4 the worst. |
| Band | How far our figure is from the group's median, in the group's own spread: "close to most of the group", "better (or worse) than most", or "well above (or below) most". |
| Compared with the benchmark | Where our figure has a confidence interval: better, similar or worse than the group's (or England's) figure at 95%, as Fingertips compares. Without an interval it is not compared. |

A target such as "Better than statistical neighbours" is tested against that
group's figure for the year (its published figure, else its members' average),
and the verdict's reason names the group, its version and the figure.

**Other places' figures** come from files the performance administrator
downloads (OHID's Fingertips, LG Inform, ONS Explore Local Statistics or any
other source) and imports under **Other places' figures**: a preview shows what
will change before anything does, and an import can be undone.
""",
    },
]


def write_default_pages(page_model: Any, history_model: Any) -> int:
    """Write the pages of DEFAULT_PAGES that are not there yet, each with its first
    history record; the number written. Given the models, so the migration that
    first writes them (hub 0002) passes its historical ones."""
    now = timezone.now()
    written = 0
    for spec in DEFAULT_PAGES:
        if page_model.objects.filter(slug=spec["slug"]).exists():
            continue
        page = page_model.objects.create(**spec)
        fields = {f.attname: getattr(page, f.attname) for f in page_model._meta.fields}
        history_model.objects.create(
            **fields,
            history_date=now,
            history_type="+",
            history_change_reason="Written with the product",
        )
        written += 1
    return written
