"""The demo data that ``manage.py load_demo`` writes (DESIGN.md section 7).

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
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from coventry_pm.accounts.models import (
    Directorate,
    Portfolio,
    Role,
    Service,
    Team,
    User,
)
from scorecard.domain.periods import QUARTER, Period, data_status_from_label
from scorecard.domain.stats import poisson_interval
from scorecard.domain.values import is_percentage_unit, parse_value, rate_base
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    Perspective,
    RecordedVerdict,
    Target,
    normalise_metric_name,
)
from scorecard.services.bulk import (
    ComparatorFigureRow,
    ComparatorGroup,
    FigureGroup,
    FigureRow,
    MembershipRow,
    SignOff,
    TargetRow,
    VerdictRow,
    comparator_values_record_bulk,
    headline_memberships_set_bulk,
    metric_update_recorded,
    metric_validate,
    metric_values_record_bulk,
    metrics_create_bulk,
    recorded_verdicts_record_bulk,
    targets_set_bulk,
)
from scorecard.services.comparators import comparators_ensure
from strategies.models import (
    Action,
    ActionPlan,
    CaseStudy,
    ChangeStep,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Strategy,
)

# The documented password of the demo sign-ins (DESIGN.md section 7); load_demo
# refuses to run under production settings.
DEMO_PASSWORD = "demo-password"  # noqa: S105

SIGN_INS: tuple[str, ...] = (
    "officer",
    "manager",
    "employee",
    "cabinet",
    "scrutiny",
    "insight",
    "hr",
)


# --------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------

# The dates of actions, updates and case studies below are written as on this day;
# loaded on another day, they keep their distance from it.
REFERENCE_DAY = dt.date(2026, 11, 26)

# Years in the metric specs are counted from the latest complete financial year (0):
# -1 is the year before it, NEXT_YEAR the year in progress. `Timeline.year` names them.
FIRST_YEAR = -4
LATEST = 0
NEXT_YEAR = 1
FIGURE_YEARS: tuple[int, ...] = tuple(range(FIRST_YEAR, LATEST + 1))
TARGET_YEARS: tuple[int, ...] = (*FIGURE_YEARS, NEXT_YEAR)
REPORT_YEARS: tuple[int, ...] = (-2, -1, LATEST)
BREAKDOWN_YEARS: tuple[int, ...] = (-1, LATEST)
# Quarterly metrics show two years of quarters before the latest one in.
QUARTERS_SHOWN = 9


@dataclass(frozen=True)
class Timeline:
    """The demo's calendar on the day it is loaded: every year, quarter and date the
    demo writes comes from here.

    Figures cover the five financial years to the latest complete one (the year
    before the one containing today), the headline report years are the last three
    of them, and targets run one year further. Quarterly figures run for two years up
    to the quarter before the last complete one (that one is still to come, unless a
    metric's owner is up to date). Actions, updates and case studies keep their
    distance from today, as written on REFERENCE_DAY.
    """

    today: dt.date

    @property
    def latest_year(self) -> Period:
        return Period.containing(self.today).previous()

    def year(self, offset: int) -> str:
        """The financial year `offset` years after the latest complete one."""
        return str(Period(self.latest_year.year_start + offset))

    def years(self, offsets: Iterable[int]) -> tuple[str, ...]:
        return tuple(self.year(offset) for offset in offsets)

    @property
    def last_complete_quarter(self) -> Period:
        return Period.containing(self.today, QUARTER).previous()

    def quarters(self, *, latest_in: bool = False) -> tuple[Period, ...]:
        """The quarters with figures, oldest first: QUARTERS_SHOWN of them to the
        quarter before the last complete one, and that one too when `latest_in`."""
        quarter = self.last_complete_quarter.previous()
        shown = [quarter]
        while len(shown) < QUARTERS_SHOWN:
            quarter = quarter.previous()
            shown.append(quarter)
        shown.reverse()
        if latest_in:
            shown.append(self.last_complete_quarter)
        return tuple(shown)

    def day(self, written: dt.date) -> dt.date:
        """A date written as on REFERENCE_DAY, as far from today as it was from then."""
        return written + (self.today - REFERENCE_DAY)

    def before_today(self, day: dt.date) -> dt.date:
        """The day, or yesterday if it is later: what has happened has happened by
        now (a year's figures due in June arrived early when loaded in April)."""
        return min(day, self.today - dt.timedelta(days=1))

    def describe(self) -> str:
        return (
            f"As on {self.today:%-d %B %Y}: figures to {self.latest_year}, quarters "
            f"to {self.last_complete_quarter.previous()}."
        )


# Made-up ward names: the figures by ward are invented, so the wards are too.
WARDS: tuple[str, ...] = (
    "Canalside",
    "Charterhouse",
    "Gosford Vale",
    "Hearsall Common",
    "Radford Brook",
    "Sowe Valley",
    "Spon Gate",
    "Swanswell",
)
BREAKDOWN_GROUPS: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male"),
    "age band": ("16-24", "25-49", "50-64", "65 and over"),
    "ethnicity": (
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Mixed or multiple ethnic groups",
        "White",
        "Other ethnic group",
    ),
    "disability": ("disabled", "not disabled"),
    "ward": WARDS,
}

STATISTICAL_NEIGHBOURS = "Statistical neighbours"
WEST_MIDLANDS = "West Midlands"
ENGLAND = "England"
COMPARATORS: tuple[tuple[str, str], ...] = (
    (STATISTICAL_NEIGHBOURS, Comparator.Kind.COMPARATOR),
    (WEST_MIDLANDS, Comparator.Kind.COMPARATOR),
    (ENGLAND, Comparator.Kind.NATIONAL),
)
ALL_COMPARATORS = (STATISTICAL_NEIGHBOURS, WEST_MIDLANDS, ENGLAND)

LETTER_RATINGS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G")
OFSTED_JUDGEMENTS: tuple[str, ...] = (
    "Outstanding",
    "Good",
    "Requires improvement to be good",
    "Inadequate",
)

UTC = dt.UTC


# --------------------------------------------------------------------------------
# People and the organisation
# --------------------------------------------------------------------------------

# Each person's roles, by their keys (coventry_pm.accounts.models.Role): data.
STAFF = ("employee",)
OFFICER = ("officer", "employee")
MANAGER = ("manager", "employee")
CABINET = ("cabinet_member",)


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    job_title: str
    roles: tuple[str, ...]
    team: str | None = None
    line_manager: str | None = None
    sign_in: bool = False
    is_staff: bool = False


# Listed so that everyone's line manager comes before them.
PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("catherine.hale", "Catherine", "Hale", "Chief Executive", MANAGER),
    PersonSpec(
        "margaret.ellis",
        "Margaret",
        "Ellis",
        "Director of Adult Services and Housing",
        MANAGER,
        line_manager="catherine.hale",
    ),
    PersonSpec(
        "daniel.brooks",
        "Daniel",
        "Brooks",
        "Director of Children and Education",
        MANAGER,
        line_manager="catherine.hale",
    ),
    PersonSpec(
        "claire.whitfield",
        "Claire",
        "Whitfield",
        "Director of Finance and Resources",
        MANAGER,
        line_manager="catherine.hale",
    ),
    PersonSpec(
        "robert.anand",
        "Robert",
        "Anand",
        "Director of Law and Governance",
        MANAGER,
        line_manager="catherine.hale",
    ),
    PersonSpec(
        "nadia.begum",
        "Nadia",
        "Begum",
        "Director of Property Services and Development",
        MANAGER,
        line_manager="catherine.hale",
    ),
    # Housing: the demo sign-ins' own service.
    PersonSpec(
        "manager",
        "Tom",
        "Hughes",
        "Head of Housing",
        MANAGER,
        team="Housing Options",
        line_manager="margaret.ellis",
        sign_in=True,
    ),
    PersonSpec(
        "officer",
        "Priya",
        "Sharma",
        "Housing Options Officer",
        OFFICER,
        team="Housing Options",
        line_manager="manager",
        sign_in=True,
    ),
    PersonSpec(
        "employee",
        "Alex",
        "Morgan",
        "Housing Options Assistant",
        STAFF,
        team="Housing Options",
        line_manager="manager",
        sign_in=True,
    ),
    PersonSpec(
        "rachel.kaur",
        "Rachel",
        "Kaur",
        "Homelessness Prevention Team Manager",
        MANAGER,
        team="Homelessness Prevention",
        line_manager="manager",
    ),
    PersonSpec(
        "linda.foster",
        "Linda",
        "Foster",
        "Head of Adult Social Care",
        MANAGER,
        team="Reablement",
        line_manager="margaret.ellis",
    ),
    PersonSpec(
        "sarah.quinn",
        "Sarah",
        "Quinn",
        "Director of Public Health",
        MANAGER,
        team="Health Improvement",
        line_manager="margaret.ellis",
    ),
    PersonSpec(
        "lucy.chen",
        "Lucy",
        "Chen",
        "Public Health Analyst",
        OFFICER,
        team="Health Improvement",
        line_manager="sarah.quinn",
    ),
    # Children and Education
    PersonSpec(
        "mark.davies",
        "Mark",
        "Davies",
        "Head of Children's Services",
        MANAGER,
        team="Children in Care",
        line_manager="daniel.brooks",
    ),
    PersonSpec(
        "joanne.price",
        "Joanne",
        "Price",
        "Head of Education and Skills",
        MANAGER,
        team="School Improvement",
        line_manager="daniel.brooks",
    ),
    # Finance and Resources
    PersonSpec(
        "kevin.oneill",
        "Kevin",
        "O'Neill",
        "Head of Finance",
        MANAGER,
        team="Financial Management",
        line_manager="claire.whitfield",
    ),
    PersonSpec(
        "angela.moss",
        "Angela",
        "Moss",
        "Head of Human Resources",
        MANAGER,
        team="HR Business Partnering",
        line_manager="claire.whitfield",
    ),
    PersonSpec(
        "hr",
        "Jo",
        "Clarke",
        "HR Business Partner",
        ("hr", "employee"),
        team="HR Business Partnering",
        line_manager="angela.moss",
        sign_in=True,
    ),
    PersonSpec(
        "ben.carter",
        "Ben",
        "Carter",
        "Head of Insight",
        MANAGER,
        team="Performance and Intelligence",
        line_manager="claire.whitfield",
    ),
    PersonSpec(
        "insight",
        "Sam",
        "Patel",
        "Insight Analyst",
        ("performance_admin", "employee"),
        team="Performance and Intelligence",
        line_manager="ben.carter",
        sign_in=True,
        is_staff=True,
    ),
    PersonSpec(
        "lisa.grant",
        "Lisa",
        "Grant",
        "Head of Customer Services",
        MANAGER,
        team="Customer Contact Centre",
        line_manager="claire.whitfield",
    ),
    # Law and Governance
    PersonSpec(
        "simon.ward",
        "Simon",
        "Ward",
        "Head of Legal and Democratic Services",
        MANAGER,
        team="Democratic Services",
        line_manager="robert.anand",
    ),
    # Property Services and Development
    PersonSpec(
        "emma.holt",
        "Emma",
        "Holt",
        "Head of Planning",
        MANAGER,
        team="Planning Policy",
        line_manager="nadia.begum",
    ),
    PersonSpec(
        "yusuf.ali",
        "Yusuf",
        "Ali",
        "Head of Culture and Libraries",
        MANAGER,
        team="Libraries",
        line_manager="nadia.begum",
    ),
    PersonSpec(
        "gary.webb",
        "Gary",
        "Webb",
        "Head of Streetpride and Parks",
        MANAGER,
        team="Waste and Recycling",
        line_manager="nadia.begum",
    ),
    PersonSpec(
        "fiona.lowe",
        "Fiona",
        "Lowe",
        "Parks and Green Spaces Manager",
        MANAGER,
        team="Parks and Green Spaces",
        line_manager="gary.webb",
    ),
    PersonSpec(
        "hannah.cole",
        "Hannah",
        "Cole",
        "Head of Economic Development",
        MANAGER,
        team="Jobs and Skills",
        line_manager="nadia.begum",
    ),
    PersonSpec(
        "owen.blake",
        "Owen",
        "Blake",
        "Climate Change Programme Manager",
        MANAGER,
        team="Climate Change and Sustainability",
        line_manager="hannah.cole",
    ),
    # Elected members: no team, no line manager, no appraisal.
    PersonSpec(
        "cabinet",
        "Aisha",
        "Khan",
        "Cabinet Member for Housing and Communities",
        CABINET,
        sign_in=True,
    ),
    PersonSpec(
        "scrutiny",
        "David",
        "Reid",
        "Councillor, Scrutiny Co-ordination Committee",
        ("councillor",),
        sign_in=True,
    ),
    PersonSpec(
        "gareth.lloyd",
        "Gareth",
        "Lloyd",
        "Cabinet Member for Jobs, Regeneration and Climate Change",
        CABINET,
    ),
    PersonSpec(
        "ruth.okafor",
        "Ruth",
        "Okafor",
        "Cabinet Member for Public Health, Sport and Wellbeing",
        CABINET,
    ),
    PersonSpec(
        "helen.marsh",
        "Helen",
        "Marsh",
        "Cabinet Member for Children and Young People",
        CABINET,
    ),
    PersonSpec(
        "michael.byrne",
        "Michael",
        "Byrne",
        "Cabinet Member for Strategic Finance and Resources",
        CABINET,
    ),
    PersonSpec(
        "fatima.hussain",
        "Fatima",
        "Hussain",
        "Cabinet Member for City Services",
        CABINET,
    ),
    PersonSpec(
        "peter.walsh",
        "Peter",
        "Walsh",
        "Cabinet Member for Adult Services",
        CABINET,
    ),
    # Partners named on strategy boards.
    PersonSpec(
        "karen.doyle",
        "Karen",
        "Doyle",
        "Director of Housing, Coventry Community Homes",
        ("partner",),
    ),
    PersonSpec(
        "neil.okoro",
        "Neil",
        "Okoro",
        "Place Director, Integrated Care Board",
        ("partner",),
    ),
)

LINE_MANAGERS: dict[str, str | None] = {p.username: p.line_manager for p in PEOPLE}


@dataclass(frozen=True)
class TeamSpec:
    name: str
    manager: str


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    head: str
    teams: tuple[TeamSpec, ...]


@dataclass(frozen=True)
class DirectorateSpec:
    name: str
    director: str
    services: tuple[ServiceSpec, ...]


