"""The writes of HR service agencies, one named function each: an agency registered or changed,
a mandate from an employer, a posting placed on the employer's behalf, a fair joined, an
application attributed to the agency; and a town's weekly job digest made, and its link opened.

Each is atomic, audited, and refused with a Chinese message (`AgencyError`) when the state does
not allow it — above all an expired licence, which stops every new piece of work, and a posting
or placement for an employer the agency holds no mandate from. Staff write only in their own
area (`_check_staff`), whatever a view looked up.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from homeward.accounts.writers import writer_of
from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.placements.models import Application
from homeward.scoping import area_scope

from .models import Agency, AgencyPosting, Digest, DigestOpen, FairEntry, Mandate, Placement


class AgencyError(ValueError):
    """A write refused for a reason the person can fix; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_staff(by, code: str | None, obj=None, *, request=None) -> None:
    """Refuse, and audit, a read-only user or one outside the record's area."""
    if not writer_of(by, code, "agencies.write.refused", obj=obj, request=request):
        raise AgencyError(_("This agency is registered by another area."), field="region")


def _refuse(agency: Agency, action: str, message: str, *, by, request=None, field=None, **detail):
    log_action(action, request=request, actor=by, obj=agency, result=Result.REFUSED, detail=detail)
    raise AgencyError(message, field=field)


def _check_licence(agency: Agency, action: str, *, by, request=None, day=None) -> None:
    day = day or timezone.localdate()
    if not agency.licence_valid_on(day):
        _refuse(
            agency,
            action,
            _("The agency's licence expired on %(day)s: renew it before new work.")
            % {"day": agency.licence_expires_on.isoformat()},
            by=by,
            request=request,
            reason="licence_expired",
        )


# Agencies -------------------------------------------------------------------------------------


def save_agency(form, *, by, request=None) -> Agency:
    """Create or change the agency of a valid `AgencyForm`."""
    agency = form.save(commit=False)
    adding = agency.pk is None
    _check_staff(by, agency.region_id, None if adding else agency, request=request)
    with area_scope(agency.region_id), transaction.atomic():
        if adding:
            agency.created_by = by
            agency.save()
        else:
            fields = [f for f in form.changed_data if f != "contact_phone"]
            if "contact_phone" in form.changed_data:
                fields += ["contact_phone", "contact_phone_hash"]
            agency.save(update_fields=fields or None)
        log_action(
            "agencies.agency.created" if adding else "agencies.agency.changed",
            request=request,
            actor=by,
            obj=agency,
            detail={"fields": sorted(form.changed_data)},
        )
    return agency


# Mandates -------------------------------------------------------------------------------------


