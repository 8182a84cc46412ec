"""Who may write on the staff pages: leaders (领导) read; everything they would change answers 403."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from homeward.audit.models import Result
from homeward.audit.services import log_action


def writers_only(view):
    """For views that change records (and their forms): refused, and audited, for read-only users.

    Put it under `login_required`, so anonymous visitors are sent to sign in instead.
    """
    app = view.__module__.split(".")[1]

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.can_write:
            log_action(
                f"{app}.write.refused",
                request=request,
                result=Result.REFUSED,
                detail={"path": request.path, "method": request.method},
            )
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
