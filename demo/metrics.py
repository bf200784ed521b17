"""The demo's balanced scorecard as specs: the wards and breakdown groups, the
comparators, about forty metrics (`METRICS`: what each measures, its series, targets
and headline years) and the verdicts recorded on the latest year (`VERDICTS`).
Made up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from demo.people import (
    ADULTS,
    CHILDREN,
    CITY_SERVICES,
    FINANCE,
    HEALTH,
    HOUSING,
    JOBS,
)
from demo.timeline import (
    FIRST_YEAR,
    LATEST,
    NEXT_YEAR,
    REPORT_YEARS,
)
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus
from scorecard.models import (
    Comparator,
    Metric,
    Perspective,
    RecordedVerdict,
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