def grant_mandate(
    agency: Agency, employer, *, starts_on: date, ends_on: date, by, request=None
) -> Mandate:
    """Record that `employer` mandated `agency` to recruit for it from `starts_on` to `ends_on`."""
    _check_staff(by, agency.region_id, agency, request=request)
    _check_staff(by, employer.region_id, agency, request=request)
    _check_licence(agency, "agencies.mandate.refused", by=by, request=request)
    if ends_on < starts_on:
        raise AgencyError(_("A mandate cannot end before it starts."), field="ends_on")
    if ends_on < timezone.localdate():
        raise AgencyError(_("This mandate would already be over."), field="ends_on")
    if ends_on > agency.licence_expires_on:
        raise AgencyError(
            _("The mandate cannot outlast the agency's licence (valid until %(day)s).")
            % {"day": agency.licence_expires_on.isoformat()},
            field="ends_on",
        )
    with area_scope(agency.region_id), transaction.atomic():
        overlapping = Mandate.objects.filter(
            agency=agency, employer=employer, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
        if overlapping.exists():
            raise AgencyError(
                _("The agency already holds a mandate from this employer for these dates."),
                field="starts_on",
            )
        mandate = Mandate(
            agency=agency, employer=employer, starts_on=starts_on, ends_on=ends_on, created_by=by
        )
        mandate.save()
        log_action(
            "agencies.mandate.granted",
            request=request,
            actor=by,
            obj=agency,
            detail={"employer": employer.pk, "from": str(starts_on), "until": str(ends_on)},
        )
    return mandate


def mandate_for(agency: Agency, employer_id: int, day: date) -> Mandate | None:
    with area_scope(agency.region_id):
        return (
            Mandate.objects.in_force_on(day)
            .filter(agency=agency, employer_id=employer_id)
            .order_by("-ends_on")
            .first()
        )


# Postings, fairs, placements ------------------------------------------------------------------


def place_posting(agency: Agency, posting, *, by, request=None) -> AgencyPosting:
    """Record that `agency` placed `posting` on its employer's behalf, under a mandate in force."""
    _check_staff(by, agency.region_id, agency, request=request)
    _check_staff(by, posting.region_id, agency, request=request)
    _check_licence(agency, "agencies.posting.refused", by=by, request=request)
    mandate = mandate_for(agency, posting.employer_id, timezone.localdate())
    if mandate is None:
        _refuse(
            agency,
            "agencies.posting.refused",
            _("The agency holds no mandate in force from this job's employer."),
            by=by,
            request=request,
            field="posting",
            posting=posting.pk,
            reason="no_mandate",
        )
    with area_scope(agency.region_id):
        taken = AgencyPosting._base_manager.filter(posting=posting).select_related("agency").first()
        if taken is not None:
            raise AgencyError(
                _("This job is already placed by %(agency)s.") % {"agency": taken.agency.name},
                field="posting",
            )
        try:
            with transaction.atomic():
                link = AgencyPosting(agency=agency, posting=posting, mandate=mandate, by=by)
                link.save()
                log_action(
                    "agencies.posting.placed",
                    request=request,
                    actor=by,
                    obj=agency,
                    detail={"posting": posting.pk, "mandate": mandate.pk},
                )
        except IntegrityError:
            raise AgencyError(
                _("This job is already placed by an agency."), field="posting"
            ) from None
    return link


def join_fair(agency: Agency, fair, *, by, request=None) -> FairEntry:
    """Record the agency at a job fair of the staff's area, once."""
    _check_staff(by, agency.region_id, agency, request=request)
    _check_staff(by, fair.region_id, agency, request=request)
    _check_licence(agency, "agencies.fair.refused", by=by, request=request, day=fair.starts_on)
    with area_scope(agency.region_id):
        if FairEntry.objects.filter(agency=agency, fair=fair).exists():
            raise AgencyError(_("The agency is already at this fair."), field="fair")
        try:
            with transaction.atomic():
                entry = FairEntry(agency=agency, fair=fair, by=by)
                entry.save()
                log_action(
                    "agencies.fair.joined",
                    request=request,
                    actor=by,
                    obj=agency,
                    detail={"fair": fair.pk},
                )
        except IntegrityError:
            raise AgencyError(_("The agency is already at this fair."), field="fair") from None
    return entry


def attributable(agency: Agency):
    """The applications the agency may be credited with: to the postings it placed, not yet
    credited to any agency. Read across areas on purpose (the people live anywhere); the pages
    show them masked."""
    with area_scope(agency.region_id):
        posting_ids = list(
            AgencyPosting.objects.filter(agency=agency).values_list("posting_id", flat=True)
        )
    return Application._base_manager.filter(
        posting_id__in=posting_ids, agency_placement__isnull=True
    )


def record_placement(agency: Agency, application: Application, *, by, request=None) -> Placement:
    """Credit `agency` with `application`: to a posting the agency placed, or of an employer
    whose mandate was in force on the day of the application."""
    _check_staff(by, agency.region_id, agency, request=request)
    _check_licence(agency, "agencies.placement.refused", by=by, request=request)
    applied_on = timezone.localdate(application.applied_at)
    with area_scope(agency.region_id):
        placed = AgencyPosting.objects.filter(agency=agency, posting_id=application.posting_id)
        has_posting = placed.exists()
    employer_id = Application._base_manager.filter(pk=application.pk).values_list(
        "posting__employer_id", flat=True
    )[0]
    if not has_posting and mandate_for(agency, employer_id, applied_on) is None:
        _refuse(
            agency,
            "agencies.placement.refused",
            _("The agency held no mandate from this employer when the person applied."),
            by=by,
            request=request,
            field="application",
            application=application.pk,
            reason="no_mandate",
        )
    with area_scope(agency.region_id):
        if Placement._base_manager.filter(application=application).exists():
            raise AgencyError(
                _("This application is already credited to an agency."), field="application"
            )
        try:
            with transaction.atomic():
                placement = Placement(agency=agency, application=application, by=by)
                placement.save()
                log_action(
                    "agencies.placement.recorded",
                    request=request,
                    actor=by,
                    obj=agency,
                    detail={"application": application.pk},
                )
        except IntegrityError:
            raise AgencyError(
                _("This application is already credited to an agency."), field="application"
            ) from None
    return placement


# Weekly job digests ---------------------------------------------------------------------------


DIGEST_LEVELS = ("town", "village")  # a town's WeChat groups; a village clerk's own group


def week_of(day: date) -> date:
    """The Monday of `day`'s week: a digest is of one week."""
    return day - timedelta(days=day.weekday())


def make_digest(town, postings, *, week: date, by, request=None) -> Digest:
    """The town's digest of `week` with the postings it lists (made once per town and week)."""
    _check_staff(by, town.code, None, request=request)
    if town.level not in DIGEST_LEVELS:
        raise AgencyError(_("A weekly digest is made for a town or a village."), field="town")
    with area_scope(town.code), transaction.atomic():
        existing = Digest.objects.filter(region=town, week=week).first()
        if existing is not None:
            return existing
        digest = Digest(region=town, week=week, token=secrets.token_urlsafe(8), created_by=by)
        digest.save()
        digest.postings.set(postings)
        log_action(
            "agencies.digest.made",
            request=request,
            actor=by,
            obj=digest,
            detail={"town": town.code, "week": str(week), "postings": len(postings)},
        )
    return digest


def open_digest(token: str, *, count: bool = True) -> Digest | None:
    """The digest of a short link, its opening recorded (a HEAD request is not an opening)."""
    digest = Digest._base_manager.filter(token=token).first()
    if digest is not None and count:
        with area_scope(digest.region_id):
            DigestOpen(digest=digest).save()
    return digest