ORGANISATION: tuple[DirectorateSpec, ...] = (
    DirectorateSpec(
        "Adult Services and Housing",
        "margaret.ellis",
        (
            ServiceSpec(
                "Housing",
                "manager",
                (
                    TeamSpec("Housing Options", "manager"),
                    TeamSpec("Homelessness Prevention", "rachel.kaur"),
                ),
            ),
            ServiceSpec(
                "Adult Social Care",
                "linda.foster",
                (
                    TeamSpec("Reablement", "linda.foster"),
                    TeamSpec("Adult Safeguarding", "linda.foster"),
                ),
            ),
            ServiceSpec(
                "Public Health",
                "sarah.quinn",
                (
                    TeamSpec("Health Improvement", "sarah.quinn"),
                    TeamSpec("Health Protection", "sarah.quinn"),
                ),
            ),
        ),
    ),
    DirectorateSpec(
        "Children and Education",
        "daniel.brooks",
        (
            ServiceSpec(
                "Children's Services",
                "mark.davies",
                (
                    TeamSpec("Early Help", "mark.davies"),
                    TeamSpec("Children in Care", "mark.davies"),
                ),
            ),
            ServiceSpec(
                "Education and Skills",
                "joanne.price",
                (TeamSpec("School Improvement", "joanne.price"),),
            ),
        ),
    ),
    DirectorateSpec(
        "Finance and Resources",
        "claire.whitfield",
        (
            ServiceSpec(
                "Finance",
                "kevin.oneill",
                (
                    TeamSpec("Financial Management", "kevin.oneill"),
                    TeamSpec("Revenues and Benefits", "kevin.oneill"),
                ),
            ),
            ServiceSpec(
                "Human Resources",
                "angela.moss",
                (
                    TeamSpec("HR Business Partnering", "angela.moss"),
                    TeamSpec("Organisational Development", "angela.moss"),
                ),
            ),
            ServiceSpec(
                "Insight",
                "ben.carter",
                (TeamSpec("Performance and Intelligence", "ben.carter"),),
            ),
            ServiceSpec(
                "Customer Services",
                "lisa.grant",
                (
                    TeamSpec("Customer Contact Centre", "lisa.grant"),
                    TeamSpec("Complaints and Feedback", "lisa.grant"),
                ),
            ),
        ),
    ),
    DirectorateSpec(
        "Law and Governance",
        "robert.anand",
        (
            ServiceSpec(
                "Legal and Democratic Services",
                "simon.ward",
                (
                    TeamSpec("Democratic Services", "simon.ward"),
                    TeamSpec("Legal Services", "simon.ward"),
                ),
            ),
        ),
    ),
    DirectorateSpec(
        "Property Services and Development",
        "nadia.begum",
        (
            ServiceSpec(
                "Planning",
                "emma.holt",
                (
                    TeamSpec("Planning Policy", "emma.holt"),
                    TeamSpec("Development Management", "emma.holt"),
                ),
            ),
            ServiceSpec(
                "Culture and Libraries",
                "yusuf.ali",
                (
                    TeamSpec("Libraries", "yusuf.ali"),
                    TeamSpec("Culture and Events", "yusuf.ali"),
                ),
            ),
            ServiceSpec(
                "Streetpride and Parks",
                "gary.webb",
                (
                    TeamSpec("Parks and Green Spaces", "fiona.lowe"),
                    TeamSpec("Waste and Recycling", "gary.webb"),
                    TeamSpec("Street Cleansing", "gary.webb"),
                ),
            ),
            ServiceSpec(
                "Economic Development",
                "hannah.cole",
                (
                    TeamSpec("Jobs and Skills", "hannah.cole"),
                    TeamSpec("Climate Change and Sustainability", "owen.blake"),
                ),
            ),
        ),
    ),
)

HOUSING = "Housing and Communities"
JOBS = "Jobs, Regeneration and Climate Change"
HEALTH = "Public Health, Sport and Wellbeing"
CHILDREN = "Children and Young People"
FINANCE = "Strategic Finance and Resources"
CITY_SERVICES = "City Services"
ADULTS = "Adult Services"

PORTFOLIOS: dict[str, str] = {
    HOUSING: "cabinet",
    JOBS: "gareth.lloyd",
    HEALTH: "ruth.okafor",
    CHILDREN: "helen.marsh",
    FINANCE: "michael.byrne",
    CITY_SERVICES: "fatima.hussain",
    ADULTS: "peter.walsh",
}


# --------------------------------------------------------------------------------
# The One Coventry Plan
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSpec:
    key: str
    title: str
    narrative: str


@dataclass(frozen=True)
class PrioritySpec:
    key: str
    kind: str
    title: str
    narrative: str
    objectives: tuple[ObjectiveSpec, ...]


PLAN_PERIOD = "2022-30"
PLAN_VISION = (
    "Working together to improve our city and the lives of those who live, work and "
    "study here. One Coventry brings the council, its partners and residents behind "
    "three delivery priorities, supported by two enabling priorities that keep the "
    "council able to deliver them."
)

PRIORITIES: tuple[PrioritySpec, ...] = (
    PrioritySpec(
        "prosperity",
        Priority.Kind.DELIVERY,
        "Increasing the economic prosperity of the city and region",
        "A growing economy with good jobs that local people can reach, a city centre "
        "people want to visit and a cultural offer that lasts beyond the City of "
        "Culture year.",
        (
            ObjectiveSpec(
                "jobs",
                "Attract investment and create good quality jobs",
                "Bring new employers to the city's growth sites and help residents "
                "into the jobs they create.",
            ),
            ObjectiveSpec(
                "skills",
                "Raise skills so that residents share in growth",
                "Fewer residents without qualifications and fewer young people not in "
                "education, employment or training.",
            ),
            ObjectiveSpec(
                "city_centre",
                "A vibrant city centre and cultural offer",
                "Libraries, events and culture that bring people into the city and "
                "its neighbourhoods.",
            ),
        ),
    ),
    PrioritySpec(
        "inequalities",
        Priority.Kind.DELIVERY,
        "Improving outcomes and tackling inequalities within our communities",
        "As a Marmot City, Coventry works to close the gaps in health, housing and "
        "education between its most and least deprived neighbourhoods.",
        (
            ObjectiveSpec(
                "homes",
                "Prevent homelessness and increase the supply of affordable homes",
                "Act early so fewer households become homeless, and build the homes "
                "the city needs.",
            ),
            ObjectiveSpec(
                "health",
                "Improve health and wellbeing and reduce health inequalities",
                "Longer healthy lives, with the biggest gains where health is worst.",
            ),
            ObjectiveSpec(
                "children",
                "Give children and young people the best start in life",
                "Good early years, good schools and safe, stable homes for children "
                "in the council's care.",
            ),
            ObjectiveSpec(
                "adults",
                "Support adults to live independently",
                "Help people home from hospital and keep them well at home.",
            ),
        ),
    ),
    PrioritySpec(
        "climate",
        Priority.Kind.DELIVERY,
        "Tackling the causes and consequences of climate change",
        "Cut the city's and the council's emissions, waste less, and look after the "
        "green spaces that make Coventry resilient to a changing climate.",
        (
            ObjectiveSpec(
                "carbon",
                "Reduce carbon emissions from the city and the council",
                "Net zero for the council's own estate and fleet, and a falling "
                "footprint for the city.",
            ),
            ObjectiveSpec(
                "waste",
                "Reduce waste and increase recycling",
                "More household waste reused, recycled or composted.",
            ),
            ObjectiveSpec(
                "green",
                "Protect and improve green spaces and biodiversity",
                "More trees, well-kept parks and clean streets.",
            ),
        ),
    ),
    PrioritySpec(
        "finance",
        Priority.Kind.ENABLING,
        "Continued financial sustainability of the council",
        "A balanced budget every year, the income the council is due, and spending "
        "that supports the local economy.",
        (
            ObjectiveSpec(
                "budget",
                "Deliver a balanced budget and the medium-term financial strategy",
                "Hold spending to budget and deliver the agreed savings.",
            ),
            ObjectiveSpec(
                "income",
                "Collect the income the council is due",
                "Council tax and business rates collected on time, and benefits paid "
                "promptly.",
            ),
        ),
    ),
    PrioritySpec(
        "partner",
        Priority.Kind.ENABLING,
        "The council's role as a partner, enabler and leader",
        "A skilled, healthy and representative workforce that listens to residents "
        "and works with partners through One Coventry.",
        (
            ObjectiveSpec(
                "workforce",
                "Develop a skilled, diverse and healthy workforce",
                "Attendance, appraisal and engagement that let staff do their best "
                "work.",
            ),
            ObjectiveSpec(
                "customers",
                "Listen to residents and put customers first",
                "Answer people promptly and learn from complaints and surveys.",
            ),
            ObjectiveSpec(
                "partners",
                "Work with partners through One Coventry",
                "Spend locally and share what we know with partners.",
            ),
        ),
    ),
)

OLD_PLAN_PERIOD = "2016-24"
OLD_PRIORITIES: tuple[tuple[str, str], ...] = (
    (Priority.Kind.DELIVERY, "Globally connected"),
    (Priority.Kind.DELIVERY, "Locally committed"),
    (Priority.Kind.ENABLING, "Delivering our priorities"),
)


# --------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------


class Story(StrEnum):
    """What the latest complete year does, so the demo shows every verdict."""

    IMPROVED = "improved"
    GOT_WORSE = "got_worse"
    SIMILAR = "similar"
    TREND = "trend"  # carries on the trend: metrics with no good direction


@dataclass(frozen=True)
class Series:
    """How to generate a metric's figures for the five years to the latest one.

    `start` is the first year's figure and `step` the change a year (in the unit);
    the latest year moves by `last`, by enough to be significant when the verdict should
    be improved or got worse and by too little when it should be similar.
    `denominator` makes proportions and rates out of counts (so intervals can be
    derived); `ci_margin` gives survey estimates their published interval;
    `poisson_ci` publishes the exact interval of a rate beside it. `earlier` fixes
    the figures before the last year instead of drawing them from the trend.
    """

    start: float
    step: float
    last: Story
    noise: float = 0.0
    decimals: int = 1
    denominator: int | None = None
    denominator_step: int = 0
    ci_margin: float | None = None
    poisson_ci: bool = False
    # The four years before the latest, where the story of earlier years matters.
    earlier: tuple[float, float, float, float] | None = None


# One text for every year, or (year, text) pairs each applying from that year on.
Targets = str | tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class MetricSpec:
    code: str
    name: str
    unit: str
    perspective: str
    direction: Direction
    metric_type: str
    lead_lag: str
    delivery_mode: str
    team: str
    owner: str
    portfolio: str
    objective: str
    target: Targets
    source: str
    definition: str = ""
    series: Series | None = None
    # Written figures for the five years, oldest first (None: no figure that year).
    written: tuple[str | None, ...] = ()
    frequency: str = Metric.Frequency.ANNUAL
    # Written figures for the quarters shown, oldest first (else generated).
    quarters: tuple[str, ...] = ()
    # The owner has entered the last complete quarter too (see Timeline.quarters).
    latest_quarter_in: bool = False
    # The last complete quarter's figure is this many days overdue on the day the
    # demo is loaded: its entry lag is set to make it so.
    overdue_by: int | None = None
    seasonal: bool = False
    statutory: bool = False
    equality: bool = False
    marmot: bool = False
    similarity_band: str = "0"
    similarity_relative: bool = False
    statistic: str = Metric.Statistic.AUTO
    scale: tuple[str, ...] | None = None
    comparators: tuple[str, ...] = ALL_COMPARATORS
    breakdowns: tuple[str, ...] = ()
    label_style: str = "fy"
    provisional_latest: bool = False
    revised_year: int | None = None
    # Years with no figure, named as they are: the reasons are history.
    missing: tuple[str, ...] = ()
    headline: tuple[int, ...] = ()
    status: str = Metric.Status.AGREED
    # Who proposed it, where that was not the owner through the usual cycle.
    proposed_by: str | None = None


# When the cabinet agreed the scorecard of the 2022-30 plan (endorsed three weeks
# before).
METRICS_AGREED_ON = dt.date(2022, 5, 24)

M = Metric
UP, DOWN, NONE = Direction.UP, Direction.DOWN, Direction.NONE
ALL_YEARS = REPORT_YEARS  # a headline metric in every report year

