"""The demo's One Coventry Plan 2022-30 (and the 2016-24 plan before it), its
priorities and objectives, and the key strategies with their stories of change,
action plans, actions, progress updates and case studies. Made up; dates are written
as on REFERENCE_DAY (see demo.timeline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from strategies.models import (
    Action,
    ChangeStep,
    Priority,
    Strategy,
)

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
