"""Where a `next` parameter may send a person: a path on this site, nowhere else (S10).

Every view that reads `next` calls `safe_next` (tests/core/test_redirects.py finds them all and
tries the known bypasses on each). A target is accepted only when it is a plain path on this
host: it starts with one "/" and not "//" or "/\\", holds no backslash, no control or invisible
character (browsers drop tabs and newlines, so "java\\tscript:" or "/\\t/evil" would turn into
something else) and stays so once percent-decoded ("/%2F%2Fevil" → "//evil"); Django's
`url_has_allowed_host_and_scheme` then has the last word, over HTTPS only in production. Full
URLs are refused even when they name this host: the site never needs one.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000
PARAMETER = "next"


def _plain_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if "\\" in target:
        return False
    # Cc: control characters (tab, newline, NUL); Cf: invisible ones (zero-width space, RTL mark);
    # Zl/Zp: line and paragraph separators. None belongs in a path we send people to.
    return not any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in target)


def is_safe_target(request, target: str | None) -> bool:
    """True when `target` is a path on this site that a redirect may point to."""
    if not target or len(target) > MAX_LENGTH:
        return False
    decoded = target
    for _round in range(3):  # "%252F%252F" is decoded twice by some proxies
        if not _plain_path(decoded):
            return False
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return False  # still changing after three decodings: not a path anyone writes
    return url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure() or getattr(settings, "PRODUCTION", False),
    )


def safe_next(request, default: str, *, target: str | None = None) -> str:
    """The request's `next` (POST before GET, or `target` when given) if it is safe, else
    `default`."""
    if target is None:
        target = request.POST.get(PARAMETER) or request.GET.get(PARAMETER) or ""
    return target if is_safe_target(request, target) else default
