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


STOCK, FLOW = "stock", "flow"
REGISTRY = _("the registry's month-end snapshots (stats.PersonMonth)")
EVENTS = _("status changes (workers.StatusEvent)")
APPLICATIONS = _("applications and hires (placements.Application)")
DELIVERIES = _("push messages (campaigns.Delivery)")

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
BY_CODE = {i.code: i for i in INDICATORS}
CODES = [i.code for i in INDICATORS]
