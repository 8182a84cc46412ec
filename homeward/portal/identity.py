"""Who is signed in to the portal: a worker, an employer user, or nobody.

Portal people are not staff: they have no `User`, no area, and the scoped managers show them
nothing (a portal request's area is NOWHERE unless a staff user shares the browser). Portal
pages therefore read through explicit ownership filters — a worker's own applications, an
employer's own postings — and the decorators below put the signed-in person on the request:
`request.worker` or `request.employer_user` (and `request.employer`).

The session holds the person's id and when they signed in; signing in rotates the session key,
signing out deletes the session, and a portal session lasts PORTAL_SESSION_DAYS.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Aggregate, CharField
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from homeward import crypto
from homeward.core.prepared import PreparedQuery
from homeward.core.redirects import safe_next  # noqa: F401  (the one `next` check, S10)

WORKER = "portal_worker"
EMPLOYER_USER = "portal_employer_user"
SIGNED_IN_AT = "portal_signed_in_at"
VERIFIED_PHONE = "portal_verified_phone"  # a phone that passed its code, not yet bound
CAMPAIGN = "portal_campaign"  # {"id": campaign id, "at": epoch seconds} from a message's link
CAMPAIGN_DAYS = 14


def _session_seconds() -> int:
    return settings.PORTAL_SESSION_DAYS * 86400


def _fresh(request) -> bool:
    signed_in_at = request.session.get(SIGNED_IN_AT)
    return signed_in_at is not None and time.time() - signed_in_at <= _session_seconds()


def start_session(request, *, worker_id: int | None = None, employer_user_id: int | None = None):
    """Sign the person in: a new session key, their id, the clock started."""
    campaign = request.session.get(CAMPAIGN)
    request.session.cycle_key()
    for key in (WORKER, EMPLOYER_USER, VERIFIED_PHONE):
        request.session.pop(key, None)
    if worker_id is not None:
        request.session[WORKER] = worker_id
    if employer_user_id is not None:
        request.session[EMPLOYER_USER] = employer_user_id
    if campaign:
        request.session[CAMPAIGN] = campaign
    request.session[SIGNED_IN_AT] = time.time()
    request.session.set_expiry(_session_seconds())


def remember_verified_phone(request, phone: str) -> None:
    """The phone passed its code but belongs to no portal account yet (binding comes next)."""
    request.session.cycle_key()
    # Sessions are rows of the database: the number is kept there encrypted (S12, S22).
    request.session[VERIFIED_PHONE] = {"phone": crypto.encrypt(phone), "at": time.time()}


def verified_phone(request, max_age: int = 1800) -> str | None:
    entry = request.session.get(VERIFIED_PHONE)
    if not entry or time.time() - entry.get("at", 0) > max_age:
        return None
    try:
        return crypto.decrypt(entry.get("phone") or "")
    except ValueError:  # not ours, or under a key since retired
        return None


def end_session(request) -> None:
    request.session.flush()


# The personal data a page shows is read by the page that shows it (`me` reads the ID number
# and phone, masked); the lookups below leave them and their hashes out, so no request decrypts
# what it does not show.
PERSONAL = ("id_number", "id_number_hash", "phone", "phone_hash")


def _worker_lookup(fields: tuple[str, ...] | None, applications: bool = False) -> PreparedQuery:
    def build(pk):
        from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery

        from homeward.placements.models import Application
        from homeward.workers.models import Worker

        rows = Worker._base_manager.filter(pk=pk, portal_account__isnull=False)
        rows = rows.only(*fields) if fields is not None else rows.defer(*PERSONAL)
        awaiting = Q(portal_account__self_registered=True, portal_account__confirmed_at=None)
        rows = rows.annotate(
            account_awaiting=ExpressionWrapper(awaiting, output_field=BooleanField())
        )
        if applications:  # the person's own applications, in the same query
            own = Application._base_manager.filter(worker_id=OuterRef("pk")).order_by()
            ids = own.values("worker_id").annotate(ids=IdList("posting_id")).values("ids")
            rows = rows.annotate(applied_id_list=Subquery(ids))
        return rows

    return PreparedQuery(build)


class IdList(Aggregate):
    """The ids of a group, comma-separated, in no particular order (GROUP_CONCAT, STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra,
        )


# The worker's record without its personal data; the home's lookup reads fewer fields still.
_WORKER = _worker_lookup(None)
_lookups: dict[tuple, PreparedQuery] = {}


def signed_in_worker(request, fields: tuple[str, ...] | None = None, *, applications: bool = False):
    """The signed-in worker (with a portal account), or None.

    `fields` limits what is read to what the page needs (others load when touched, one query
    each); `worker.account_awaiting` says whether staff have yet to confirm a self-registration;
    with `applications`, `worker.applied_ids` are the ids of the postings they applied to
    (sorted), read in the same query. The query is compiled once (core.prepared): on the
    portal home it was ≈1.3 ms a request.
    """
    worker_id = request.session.get(WORKER)
    if type(worker_id) is not int or not _fresh(request):
        return None
    if fields is None and not applications:
        lookup = _WORKER
    else:
        lookup = _lookups.get((fields, applications))
        if lookup is None:
            lookup = _lookups[fields, applications] = _worker_lookup(fields, applications)
    worker = lookup.first(worker_id)
    if worker is not None:
        worker.account_awaiting = bool(worker.account_awaiting)
        if applications:
            listed = worker.applied_id_list
            worker.applied_ids = sorted(int(i) for i in listed.split(",")) if listed else []
    return worker


def signed_in_employer_user(request):
    from homeward.employers.models import EmployerUser

    user_id = request.session.get(EMPLOYER_USER)
    if user_id is None or not _fresh(request):
        return None
    return (
        EmployerUser._base_manager.select_related("employer", "employer__region")
        .filter(pk=user_id, is_active=True, employer__is_blacklisted=False)
        .first()
    )


def _to_signin(request, name: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def worker_required(
    view=None, *, fields: tuple[str, ...] | None = None, applications: bool = False
):
    """The signed-in worker on `request.worker`; others go to the sign-in page.

    `@worker_required(fields=(...))` reads only those fields of the record, and
    `applications=True` their application ids with it (see `signed_in_worker`).
    """
    if view is None:
        return lambda view: worker_required(view, fields=fields, applications=applications)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        worker = signed_in_worker(request, fields, applications=applications)
        if worker is None:
            return _to_signin(request, "portal:signin")
        request.worker = worker
        return view(request, *args, **kwargs)

    return wrapper


def employer_required(view):
    """The signed-in employer user on `request.employer_user` (and `request.employer`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = signed_in_employer_user(request)
        if user is None:
            return _to_signin(request, "portal:employer-signin")
        request.employer_user = user
        request.employer = user.employer
        return view(request, *args, **kwargs)

    return wrapper


def remember_campaign(request, campaign_id: int) -> None:
    """A message's personal link was opened: applications soon after count for its campaign."""
    request.session[CAMPAIGN] = {"id": campaign_id, "at": time.time()}


def campaign_of(request) -> int | None:
    """The campaign whose link brought this person here within CAMPAIGN_DAYS, if any."""
    entry = request.session.get(CAMPAIGN)
    if not entry or time.time() - entry.get("at", 0) > CAMPAIGN_DAYS * 86400:
        return None
    return entry.get("id")


def touch_sign_in(obj) -> None:
    """Record when a portal person last signed in."""
    type(obj)._base_manager.filter(pk=obj.pk).update(last_sign_in_at=timezone.now())
