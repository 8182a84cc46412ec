"""What the staff home shows: the work waiting for the signed-in user, and a few numbers of
their area.

Every query goes through the scoped default managers, so within a request it counts only the
request's area (the postings of a town or village add their county's published ones, as the job
list does: `jobs.sheet.county_reading`). Every number carries the URL of the list of records
behind it, so a clerk can check it.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from homeward.campaigns.models import Campaign
from homeward.employers.models import Employer
from homeward.jobs.models import Posting, Status
from homeward.jobs.sheet import county_reading, readable_by
from homeward.matching.services import left_out
from homeward.workers.models import EmploymentStatus, LedgerUpload, Worker, WorkerAccount

QUEUE_ITEMS = 5  # the first few items of a queue, shown on the home page itself


@dataclass
class Item:
    text: str
    url: str
    note: str = ""


@dataclass
class Queue:
    """Records waiting for someone: how many, the first few, and the list of all of them."""

    key: str
    label: str
    count: int
    url: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Number:
    label: str
    value: int
    url: str


def _url(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def work_queues(user, area: str | None) -> list[Queue]:
    """The queues of the user's role: writers confirm self-registrations and imports; everyone
    sees the matches being computed and the campaigns being sent in their area."""
    queues = []
    if user.can_write:
        awaiting = WorkerAccount.objects.filter(
            self_registered=True, confirmed_at__isnull=True
        ).select_related("worker__region")
        queues.append(
            Queue(
                "self-registered",
                _("Self-registrations to confirm"),
                awaiting.count(),
                _url("workers:list", awaiting="on"),
                [
                    Item(
                        a.worker.name,
                        reverse("workers:detail", args=[a.worker_id]),
                        a.worker.region.name,
                    )
                    for a in awaiting.order_by("created_at")[:QUEUE_ITEMS]
                ],
            )
        )
        uploads = LedgerUpload.objects.filter(state=LedgerUpload.State.PREVIEWED).select_related(
            "region"
        )
        queues.append(
            Queue(
                "imports",
                _("Ledger imports to confirm"),
                uploads.count(),
                "#queue-imports",  # no list page of uploads: all of them are listed here
                [
                    Item(u.filename, reverse("workers:import-preview", args=[u.pk]), u.region.name)
                    for u in uploads.order_by("uploaded_at")[:QUEUE_ITEMS]
                ],
            )
        )
    # Published postings whose matched workers are older than the posting or not there yet: the
    # background task is computing them (or waits for the task worker).
    computing = (
        Posting.objects.filter(status=Status.PUBLISHED)
        .filter(Q(matches__isnull=True) | Q(matches__computed_at__lt=F("updated_at")))
        .select_related("employer")
    )
    queues.append(
        Queue(
            "matching",
            _("Postings whose matches are being computed"),
            computing.count(),
            _url("jobs:list", status=Status.PUBLISHED),
            [
                Item(p.title, reverse("jobs:detail", args=[p.pk]), p.employer.name)
                for p in computing.order_by("updated_at")[:QUEUE_ITEMS]
            ],
        )
    )
    unmatched = left_out_queue(area)
    if unmatched.count:
        queues.append(unmatched)
    sending = Campaign.objects.filter(status=Campaign.Status.SENDING)
    queues.append(
        Queue(
            "campaigns",
            _("Campaigns being sent"),
            sending.count(),
            reverse("campaigns:list"),
            [
                Item(c.name, reverse("campaigns:detail", args=[c.pk]), c.get_channel_display())
                for c in sending.order_by("pk")[:QUEUE_ITEMS]
            ],
        )
    )
    # fairs: queues += _fairs_queues(user) (the function at the end of this module), below this line
    # surveys: queues += _surveys_queues(user) (the function at the end of this module), below this line
    queues += _surveys_queues(user)
    # followups: queues += _followups_queues(user) (the function at the end of this module), below this line
    queues += _followups_queues(user)
    # subsidies: queues += _subsidies_queues(user) (the function at the end of this module), below this line
    # training: queues += _training_queues(user) (the function at the end of this module), below this line
    queues += _training_queues(user)
    # wages: queues += _wages_queues(user) (the function at the end of this module), below this line
    queues += _wages_queues(user)
    # disputes: queues += _disputes_queues(user) (the function at the end of this module), below this line
    queues += _disputes_queues(user)
    # ambassadors: queues += _ambassadors_queues(user) (the function at the end of this module), below this line
    queues += _ambassadors_queues(user)
    # trips: queues += _trips_queues(user) (the function at the end of this module), below this line
    # teams: queues += _teams_queues(user) (the function at the end of this module), below this line
    queues += _teams_queues(user)
    # agencies: queues += _agencies_queues(user) (the function at the end of this module), below this line
    # ventures: queues += _ventures_queues(user) (the function at the end of this module), below this line
    queues += _ventures_queues(user)
    # loans: queues += _loans_queues(user) (the function at the end of this module), below this line
    queues += _loans_queues(user)
    # stations: queues += _stations_queues(user) (the function at the end of this module), below this line
    # stats: queues += _stats_queues(user) (the function at the end of this module), below this line
    # reports: queues += _reports_queues(user) (the function at the end of this module), below this line
    queues += _reports_queues(user)
    # api: queues += _targets_queues(user) (the function at the end of this module), below this line
    # welfare: queues += _targets_queues(user) (the function at the end of this module), below this line
    queues += _welfare_queues(user)
    # cooperatives: queues += _targets_queues(user) (the function at the end of this module), below this line
    queues += _cooperatives_queues(user)
    # targets: queues += _targets_queues(user) (the function at the end of this module), below this line
    queues += _targets_queues(user)
    return queues


def left_out_queue(area: str | None) -> Queue:
    """Postings and workers of the area whose stored data matching could not use (an age or a
    date out of range): each left out of matching, not a failure for everyone else."""
    found = left_out(area or "")
    postings = [i for kind, i, _reason in found if kind == "posting"]
    workers = [i for kind, i, _reason in found if kind == "worker"]
    items = [
        Item(p.title, reverse("jobs:detail", args=[p.pk]), p.employer.name)
        for p in Posting.objects.filter(pk__in=postings).select_related("employer")
    ] + [
        Item(w.name, reverse("workers:detail", args=[w.pk]), w.region.name)
        for w in Worker.objects.filter(pk__in=workers).select_related("region")
    ]
    return Queue(
        "left-out",
        _("records with data out of range, left out of matching"),
        len(items),
        "#queue-left-out",
        items[:QUEUE_ITEMS],
    )


def area_numbers(area: str | None) -> dict:
    """A few numbers of the area, each with the list behind it, and the registry by status."""
    by_status = dict(
        Worker.objects.exclude(status="").values_list("status").annotate(n=Count("pk"))
    )
    statuses = [
        Number(str(label), by_status.get(value, 0), _url("workers:list", status=value))
        for value, label in EmploymentStatus.choices
    ]
    with county_reading(area):  # a town or village: its county's published postings too
        on_offer = Posting.objects.filter(readable_by(area), status=Status.PUBLISHED).aggregate(
            n=Count("pk"), people=Sum("headcount")
        )
    offer_url = _url("jobs:list", status=Status.PUBLISHED)
    numbers = [
        Number(_("Workers registered"), Worker.objects.count(), reverse("workers:list")),
        Number(
            _("Returned, looking for work"),
            by_status.get(EmploymentStatus.RETURNED_UNEMPLOYED, 0),
            _url("workers:list", status=EmploymentStatus.RETURNED_UNEMPLOYED),
        ),
        Number(_("Employers"), Employer.objects.count(), reverse("employers:list")),
        Number(_("Jobs on offer"), on_offer["n"], offer_url),
        Number(_("People wanted"), on_offer["people"] or 0, offer_url),
    ]
    return {"numbers": numbers, "statuses": statuses}


# fairs: its queue functions, below this line


# surveys: its queue functions, below this line


def _surveys_queues(user) -> list[Queue]:
    """Villages behind in an open door-to-door survey (late, or less done than the time gone):
    the reminder to their clerks and to the town and county above them."""
    from django.utils import timezone

    from homeward.scoping import area_of
    from homeward.surveys.reports import behind_villages

    behind = behind_villages(area_of(user), timezone.localdate())
    if not behind:
        return []
    items = [
        Item(
            f"{row['name']}（{row['tally'].reached}/{row['tally'].expected}）",
            reverse("surveys:people", args=[campaign.pk]) + f"?at={row['code']}&state=pending",
            campaign.name,
        )
        for campaign, row in behind
    ]
    first = behind[0][0]
    return [
        Queue(
            "surveys",
            _("Villages behind in a door-to-door survey"),
            len(items),
            reverse("surveys:detail", args=[first.pk]),
            items[:QUEUE_ITEMS],
        )
    ]


# followups: its queue functions, below this line


def _followups_queues(user) -> list[Queue]:
    """Retention follow-ups of the area due or overdue (the village and town staff's task;
    leaders, who only read, have none)."""
    from django.utils import timezone

    if not user.can_write:
        return []

    from homeward.followups.reports import queue

    today = timezone.localdate()
    waiting = queue("due", today) | queue("overdue", today)
    return [
        Queue(
            "followups",
            _("Retention follow-ups due"),
            waiting.count(),
            reverse("followups:list"),
            [
                Item(f.worker.name, reverse("followups:detail", args=[f.pk]), f.employer.name)
                for f in waiting.order_by("due_on", "pk")[:QUEUE_ITEMS]
            ],
        )
    ]


# subsidies: its queue functions, below this line


# training: its queue functions, below this line


def _training_queues(user) -> list:
    """Courses of the area running today, each with its roster to mark (a writer's work)."""
    from django.utils import timezone

    if not user.can_write:
        return []

    from homeward.training.models import Course

    today = timezone.localdate()
    running = Course.objects.filter(starts_on__lte=today, ends_on__gte=today)
    return [
        Queue(
            "training",
            _("Courses running now"),
            running.count(),
            reverse("training:courses"),
            [
                Item(c.title, reverse("training:course", args=[c.pk]), c.get_place_kind_display())
                for c in running.order_by("ends_on", "pk")[:QUEUE_ITEMS]
            ],
        )
    ]


# wages: its queue functions, below this line


def _wages_queues(user) -> list[Queue]:
    """Supervision notices (督办) whose reply is overdue, and wage cases past their deadline."""
    from django.utils import timezone

    from homeward.wages.models import Supervision, WageCase

    today = timezone.localdate()
    queues = []
    late = Supervision.objects.filter(replied_on__isnull=True, reply_by__lt=today).select_related(
        "clue"
    )
    if count := late.count():
        queues.append(
            Queue(
                "wages-supervision",
                _("Supervision notices (督办) with the reply overdue"),
                count,
                reverse("wages:supervisions") + "?overdue=1",
                [
                    Item(s.clue.number, reverse("wages:clue", args=[s.clue_id]), f"{s.reply_by}")
                    for s in late.order_by("reply_by")[:QUEUE_ITEMS]
                ],
            )
        )
    cases = WageCase.objects.filter(state="open", due_on__lt=today).select_related("warning")
    if count := cases.count():
        queues.append(
            Queue(
                "wages-cases",
                _("Wage cases past their deadline"),
                count,
                reverse("wages:cases"),
                [
                    Item(c.warning.message[:40], reverse("wages:case", args=[c.pk]), f"{c.due_on}")
                    for c in cases.order_by("due_on")[:QUEUE_ITEMS]
                ],
            )
        )
    return queues


# disputes: its queue functions, below this line


def _disputes_queues(user) -> list[Queue]:
    """Labour-dispute deadlines overdue or due in three days (the deadlines board); and, for
    the administrators who enter it, next year's holiday arrangement once November has come
    and the calendar does not hold it (every deadline running into that year is refused)."""
    from django.utils import timezone

    from homeward.disputes.figures import board
    from homeward.disputes.holidays import platform_calendar
    from homeward.disputes.models import Dispute
    from homeward.disputes.services import may_add_holiday_year

    today = timezone.localdate()
    queues = []
    coming = today.year + 1
    if today.month >= 11 and may_add_holiday_year(user):
        if coming not in platform_calendar().years:
            queues.append(
                Queue(
                    "holiday-calendar",
                    _("Next year's holiday arrangement to enter"),
                    1,
                    reverse("disputes:holidays"),
                    [
                        Item(
                            _("%(year)s holidays and make-up working days") % {"year": coming},
                            reverse("disputes:holidays"),
                            _("deadlines running into %(year)s cannot be counted until then")
                            % {"year": coming},
                        )
                    ],
                )
            )
    rows = board(Dispute.objects.all(), today)
    if not rows:
        return queues
    return queues + [
        Queue(
            "disputes",
            _("Dispute deadlines overdue or due soon"),
            len(rows),
            reverse("disputes:board"),
            [
                Item(d.case_number, reverse("disputes:detail", args=[d.pk]), item.label)
                for d, item, _state, _arbitrators in rows[:QUEUE_ITEMS]
            ],
        )
    ]


# ambassadors: its queue functions, below this line


def _ambassadors_queues(user) -> list:
    """Ambassador bounties due and waiting for approval (town and county staff approve them)."""
    from django.utils import timezone

    from homeward.ambassadors import rules
    from homeward.ambassadors.services import verdicts
    from homeward.crypto import mask_name
    from homeward.regions.models import Level

    if not user.can_write or (
        user.level not in (Level.TOWN, Level.COUNTY) and not user.is_superuser
    ):
        return []
    due = [v for v in verdicts(today=timezone.localdate()) if v.state == rules.DUE]
    if not due:
        return []
    from homeward.workers.models import Worker

    names = dict(
        Worker._base_manager.filter(pk__in={v.candidate.worker_id for v in due}).values_list(
            "pk", "name"
        )
    )
    return [
        Queue(
            "ambassadors",
            _("Ambassador bounties waiting for approval"),
            len(due),
            reverse("ambassadors:bounties") + "?show=due",
            [
                Item(
                    mask_name(names.get(v.candidate.worker_id, "")),
                    reverse("ambassadors:detail", args=[v.candidate.ambassador_id]),
                    str(v.falls_due_on or ""),
                )
                for v in due[:QUEUE_ITEMS]
            ],
        )
    ]


# trips: its queue functions, below this line

# teams: its queue functions, below this line


def _teams_queues(user) -> list:
    """The returnees of the user's caseloads not contacted yet ("N 名返乡人员待联系")."""
    from homeward.crypto import mask_name
    from homeward.teams.models import Assignment

    if not user.can_write:
        return []
    waiting = Assignment.objects.filter(
        member__user=user, member__active=True, contacts__isnull=True
    ).select_related("worker", "worker__region")
    count = waiting.count()
    if not count:
        return []
    return [
        Queue(
            "teams",
            _("returnees waiting for your contact"),
            count,
            reverse("teams:mine"),
            [
                Item(
                    mask_name(a.worker.name),
                    reverse("teams:contact", args=[a.pk]),
                    a.worker.region.name,
                )
                for a in waiting.order_by("assigned_at", "pk")[:QUEUE_ITEMS]
            ],
        )
    ]


# agencies: its queue functions, below this line

# ventures: its queue functions, below this line


def _ventures_queues(user) -> list[Queue]:
    """Problems liaison officers recorded for the area's returnee ventures, not yet solved."""
    from homeward.ventures.models import Contact

    open_problems = Contact.objects.exclude(problem="").filter(solved_on__isnull=True)
    count = open_problems.count()
    if not count:
        return []
    rows = open_problems.select_related("assigned__venture").order_by("on", "pk")[:QUEUE_ITEMS]
    return [
        Queue(
            "ventures",
            _("Problems of returnee ventures not yet solved"),
            count,
            reverse("ventures:list") + "?show=liaised",
            [
                Item(
                    c.assigned.venture.name,
                    reverse("ventures:detail", args=[c.assigned.venture_id]),
                    c.problem,
                )
                for c in rows
            ],
        )
    ]


# loans: its queue functions, below this line


def _loans_queues(user) -> list[Queue]:
    """Overdue loan periods told to this user (`homeward loans overdue`), still unpaid."""
    from homeward.loans.services import overdue_notices

    notices = overdue_notices(user)
    count = notices.count()
    if not count:
        return []
    return [
        Queue(
            "loans",
            _("Overdue startup loan periods you follow"),
            count,
            reverse("loans:list") + "?overdue=1",
            [
                Item(
                    n.loan.borrower_name,
                    reverse("loans:detail", args=[n.loan_id]),
                    f"第 {n.instalment.number} 期 · {n.instalment.due_on:%Y-%m-%d}",
                )
                for n in notices[:QUEUE_ITEMS]
            ],
        )
    ]


# stations: its queue functions, below this line
# stats: its queue functions, below this line
# reports: its queue functions, below this line


def _reports_queues(user) -> list[Queue]:
    """Monthly reports waiting for my office's approval, and my town's reports due."""
    from django.utils import timezone
    from django.utils.translation import pgettext

    from homeward.reports.reading import due_for, waiting_for

    queues = []
    if waiting := waiting_for(user):
        queues.append(
            Queue(
                "reports-waiting",
                pgettext("reports", "Monthly reports waiting for my approval"),
                len(waiting),
                reverse("reports:queue"),
                [
                    Item(
                        f"{s.region.name} {s.month:%Y-%m}",
                        reverse("reports:submission", args=[s.pk]),
                        s.get_state_display(),
                    )
                    for s in waiting[:QUEUE_ITEMS]
                ],
            )
        )
    if due := due_for(user, timezone.localdate()):
        queues.append(
            Queue(
                "reports-due",
                pgettext("reports", "My area's monthly report due"),
                len(due),
                reverse("reports:queue"),
                [
                    Item(
                        f"{(d.month if hasattr(d, 'pk') else d):%Y-%m}",
                        reverse("reports:submission", args=[d.pk])
                        if hasattr(d, "pk")
                        else reverse("reports:area-month", args=[user.region_id, f"{d:%Y-%m}"]),
                        d.get_state_display() if hasattr(d, "pk") else "",
                    )
                    for d in due[:QUEUE_ITEMS]
                ],
            )
        )
    return queues


# api: its queue functions, below this line
# welfare: its queue functions, below this line


def _welfare_queues(user) -> list[Queue]:
    """Applications for public-welfare posts waiting for my level (town: review; county:
    approval)."""
    from homeward.welfare.figures import waiting_for

    waiting = waiting_for(user)
    count = waiting.count()
    if not count:
        return []
    return [
        Queue(
            "welfare-waiting",
            _("Public-welfare post applications waiting for me"),
            count,
            _url("welfare:applications", waiting="mine"),
            [
                Item(
                    a.post.title,
                    reverse("welfare:application", args=[a.pk]),
                    a.get_status_display(),
                )
                for a in waiting[:QUEUE_ITEMS]
            ],
        )
    ]


# cooperatives: its queue functions, below this line


def _cooperatives_queues(user) -> list[Queue]:
    """Cooperative dispatches of the area past their last day whose members' pay is not recorded."""
    from homeward.cooperatives import figures

    if not user.can_write:
        return []
    waiting = figures.rows("to_close")
    count = waiting.count()
    if not count:
        return []
    key, label = figures.TO_CLOSE
    return [
        Queue(
            "cooperatives",
            label,
            count,
            reverse("cooperatives:area-figure") + f"?key={key}",
            [
                Item(
                    str(d.order), reverse("cooperatives:dispatch", args=[d.pk]), d.cooperative.name
                )
                for d in waiting.order_by("ends_on", "pk")[:QUEUE_ITEMS]
            ],
        )
    ]


# targets: its queue functions, below this line


def _targets_queues(user) -> list[Queue]:
    """Checklist duties of the user's area overdue or due within two weeks; notices of
    supervision to the user's own units awaiting a reply; the area's targets at risk."""
    from django.utils import timezone

    from homeward.targets.models import Duty, Supervision, Target
    from homeward.targets.reports import at_risk, due_or_overdue

    today = timezone.localdate()
    queues = []
    due = due_or_overdue(Duty.objects.select_related("item", "region"), today)
    if due:
        queues.append(
            Queue(
                "targets-duties",
                _("Checklist items due or overdue"),
                len(due),
                _url("targets:checklist", show="open"),
                [
                    Item(
                        f"{r.duty.item.number}. {r.duty.unit}",
                        reverse("targets:duty", args=[r.duty.pk]),
                        r.duty.item.deadline_text,
                    )
                    for r in due[:QUEUE_ITEMS]
                ],
            )
        )
    awaiting = Supervision.objects.filter(
        replied_at__isnull=True, duty__region_id=user.region_id
    ).select_related("duty__item")
    if user.can_write and awaiting.exists():
        queues.append(
            Queue(
                "targets-supervision",
                _("Notices of supervision awaiting my reply"),
                awaiting.count(),
                reverse("targets:checklist"),
                [
                    Item(
                        f"{n.duty.item.number}. {n.duty.unit}",
                        reverse("targets:duty", args=[n.duty_id]),
                        n.reply_by.isoformat(),
                    )
                    for n in awaiting.order_by("reply_by", "pk")[:QUEUE_ITEMS]
                ],
            )
        )
    risky = at_risk(Target.objects.select_related("region"), today)
    if risky:
        queues.append(
            Queue(
                "targets-at-risk",
                _("Targets behind time"),
                len(risky),
                reverse("targets:list"),
                [
                    Item(
                        r.target.title,
                        reverse("targets:detail", args=[r.target.pk]),
                        f"{r.progress.done_percent}% / {r.progress.elapsed_percent}%",
                    )
                    for r in risky[:QUEUE_ITEMS]
                ],
            )
        )
    return queues
