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
    # disputes: queues += _disputes_queues(user) (the function at the end of this module), below this line
    queues += _disputes_queues(user)
    # ambassadors: queues += _ambassadors_queues(user) (the function at the end of this module), below this line
    # trips: queues += _trips_queues(user) (the function at the end of this module), below this line
    # teams: queues += _teams_queues(user) (the function at the end of this module), below this line
    # agencies: queues += _agencies_queues(user) (the function at the end of this module), below this line
    # ventures: queues += _ventures_queues(user) (the function at the end of this module), below this line
    queues += _ventures_queues(user)
    # loans: queues += _loans_queues(user) (the function at the end of this module), below this line
    queues += _loans_queues(user)
    # stations: queues += _stations_queues(user) (the function at the end of this module), below this line
    # stats: queues += _stats_queues(user) (the function at the end of this module), below this line
    # reports: queues += _reports_queues(user) (the function at the end of this module), below this line
    # targets: queues += _targets_queues(user) (the function at the end of this module), below this line
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


# disputes: its queue functions, below this line


def _disputes_queues(user) -> list[Queue]:
    """Labour-dispute deadlines overdue or due in three days (the deadlines board)."""
    from django.utils import timezone

    from homeward.disputes.figures import board
    from homeward.disputes.models import Dispute

    rows = board(Dispute.objects.all(), timezone.localdate())
    if not rows:
        return []
    return [
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

# trips: its queue functions, below this line

# teams: its queue functions, below this line

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
# targets: its queue functions, below this line
