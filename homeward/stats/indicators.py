"""The indicator dictionary: every figure the statistics pages show, what it counts, from which
records, and who may see it. `homeward stats dictionary` prints it (docs/indicators.md is its
output); the page /stats/indicators shows it. A figure is added here with the code that counts
it (`compute.py`), never typed in.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # as the monthly reports call it
    definition: str
    source: str  # the records it is counted from
    kind: str  # "stock": at the month's end (时点数); "flow": during the month
    unit: str = "人"
    people: bool = True  # opens a list of people (those with the right to see them)
    scale: int = 1  # stored value ÷ scale is the figure (money: fen stored, yuan shown)
    group: str = "registry"  # the dashboard's section

    @property
    def money(self) -> bool:
        return self.scale != 1

    @property
    def audience(self) -> str:
        """Who may see the figure and what behind it: the one wording of the visibility rules
        (reading.suppressed_for, views.people) for the dictionary's page and file."""
        return str(SEEN_BY_PEOPLE if self.people else SEEN_BY_RECORDS)


STOCK, FLOW = "stock", "flow"
SEEN_BY_PEOPLE = _(
    "Staff of the area and of the areas above it; a town's or village's count of 1 to 4 is "
    "shown as “<5” to the city, the province and the country; the list of people opens only "
    "to staff of the area."
)
SEEN_BY_RECORDS = _(
    "Staff of the area and of the areas above it; a town's or village's count of 1 to 4 is "
    "shown as “<5” to the city, the province and the country; the list of records (naming no "
    "person) opens only to staff of the area."
)
REGISTRY = _("the registry's month-end snapshots (stats.PersonMonth)")
EVENTS = _("status changes (workers.StatusEvent)")
APPLICATIONS = _("applications and hires (placements.Application)")
DELIVERIES = _("push messages (campaigns.Delivery)")
FAIRS = _("job fairs, check-ins and intentions (fairs)")
FOLLOWUPS = _("retention follow-ups (followups.FollowUp)")
SUBSIDIES = _("subsidy decisions and payments (subsidies)")
TRAINING = _("enrolments and certificates (training)")
WAGES = _("wage warnings, cases and arrears clues (wages)")
DISPUTES = _("disputes and mediations (disputes)")
INSURANCE = _(
    "the registry's month-end snapshots (stats.PersonMonth) of social insurance as recorded "
    "(workers.SocialInsurance: ledger, survey, staff)"
)
PAYROLL = _("payrolls of construction projects (wages.PayrollEntry)")
CONTRACTS = _("employers' monthly labour-contract reports (employers.ContractReport)")
ROSTERS = _("real-name wage rosters of construction projects (wages.RosterEntry)")

