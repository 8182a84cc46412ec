"""What a worker does about their own record, through the portal: binding a phone to the
registry record, registering oneself (and staff confirming it), updating one's wishes and opting
out of messages. Each is atomic and audited, and runs in the area of the worker's village (a
portal request itself has no area). The audit codes keep the `portal.` prefix: they name where
the person acted, and the trail written before this module moved here uses them."""

from __future__ import annotations

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.codes import idnumber
from homeward.crypto import PHONE, hash_filter, lookup_hash, mask_id_number
from homeward.scoping import area_scope

from .models import Source, StatusEvent, Worker, WorkerAccount
from .services import apply_profile, register_worker

BIND_ATTEMPTS = 5  # lookups by ID number and name, per verified phone and per day
BIND_WINDOW_SECONDS = 24 * 3600


class BindRefused(Exception):
    """The record cannot be bound; str(error) says why, for the person."""


class NoMatch(BindRefused):
    """No record has this ID number with this name: said alike whether the number is registered
    or not, so the page tells nobody who is in the registry until they also know the name."""

    def __init__(self):
        super().__init__(
            _(
                "We found no record with this ID number and name. Check both, or register "
                "yourself below."
            )
        )


def _tries_key(phone: str) -> str:
    return f"portal-bind-tries:{lookup_hash(PHONE, phone)}"


def bind_tries(phone: str) -> int:
    """How many lookups this verified phone made in the last BIND_WINDOW_SECONDS."""
    return cache.get(_tries_key(phone), 0)


def may_look_up(phone: str) -> bool:
    return bind_tries(phone) < BIND_ATTEMPTS


def count_look_up(phone: str) -> int:
    """Count one lookup by ID number (found or not, name right or wrong) against the phone.

    Kept in the shared cache by the phone's keyed hash, so a new sign-in code or a new session
    does not start the count again."""
    key = _tries_key(phone)
    cache.add(key, 0, timeout=BIND_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=BIND_WINDOW_SECONDS)
        return 1


def account_for_phone(phone: str) -> WorkerAccount | None:
    return (
        WorkerAccount._base_manager.select_related("worker")
        .filter(phone_hash=lookup_hash(PHONE, phone))
        .first()
    )


def find_record(id_number: str) -> Worker | None:
    """The registered person with this ID number, in any area (the caller proves who they are)."""
    return Worker._base_manager.filter(**hash_filter(Worker, "id_number", id_number)).first()


def bind(phone: str, id_number: str, name: str, *, request=None) -> Worker:
    """Bind a verified phone to the registry record with this ID number and name.

    Refused alike (`NoMatch`) when no record has the number or its name differs; once both
    match, refused with the reason when the record already has a portal account or holds
    another phone number (the village service station updates it first). The caller counts the
    lookup (`count_look_up`) whatever the outcome.
    """
    worker = find_record(id_number)
    masked = mask_id_number(id_number)
    if worker is None or worker.name.strip() != name.strip():
        log_action(
            "portal.bind.refused",
            request=request,
            result=Result.REFUSED,
            obj=worker,
            object_repr=masked,
            detail={"reason": "unknown" if worker is None else "name"},
        )
        raise NoMatch
    if WorkerAccount._base_manager.filter(worker=worker).exists():
        raise BindRefused(
            _(
                "This person already signs in with another mobile number. "
                "Ask your village service station to change it."
            )
        )
    if worker.phone and worker.phone != phone:
        log_action(
            "portal.bind.refused",
            request=request,
            result=Result.REFUSED,
            obj=worker,
            object_repr=masked,
            detail={"reason": "phone"},
        )
        raise BindRefused(
            _(
                "Your record holds another mobile number. "
                "Ask your village service station to update it, then sign in again."
            )
        )
    with area_scope(worker.region_id), transaction.atomic():
        if not worker.phone:
            worker.phone = phone
            worker.save(update_fields=["phone", "phone_hash", "updated_at"])
        try:
            with transaction.atomic():
                WorkerAccount.objects.create(worker=worker, phone=phone)
        except IntegrityError:
            raise BindRefused(_("This mobile number is already bound to someone.")) from None
        log_action("portal.bind.ok", request=request, obj=worker, object_repr=masked)
    return worker


