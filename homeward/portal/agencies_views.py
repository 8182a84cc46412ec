"""/m/w/<token>: a town's weekly job digest link, posted to its WeChat groups (a portal door).

Each opening is recorded for the digest (`agencies.services.open_digest`), then the person goes
on to the jobs serving the town: the portal's job search in the town's county. Nothing personal
is in the link, and no session is needed.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from homeward.agencies.services import open_digest
from homeward.jobs.sheet import sheet_area


@never_cache
@require_safe
def digest_link(request, token: str):
    digest = open_digest(token, count=request.method != "HEAD")  # previews are no openings
    if digest is None:
        raise Http404
    return redirect(reverse("portal:jobs") + "?" + urlencode({"area": sheet_area(digest.region)}))
