"""The writes of the employer pages, one named function each: an employer created or changed,
a person of an employer invited to the portal or deactivated.

Each is atomic, writes one audit row, saves only the fields it changes on an edit, and is
refused (and audited) for a staff user who may only read. Errors meant for people are
`EmployerError`s naming the form field they concern.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.outreach.gateways import OutgoingMessage, send

from .models import Employer, EmployerUser


class EmployerError(ValueError):
    """A write refused for a reason the person can fix; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_writer(by, action: str, *, request=None, obj=None) -> None:
    """Refuse, and audit, a write by a staff user who may only read (a leader)."""
    if by is not None and not by.can_write:
        log_action(action, request=request, actor=by, obj=obj, result=Result.REFUSED)
        raise PermissionDenied


def save_employer(form, *, by, request=None) -> Employer:
    """Create or change the employer of a valid `EmployerForm`.

    The audit row names the changed fields only, never the contact phone itself.
    """
    employer = form.save(commit=False)
    adding = employer.pk is None
    action = "employers.employer.created" if adding else "employers.employer.changed"
    check_writer(by, "employers.write.refused", request=request, obj=None if adding else employer)
    fields = _model_fields(form)
    try:
        with transaction.atomic():
            if adding:
                employer.save()
            else:
                employer.save(update_fields=fields)
            log_action(
                action,
                request=request,
                actor=by,
                obj=employer,
                detail={"fields": sorted(form.changed_data)},
            )
    except IntegrityError:  # the same code registered a moment ago elsewhere
        raise EmployerError(_("This credit code is already registered."), field="uscc") from None
    return employer


def _model_fields(form) -> list[str]:
    """The columns an edit by `form` may write: its model fields, the contact phone when a new
    one was given (with its lookup hash), and the time of the change."""
    fields = [name for name in form._meta.fields if name in form.cleaned_data]
    if form.cleaned_data.get("new_contact_phone"):
        fields += ["contact_phone", "contact_phone_hash"]
    return [*fields, "updated_at"]


@dataclass
class Invitation:
    user: EmployerUser
    texted: bool  # whether the text message telling them where to sign in was accepted


def invite_employer_user(
    employer: Employer, *, name: str, phone: str, signin_url: str, by, request=None
) -> Invitation:
    """Give a person of `employer` access to the employer portal, and text them where to sign in
    once the invitation is committed (a failed text leaves the invitation standing)."""
    check_writer(by, "employers.write.refused", request=request, obj=employer)
    user = EmployerUser(
        employer=employer, name=name, phone=phone, invited_by=by, invited_at=timezone.now()
    )
    try:
        with transaction.atomic():
            user.save()
            log_action(
                "employers.user.invited",
                request=request,
                actor=by,
                obj=user,
                detail={"employer": employer.pk},
            )
    except IntegrityError:  # the same number invited a moment ago elsewhere
        raise EmployerError(
            _("This mobile number already signs in to the employer portal."), field="phone"
        ) from None
    # After the commit: the text names a user who exists, and never goes for a rolled-back one.
    return Invitation(user=user, texted=_text_invitation(user, signin_url))


def _text_invitation(user: EmployerUser, url: str) -> bool:
    employer = user.employer
    text = _(
        "[Homeward] %(employer)s has been given access to the Homeward employer portal. "
        "Sign in with this mobile number at %(url)s"
    ) % {"employer": employer.name, "url": url}
    result = send(
        OutgoingMessage(
            channel="sms",
            phone=user.phone,
            text=text,
            key=f"employer-invite:{user.pk}",
            region=employer.region_id,
            template="employer_invite",
            params=(employer.name, url),
        )
    )
    return result.accepted


def deactivate_employer_user(user: EmployerUser, *, by, request=None) -> bool:
    """The person no longer signs in for the employer (their next portal request signs them
    out). Returns whether anything changed: deactivating twice writes nothing."""
    check_writer(by, "employers.write.refused", request=request, obj=user)
    with transaction.atomic():
        current = EmployerUser._base_manager.select_for_update().get(pk=user.pk)
        if not current.is_active:
            return False
        current.is_active = False
        current.save(update_fields=["is_active"])
        log_action(
            "employers.user.deactivated",
            request=request,
            actor=by,
            obj=current,
            detail={"employer": current.employer_id},
        )
    user.is_active = False
    return True