def register_self(
    phone: str, *, id_number: str, name: str, village: str, consents: bool, request=None
) -> Worker:
    """A person the registry does not know registers themselves; staff confirm them later.

    A number already registered under the same name is bound instead; under another name the
    answer is `NoMatch`, as for a lookup."""
    parsed = idnumber.parse(id_number)
    data = {
        "id_number": parsed.number,
        "name": name.strip(),
        "gender": parsed.gender,
        "birth_date": parsed.birth_date,
        "phone": phone,
        "region_id": village,
        "consents_to_contact": consents,
    }
    existing = find_record(parsed.number)
    if existing is not None and existing.name.strip() == name.strip():
        return bind(phone, parsed.number, name, request=request)  # they are in it after all
    if existing is not None:
        # Registered under another name: the same answer as a lookup that found nothing, else
        # the registration form would tell who is in the registry without the name.
        log_action(
            "portal.register.refused",
            request=request,
            result=Result.REFUSED,
            object_repr=mask_id_number(parsed.number),
            detail={"reason": "registered"},
        )
        raise NoMatch
    with area_scope(village), transaction.atomic():
        worker, _outcome = register_worker(data, by=None, source=Source.PORTAL, request=request)
        try:
            with transaction.atomic():
                WorkerAccount.objects.create(worker=worker, phone=phone, self_registered=True)
        except IntegrityError:
            raise BindRefused(_("This mobile number is already bound to someone.")) from None
        log_action(
            "portal.register.ok",
            request=request,
            obj=worker,
            object_repr=mask_id_number(parsed.number),
        )
    return worker


def registered_themselves(worker: Worker) -> bool:
    return WorkerAccount._base_manager.filter(worker=worker, self_registered=True).exists()


def confirm_self_registration(account: WorkerAccount, *, by, request=None) -> None:
    """Staff of the person's area confirm a self-registered record (S7: scoped by the caller)."""
    if not account.awaiting_confirmation:
        return
    account.confirmed_at = timezone.now()
    account.confirmed_by = by
    account.save(update_fields=["confirmed_at", "confirmed_by"])
    log_action("portal.register.confirmed", request=request, obj=account.worker)


# What a worker may change about themselves on the portal (S9: nothing else is read).
WISH_FIELDS = (
    "status",
    "intention",
    "willing_scope",
    "expected_wage",
    "available_from",
    "wanted_work_types",
    "wanted_benefits",
    "occupation_text",
    "skills",
    "training_wish",
    "service_needs",
)


def update_wishes(worker: Worker, data: dict, *, request=None) -> list[str]:
    """Save the worker's own changes and record them as a status event from the portal."""
    data = {k: v for k, v in data.items() if k in WISH_FIELDS}
    new_status = data.pop("status", "") or worker.status
    with area_scope(worker.region_id), transaction.atomic():
        changed = apply_profile(worker, data)
        status_changed = new_status != worker.status
        if status_changed:
            worker.status, worker.status_since = new_status, timezone.localdate()
            worker.work_scope = worker.work_place = ""
            changed += ["status"]
        if not changed:
            return []
        worker.save()
        if new_status:
            StatusEvent.objects.create(
                worker=worker,
                region_id=worker.region_id,
                status=new_status,
                occurred_on=timezone.localdate(),
                source=Source.PORTAL,
                note=_describe(changed)[:200],
            )
        log_action("portal.worker.updated", request=request, obj=worker, detail={"fields": changed})
    return changed


def _describe(changed: list[str]) -> str:
    labels = {f: str(Worker._meta.get_field(f).verbose_name) for f in WISH_FIELDS}
    return _("Updated by the person: %(fields)s") % {
        "fields": "、".join(labels[f] for f in changed if f in labels)
    }


def set_messages(worker: Worker, wanted: bool, *, request=None) -> None:
    """The person's own choice to receive job messages or not (opt-out honoured by campaigns)."""
    if worker.consents_to_contact == wanted:
        return
    with area_scope(worker.region_id):
        worker.consents_to_contact = wanted
        worker.save(update_fields=["consents_to_contact", "updated_at"])
    log_action(
        "portal.messages.opted_in" if wanted else "portal.messages.opted_out",
        request=request,
        obj=worker,
    )