METRICS: tuple[MetricSpec, ...] = (
    # --- Improving outcomes and tackling inequalities: homes ------------------------
    MetricSpec(
        "OCP001",
        "Homelessness cases prevented and relieved",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Housing Options",
        owner="officer",
        portfolio=HOUSING,
        objective="homes",
        target="To increase",
        source="H-CLIC statutory homelessness returns",
        definition=(
            "Households owed a prevention or relief duty whose duty ended with "
            "accommodation secured for at least six months."
        ),
        written=("976", "1,024", "1,071", "1,113", "1,163"),
        frequency=M.Frequency.QUARTERLY,
        # Loaded in the autumn, the first eight add up to the last two years.
        quarters=("268", "281", "274", "290", "287", "296", "279", "301", "305"),
        # Priya's journey starts here (JOURNEYS.md): the last complete quarter is
        # three days overdue; she enters 291 and sees "Got worse: 305 → 291".
        overdue_by=3,
        statutory=True,
        comparators=(STATISTICAL_NEIGHBOURS,),
        breakdowns=("ward",),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP002",
        "Households in temporary accommodation",
        "rate per 1,000 households",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Housing Options",
        owner="officer",
        portfolio=HOUSING,
        objective="homes",
        target="To reduce",
        source="H-CLIC statutory homelessness returns",
        definition=(
            "Households in temporary accommodation on the last night of the quarter; "
            "the year's figure is the one for the last night of March."
        ),
        series=Series(
            5.62,
            0.48,
            Story.GOT_WORSE,
            noise=0.12,
            decimals=2,
            denominator=139_800,
            denominator_step=950,
        ),
        frequency=M.Frequency.QUARTERLY,
        latest_quarter_in=True,
        statutory=True,
        equality=True,
        # A full count of households, not a sample: no interval around it.
        statistic=M.Statistic.NONE,
        breakdowns=("ward",),
        label_style="snapshot",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP003",
        "Families with children in bed and breakfast for more than six weeks",
        "number",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Housing Options",
        owner="officer",
        portfolio=HOUSING,
        objective="homes",
        target="0",
        source="H-CLIC statutory homelessness returns",
        written=("4", "9", "17", "22", "31"),
        statutory=True,
        comparators=(),
        label_style="snapshot",
    ),
    MetricSpec(
        "OCP004",
        "Households supported through the landlord incentive scheme",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Housing Options",
        owner="officer",
        portfolio=HOUSING,
        objective="homes",
        target=((NEXT_YEAR, "200"),),
        source="Housing Options case management system",
        definition=(
            "Households housed in a private rented home found through the landlord "
            "incentive scheme, a pilot that began in the September of its first "
            "year of figures."
        ),
        written=(None, None, None, None, "148"),
        comparators=(),
        # Tom has endorsed Priya's proposal; it waits for the cabinet member.
        status=M.Status.ENDORSED,
        proposed_by="officer",
    ),
    MetricSpec(
        "OCP005",
        "Net additional homes delivered",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Planning Policy",
        owner="emma.holt",
        portfolio=JOBS,
        objective="homes",
        target="1,490",
        source="Housing Delivery Test and council monitoring",
        series=Series(1182, 96, Story.IMPROVED, noise=70, decimals=0),
        comparators=(),
        provisional_latest=True,
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP006",
        "Affordable homes delivered",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Housing Options",
        owner="manager",
        portfolio=HOUSING,
        objective="homes",
        target="To increase",
        source="Affordable housing completions (council and registered providers)",
        series=Series(176, 28, Story.IMPROVED, noise=22, decimals=0),
        frequency=M.Frequency.QUARTERLY,
        latest_quarter_in=True,
        comparators=(),
        revised_year=-2,
        headline=ALL_YEARS,
    ),
    # --- health -----------------------------------------------------------------
    MetricSpec(
        "OCP007",
        "Healthy life expectancy at birth (female)",
        "years",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Health Improvement",
        owner="sarah.quinn",
        portfolio=HEALTH,
        objective="health",
        target="Equal to or better than national average",
        source="ONS health state life expectancies",
        series=Series(60.6, -0.35, Story.SIMILAR, noise=0.2),
        equality=True,
        marmot=True,
        similarity_band="0.5",
        label_style="rolling3",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP008",
        "Healthy life expectancy at birth (male)",
        "years",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Health Improvement",
        owner="sarah.quinn",
        portfolio=HEALTH,
        objective="health",
        target="Equal to or better than national average",
        source="ONS health state life expectancies",
        series=Series(61.4, -0.2, Story.GOT_WORSE, noise=0.25),
        equality=True,
        marmot=True,
        similarity_band="0.5",
        label_style="rolling3",
    ),
    MetricSpec(
        "OCP009",
        "Children aged 10 to 11 living with excess weight",
        "%",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Health Improvement",
        owner="lucy.chen",
        portfolio=HEALTH,
        objective="health",
        target="Better than statistical neighbours",
        source="National Child Measurement Programme",
        series=Series(
            39.6,
            0.5,
            Story.SIMILAR,
            noise=0.3,
            denominator=4_150,
            denominator_step=35,
        ),
        equality=True,
        marmot=True,
        breakdowns=("sex", "ethnicity", "ward"),
        label_style="academic",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP010",
        "Adults who smoke",
        "%",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Health Improvement",
        owner="lucy.chen",
        portfolio=HEALTH,
        objective="health",
        target="<12%",
        source="ONS Annual Population Survey",
        series=Series(17.2, -0.8, Story.IMPROVED, noise=0.4),
        marmot=True,
        breakdowns=("sex",),
        label_style="calendar",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP011",
        "Under-75 mortality from causes considered preventable",
        "rate per 100,000 population",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Health Improvement",
        owner="sarah.quinn",
        portfolio=HEALTH,
        objective="health",
        target="Reduce gap with national average",
        source="OHID Public Health Outcomes Framework",
        series=Series(
            198.4,
            -2.6,
            Story.SIMILAR,
            noise=3.0,
            denominator=317_500,
            denominator_step=1_800,
            poisson_ci=True,
        ),
        equality=True,
        marmot=True,
        label_style="calendar",
        headline=ALL_YEARS,
    ),
    # --- children ---------------------------------------------------------------
    MetricSpec(
        "OCP012",
        "Children achieving a good level of development at age 5",
        "%",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="School Improvement",
        owner="joanne.price",
        portfolio=CHILDREN,
        objective="children",
        target="Better than statistical neighbours",
        source="Early years foundation stage profile (DfE)",
        definition="Not collected in 2020/21 because of the pandemic.",
        series=Series(
            58.9,
            2.1,
            Story.IMPROVED,
            noise=0.4,
            denominator=4_480,
            denominator_step=-40,
        ),
        equality=True,
        marmot=True,
        breakdowns=("sex", "ethnicity"),
        label_style="academic",
        missing=("2020-21",),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP013",
        "Pupils attending a good or outstanding school",
        "%",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="School Improvement",
        owner="joanne.price",
        portfolio=CHILDREN,
        objective="children",
        target="95%",
        source="Ofsted school inspection outcomes",
        series=Series(81.5, 1.6, Story.IMPROVED, noise=0.8),
        label_style="academic",
    ),
    MetricSpec(
        "OCP014",
        "Children in care",
        "rate per 10,000 children",
        Perspective.OUTCOMES,
        NONE,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Children in Care",
        owner="mark.davies",
        portfolio=CHILDREN,
        objective="children",
        target="Target not applicable",
        source="SSDA903 children looked after return",
        definition=(
            "A context measure: neither a rise nor a fall is good in itself, so the "
            "metric has no good direction and no target."
        ),
        series=Series(91, 2.2, Story.TREND, noise=1.5, decimals=0),
        label_style="snapshot",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP015",
        "Ofsted judgement of children's services",
        "judgement",
        Perspective.QUALITY,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Children in Care",
        owner="mark.davies",
        portfolio=CHILDREN,
        objective="children",
        target="Good",
        source="Ofsted inspection of local authority children's services",
        written=(
            "Requires improvement to be good",
            "Requires improvement to be good",
            "Good",
            "Good",
            "Good",
        ),
        scale=OFSTED_JUDGEMENTS,
        statutory=True,
        comparators=(),
    ),
    # --- adults -----------------------------------------------------------------
    MetricSpec(
        "OCP016",
        "Older people at home 91 days after leaving hospital into reablement",
        "%",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Reablement",
        owner="linda.foster",
        portfolio=ADULTS,
        objective="adults",
        target="Between 80% and 90%",
        source="Adult Social Care Outcomes Framework (2B1)",
        series=Series(
            84.6,
            0.5,
            Story.GOT_WORSE,
            noise=0.6,
            denominator=1_180,
            denominator_step=20,
        ),
        statutory=True,
        headline=ALL_YEARS,
    ),
    # --- Increasing the economic prosperity of the city and region ------------
    MetricSpec(
        "OCP017",
        "Employment rate of residents aged 16 to 64",
        "%",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Jobs and Skills",
        owner="hannah.cole",
        portfolio=JOBS,
        objective="jobs",
        target="Better than statistical neighbours",
        source="ONS Annual Population Survey",
        series=Series(68.4, 0.8, Story.SIMILAR, noise=0.6, ci_margin=2.4),
        equality=True,
        breakdowns=("sex", "ethnicity", "disability"),
        label_style="months",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP018",
        "Median gross weekly pay of full-time workers living in Coventry",
        "£",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Jobs and Skills",
        owner="hannah.cole",
        portfolio=JOBS,
        objective="jobs",
        target="To increase",
        source="ONS Annual Survey of Hours and Earnings",
        series=Series(548.3, 21.5, Story.IMPROVED, noise=5),
        label_style="calendar",
        provisional_latest=True,
        revised_year=-1,
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP019",
        "Gross value added per head",
        "£",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Jobs and Skills",
        owner="hannah.cole",
        portfolio=JOBS,
        objective="jobs",
        target="None set",
        source="ONS regional gross value added (balanced)",
        series=Series(25_410, 820, Story.IMPROVED, noise=300, decimals=0),
        label_style="calendar",
    ),
    MetricSpec(
        "OCP020",
        "Working-age residents with no qualifications",
        "%",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Jobs and Skills",
        owner="hannah.cole",
        portfolio=JOBS,
        objective="skills",
        target="To reduce",
        source="ONS Annual Population Survey",
        series=Series(9.9, -0.4, Story.IMPROVED, noise=0.3),
        equality=True,
        marmot=True,
        label_style="calendar",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP021",
        "Young people aged 16 to 17 not in education, employment or training",
        "%",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LEAD,
        M.DeliveryMode.PARTNERSHIP,
        team="Jobs and Skills",
        owner="hannah.cole",
        portfolio=CHILDREN,
        objective="skills",
        target="To reduce by 5%",
        source="DfE NEET and participation statistics",
        definition="Includes young people whose activity is not known.",
        series=Series(5.8, -0.25, Story.IMPROVED, noise=0.2),
        equality=True,
    ),
    MetricSpec(
        "OCP022",
        "Visits to libraries",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Libraries",
        owner="yusuf.ali",
        portfolio=HOUSING,
        objective="city_centre",
        target="To maintain",
        source="Library management system door counts",
        definition="Door counts at the Central Library and the community libraries.",
        written=("802,415", "846,093", "871,330", "934,871", "951,226"),
        frequency=M.Frequency.QUARTERLY,
        seasonal=True,
        similarity_band="0.02",
        similarity_relative=True,
        comparators=(),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP023",
        "Attendance at council-supported cultural events",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PARTNERSHIP,
        team="Culture and Events",
        owner="yusuf.ali",
        portfolio=JOBS,
        objective="city_centre",
        target="None set",
        source="Event organisers' returns",
        written=("41,250", "118,400", "164,900", "172,300", "151,800"),
        comparators=(),
        # Dropped from the headline in the latest year.
        headline=(-2, -1),
    ),
    # --- Tackling the causes and consequences of climate change ----------------
    MetricSpec(
        "OCP024",
        "Carbon dioxide emissions per resident",
        "tonnes",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Climate Change and Sustainability",
        owner="owen.blake",
        portfolio=JOBS,
        objective="carbon",
        target="To reduce",
        source="DESNZ local authority greenhouse gas emissions",
        series=Series(3.92, -0.11, Story.IMPROVED, noise=0.04),
        label_style="calendar",
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP025",
        "The council's own greenhouse gas emissions",
        "tonnes CO2e",
        Perspective.OUTCOMES,
        DOWN,
        M.MetricType.OUTCOME,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Climate Change and Sustainability",
        owner="owen.blake",
        portfolio=JOBS,
        objective="carbon",
        target="To reduce by 5%",
        source="Council energy and fuel records (scopes 1 and 2)",
        series=Series(24_860, -1_310, Story.IMPROVED, noise=300, decimals=0),
        comparators=(),
    ),
    MetricSpec(
        "OCP026",
        "Display Energy Certificate rating of the Council House",
        "rating",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Climate Change and Sustainability",
        owner="owen.blake",
        portfolio=JOBS,
        objective="carbon",
        target="B",
        source="Display Energy Certificate register",
        written=("E", "E", "D", "D", "C"),
        scale=LETTER_RATINGS,
        comparators=(),
    ),
    MetricSpec(
        "OCP027",
        "Household waste reused, recycled or composted",
        "%",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Waste and Recycling",
        owner="gary.webb",
        portfolio=CITY_SERVICES,
        objective="waste",
        target=((FIRST_YEAR, "40%"), (NEXT_YEAR, "45%")),
        source="WasteDataFlow",
        series=Series(31.6, 0.7, Story.GOT_WORSE, earlier=(31.6, 32.4, 33.4, 32.7)),
        statutory=True,
        provisional_latest=True,
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP028",
        "Trees planted on council land",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PARTNERSHIP,
        team="Parks and Green Spaces",
        owner="fiona.lowe",
        portfolio=CITY_SERVICES,
        objective="green",
        target="None set",
        source="Parks planting records",
        series=Series(1_850, 430, Story.IMPROVED, noise=160, decimals=0),
        comparators=(),
        # New to the headline in the latest year.
        headline=(LATEST,),
    ),
    MetricSpec(
        "OCP029",
        "Parks holding a Green Flag Award",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Parks and Green Spaces",
        owner="fiona.lowe",
        portfolio=CITY_SERVICES,
        objective="green",
        target="To maintain",
        source="Keep Britain Tidy Green Flag Award results",
        written=("6", "6", "7", "8", "8"),
        comparators=(),
    ),
    MetricSpec(
        "OCP030",
        "Land with unacceptable levels of litter",
        "%",
        Perspective.QUALITY,
        DOWN,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Street Cleansing",
        owner="gary.webb",
        portfolio=CITY_SERVICES,
        objective="green",
        target="<6%",
        source="Local environmental quality surveys",
        series=Series(7.4, -0.3, Story.GOT_WORSE, noise=0.3),
        comparators=(),
    ),
    # --- Continued financial sustainability of the council ---------------------
    MetricSpec(
        "OCP031",
        "Revenue budget variance at year end",
        "£ millions",
        Perspective.FINANCE,
        DOWN,
        M.MetricType.INPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Financial Management",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="budget",
        # Written as the budget report words it; the rules cannot read it, so it is
        # kept with a flag until someone structures it.
        target="Balanced budget at year end",
        source="Revenue outturn report to Cabinet",
        definition="Overspend against the revenue budget; an underspend is negative.",
        written=("3.1", "-1.4", "12.4", "9.6", "4.8"),
        comparators=(),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP032",
        "Council tax collected in year",
        "%",
        Perspective.FINANCE,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Revenues and Benefits",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="income",
        target="96%",
        source="Quarterly return of council tax collection (QRC4)",
        series=Series(94.9, 0.15, Story.GOT_WORSE, earlier=(94.6, 95.2, 95.4, 95.1)),
        statutory=True,
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP033",
        "Business rates collected in year",
        "%",
        Perspective.FINANCE,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Revenues and Benefits",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="income",
        target="97.5%",
        source="Quarterly return of non-domestic rates collection (QRC4)",
        series=Series(95.6, 0.4, Story.SIMILAR, noise=0.2),
        statutory=True,
    ),
    MetricSpec(
        "OCP034",
        "Savings delivered against the savings plan",
        "£ millions",
        Perspective.FINANCE,
        UP,
        M.MetricType.INPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Financial Management",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="budget",
        target=">10",
        source="Medium-term financial strategy monitoring",
        series=Series(8.4, 1.1, Story.IMPROVED, noise=0.5),
        comparators=(),
    ),
    MetricSpec(
        "OCP035",
        "Council spend with Coventry-based suppliers",
        "%",
        Perspective.FINANCE,
        UP,
        M.MetricType.INPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Financial Management",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="partners",
        target="To increase",
        source="Procurement spend analysis",
        series=Series(37.8, 1.3, Story.IMPROVED, noise=0.6),
        comparators=(),
    ),
    # --- The council's role as a partner, enabler and leader: workforce --------
    MetricSpec(
        "OCP036",
        "Working days lost to sickness absence",
        "days per FTE",
        Perspective.WORKFORCE,
        DOWN,
        M.MetricType.INPUT,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="HR Business Partnering",
        owner="angela.moss",
        portfolio=FINANCE,
        objective="workforce",
        target=((FIRST_YEAR, "<=10"), (-1, "<=9.5")),
        source="HR and payroll system",
        series=Series(9.2, 0.3, Story.GOT_WORSE, noise=0.15),
        similarity_band="0.2",
        comparators=(),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP037",
        "Employees with a completed annual appraisal",
        "%",
        Perspective.WORKFORCE,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Organisational Development",
        owner="angela.moss",
        portfolio=FINANCE,
        objective="workforce",
        target="95%",
        source="Appraisal records",
        series=Series(
            68.5,
            5.5,
            Story.IMPROVED,
            noise=1.5,
            denominator=4_620,
            denominator_step=-25,
        ),
        comparators=(),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP038",
        "Staff turnover",
        "%",
        Perspective.WORKFORCE,
        NONE,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="HR Business Partnering",
        owner="angela.moss",
        portfolio=FINANCE,
        objective="workforce",
        target="None set",
        source="HR and payroll system",
        series=Series(11.6, 0.4, Story.TREND, noise=0.5),
        comparators=(),
    ),
    MetricSpec(
        "OCP039",
        "Employees from Black, Asian and minority ethnic backgrounds",
        "%",
        Perspective.WORKFORCE,
        UP,
        M.MetricType.OUTCOME,
        M.LeadLag.LAG,
        M.DeliveryMode.PROVIDES,
        team="Organisational Development",
        owner="angela.moss",
        portfolio=FINANCE,
        objective="workforce",
        target="To increase",
        source="HR and payroll system",
        series=Series(19.4, 1.0, Story.IMPROVED, noise=0.3),
        equality=True,
        comparators=(),
    ),
    MetricSpec(
        "OCP040",
        "Staff engagement index",
        "score",
        Perspective.WORKFORCE,
        UP,
        M.MetricType.PERCEPTION,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Organisational Development",
        owner="angela.moss",
        portfolio=FINANCE,
        objective="workforce",
        target=">=70",
        source="Annual staff survey",
        series=Series(63, 1.2, Story.IMPROVED, noise=0.8, decimals=0),
        similarity_band="1",
        comparators=(),
        headline=ALL_YEARS,
    ),
    # --- customers --------------------------------------------------------------
    MetricSpec(
        "OCP041",
        "Complaints responded to within 10 working days",
        "%",
        Perspective.QUALITY,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Complaints and Feedback",
        owner="lisa.grant",
        portfolio=FINANCE,
        objective="customers",
        target="90%",
        source="Complaints case management system",
        series=Series(71.5, 3.2, Story.IMPROVED, noise=1.2),
        frequency=M.Frequency.QUARTERLY,
        comparators=(),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP042",
        "Residents satisfied with their local area as a place to live",
        "%",
        Perspective.QUALITY,
        UP,
        M.MetricType.PERCEPTION,
        M.LeadLag.LAG,
        M.DeliveryMode.CHAMPIONS,
        team="Performance and Intelligence",
        owner="ben.carter",
        portfolio=FINANCE,
        objective="customers",
        target=">70",
        source="Coventry Household Survey",
        series=Series(72.6, -0.9, Story.SIMILAR, noise=0.6, ci_margin=2.6),
        equality=True,
        comparators=(ENGLAND,),
        breakdowns=("sex", "age band", "disability", "ward"),
        headline=ALL_YEARS,
    ),
    MetricSpec(
        "OCP043",
        "Calls to the contact centre answered within 60 seconds",
        "%",
        Perspective.QUALITY,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Customer Contact Centre",
        owner="lisa.grant",
        portfolio=FINANCE,
        objective="customers",
        target="80%",
        source="Telephony system",
        series=Series(63.8, 2.4, Story.GOT_WORSE, noise=1.5),
        frequency=M.Frequency.QUARTERLY,
        comparators=(),
    ),
    MetricSpec(
        "OCP044",
        "Major planning applications decided in time",
        "%",
        Perspective.QUALITY,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Development Management",
        owner="emma.holt",
        portfolio=JOBS,
        objective="jobs",
        target="60%",
        source="MHCLG planning application statistics (PS2)",
        series=Series(86.5, 1.6, Story.IMPROVED, noise=2.0),
        statutory=True,
    ),
    MetricSpec(
        "OCP045",
        "Average days to process a new Housing Benefit claim",
        "days",
        Perspective.QUALITY,
        DOWN,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Revenues and Benefits",
        owner="kevin.oneill",
        portfolio=FINANCE,
        objective="income",
        target="<=20",
        source="DWP Single Housing Benefit Extract",
        series=Series(23.8, -1.3, Story.IMPROVED, noise=0.7),
    ),
    MetricSpec(
        "OCP046",
        "Families seen at homelessness prevention surgeries in family hubs",
        "number",
        Perspective.OUTCOMES,
        UP,
        M.MetricType.OUTPUT,
        M.LeadLag.LEAD,
        M.DeliveryMode.PROVIDES,
        team="Housing Options",
        owner="officer",
        portfolio=HOUSING,
        objective="homes",
        target=((NEXT_YEAR, "To increase"),),
        source="Housing Options case management system",
        definition="Families seen at a family hub surgery before any notice is served.",
        written=(None, None, None, None, None),
        comparators=(),
        # Priya's proposal, waiting for Tom to endorse it.
        status=M.Status.PROPOSED,
        proposed_by="officer",
    ),
)


