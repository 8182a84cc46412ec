"""The one check of a staff user writing on a regional record, for the domain services.

`writer_of(by, code, action)`: nobody (`by` None: a portal person or a command) passes; a
read-only user (a leader) is refused with PermissionDenied; a user outside the area of `code` is
refused with False — the caller raises its own error with its own words. Every refusal is
audited under `action`. (`writers_only` is the same rule at a view's door.)
"""

from django.core.exceptions import PermissionDenied

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.scoping import area_of, covers


def writer_of(by, code: str | None, action: str, *, obj=None, request=None) -> bool:
    if by is None:
        return True
    if not by.can_write:
        log_action(action, request=request, actor=by, obj=obj, result=Result.REFUSED)
        raise PermissionDenied
    if code is not None and not covers(area_of(by), code):
        log_action(
            action,
            request=request,
            actor=by,
            obj=obj,
            result=Result.REFUSED,
            detail={"region": code},
        )
        return False
    return True
