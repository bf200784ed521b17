"""The demo's people and organisation: the seven documented sign-ins and their
password, the people around them with their roles and line managers, the
directorates, services and teams, and the cabinet portfolios. Made up.
"""

from __future__ import annotations

from dataclasses import dataclass

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