# --------------------------------------------------------------------------------
# Key strategies, action plans and case studies
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateSpec:
    date: dt.date
    status: str
    percent: int
    narrative: str
    author: str


@dataclass(frozen=True)
class ActionSpec:
    title: str
    description: str
    owner: str
    team: str
    start: dt.date
    due: dt.date
    resources: str
    status: str
    percent: int
    updates: tuple[UpdateSpec, ...] = ()


@dataclass(frozen=True)
class ActionPlanSpec:
    title: str
    service: str
    team: str
    metrics: tuple[str, ...]
    actions: tuple[ActionSpec, ...]


@dataclass(frozen=True)
class StepSpec:
    kind: str
    description: str
    metrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class StrategySpec:
    title: str
    summary: str
    team: str
    cabinet_member: str
    board: str
    priorities: tuple[str, ...]
    objectives: tuple[str, ...]
    review_date: dt.date
    steps: tuple[StepSpec, ...]
    action_plans: tuple[ActionPlanSpec, ...]
    board_members: tuple[str, ...] = ()
    status: str = Strategy.Status.ACTIVE


A = Action.Status
K = ChangeStep.Kind
D = dt.date

STRATEGIES: tuple[StrategySpec, ...] = (
    StrategySpec(
        "Housing and Homelessness Strategy",
        "How the council and its partners prevent homelessness, end the use of bed "
        "and breakfast for families, and increase the supply of affordable homes.",
        team="Housing Options",
        cabinet_member="cabinet",
        board="Housing and Homelessness Partnership Board",
        board_members=("karen.doyle",),
        priorities=("inequalities",),
        objectives=("homes",),
        review_date=D(2027, 3, 31),
        steps=(
            StepSpec(
                K.INPUT,
                "Homelessness Prevention Grant, Housing Options caseworkers and a "
                "landlord incentive budget.",
            ),
            StepSpec(
                K.ACTIVITY,
                "Prevention casework from first contact, including in family hubs; "
                "incentives that open up private rented homes to households we help.",
                ("OCP004",),
            ),
            StepSpec(
                K.OUTPUT,
                "More households kept in their homes or helped into settled homes, "
                "and more affordable homes built with registered providers.",
                ("OCP001", "OCP006"),
            ),
            StepSpec(
                K.OUTCOME,
                "Fewer households, and especially families, in temporary "
                "accommodation; no family in bed and breakfast beyond six weeks.",
                ("OCP002", "OCP003"),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                # Its actions run 2025-27 on REFERENCE_DAY, but the appraisal demo
                # and its tests know the plan by this title.
                "Housing and Homelessness Action Plan 2024-26",
                service="Housing",
                team="Housing Options",
                metrics=("OCP001", "OCP002", "OCP003", "OCP004"),
                actions=(
                    ActionSpec(
                        "Open homelessness prevention surgeries in the family hubs",
                        "Weekly drop-in sessions in each of the eight family hubs, so "
                        "families get advice before a notice to quit becomes an "
                        "eviction.",
                        owner="officer",
                        team="Housing Options",
                        start=D(2025, 4, 1),
                        due=D(2027, 3, 31),
                        resources="Two prevention caseworkers funded from the "
                        "Homelessness Prevention Grant; rooms in family hubs at no "
                        "cost.",
                        status=A.ON_TRACK,
                        percent=70,
                        updates=(
                            UpdateSpec(
                                D(2025, 7, 15),
                                A.ON_TRACK,
                                20,
                                "Surgeries running in three hubs. 41 families seen "
                                "in the first ten weeks, 29 of them before any "
                                "notice was served.",
                                "officer",
                            ),
                            UpdateSpec(
                                D(2025, 11, 4),
                                A.ON_TRACK,
                                45,
                                "Six hubs now covered. Health visitors are "
                                "referring families directly, which we did not "
                                "expect and which is working well.",
                                "officer",
                            ),
                            UpdateSpec(
                                D(2026, 6, 23),
                                A.ON_TRACK,
                                70,
                                "All eight hubs covered from June. Next step is an "
                                "evening session for working parents.",
                                "officer",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "End the use of bed and breakfast for families beyond six "
                        "weeks",
                        "Replace hotel and bed and breakfast placements with "
                        "self-contained temporary homes leased from local landlords.",
                        owner="officer",
                        team="Housing Options",
                        start=D(2025, 4, 1),
                        due=D(2026, 12, 31),
                        resources="Temporary accommodation procurement budget of "
                        "£1.2m; Housing Options team time.",
                        status=A.AT_RISK,
                        percent=45,
                        updates=(
                            UpdateSpec(
                                D(2025, 9, 30),
                                A.ON_TRACK,
                                25,
                                "34 self-contained units leased so far against a "
                                "plan of 30 by September.",
                                "officer",
                            ),
                            UpdateSpec(
                                D(2026, 4, 14),
                                A.AT_RISK,
                                40,
                                "Two hotels left the framework in March and demand "
                                "from families rose by a fifth over the winter. We "
                                "are negotiating with a housing association for 20 "
                                "more units, but the December date is at risk.",
                                "officer",
                            ),
                            UpdateSpec(
                                D(2026, 11, 9),
                                A.AT_RISK,
                                45,
                                "The housing association has agreed the 20 units "
                                "and handed over the first eight in October. Six "
                                "families are still past six weeks in bed and "
                                "breakfast, so December stays at risk.",
                                "officer",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Launch a landlord incentive scheme for private rented homes",
                        "Offer landlords a deposit, rent in advance and a tenancy "
                        "support service in return for tenancies of at least a "
                        "year.",
                        owner="manager",
                        team="Housing Options",
                        start=D(2025, 9, 1),
                        due=D(2027, 3, 31),
                        resources="£350,000 a year incentive budget; one landlord "
                        "liaison officer.",
                        status=A.ON_TRACK,
                        percent=80,
                        updates=(
                            UpdateSpec(
                                D(2026, 3, 31),
                                A.ON_TRACK,
                                50,
                                "148 households housed through the pilot in its "
                                "first seven months. A proposed metric and target "
                                "go to the cabinet member for agreement.",
                                "manager",
                            ),
                            UpdateSpec(
                                D(2026, 11, 16),
                                A.ON_TRACK,
                                80,
                                "231 households housed since the pilot began. The "
                                "business case to make the scheme permanent goes "
                                "to Cabinet in January.",
                                "manager",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Publish a new housing allocations policy",
                        "Consult on and adopt an allocations policy that gives "
                        "priority to households leaving temporary accommodation.",
                        owner="rachel.kaur",
                        team="Homelessness Prevention",
                        start=D(2025, 4, 1),
                        due=D(2025, 12, 31),
                        resources="Policy officer time; consultation budget £8,000.",
                        status=A.COMPLETE,
                        percent=100,
                        updates=(
                            UpdateSpec(
                                D(2025, 12, 9),
                                A.COMPLETE,
                                100,
                                "Adopted by Cabinet on 3 December after a "
                                "consultation that drew 612 responses.",
                                "rachel.kaur",
                            ),
                        ),
                    ),
                ),
            ),
            ActionPlanSpec(
                "Homelessness Prevention team plan 2026-27",
                service="Housing",
                team="Homelessness Prevention",
                metrics=("OCP001",),
                actions=(
                    ActionSpec(
                        "Train partner agencies in the duty to refer",
                        "Sessions for probation, hospital and job centre staff so "
                        "referrals arrive earlier and with the right details.",
                        owner="rachel.kaur",
                        team="Homelessness Prevention",
                        start=D(2026, 4, 1),
                        due=D(2027, 3, 31),
                        resources="Team time; training materials from the "
                        "partnership board.",
                        status=A.ON_TRACK,
                        percent=55,
                        updates=(
                            UpdateSpec(
                                D(2026, 7, 21),
                                A.ON_TRACK,
                                55,
                                "Eleven sessions delivered to 164 staff; referrals "
                                "from the hospital have doubled.",
                                "rachel.kaur",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Set up a hospital discharge housing pathway",
                        "A named housing worker on the discharge team so nobody "
                        "leaves hospital with nowhere to go.",
                        owner="rachel.kaur",
                        team="Homelessness Prevention",
                        start=D(2026, 10, 1),
                        due=D(2027, 9, 30),
                        resources="One housing worker, jointly funded with the "
                        "Integrated Care Board.",
                        status=A.NOT_STARTED,
                        percent=0,
                    ),
                ),
            ),
        ),
    ),
    StrategySpec(
        "Local Plan",
        "The review of the city's Local Plan: where new homes, jobs and "
        "infrastructure will go to 2041.",
        team="Planning Policy",
        cabinet_member="gareth.lloyd",
        board="Local Plan Steering Group",
        priorities=("prosperity", "inequalities"),
        objectives=("jobs", "homes"),
        review_date=D(2027, 12, 31),
        status=Strategy.Status.UNDER_REVIEW,
        steps=(
            StepSpec(K.INPUT, "The planning policy team and the evidence base."),
            StepSpec(
                K.ACTIVITY,
                "Allocate land for homes and employment; set design codes.",
            ),
            StepSpec(
                K.OUTPUT,
                "Planning decisions made in time; homes completed.",
                ("OCP044", "OCP005"),
            ),
            StepSpec(
                K.OUTCOME,
                "Enough good homes and jobs for a growing city.",
                ("OCP006", "OCP017"),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                "Local Plan review programme",
                service="Planning",
                team="Planning Policy",
                metrics=("OCP005",),
                actions=(
                    ActionSpec(
                        "Consult on the draft Local Plan review",
                        "Regulation 18 consultation on the draft plan and its "
                        "site allocations.",
                        owner="emma.holt",
                        team="Planning Policy",
                        start=D(2025, 1, 8),
                        due=D(2025, 10, 31),
                        resources="Planning policy team; consultation budget £25,000.",
                        status=A.COMPLETE,
                        percent=100,
                        updates=(
                            UpdateSpec(
                                D(2025, 11, 11),
                                A.COMPLETE,
                                100,
                                "Consultation closed with 2,310 comments; a summary "
                                "goes to the steering group in January.",
                                "emma.holt",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Submit the Local Plan review for examination",
                        "Publish the submission plan and send it to the Planning "
                        "Inspectorate.",
                        owner="emma.holt",
                        team="Planning Policy",
                        start=D(2026, 1, 6),
                        due=D(2027, 6, 30),
                        resources="Planning policy team; examination budget £180,000.",
                        status=A.ON_TRACK,
                        percent=35,
                        updates=(
                            UpdateSpec(
                                D(2026, 7, 7),
                                A.ON_TRACK,
                                35,
                                "Evidence on employment land refreshed; transport "
                                "modelling due in the autumn.",
                                "emma.holt",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    StrategySpec(
        "Cultural Strategy",
        "Building on the City of Culture year: culture and libraries that reach "
        "every neighbourhood and bring visitors into the city.",
        team="Culture and Events",
        cabinet_member="gareth.lloyd",
        board="Coventry Cultural Partnership",
        priorities=("prosperity", "inequalities"),
        objectives=("city_centre",),
        review_date=D(2028, 3, 31),
        steps=(
            StepSpec(K.INPUT, "Arts grants, library staff and buildings."),
            StepSpec(
                K.ACTIVITY,
                "Events in neighbourhoods and the city centre; longer library "
                "opening hours.",
            ),
            StepSpec(
                K.OUTPUT,
                "More visits to libraries and cultural events.",
                ("OCP022", "OCP023"),
            ),
            StepSpec(
                K.OUTCOME,
                "Residents who take part in culture and feel proud of their city.",
                ("OCP042",),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                "Culture and Libraries plan 2025-26",
                service="Culture and Libraries",
                team="Libraries",
                metrics=("OCP022",),
                actions=(
                    ActionSpec(
                        "Extend opening hours in three community libraries",
                        "Open until 7pm two evenings a week, staffed with "
                        "volunteers and the library team.",
                        owner="yusuf.ali",
                        team="Libraries",
                        start=D(2025, 6, 1),
                        due=D(2026, 5, 31),
                        resources="Volunteer coordinator; £40,000 staffing.",
                        status=A.ON_TRACK,
                        percent=60,
                        updates=(
                            UpdateSpec(
                                D(2026, 1, 20),
                                A.ON_TRACK,
                                60,
                                "Two of the three libraries now open late; evening "
                                "visits are up by a third.",
                                "yusuf.ali",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Run digital skills sessions in the Central Library makerspace",
                        "Weekly sessions with the Job Shop for people looking for "
                        "work.",
                        owner="yusuf.ali",
                        team="Libraries",
                        start=D(2025, 4, 1),
                        due=D(2026, 3, 31),
                        resources="Makerspace equipment; Job Shop advisers.",
                        status=A.COMPLETE,
                        percent=100,
                    ),
                ),
            ),
        ),
    ),
    StrategySpec(
        "Green Space Strategy",
        "Looking after the city's parks and green spaces, planting trees and "
        "keeping streets clean.",
        team="Parks and Green Spaces",
        cabinet_member="fatima.hussain",
        board="Green Space Forum",
        priorities=("climate",),
        objectives=("green",),
        review_date=D(2027, 9, 30),
        steps=(
            StepSpec(K.INPUT, "Parks staff, volunteers and tree planting grants."),
            StepSpec(K.ACTIVITY, "Planting with schools and community groups."),
            StepSpec(
                K.OUTPUT,
                "Trees planted; parks kept to award standard.",
                ("OCP028", "OCP029"),
            ),
            StepSpec(
                K.OUTCOME,
                "Greener, cleaner neighbourhoods that cope better with heat and "
                "flooding.",
                ("OCP030",),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                "Parks and green spaces action plan",
                service="Streetpride and Parks",
                team="Parks and Green Spaces",
                metrics=("OCP028", "OCP029"),
                actions=(
                    ActionSpec(
                        "Plant 3,000 trees with schools and community groups",
                        "Planting days over two winters, with pupils caring for "
                        "their trees for three years.",
                        owner="fiona.lowe",
                        team="Parks and Green Spaces",
                        start=D(2025, 10, 1),
                        due=D(2027, 3, 31),
                        resources="Urban Tree Challenge Fund grant £96,000; parks "
                        "team.",
                        status=A.ON_TRACK,
                        percent=75,
                        updates=(
                            UpdateSpec(
                                D(2026, 3, 17),
                                A.ON_TRACK,
                                75,
                                "2,260 trees planted this winter with 19 schools.",
                                "fiona.lowe",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Apply for Green Flag status for two more parks",
                        "Bring two neighbourhood parks up to award standard.",
                        owner="fiona.lowe",
                        team="Parks and Green Spaces",
                        start=D(2026, 4, 1),
                        due=D(2027, 1, 31),
                        resources="Parks improvement budget £60,000.",
                        status=A.ON_TRACK,
                        percent=50,
                    ),
                ),
            ),
        ),
    ),
    StrategySpec(
        "Health and Wellbeing Strategy",
        "The Health and Wellbeing Board's strategy for a Marmot City: longer, "
        "healthier lives and smaller gaps between neighbourhoods.",
        team="Health Improvement",
        cabinet_member="ruth.okafor",
        board="Coventry Health and Wellbeing Board",
        board_members=("neil.okoro",),
        priorities=("inequalities",),
        objectives=("health", "children"),
        review_date=D(2027, 6, 30),
        steps=(
            StepSpec(K.INPUT, "Public health grant and NHS partnership funding."),
            StepSpec(
                K.ACTIVITY,
                "Stop smoking support in pharmacies; healthy weight programmes in "
                "schools.",
            ),
            StepSpec(
                K.OUTPUT,
                "Fewer smokers and fewer children living with excess weight.",
                ("OCP010", "OCP009"),
            ),
            StepSpec(
                K.OUTCOME,
                "Longer healthy lives and fewer early deaths.",
                ("OCP007", "OCP008", "OCP011"),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                "Marmot City action plan 2025-27",
                service="Public Health",
                team="Health Improvement",
                metrics=("OCP009", "OCP010", "OCP011"),
                actions=(
                    ActionSpec(
                        "Offer stop smoking support in community pharmacies",
                        "A 12-week programme in 30 pharmacies, prioritising the "
                        "most deprived neighbourhoods.",
                        owner="lucy.chen",
                        team="Health Improvement",
                        start=D(2025, 4, 1),
                        due=D(2027, 3, 31),
                        resources="Public health grant £210,000 a year.",
                        status=A.ON_TRACK,
                        percent=65,
                        updates=(
                            UpdateSpec(
                                D(2026, 5, 12),
                                A.ON_TRACK,
                                65,
                                "27 pharmacies signed up; 1,140 quit attempts "
                                "supported in the first year, 52% quit at four "
                                "weeks.",
                                "lucy.chen",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Healthy weight programme in primary schools",
                        "Daily activity and cooking sessions in schools with the "
                        "highest rates of excess weight.",
                        owner="lucy.chen",
                        team="Health Improvement",
                        start=D(2025, 9, 1),
                        due=D(2026, 12, 31),
                        resources="School nursing team; £75,000 programme budget.",
                        status=A.OFF_TRACK,
                        percent=30,
                        updates=(
                            UpdateSpec(
                                D(2026, 6, 2),
                                A.OFF_TRACK,
                                30,
                                "Only 9 of 20 schools started: the provider lost "
                                "staff. A new provider starts in September.",
                                "lucy.chen",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    StrategySpec(
        "One Coventry Workforce Strategy",
        "A skilled, healthy and representative workforce: attendance, appraisal, "
        "engagement and fair recruitment.",
        team="Organisational Development",
        cabinet_member="michael.byrne",
        board="Workforce Strategy Board",
        priorities=("partner",),
        objectives=("workforce",),
        review_date=D(2027, 3, 31),
        steps=(
            StepSpec(K.INPUT, "HR business partners and the learning budget."),
            StepSpec(
                K.ACTIVITY,
                "Appraisals and one-to-ones for everyone; wellbeing support.",
            ),
            StepSpec(
                K.OUTPUT,
                "Appraisals completed; fewer days lost to sickness.",
                ("OCP037", "OCP036"),
            ),
            StepSpec(
                K.OUTCOME,
                "An engaged workforce that reflects the city.",
                ("OCP040", "OCP039"),
            ),
        ),
        action_plans=(
            ActionPlanSpec(
                "Workforce action plan 2026-27",
                service="Human Resources",
                team="Organisational Development",
                metrics=("OCP036", "OCP037", "OCP040"),
                actions=(
                    ActionSpec(
                        "Roll out the new appraisal and one-to-one framework",
                        "Objectives linked to action plans, the six values and "
                        "behaviours, and regular one-to-ones.",
                        owner="angela.moss",
                        team="Organisational Development",
                        start=D(2026, 4, 1),
                        due=D(2027, 3, 31),
                        resources="OD team; manager briefings.",
                        status=A.ON_TRACK,
                        percent=85,
                        updates=(
                            UpdateSpec(
                                D(2026, 9, 1),
                                A.ON_TRACK,
                                85,
                                "All managers briefed; 88% of appraisals recorded "
                                "by the end of August.",
                                "angela.moss",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Wellbeing and attendance support for managers",
                        "Training and a toolkit for managing attendance with "
                        "compassion.",
                        owner="hr",
                        team="HR Business Partnering",
                        start=D(2026, 4, 1),
                        due=D(2027, 3, 31),
                        resources="HR business partners; occupational health.",
                        status=A.ON_TRACK,
                        percent=40,
                    ),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class CaseStudySpec:
    title: str
    summary: str
    body: str
    date: dt.date
    author: str
    priorities: tuple[str, ...]
    strategies: tuple[str, ...]
    metrics: tuple[str, ...]
    is_published: bool = True


CASE_STUDIES: tuple[CaseStudySpec, ...] = (
    CaseStudySpec(
        "From a hotel room to a home of their own",
        "A mother and two children moved from bed and breakfast to a settled "
        "private tenancy in eight weeks.",
        "Ms A and her two children, aged 4 and 9, came to Housing Options after "
        "their landlord sold the home they had rented for six years. With no "
        "family nearby, they spent five weeks in a bed and breakfast room across "
        "the city from the children's school.\n\n"
        "Their caseworker met them at the family hub next to the school, helped "
        "with a claim for Universal Credit housing costs and found a two-bedroom "
        "flat through the landlord incentive scheme. The family moved in eight "
        "weeks after first asking for help; the older child did not miss a day of "
        "school.\n\n"
        '"I thought we would be in that room for a year," Ms A said. "Having one '
        'person who knew our case made all the difference."',
        D(2026, 2, 18),
        "officer",
        priorities=("inequalities",),
        strategies=("Housing and Homelessness Strategy",),
        metrics=("OCP001", "OCP002", "OCP003", "OCP004"),
    ),
    CaseStudySpec(
        "Stopping smoking at the local pharmacy",
        "A pharmacy-based stop smoking service reaches people who never used the "
        "old clinic.",
        "Mr B had smoked for thirty years and had tried to stop twice. His local "
        "pharmacist offered him the 12-week programme when he collected a "
        "prescription. Six months on he has not smoked, and his pharmacy has "
        "supported 61 people to quit.",
        D(2026, 5, 30),
        "lucy.chen",
        priorities=("inequalities",),
        strategies=("Health and Wellbeing Strategy",),
        metrics=("OCP010",),
    ),
    CaseStudySpec(
        "Back into work through the library makerspace",
        "Digital skills sessions in Central Library helped job seekers into work.",
        "Twelve people who joined the makerspace digital skills sessions in the "
        "autumn found work by March, five of them in the city's advanced "
        "manufacturing firms.",
        D(2026, 4, 2),
        "yusuf.ali",
        priorities=("prosperity",),
        strategies=("Cultural Strategy",),
        metrics=("OCP017", "OCP022"),
    ),
    CaseStudySpec(
        "Pupils plant a woodland in Sowe Valley",
        "Nineteen schools planted 2,260 trees in one winter.",
        "Pupils from nineteen primary schools planted a new woodland along the "
        "river, and will look after their trees for three years as part of their "
        "science lessons.",
        D(2026, 3, 20),
        "fiona.lowe",
        priorities=("climate",),
        strategies=("Green Space Strategy",),
        metrics=("OCP028",),
    ),
    CaseStudySpec(
        "Apprentices in the council's workforce",
        "Draft: how the apprenticeship levy is opening council careers to "
        "school leavers.",
        "Draft for the annual report: three apprentices describe their first year.",
        D(2026, 10, 6),
        "angela.moss",
        priorities=("partner",),
        strategies=("One Coventry Workforce Strategy",),
        metrics=("OCP039",),
        is_published=False,
    ),
)


@dataclass(frozen=True)
class VerdictSpec:
    """A verdict recorded for the latest complete year, some days after its figures
    came in with the June import. In the reason, {year} is that year as the council
    writes it ("2025/26") and {year_start} the calendar year it starts in."""

    code: str
    source: str
    progress: str
    target_status: str
    reason: str
    recorded_by: str
    days_after_import: int


IMPORTED_REASON = "Imported with the published {year} performance report data."
VERDICTS: tuple[VerdictSpec, ...] = (
    VerdictSpec(
        "OCP001",
        RecordedVerdict.Source.CONFIRMED,
        Progress.IMPROVED,
        "",
        "Checked against the H-CLIC returns submitted for the four quarters.",
        "officer",
        8,
    ),
    VerdictSpec(
        "OCP002",
        RecordedVerdict.Source.CONFIRMED,
        Progress.GOT_WORSE,
        "",
        "Confirmed: more families needed temporary accommodation as private rents "
        "rose.",
        "manager",
        9,
    ),
    VerdictSpec(
        "OCP003",
        RecordedVerdict.Source.OVERRIDDEN,
        Progress.CANNOT_SAY,
        "",
        "From April {year_start} the count includes families placed outside "
        "Coventry, who were not counted before, so the two years do not compare.",
        "officer",
        8,
    ),
    VerdictSpec(
        "OCP012",
        RecordedVerdict.Source.IMPORTED,
        Progress.IMPROVED,
        "",
        IMPORTED_REASON,
        "insight",
        2,
    ),
    VerdictSpec(
        "OCP024",
        RecordedVerdict.Source.IMPORTED,
        Progress.IMPROVED,
        "",
        IMPORTED_REASON,
        "insight",
        2,
    ),
    VerdictSpec(
        "OCP027",
        RecordedVerdict.Source.IMPORTED,
        Progress.GOT_WORSE,
        TargetStatus.OFF_TARGET,
        IMPORTED_REASON,
        "insight",
        2,
    ),
    VerdictSpec(
        "OCP032",
        RecordedVerdict.Source.IMPORTED,
        Progress.GOT_WORSE,
        TargetStatus.OFF_TARGET,
        IMPORTED_REASON,
        "insight",
        2,
    ),
)


# --------------------------------------------------------------------------------
# Generating the figures (pure: the same spec always gives the same figures)
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One written figure for a period, as it will be stored."""

    period: str
    label: str
    text: str
    revision: int = 1
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    breakdown: str = ""
    group: str = ""


def _rng(spec: MetricSpec, purpose: str) -> random.Random:
    return random.Random(f"coventry-demo:{spec.code}:{purpose}")


def written_number(number: float, decimals: int) -> str:
    """A figure as a person writes it: rounded, with thousands separators."""
    rounded = _decimal(number, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    return f"{rounded:,.{decimals}f}"


def period_label(style: str, period: str) -> str:
    """The data's own label for a period ("2024/25", "Apr 24-Mar 25", "2021-23")."""
    parsed = Period.parse(period)
    start = parsed.year_start
    if parsed.frequency != "annual":
        first, last = parsed.start_date(), parsed.end_date()
        return f"{first:%b}-{last:%b %Y}"
    short = f"{(start + 1) % 100:02d}"
    labels = {
        "fy": f"{start}/{short}",
        "months": f"Apr {start % 100:02d}-Mar {short}",
        "calendar": f"{start}",
        "rolling3": f"{start - 3}-{(start - 1) % 100:02d}",
        "academic": f"{start}/{short} academic year",
        "snapshot": f"31 March {start + 1}",
    }
    return labels[style]


def _sign(direction: Direction) -> int:
    return -1 if direction == Direction.DOWN else 1


def _rate_base(spec: MetricSpec) -> Decimal:
    base = rate_base(spec.unit)
    if base is None:
        raise ValueError(f"{spec.code} has a denominator but no rate or % unit")
    return base


def _interval_width(spec: MetricSpec, value: float, denominator: float | None) -> float:
    """Roughly the width of a 95% interval around the value (0 when none applies)."""
    series = spec.series
    if series is None:
        return 0.0
    if series.ci_margin is not None:
        return 2 * series.ci_margin
    if denominator:
        if is_percentage_unit(spec.unit):
            p = min(max(value / 100, 0.001), 0.999)
            return 2 * 1.96 * math.sqrt(p * (1 - p) / denominator) * 100
        base = float(_rate_base(spec))
        count = value * denominator / base
        return 2 * 1.96 * math.sqrt(max(count, 1)) * base / denominator
    return 0.0


def _band(spec: MetricSpec, value: float) -> float:
    band = float(spec.similarity_band)
    return band * abs(value) if spec.similarity_relative else band


def _last_move(
    spec: MetricSpec, series: Series, previous: float, denominator: float | None
) -> float:
    """The change into the latest year that tells the metric's story."""
    rng = _rng(spec, "last")
    width = _interval_width(spec, previous, denominator)
    band = _band(spec, previous)
    if series.last is Story.TREND:
        return series.step + rng.uniform(-series.noise, series.noise)
    if series.last is Story.SIMILAR:
        # Inside the band, or well inside the overlap of the two intervals.
        room = 0.25 * width if width else 0.5 * band
        return float(rng.choice((-1, 1)) * room)
    # Past the band and clear of both intervals (with room for rounding).
    least = max(abs(series.step), series.noise, 1.5 * band, 1.25 * width)
    least = max(least, 3 * 10.0**-series.decimals)
    move = least * rng.uniform(1.0, 1.3)
    good = _sign(spec.direction)
    return good * move if series.last is Story.IMPROVED else -good * move


def _clip(spec: MetricSpec, value: float) -> float:
    if is_percentage_unit(spec.unit):
        return min(max(value, 0.5), 99.5)
    return value


@dataclass(frozen=True)
class _Annual:
    number: float
    figure: Figure


def annual_figures(spec: MetricSpec, timeline: Timeline) -> list[_Annual]:
    """The place figures for the five years to the latest (latest revision of each)."""
    years = timeline.years(FIGURE_YEARS)
    if spec.written:
        result = []
        for year, text in zip(years, spec.written, strict=True):
            if text is None or year in spec.missing:
                continue
            parsed = parse_value(text, unit=spec.unit, scale=spec.scale).number
            result.append(
                _Annual(
                    float(parsed) if parsed is not None else math.nan,
                    Figure(year, _annual_label(spec, year, timeline), text),
                )
            )
        return result

    series = spec.series
    if series is None:
        raise ValueError(f"{spec.code} has neither written figures nor a series")
    rng = _rng(spec, "series")
    numbers = [
        series.start + series.step * index + rng.uniform(-series.noise, series.noise)
        for index in range(len(years) - 1)
    ]
    if series.earlier is not None:
        numbers = list(series.earlier)
    denominators: list[float | None] = [None] * len(years)
    if series.denominator is not None:
        denominators = [
            float(series.denominator + series.denominator_step * index)
            + rng.randint(-20, 20)
            for index in range(len(years))
        ]
    numbers.append(
        numbers[-1] + _last_move(spec, series, numbers[-1], denominators[-2])
    )

    result = []
    for index, year in enumerate(years):
        if year in spec.missing:
            continue
        number = _clip(spec, numbers[index])
        label = _annual_label(spec, year, timeline)
        result.append(
            _series_figure(spec, series, year, label, number, denominators[index])
        )
    return result


def _series_figure(
    spec: MetricSpec,
    series: Series,
    year: str,
    label: str,
    number: float,
    denominator: float | None,
) -> _Annual:
    numerator_d: Decimal | None = None
    denominator_d: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    if denominator is not None:
        base = 100.0 if is_percentage_unit(spec.unit) else float(_rate_base(spec))
        count = round(number * denominator / base)
        number = count * base / denominator
        numerator_d, denominator_d = Decimal(count), Decimal(int(denominator))
        if series.poisson_ci:
            low, high = poisson_interval(count)
            lower = _decimal(low * base / denominator, series.decimals)
            upper = _decimal(high * base / denominator, series.decimals)
    text = written_number(number, series.decimals)
    if series.ci_margin is not None:
        jitter = _rng(spec, f"ci:{year}").uniform(-0.2, 0.2)
        lower = _decimal(number - series.ci_margin - jitter, series.decimals)
        upper = _decimal(number + series.ci_margin + jitter, series.decimals)
    figure = Figure(
        year,
        label,
        text,
        numerator=numerator_d,
        denominator=denominator_d,
        lower_ci=lower,
        upper_ci=upper,
    )
    return _Annual(number, figure)


def _decimal(number: float, decimals: int) -> Decimal:
    return Decimal(repr(number)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def _annual_label(spec: MetricSpec, year: str, timeline: Timeline) -> str:
    label = period_label(spec.label_style, year)
    if year == timeline.year(LATEST) and spec.provisional_latest:
        return f"{label} provisional"
    if year == _revised_year(spec, timeline):
        return f"{label} revised"
    return label


def _revised_year(spec: MetricSpec, timeline: Timeline) -> str | None:
    if spec.revised_year is None:
        return None
    return timeline.year(spec.revised_year)


def place_figures(spec: MetricSpec, timeline: Timeline) -> list[Figure]:
    """Every Coventry figure of a metric: years, revisions and quarters."""
    annual = annual_figures(spec, timeline)
    figures = []
    for item in annual:
        if item.figure.period == _revised_year(spec, timeline):
            # The published figure is the revision of a first, provisional one.
            figures.append(_first_estimate(spec, item))
            figures.append(replace(item.figure, revision=2))
        else:
            figures.append(item.figure)
    if spec.frequency == Metric.Frequency.QUARTERLY:
        quarters = timeline.quarters(latest_in=spec.latest_quarter_in)
        figures.extend(quarter_figures(spec, annual, quarters))
    return figures


def _first_estimate(spec: MetricSpec, item: _Annual) -> Figure:
    """Revision 1 of a revised year: the provisional figure first published."""
    decimals = spec.series.decimals if spec.series else 0
    step = 10**-decimals
    rng = _rng(spec, "revision")
    first = item.number + rng.choice((-1, 1)) * max(abs(item.number) * 0.01, 3 * step)
    label = period_label(spec.label_style, item.figure.period)
    return Figure(
        item.figure.period,
        f"{label} provisional",
        written_number(first, decimals),
        revision=1,
    )


def quarter_figures(
    spec: MetricSpec, annual: Sequence[_Annual], quarters: Sequence[Period]
) -> list[Figure]:
    """The figures for the quarters, oldest first, consistent with the year
    figures; the latest one is provisional."""
    if spec.quarters:
        texts = dict(zip(quarters, spec.quarters, strict=True))
    else:
        texts = _generated_quarters(spec, annual, quarters)
    latest = max(texts)
    figures = []
    for quarter, text in sorted(texts.items()):
        label = period_label("fy", str(quarter))
        if quarter == latest:
            label = f"{label} provisional"
        figures.append(Figure(str(quarter), label, text))
    return figures


def _generated_quarters(
    spec: MetricSpec, annual: Sequence[_Annual], quarters: Sequence[Period]
) -> dict[Period, str]:
    """Counts add up to their year's figure and levels hover around it; the
    quarters of the year in progress carry on from the latest year."""
    rng = _rng(spec, "quarters")
    by_year = {Period.parse(a.figure.period): a.number for a in annual}
    latest = max(by_year)
    series = spec.series
    if spec.unit == "number":
        # Spring and autumn are the busy quarters.
        shares = (0.25, 0.26, 0.22, 0.27)
        parts: dict[Period, list[float]] = {}
        for year in sorted({quarter.year() for quarter in quarters} | {latest}):
            if year in by_year:
                total = round(by_year[year])
                split = [
                    round(total * (s + rng.uniform(-0.01, 0.01))) for s in shares[:3]
                ]
                parts[year] = [*split, total - sum(split)]
            elif year > latest:
                # A little up on the same quarter of the latest year.
                parts[year] = [part * 1.02 for part in parts[latest]]
        return {
            quarter: written_number(parts[quarter.year()][quarter.index - 1], 0)
            for quarter in quarters
            if quarter.year() in parts
        }
    decimals = series.decimals if series else 0
    noise = series.noise if series else 0.0
    step = series.step if series else 0.0
    texts: dict[Period, str] = {}
    for quarter in quarters:
        year = quarter.year()
        if year in by_year:
            number = by_year[year] + rng.uniform(-2 * noise, 2 * noise)
        elif year > latest:
            number = by_year[latest] + step / 2 + rng.uniform(-noise, noise)
        else:
            continue
        texts[quarter] = written_number(_clip(spec, number), decimals)
    return texts


def breakdown_figures(
    spec: MetricSpec, annual: Sequence[_Annual], timeline: Timeline
) -> list[Figure]:
    """Figures by sex, age band, ethnicity, disability and ward for the last two
    years.

    Each group keeps its level relative to the whole from year to year (a ward with
    high need stays high), with a little movement between years.
    """
    rng = _rng(spec, "breakdowns")
    decimals = spec.series.decimals if spec.series else 0
    levels = {
        dimension: _group_levels(spec, dimension, rng) for dimension in spec.breakdowns
    }
    by_year = {a.figure.period: a for a in annual}
    figures = []
    for year in timeline.years(BREAKDOWN_YEARS):
        if year not in by_year:
            continue
        total = by_year[year]
        for dimension in spec.breakdowns:
            for group, level in levels[dimension].items():
                number = total.number * level * (1 + rng.uniform(-0.02, 0.02))
                figures.append(
                    Figure(
                        year,
                        total.figure.label,
                        written_number(_clip(spec, number), decimals),
                        breakdown=dimension,
                        group=group,
                    )
                )
    return figures


def _group_levels(
    spec: MetricSpec, dimension: str, rng: random.Random
) -> dict[str, float]:
    """Each group's figure as a multiple of the whole's."""
    groups = BREAKDOWN_GROUPS[dimension]
    if spec.unit == "number":
        # A count by ward: each ward's share of the city's total.
        return {group: rng.uniform(0.04, 0.11) for group in groups}
    spread = 0.08
    if dimension == "ward":
        spread = 0.15 if is_percentage_unit(spec.unit) else 0.4
    raw = [1 + rng.uniform(-spread, spread) for _ in groups]
    mean = sum(raw) / len(raw)
    return {group: level / mean for group, level in zip(groups, raw, strict=True)}


def comparator_figures(
    spec: MetricSpec, annual: Sequence[_Annual]
) -> list[tuple[str, Figure]]:
    """Each comparator's figure for each year Coventry has one."""
    rng = _rng(spec, "comparators")
    decimals = spec.series.decimals if spec.series else 0
    result = []
    for name in spec.comparators:
        level = rng.uniform(0.9, 1.1)
        for item in annual:
            if math.isnan(item.number):
                continue
            number = item.number * level * (1 + rng.uniform(-0.015, 0.015))
            figure = Figure(
                item.figure.period,
                item.figure.label,
                written_number(_clip(spec, number), decimals),
            )
            result.append((name, figure))
    return result


def entry_lag_days(spec: MetricSpec, timeline: Timeline) -> int:
    """Days after a period ends by which its figure is due: quarters within a month
    (or whatever makes the last complete one `overdue_by` days overdue today), the
    council's own year figures by the June import, national statistics a year or so
    after the period they describe."""
    if spec.frequency == Metric.Frequency.QUARTERLY:
        if spec.overdue_by is not None:
            due = timeline.today - dt.timedelta(days=spec.overdue_by)
            return max(1, (due - timeline.last_complete_quarter.end_date()).days)
        return 30
    if spec.label_style in {"calendar", "rolling3"}:
        return 365
    return 90


# A quarter's figure is entered between this many days after the quarter ends.
QUARTER_ENTERED_AFTER = (12, 24)


def year_import_day(year: Period) -> dt.date:
    """The day of the June import of a year's published figures."""
    return dt.date(year.end_date().year, 6, 16)


def entered_at(spec: MetricSpec, figure: Figure, timeline: Timeline) -> dt.datetime:
    """When a figure reached the system: a quarter two or three weeks after it ended
    and before it was due; a year's figures with the June import, and a revision
    with the next year's; never later than yesterday."""
    period = Period.parse(figure.period)
    if period.frequency == QUARTER:
        after = _rng(spec, f"entered:{period}").randint(*QUARTER_ENTERED_AFTER)
        after = min(after, entry_lag_days(spec, timeline) - 1)
        day = period.end_date() + dt.timedelta(days=after)
    elif figure.revision > 1:
        day = year_import_day(period.next())
    else:
        day = year_import_day(period)
    return _at(timeline.before_today(day))


def target_texts(spec: MetricSpec, timeline: Timeline) -> dict[str, str]:
    """period → the target as written, for every year the metric has one."""
    if isinstance(spec.target, str):
        return dict.fromkeys(timeline.years(TARGET_YEARS), spec.target)
    texts: dict[str, str] = {}
    current: str | None = None
    changes = dict(spec.target)
    for offset in TARGET_YEARS:
        current = changes.get(offset, current)
        if current is not None:
            texts[timeline.year(offset)] = current
    return texts


# --------------------------------------------------------------------------------
# Writing it
# --------------------------------------------------------------------------------

ModelT = TypeVar("ModelT", bound=models.Model)

# The history's change reason of the scorecard rows the demo writes.
DEMO_CHANGE_REASON = "Demo data (load_demo)"

# Models whose rows are counted in the summary, in the order it prints them.
SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    User,
    Directorate,
    Service,
    Team,
    Portfolio,
    Plan,
    Priority,
    Objective,
    Strategy,
    ChangeStep,
    ActionPlan,
    Action,
    ProgressUpdate,
    CaseStudy,
    Metric,
    MetricValue,
    Target,
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    RecordedVerdict,
)


@dataclass
class DemoSummary:
    """What a run wrote: rows created and changed per model, and the totals now."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    calendar: str = ""

    def lines(self) -> list[str]:
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        first = (
            f"Demo data loaded: {created} rows created, {updated} updated."
            if created or updated
            else "Demo data already up to date: nothing changed."
        )
        totals = ", ".join(f"{count:,} {name}" for name, count in self.totals.items())
        sign_ins = ", ".join(SIGN_INS)
        return [
            first,
            self.calendar,
            f"Now: {totals}.",
            f"Sign in as {sign_ins} with the password {DEMO_PASSWORD}.",
        ]


class _Loader:
    def __init__(self, *, refresh: bool, timeline: Timeline) -> None:
        self.refresh = refresh
        self.timeline = timeline
        self.summary = DemoSummary(calendar=timeline.describe())
        self.new_rows: set[tuple[type[models.Model], object]] = set()
        self.indexes: dict[
            tuple[type[models.Model], tuple[str, ...]],
            dict[tuple[object, ...], Any],
        ] = {}
        self.users: dict[str, User] = {}
        self.groups: dict[str, Group] = {}
        self.services: dict[str, Service] = {}
        self.teams: dict[str, Team] = {}
        self.portfolios: dict[str, Portfolio] = {}
        self.priorities: dict[str, Priority] = {}
        self.objectives: dict[str, Objective] = {}
        self.objective_priority: dict[str, str] = {}
        self.metrics: dict[str, Metric] = {}
        self.comparators: dict[str, Comparator] = {}
        self.strategies: dict[str, Strategy] = {}
        self.plan: Plan | None = None

    # --- how the demo's own rows are written (the scorecard's: below) ---------------

    def upsert(
        self,
        model: type[ModelT],
        lookup: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        enforce: bool = False,
        stamps: Mapping[str, dt.datetime] | None = None,
    ) -> ModelT:
        """The row with these natural keys: created when missing.

        An existing row is brought back to the demo content only when `enforce`
        (the organisation the documented sign-ins depend on) or when refreshing;
        otherwise what people changed while exploring the demo is kept. A row that
        already matches is never saved, so history tables do not grow. `stamps`
        back-date the automatic timestamps (entered_at …) of a new or refreshed
        row, so "as at" questions about the demo have sensible answers.
        """
        label = str(model._meta.verbose_name_plural)
        names = tuple(sorted(lookup))
        index = self._index(model, names)
        key = tuple(_key_part(lookup[name]) for name in names)
        instance = index.get(key)
        if instance is None:
            instance = model(**lookup, **values)
            self._save(instance)
            index[key] = instance
            self.new_rows.add((model, instance.pk))
            self.summary.created[label] += 1
        elif (enforce or self.refresh) and _assign(instance, values):
            self._save(instance)
            if not self.is_new(instance):
                self.summary.updated[label] += 1
        if stamps and self.is_fresh(instance):
            # A queryset update: auto_now_add fields ignore values given to save().
            model._default_manager.filter(pk=instance.pk).update(**stamps)
            for field_name, when in stamps.items():
                setattr(instance, field_name, when)
        return instance

    def _index(
        self, model: type[ModelT], names: tuple[str, ...]
    ) -> dict[tuple[object, ...], ModelT]:
        """A model's rows by their natural key, read in one query the first time.

        One query per table instead of one per row keeps a run to a few seconds.
        """
        index = self.indexes.get((model, names))
        if index is None:
            attnames = [_attname(model, name) for name in names]
            index = {
                tuple(getattr(row, attname) for attname in attnames): row
                for row in model._default_manager.all()
            }
            self.indexes[(model, names)] = index
        return index

    def is_new(self, instance: models.Model) -> bool:
        return (type(instance), instance.pk) in self.new_rows

    def is_fresh(self, instance: models.Model) -> bool:
        """Whether the row's links and timestamps are (re)written: new or refreshed."""
        return self.refresh or self.is_new(instance)

    @staticmethod
    def _save(instance: models.Model) -> None:
        # Related rows come from this loader, so checking each one exists again
        # would only cost a query; the database's constraints still apply.
        related = [f.name for f in instance._meta.fields if f.is_relation]
        instance.full_clean(
            exclude=related, validate_unique=False, validate_constraints=False
        )
        instance.save()

    # --- people and the organisation ------------------------------------------------

    def load_organisation(self) -> None:
        self.groups = {
            role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role
        }
        for directorate_spec in ORGANISATION:
            directorate = self.upsert(
                Directorate, {"name": directorate_spec.name}, {}, enforce=True
            )
            for service_spec in directorate_spec.services:
                service = self.upsert(
                    Service,
                    {"directorate": directorate, "name": service_spec.name},
                    {},
                    enforce=True,
                )
                self.services[service_spec.name] = service
                for team_spec in service_spec.teams:
                    self.teams[team_spec.name] = self.upsert(
                        Team,
                        {"service": service, "name": team_spec.name},
                        {},
                        enforce=True,
                    )
        for person in PEOPLE:
            self.users[person.username] = self.load_person(person)
        # Now the people exist, put them at the head of their units.
        for directorate_spec in ORGANISATION:
            directorate = self.upsert(
                Directorate,
                {"name": directorate_spec.name},
                {"director": self.users[directorate_spec.director]},
                enforce=True,
            )
            for service_spec in directorate_spec.services:
                self.upsert(
                    Service,
                    {"directorate": directorate, "name": service_spec.name},
                    {"head": self.users[service_spec.head]},
                    enforce=True,
                )
                for team_spec in service_spec.teams:
                    self.upsert(
                        Team,
                        {
                            "service": self.services[service_spec.name],
                            "name": team_spec.name,
                        },
                        {"manager": self.users[team_spec.manager]},
                        enforce=True,
                    )
        for name, holder in PORTFOLIOS.items():
            self.portfolios[name] = self.upsert(
                Portfolio,
                {"name": name},
                {"cabinet_member": self.users[holder]},
                enforce=True,
            )

    @cached_property
    def password_hash(self) -> str:
        return make_password(DEMO_PASSWORD)

    def load_person(self, person: PersonSpec) -> User:
        values: dict[str, Any] = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": f"{person.username}@example.org",
            "job_title": person.job_title,
            "team": self.teams[person.team] if person.team else None,
            "line_manager": (
                self.users[person.line_manager] if person.line_manager else None
            ),
            "is_staff": person.is_staff,
            "is_superuser": False,
            "is_active": True,
        }
        user = User.objects.filter(username=person.username).first()
        created = user is None
        if user is None:
            user = User(username=person.username, **values)
            changed = True
            self.summary.created["users"] += 1
        else:
            changed = _assign(user, values)
            if changed:
                self.summary.updated["users"] += 1
        if person.sign_in:
            # Reset on every run, so a demo sign-in always works as documented.
            # One hash serves all seven: hashing is slow on purpose, and the
            # password is published anyway.
            user.password = self.password_hash
            changed = True
        elif created:
            # Only the seven sign-ins are meant to be used; the others sign in
            # only if someone gives them a password on purpose.
            user.set_unusable_password()
        if changed:
            self._save(user)
        user.groups.set([self.groups[role] for role in person.roles])
        return user

    # --- the plan -------------------------------------------------------------------

    def load_plans(self) -> None:
        old = self.upsert(
            Plan,
            {"period": OLD_PLAN_PERIOD, "version": 1},
            {
                "name": "One Coventry Plan",
                "start_year": 2016,
                "end_year": 2024,
                "vision": "Globally connected, locally committed.",
                "status": Plan.Status.SUPERSEDED,
                "agreed_on": D(2016, 7, 12),
            },
        )
        for order, (kind, title) in enumerate(OLD_PRIORITIES, start=1):
            self.upsert(
                Priority,
                {"plan": old, "title": title},
                {"kind": kind, "narrative": "", "sort_order": order},
            )
        plan = self.upsert(
            Plan,
            {"period": PLAN_PERIOD, "version": 1},
            {
                "name": "One Coventry Plan",
                "start_year": 2022,
                "end_year": 2030,
                "vision": PLAN_VISION,
                "status": Plan.Status.AGREED,
                "agreed_on": D(2023, 2, 21),
            },
        )
        self.plan = plan
        for order, spec in enumerate(PRIORITIES, start=1):
            priority = self.upsert(
                Priority,
                {"plan": plan, "title": spec.title},
                {"kind": spec.kind, "narrative": spec.narrative, "sort_order": order},
            )
            self.priorities[spec.key] = priority
            for objective_order, objective_spec in enumerate(spec.objectives, 1):
                self.objectives[objective_spec.key] = self.upsert(
                    Objective,
                    {"priority": priority, "title": objective_spec.title},
                    {
                        "narrative": objective_spec.narrative,
                        "sort_order": objective_order,
                    },
                )
                self.objective_priority[objective_spec.key] = spec.key

    # --- the scorecard --------------------------------------------------------------
    #
    # Metrics, figures, targets, comparators and their figures, headline memberships
    # and recorded verdicts go in through scorecard's services, in their bulk form,
    # so the demo gets the checks, rounding, revision numbering and history every
    # other way in gets (STYLE.md item 11). The loader only chooses what to write:
    # what is missing (natural keys, as `upsert` finds them), or everything when
    # refreshing, where a figure that matches a stored revision changes nothing and
    # one that differs becomes its next revision, as for any other writer.

    def load_metrics(self) -> None:
        self.load_comparators()
        self.load_metric_rows()
        annual = {spec.code: annual_figures(spec, self.timeline) for spec in METRICS}
        self.load_values(annual)
        self.load_targets()
        self.load_comparator_values(annual)
        self.load_headlines()
        self.load_verdicts()

    def load_comparators(self) -> None:
        names = Comparator.objects.values_list("name", flat=True)
        stored = {name.casefold() for name in names}
        found = comparators_ensure(named=COMPARATORS)
        for name, _ in COMPARATORS:
            self.comparators[name] = found[name.casefold()]
            if name.casefold() not in stored:
                self.summary.created[_label(Comparator)] += 1

    def load_metric_rows(self) -> None:
        """The metrics: missing ones created in one go with their history; when
        refreshing, a changed one put back as its next version."""
        stored = {metric.code: metric for metric in Metric.objects.all()}
        created: list[Metric] = []
        for spec in METRICS:
            fields = self._metric_fields(spec)
            metric = stored.get(spec.code)
            if metric is None:
                metric = Metric(code=spec.code, **fields)
                metric_validate(metric=metric, source=spec.code)
                created.append(metric)
            elif self.refresh and _assign(metric, fields):
                metric_update_recorded(metric=metric, reason=DEMO_CHANGE_REASON)
                self.summary.updated[_label(Metric)] += 1
            self.metrics[spec.code] = metric
        metrics_create_bulk(metrics=created, reason=DEMO_CHANGE_REASON)
        self.new_rows.update((Metric, metric.pk) for metric in created)
        self.summary.created[_label(Metric)] += len(created)
        for spec in METRICS:
            metric = self.metrics[spec.code]
            if self.is_fresh(metric):
                metric.objectives.set([self.objectives[spec.objective]])

    def _metric_fields(self, spec: MetricSpec) -> dict[str, Any]:
        sign_off = self._sign_off(
            spec, proposer=spec.proposed_by or spec.owner, when=METRICS_AGREED_ON
        )
        return {
            "name": spec.name,
            "normalised_name": normalise_metric_name(spec.name),
            "unit": spec.unit,
            "definition": spec.definition,
            "source": spec.source,
            "perspective": spec.perspective,
            "metric_type": spec.metric_type,
            "lead_lag": spec.lead_lag,
            "nature": (
                Metric.Nature.QUALITATIVE if spec.scale else Metric.Nature.QUANTITATIVE
            ),
            # What its figures are, so they are checked as anyone's would be: a
            # grade on its scale, else a number.
            "value_kind": (
                Metric.ValueKind.GRADE if spec.scale else Metric.ValueKind.NUMBER
            ),
            "delivery_mode": spec.delivery_mode,
            "good_direction": spec.direction.value,
            "frequency": spec.frequency,
            "seasonal": spec.seasonal,
            "statutory": spec.statutory,
            "equality_flag": spec.equality,
            "marmot_flag": spec.marmot,
            "owner": self.users[spec.owner],
            "team": self.teams[spec.team],
            "portfolio": self.portfolios[spec.portfolio],
            "status": spec.status,
            "proposed_by": self.users[spec.proposed_by or spec.owner],
            **sign_off,
            "similarity_band": Decimal(spec.similarity_band),
            "similarity_relative": spec.similarity_relative,
            "statistic": spec.statistic,
            "entry_lag_days": entry_lag_days(spec, self.timeline),
            "ordinal_scale": list(spec.scale) if spec.scale else None,
        }

    def load_values(self, annual: Mapping[str, Sequence[_Annual]]) -> None:
        """Every metric's figures, revisions and breakdowns, approved. Year figures
        came in with the published files (the insight analyst, on the June import
        day); quarters were entered by the metric's owner."""
        stored = set(
            MetricValue.objects.filter(metric__in=self.metrics.values()).values_list(
                "metric_id",
                "period",
                "scope",
                "breakdown",
                "breakdown_group",
                "revision",
            )
        )
        # One group per revision, time and person, revisions in order: a revised
        # figure's first estimate is its revision 1 however the two were entered.
        groups: dict[tuple[int, dt.datetime, int, int], list[FigureRow]] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            figures = place_figures(spec, self.timeline) + breakdown_figures(
                spec, annual[spec.code], self.timeline
            )
            for figure in figures:
                key = (
                    metric.pk,
                    figure.period,
                    "Coventry",
                    figure.breakdown,
                    figure.group,
                    figure.revision,
                )
                if key in stored and not self.refresh:
                    continue
                by = self.users[spec.owner if " Q" in figure.period else "insight"]
                at = entered_at(spec, figure, self.timeline)
                groups.setdefault((figure.revision, at, by.pk, metric.pk), []).append(
                    FigureRow(
                        period=figure.period,
                        text=figure.text,
                        period_label=figure.label,
                        data_status=data_status_from_label(figure.label),
                        breakdown=figure.breakdown,
                        breakdown_group=figure.group,
                        revision=figure.revision,
                        numerator=figure.numerator,
                        denominator=figure.denominator,
                        lower_ci=figure.lower_ci,
                        upper_ci=figure.upper_ci,
                    )
                )
        by_pk = {metric.pk: metric for metric in self.metrics.values()}
        written = metric_values_record_bulk(
            groups=[
                FigureGroup(
                    metric=by_pk[metric_id],
                    figures=figures,
                    entered_at=at,
                    entered_by_id=by,
                )
                for (_, at, by, metric_id), figures in sorted(groups.items())
            ],
            approval=MetricValue.Approval.APPROVED,
            today=self.timeline.today,
        )
        self.summary.created[_label(MetricValue)] += written.created + written.revised

    def load_targets(self) -> None:
        """Each metric's targets. They follow their metric through proposal,
        endorsement and agreement; each year's is agreed in the March before the
        year starts."""
        statuses: dict[str, str] = {
            Metric.Status.PROPOSED: Target.Status.PROPOSED,
            Metric.Status.ENDORSED: Target.Status.ENDORSED,
        }
        stored = set(
            Target.objects.filter(metric__in=self.metrics.values()).values_list(
                "metric_id", "period"
            )
        )
        # targets_set_bulk takes who set them and their status once a call.
        rows: dict[tuple[str, str], list[TargetRow]] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            status = statuses.get(spec.status, Target.Status.AGREED)
            proposer = spec.proposed_by or "insight"
            for period, text in target_texts(spec, self.timeline).items():
                if (metric.pk, period) in stored and not self.refresh:
                    continue
                sign_off = self._sign_off(
                    spec,
                    proposer=proposer if spec.proposed_by else spec.owner,
                    when=dt.date(Period.parse(period).year_start, 3, 1),
                )
                rows.setdefault((proposer, status), []).append(
                    TargetRow(metric, period, text, sign_off=SignOff(**sign_off))
                )
        for (proposer, status), group in rows.items():
            written = targets_set_bulk(
                rows=group,
                set_by=self.users[proposer],
                status=status,
                reason=DEMO_CHANGE_REASON,
            )
            actions = Counter(outcome.action for outcome in written)
            self.summary.created[_label(Target)] += actions["set"]
            self.summary.updated[_label(Target)] += actions["changed"]

    def load_comparator_values(self, annual: Mapping[str, Sequence[_Annual]]) -> None:
        stored = set(
            ComparatorValue.objects.filter(
                metric__in=self.metrics.values()
            ).values_list("comparator_id", "metric_id", "period", "revision")
        )
        # One group per metric and the time its comparators' figures came in.
        groups: dict[
            tuple[int, dt.datetime], list[tuple[Comparator, ComparatorFigureRow]]
        ] = {}
        for spec in METRICS:
            metric = self.metrics[spec.code]
            for name, figure in comparator_figures(spec, annual[spec.code]):
                comparator = self.comparators[name]
                key = (comparator.pk, metric.pk, figure.period, figure.revision)
                if key in stored and not self.refresh:
                    continue
                at = entered_at(spec, figure, self.timeline)
                groups.setdefault((metric.pk, at), []).append(
                    (
                        comparator,
                        ComparatorFigureRow(
                            period=figure.period,
                            text=figure.text,
                            period_label=figure.label,
                            revision=figure.revision,
                        ),
                    )
                )
        by_pk = {metric.pk: metric for metric in self.metrics.values()}
        written = comparator_values_record_bulk(
            groups=[
                ComparatorGroup(by_pk[metric_id], figures, entered_at=at)
                for (metric_id, at), figures in sorted(groups.items())
            ],
            today=self.timeline.today,
        )
        self.summary.created[_label(ComparatorValue)] += (
            written.created + written.revised
        )

    def _sign_off(
        self, spec: MetricSpec, *, proposer: str, when: dt.date
    ) -> dict[str, Any]:
        """Who endorsed and agreed a metric or target, as far as it has got.

        The proposer's line manager endorses it; the portfolio's cabinet member
        agrees it three weeks later.
        """
        endorsed = spec.status in {Metric.Status.ENDORSED, Metric.Status.AGREED}
        agreed = spec.status == Metric.Status.AGREED
        endorser = LINE_MANAGERS[proposer] or proposer
        return {
            "endorsed_by": self.users[endorser] if endorsed else None,
            "endorsed_at": _at(when) if endorsed else None,
            "agreed_by": (
                self.portfolios[spec.portfolio].cabinet_member if agreed else None
            ),
            "agreed_at": _at(when + dt.timedelta(days=21)) if agreed else None,
        }

    def load_headlines(self) -> None:
        plan = self._plan()
        priority_order = {spec.key: n for n, spec in enumerate(PRIORITIES)}
        objective_order = {
            o.key: n for spec in PRIORITIES for n, o in enumerate(spec.objectives)
        }
        stored = set(
            HeadlineMembership.objects.filter(plan=plan).values_list(
                "report_year", "metric_id"
            )
        )
        rows: list[MembershipRow] = []
        for offset in REPORT_YEARS:
            year = self.timeline.year(offset)
            members = sorted(
                (
                    (index, spec)
                    for index, spec in enumerate(METRICS)
                    if offset in spec.headline
                ),
                key=lambda item: (
                    priority_order[self.objective_priority[item[1].objective]],
                    objective_order[item[1].objective],
                    item[0],
                ),
            )
            for sort_order, (_, spec) in enumerate(members, start=1):
                metric = self.metrics[spec.code]
                if (year, metric.pk) in stored and not self.refresh:
                    continue
                rows.append(
                    MembershipRow(
                        metric=metric,
                        plan_id=plan.pk,
                        report_year=year,
                        headline=True,
                        sort_order=sort_order,
                        priority_id=self.priorities[
                            self.objective_priority[spec.objective]
                        ].pk,
                        priority_stated=True,
                        objective_id=self.objectives[spec.objective].pk,
                        objective_stated=True,
                    )
                )
        actions = Counter(
            headline_memberships_set_bulk(rows=rows, reason=DEMO_CHANGE_REASON)
        )
        self.summary.created[_label(HeadlineMembership)] += actions["added"]
        self.summary.updated[_label(HeadlineMembership)] += actions["updated"]

    def load_verdicts(self) -> None:
        plan = self._plan()
        year = self.timeline.latest_year
        imported = year_import_day(year)
        # Verdicts are appended, never edited: who recorded it and why identify a
        # demo verdict, so ones people add are never touched.
        stored = set(
            RecordedVerdict.objects.filter(plan=plan, period=str(year)).values_list(
                "metric_id", "source", "recorded_by_id", "reason"
            )
        )
        # recorded_verdicts_record_bulk takes the source and who recorded them once
        # a call.
        rows: dict[tuple[str, str], list[VerdictRow]] = {}
        for spec in VERDICTS:
            metric = self.metrics[spec.code]
            reason = spec.reason.format(
                year=period_label("fy", str(year)), year_start=year.year_start
            )
            by = self.users[spec.recorded_by]
            if (metric.pk, spec.source, by.pk, reason) in stored and not self.refresh:
                continue
            recorded_on = imported + dt.timedelta(days=spec.days_after_import)
            rows.setdefault((spec.source, spec.recorded_by), []).append(
                VerdictRow(
                    metric=metric,
                    plan_id=plan.pk,
                    period=str(year),
                    progress=spec.progress,
                    target_status=spec.target_status,
                    reason=reason,
                    recorded_at=_at(self.timeline.before_today(recorded_on)),
                )
            )
        for (source, recorded_by), group in rows.items():
            recorded = recorded_verdicts_record_bulk(
                rows=group, recorded_by=self.users[recorded_by], verdict_source=source
            )
            self.summary.created[_label(RecordedVerdict)] += sum(recorded)

    # --- strategies -----------------------------------------------------------------

    def load_strategies(self) -> None:
        for spec in STRATEGIES:
            strategy = self.upsert(
                Strategy,
                {"title": spec.title},
                {
                    "summary": spec.summary,
                    "owning_team": self.teams[spec.team],
                    "cabinet_member": self.users[spec.cabinet_member],
                    "board": spec.board,
                    "review_date": self.timeline.day(spec.review_date),
                    "status": spec.status,
                },
            )
            self.strategies[spec.title] = strategy
            if self.is_fresh(strategy):
                strategy.priorities.set([self.priorities[k] for k in spec.priorities])
                strategy.objectives.set([self.objectives[k] for k in spec.objectives])
                strategy.board_members.set([self.users[u] for u in spec.board_members])
            for order, step_spec in enumerate(spec.steps, start=1):
                step = self.upsert(
                    ChangeStep,
                    {"strategy": strategy, "sort_order": order},
                    {"kind": step_spec.kind, "description": step_spec.description},
                )
                if self.is_fresh(step):
                    step.metrics.set(self._metrics(step_spec.metrics))
            for plan_spec in spec.action_plans:
                self.load_action_plan(strategy, plan_spec)

    def load_action_plan(self, strategy: Strategy, spec: ActionPlanSpec) -> None:
        action_plan = self.upsert(
            ActionPlan,
            {"strategy": strategy, "title": spec.title},
            {"service": self.services[spec.service], "team": self.teams[spec.team]},
        )
        if self.is_fresh(action_plan):
            action_plan.metrics.set(self._metrics(spec.metrics))
        for action_spec in spec.actions:
            action = self.upsert(
                Action,
                {"action_plan": action_plan, "title": action_spec.title},
                {
                    "description": action_spec.description,
                    "owner": self.users[action_spec.owner],
                    "team": self.teams[action_spec.team],
                    "start_date": self.timeline.day(action_spec.start),
                    "due_date": self.timeline.day(action_spec.due),
                    "resources": action_spec.resources,
                    "status": action_spec.status,
                    "percent_complete": action_spec.percent,
                },
            )
            for update in action_spec.updates:
                reviewer = LINE_MANAGERS[update.author] or update.author
                day = self.timeline.day(update.date)
                self.upsert(
                    ProgressUpdate,
                    # Found by what it says, not its date: loaded on a later day, the
                    # same update would otherwise be written again on a new date.
                    {"action": action, "narrative": update.narrative},
                    {
                        "date": day,
                        "status": update.status,
                        "percent_complete": update.percent,
                        "author": self.users[update.author],
                        # Approved by the author's line manager two days later.
                        "approval": ProgressUpdate.Approval.APPROVED,
                        "reviewed_by": self.users[reviewer],
                        "reviewed_at": _at(day + dt.timedelta(days=2)),
                    },
                    stamps={"created_at": _at(day, hour=16)},
                )

    def load_case_studies(self) -> None:
        for spec in CASE_STUDIES:
            case_study = self.upsert(
                CaseStudy,
                {"title": spec.title},
                {
                    "summary": spec.summary,
                    "body": spec.body,
                    "date": self.timeline.day(spec.date),
                    "author": self.users[spec.author],
                    "is_published": spec.is_published,
                },
            )
            if self.is_fresh(case_study):
                case_study.priorities.set([self.priorities[k] for k in spec.priorities])
                case_study.strategies.set([self.strategies[t] for t in spec.strategies])
                case_study.metrics.set(self._metrics(spec.metrics))

    # --- helpers --------------------------------------------------------------------

    def _metrics(self, codes: Iterable[str]) -> list[Metric]:
        return [self.metrics[code] for code in codes]

    def _plan(self) -> Plan:
        if self.plan is None:  # pragma: no cover - load_plans runs first
            raise RuntimeError("load the plan before what hangs from it")
        return self.plan

    def count_rows(self) -> None:
        for model in SUMMARY_MODELS:
            name = str(model._meta.verbose_name_plural)
            self.summary.totals[name] = model._default_manager.count()


def _assign(instance: models.Model, values: Mapping[str, Any]) -> bool:
    """Set the fields that differ; True when any did."""
    changed = False
    for name, value in values.items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_one or model_field.one_to_one:
            current = getattr(instance, _attname(type(instance), name))
            wanted = value.pk if value is not None else None
        else:
            current = getattr(instance, name)
            wanted = value
        if current != wanted:
            setattr(instance, name, value)
            changed = True
    return changed


def _attname(model: type[models.Model], name: str) -> str:
    """The column attribute of a field: "team_id" for the foreign key "team"."""
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return model_field.attname


def _key_part(value: object) -> object:
    """A lookup value as the row stores it: a related row by its primary key."""
    return value.pk if isinstance(value, models.Model) else value


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _label(model: type[models.Model]) -> str:
    """The model's name in the summary ("metric values")."""
    return str(model._meta.verbose_name_plural)


@transaction.atomic
def load_demo(*, refresh: bool = False, today: dt.date | None = None) -> DemoSummary:
    """Write the demo data as on `today` (default: today): create what is missing;
    keep what exists.

    Idempotent: a second run on the same day finds every row by its natural key and
    writes nothing; a run on a later day adds only the periods that have come since.
    The demo sign-ins, their roles, passwords and places in the organisation are
    always put back as documented; other demo rows that people changed while
    exploring are kept, unless `refresh` asks for them to be put back to the demo
    content too (rows people added are never touched). Runs in one transaction, so
    a failure leaves the database as it was. The caller decides whether demo data
    may be loaded at all (never in production: the sign-ins share a published
    password).
    """
    loader = _Loader(refresh=refresh, timeline=Timeline(today or timezone.localdate()))
    loader.load_organisation()
    loader.load_plans()
    loader.load_metrics()
    loader.load_strategies()
    loader.load_case_studies()
    # The wards' hexagon layout, so the ward breakdowns are drawn on the live
    # pages' maps (imported here: the performance app reads the scorecard).
    from performance.demo import load_demo_areas

    load_demo_areas(uploaded_by=loader.users["insight"], created=loader.summary.created)
    # Pages read stored verdicts: work out every demo metric's, as on `today`.
    from scorecard.services.verdicts import calculated_verdicts_refresh

    calculated_verdicts_refresh(
        metric_ids=[m.pk for m in loader.metrics.values()], today=loader.timeline.today
    )
    loader.count_rows()
    return loader.summary