INDICATORS = [
    Indicator(
        "labour_force",
        _("Rural labour force registered"),
        _("People in the registry at the end of the month, by household village."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "out_migrants",
        _("Working away"),
        _("People whose status at the end of the month is working away (外出务工)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "out_of_province",
        _("Working away: outside the province"),
        _("Working away, in another province (省外)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "in_province",
        _("Working away: in the province, outside the city"),
        _("Working away, in the province but outside the city (省内市外)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "in_city",
        _("Working away: in the city, outside the county"),
        _("Working away, in the city but outside the county (市内县外)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "in_county",
        _("Working away: in the county"),
        _("Working away inside the home county, in or outside the town (县内)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "local_employed",
        _("Employed locally"),
        _("People whose status at the end of the month is employed locally."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "flexible",
        _("In flexible work"),
        _("People whose status at the end of the month is flexible work (灵活就业)."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "returned_seeking",
        _("Returned, looking for work"),
        _("Returnees without work who look for it, at the end of the month."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "returned_founders",
        _("Returnee founders"),
        _("Returnees running a business of their own (返乡创业), at the end of the month."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "unemployed",
        _("Unemployed"),
        _("People whose status at the end of the month is unemployed."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "low_income",
        _("From low-income households"),
        _("People of poverty-alleviated or monitored households, at the end of the month."),
        REGISTRY,
        STOCK,
    ),
    Indicator(
        "returnees",
        _("Returned home in the month"),
        _(
            "People whose status changed to returned (looking for work or running a business) "
            "on a day of the month; a person counted once a month."
        ),
        EVENTS,
        FLOW,
    ),
    Indicator(
        "returnees_from_outside_province",
        _("Returned home in the month from outside the province"),
        _("Returnees of the month whose status before was working outside the province."),
        EVENTS,
        FLOW,
    ),
    Indicator(
        "applications",
        _("Job applications"),
        _("Applications made in the month, by the applicant's household village."),
        APPLICATIONS,
        FLOW,
        unit="份",
    ),
    Indicator(
        "hires",
        _("People placed in jobs"),
        _("Applications ending in a hire dated in the month (a person hired twice counts twice)."),
        APPLICATIONS,
        FLOW,
    ),
    Indicator(
        "push_sent",
        _("Push messages sent"),
        _("Campaign messages sent in the month, by the recipient's household village."),
        DELIVERIES,
        FLOW,
        unit="条",
    ),
    Indicator(
        "push_clicked",
        _("Push messages opened"),
        _("Campaign messages whose personal link was first opened in the month."),
        DELIVERIES,
        FLOW,
        unit="条",
    ),
    Indicator(
        "push_applied",
        _("Applications from push messages"),
        _("Applications of the month made within 14 days of opening a campaign's link."),
        APPLICATIONS,
        FLOW,
        unit="份",
    ),
    Indicator(
        "push_hired",
        _("Hires from push messages"),
        _("Hires dated in the month of applications that came from a campaign."),
        APPLICATIONS,
        FLOW,
    ),
]


def _event(code, name, definition, source, *, unit="人", people=True, money=False, group=""):
    return Indicator(
        code,
        name,
        definition,
        source,
        FLOW,
        unit="元" if money else unit,
        people=people,
        scale=100 if money else 1,
        group=group,
    )


INDICATORS += [
    Indicator(
        f"returnees_then_{code}",
        name,
        _("Returnees of the month by their status at the month's end."),
        EVENTS,
        FLOW,
    )
    for code, name in (
        ("local", _("Returnees of the month now employed locally")),
        ("flexible", _("Returnees of the month now in flexible work")),
        ("founding", _("Returnees of the month now running a business")),
        ("seeking", _("Returnees of the month still looking for work")),
        ("away", _("Returnees of the month gone away again")),
    )
]
INDICATORS += [
    Indicator(
        "returnees_from_in_province",
        _("Returned home in the month from the province outside the city"),
        _(
            "Returnees of the month whose status before was working in the province outside the city."
        ),
        EVENTS,
        FLOW,
    ),
    Indicator(
        "returnees_from_in_city",
        _("Returned home in the month from the city outside the county"),
        _("Returnees of the month whose status before was working in the city outside the county."),
        EVENTS,
        FLOW,
    ),
    Indicator(
        "returnees_from_in_county",
        _("Returned home in the month from the county"),
        _("Returnees of the month whose status before was working away inside the home county."),
        EVENTS,
        FLOW,
    ),
    _event(
        "fairs_held",
        _("Job fairs held"),
        _("Fairs starting in the month, in the area that organised them."),
        FAIRS,
        unit="场",
        people=False,
        group="fairs",
    ),
    _event(
        "fair_attendees",
        _("Fair attendees"),
        _("Check-ins at fairs in the month (a person at two fairs counts twice)."),
        FAIRS,
        unit="人次",
        group="fairs",
    ),
    _event(
        "fair_intentions",
        _("Fair job intentions"),
        _("Job intentions recorded at fairs' approved booths in the month."),
        FAIRS,
        unit="个",
        group="fairs",
    ),
    _event(
        "retention_3m_answered",
        _("3-month follow-ups answered"),
        _("Follow-ups at 3 months after a hire whose answer was recorded in the month."),
        FOLLOWUPS,
        group="placements",
    ),
    _event(
        "retention_3m_kept",
        _("Still employed at 3 months"),
        _("3-month follow-ups answered in the month: still employed."),
        FOLLOWUPS,
        group="placements",
    ),
    _event(
        "retention_6m_answered",
        _("6-month follow-ups answered"),
        _("Follow-ups at 6 months after a hire whose answer was recorded in the month."),
        FOLLOWUPS,
        group="placements",
    ),
    _event(
        "retention_6m_kept",
        _("Still employed at 6 months"),
        _("6-month follow-ups answered in the month: still employed."),
        FOLLOWUPS,
        group="placements",
    ),
    _event(
        "subsidies_approved",
        _("Subsidies approved"),
        _("Applications whose reviews passed and whose public notice ended in the month."),
        SUBSIDIES,
        unit="笔",
        group="subsidies",
    ),
    _event(
        "subsidies_approved_amount",
        _("Subsidies approved: amount"),
        _("The amounts of the applications approved in the month."),
        SUBSIDIES,
        money=True,
        group="subsidies",
    ),
    _event(
        "subsidies_paid",
        _("Subsidies paid"),
        _("Payments the bank confirmed as paid in the month."),
        SUBSIDIES,
        unit="笔",
        group="subsidies",
    ),
    _event(
        "subsidies_paid_amount",
        _("Subsidies paid: amount"),
        _("The amounts of the payments confirmed in the month."),
        SUBSIDIES,
        money=True,
        group="subsidies",
    ),
    _event(
        "trainees",
        _("Trainees enrolled"),
        _("Enrolments in courses dated in the month, in the course's area."),
        TRAINING,
        group="training",
    ),
    _event(
        "trainees_completed",
        _("Trainees completed"),
        _("Enrolments completed in the month."),
        TRAINING,
        group="training",
    ),
    _event(
        "certificates",
        _("Skill certificates issued"),
        _("Certificates issued in the month, by the holder's household village."),
        TRAINING,
        unit="本",
        group="training",
    ),
    _event(
        "trained_employed",
        _("Employed after training"),
        _(
            "Completed trainees whose first work within six months of completing (a hire or a "
            "change to a working status) began in the month."
        ),
        TRAINING,
        group="training",
    ),
    _event(
        "payroll_lines",
        _("Wage payments recorded"),
        _(
            "Lines of construction projects' payrolls paid in the month (by the pay date), in "
            "the project's area."
        ),
        PAYROLL,
        unit="笔",
        people=False,
        group="wages",
    ),
    _event(
        "payroll_paid",
        _("Wages paid"),
        _("The net amounts of the payroll lines paid in the month."),
        PAYROLL,
        money=True,
        people=False,
        group="wages",
    ),
    _event(
        "wage_warnings_red",
        _("Wage warnings: red"),
        _("Red wage warnings raised in the month, in the project's area."),
        WAGES,
        unit="条",
        people=False,
        group="wages",
    ),
    _event(
        "wage_warnings_orange",
        _("Wage warnings: orange"),
        _("Orange wage warnings raised in the month, in the project's area."),
        WAGES,
        unit="条",
        people=False,
        group="wages",
    ),
    _event(
        "wage_warnings_yellow",
        _("Wage warnings: yellow"),
        _("Yellow wage warnings raised in the month, in the project's area."),
        WAGES,
        unit="条",
        people=False,
        group="wages",
    ),
    _event(
        "wage_warnings_cleared",
        _("Wage warnings cleared"),
        _("Wage warnings cleared by the data or closed by an action in the month."),
        WAGES,
        unit="条",
        people=False,
        group="wages",
    ),
    _event(
        "wage_cases_opened",
        _("Wage cases opened"),
        _(
            "Labour inspection cases of wage warnings opened in the month, in the inspecting county."
        ),
        WAGES,
        unit="件",
        people=False,
        group="wages",
    ),
    _event(
        "wage_cases_closed",
        _("Wage cases closed"),
        _("Labour inspection cases of wage warnings closed in the month."),
        WAGES,
        unit="件",
        people=False,
        group="wages",
    ),
    _event(
        "wage_cases_recovered",
        _("Wages recovered by inspection"),
        _("Amounts recovered in the wage cases closed in the month."),
        WAGES,
        money=True,
        people=False,
        group="wages",
    ),
    _event(
        "arrears_cases",
        _("Wage claims received"),
        _("Arrears clues (欠薪线索) received in the month, in the county handling them."),
        WAGES,
        unit="件",
        group="wages",
    ),
    _event(
        "arrears_people",
        _("People in wage claims"),
        _("The people affected by the wage claims received in the month."),
        WAGES,
        group="wages",
    ),
    _event(
        "arrears_claimed",
        _("Wages claimed"),
        _("The amounts claimed in the wage claims received in the month."),
        WAGES,
        money=True,
        group="wages",
    ),
    _event(
        "arrears_recovered",
        _("Wages recovered for claims"),
        _("The amounts recovered in the wage claims closed in the month."),
        WAGES,
        money=True,
        group="wages",
    ),
    *[
        Indicator(
            f"insured_{code}",
            name,
            _(
                "People of the registry insured in it at the end of the month (locally or "
                "elsewhere), by household village, as recorded by that day."
            ),
            INSURANCE,
            STOCK,
            group="insurance",
        )
        for code, name in (
            ("pension", _("Insured: pension")),
            ("medical", _("Insured: medical")),
            ("injury", _("Insured: work injury")),
            ("unemployment", _("Insured: unemployment")),
        )
    ],
    Indicator(
        "insured_local",
        _("Insured locally"),
        _(
            "People of the registry with at least one social insurance here (本地参保) at the end "
            "of the month, by household village, as recorded by that day."
        ),
        INSURANCE,
        STOCK,
        group="insurance",
    ),
    Indicator(
        "insured_elsewhere",
        _("Insured elsewhere"),
        _(
            "People of the registry whose social insurances at the end of the month are all "
            "elsewhere (外地参保: none here), by household village, as recorded by that day; "
            "those whose place is not recorded are in neither."
        ),
        INSURANCE,
        STOCK,
        group="insurance",
    ),
    _event(
        "contracts_headcount",
        _("Employers' headcount reported"),
        _("The headcounts employers reported for the month (the newest version of each)."),
        CONTRACTS,
        people=False,
        group="contracts",
    ),
    _event(
        "contracts_signed",
        _("Labour contracts signed"),
        _("Of the reported headcount, those with a signed labour contract."),
        CONTRACTS,
        people=False,
        group="contracts",
    ),
    _event(
        "contracts_headcount_large",
        _("Headcount of larger employers"),
        _(
            "The headcounts reported for the month by employers with at least the reporting "
            "rule's number of staff (employers.ReportingRule)."
        ),
        CONTRACTS,
        people=False,
        group="contracts",
    ),
    _event(
        "contracts_signed_large",
        _("Labour contracts signed at larger employers"),
        _("Of the larger employers' reported headcount, those with a signed labour contract."),
        CONTRACTS,
        people=False,
        group="contracts",
    ),
    _event(
        "roster_joined",
        _("People joining wage rosters"),
        _("Roster entries of construction projects whose person joined in the month."),
        ROSTERS,
        people=False,
        group="contracts",
    ),
    _event(
        "roster_contracted",
        _("People joining wage rosters with a contract"),
        _("Roster entries joining in the month marked as having signed a labour contract."),
        ROSTERS,
        people=False,
        group="contracts",
    ),
    _event(
        "disputes_filed",
        _("Disputes filed"),
        _("Labour disputes filed in the month, in the commission's area."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "disputes_collective",
        _("Collective disputes filed"),
        _("Labour disputes filed in the month marked as collective cases."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "disputes_closed",
        _("Disputes closed"),
        _("Labour disputes closed in the month."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "mediations_closed",
        _("Mediations ended"),
        _("Mediations ended in the month, agreed or failed."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "mediations_agreed",
        _("Mediations agreed"),
        _("Mediations ended in the month with an agreement."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "mediations_agreed_amount",
        _("Mediations agreed: amount"),
        _("The amounts agreed in the mediations ended in the month with an agreement."),
        DISPUTES,
        money=True,
        people=False,
        group="disputes",
    ),
    _event(
        "arbitration_accepted",
        _("Arbitration cases accepted"),
        _("Arbitration applications accepted in the month."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "arbitration_awarded",
        _("Arbitration awards made"),
        _("Disputes decided by an arbitration award dated in the month."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
    _event(
        "arbitration_recovered",
        _("Amounts awarded by arbitration"),
        _("The amounts awarded to the workers in the awards dated in the month."),
        DISPUTES,
        money=True,
        people=False,
        group="disputes",
    ),
    _event(
        "arbitration_closed",
        _("Arbitration cases closed"),
        _("Accepted arbitration cases closed in the month by an award or a withdrawal."),
        DISPUTES,
        unit="件",
        people=False,
        group="disputes",
    ),
]


@dataclass(frozen=True)
class Ratio:
    """A rate shown beside the figures: one indicator over another, both counted from events
    (never stored: a rate does not add up, its parts do)."""

    code: str
    name: str
    numerator: str
    denominator: str


RATIOS = [
    Ratio("retention_3m", _("Retention at 3 months"), "retention_3m_kept", "retention_3m_answered"),
    Ratio("retention_6m", _("Retention at 6 months"), "retention_6m_kept", "retention_6m_answered"),
    Ratio(
        "training_employment",
        _("Employment after training"),
        "trained_employed",
        "trainees_completed",
    ),
    Ratio(
        "mediation_success", _("Mediation success rate"), "mediations_agreed", "mediations_closed"
    ),
    Ratio(
        "arbitration_closure",
        _("Arbitration closure rate"),
        "arbitration_closed",
        "arbitration_accepted",
    ),
    Ratio("push_click_rate", _("Push messages opened"), "push_clicked", "push_sent"),
    *[
        Ratio(f"coverage_{code}", name, f"insured_{code}", "labour_force")
        for code, name in (
            ("pension", _("Pension insurance coverage")),
            ("medical", _("Medical insurance coverage")),
            ("injury", _("Work-injury insurance coverage")),
            ("unemployment", _("Unemployment insurance coverage")),
        )
    ],
    Ratio(
        "contract_signing_large",
        _("Contract signing rate at larger employers"),
        "contracts_signed_large",
        "contracts_headcount_large",
    ),
    Ratio(
        "contract_signing",
        _("Contract signing rate"),
        "contracts_signed",
        "contracts_headcount",
    ),
    Ratio(
        "roster_contract_rate",
        _("Contract rate of roster joiners"),
        "roster_contracted",
        "roster_joined",
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}
CODES = [i.code for i in INDICATORS]
