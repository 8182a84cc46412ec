"""S10, no open redirects: every view that reads `next` goes through homeward.core.redirects,
and each of them, through its real URL, stays on this site for every known bypass.

The readers are found, not listed by hand: the source is read with `ast` for any read of a
`next` parameter (which only the floor helper may do) and any call of the helper; the URL
patterns are walked for Django views that read `next` on their own. A new reader fails
`test_every_next_reader_is_known` until it is added to READERS below with a way to drive it,
and then it is tried with every bypass.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.auth.views import RedirectURLMixin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from homeward import crypto
from homeward.accounts.models import Role
from homeward.core.redirects import is_safe_target, safe_next
from homeward.employers.models import EmployerUser
from homeward.portal import identity
from homeward.workers.models import WorkerAccount
from tests.factories import PASSWORD, TOWN, VILLAGE, make_posting, make_staff

ROOT = Path(__file__).resolve().parents[2] / "homeward"
HELPER = "homeward.core.redirects"

BYPASSES = [
    "https://evil.example/",
    "http://evil.example",
    "HTTPS://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http:\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "/%2f%5cevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\x00//evil.example",
    "/\x00/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\u200b/evil.example",
    "/\u2028/evil.example",
    "//evil.example@testserver/",
    "https://testserver@evil.example/",
    "http://testserver.evil.example/",
    "evil.example",
    "//evil%E3%80%82example",
    "/" + "a" * 3000 + "/../evil.example",  # long enough to be refused by length alone
]
SAFE = "/m/jobs?q=%E7%94%B5%E7%84%8A"  # a path of this site with a query: honoured


# Finding the readers ------------------------------------------------------------------------

REQUEST_PARAMETERS = {"GET", "POST", "REQUEST", "query_params", "data"}


def _reads_next(node: ast.AST) -> bool:
    """`x.GET.get("next")`, `x.POST["next"]`, `x.GET.getlist("next")`: a raw read of next."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = node.func.value
        return (
            node.func.attr in {"get", "getlist", "pop"}
            and isinstance(owner, ast.Attribute)
            and owner.attr in REQUEST_PARAMETERS
            and bool(node.args)
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == "next"
        )
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        return (
            node.value.attr in REQUEST_PARAMETERS
            and isinstance(node.slice, ast.Constant)
            and node.slice.value == "next"
        )
    return False


def _calls_helper(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"safe_next", "is_safe_target"}


def _scan() -> tuple[set[str], set[str]]:
    """(functions calling the helper, functions reading next themselves), as module.qualname."""
    callers, raw = set(), set()
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        if module == HELPER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node, prefix, module=module):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    name = f"{prefix}.{child.name}" if prefix else child.name
                    if not isinstance(child, ast.ClassDef):
                        for inner in ast.walk(child):
                            if _calls_helper(inner):
                                callers.add(f"{module}.{name}")
                            if _reads_next(inner):
                                raw.add(f"{module}.{name}")
                    visit(child, name)
                elif _reads_next(child) or any(_reads_next(n) for n in ast.walk(child)):
                    if not isinstance(child, ast.FunctionDef | ast.ClassDef):
                        raw.add(f"{module}.<module>")

        visit(tree, "")
    return callers, raw


def _patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


# The readers, each with the URL that drives it -----------------------------------------------
#
# A driver takes (client, target) and returns the response of the request in which the view
# redirected, or may have redirected, to `target`.


@pytest.fixture
def cast(db):
    town_staff = make_staff(TOWN, username="town-clerk")
    from tests.factories import make_employer, make_worker

    worker = make_worker(VILLAGE, sequence=7, name="李四", phone="13912340007")
    employer = make_employer(TOWN)
    posting = make_posting(employer, status="published", published_at=timezone.now())
    return {"staff": town_staff, "worker": worker, "employer": employer, "posting": posting}


def _with_next(url: str, target: str) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'next': target})}"


def drive_login_post(client, cast, target):
    return client.post(
        reverse("accounts:login"),
        {"username": cast["staff"].username, "password": PASSWORD, "next": target},
    )


def drive_login_signed_in(client, cast, target):
    client.force_login(cast["staff"])
    return client.get(_with_next(reverse("accounts:login"), target))


def drive_admin_login(client, cast, target):
    return client.post(
        reverse("admin:login"),
        {"username": cast["staff"].username, "password": PASSWORD, "next": target},
    )


def drive_admin_logout(client, cast, target):
    client.force_login(cast["staff"])
    return client.post(reverse("admin:logout"), {"next": target})


def drive_logout(client, cast, target):
    client.force_login(cast["staff"])
    return client.post(reverse("accounts:logout"), {"next": target})


def drive_second_factor(client, cast, target):
    admin = make_staff("3213", role=Role.ADMIN, username="city-admin")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client.force_login(admin)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return client.post(_with_next(reverse("accounts:otp-verify"), target), {"token": f"{code:06d}"})


def drive_set_language(client, cast, target):
    return client.post(reverse("set_language"), {"language": "en", "next": target})


def drive_refer(client, cast, target):
    client.force_login(cast["staff"])
    url = reverse("matching:refer", args=[cast["worker"].pk, cast["posting"].pk])
    return client.post(url, {"next": target})


def _portal_session(client, **values):
    session = client.session
    session.update({identity.SIGNED_IN_AT: time.time(), **values})
    session.save()


def drive_worker_signin(client, cast, target):
    WorkerAccount._base_manager.create(worker=cast["worker"], phone=cast["worker"].phone)
    _portal_session(client, **{identity.WORKER: cast["worker"].pk})
    return client.get(_with_next(reverse("portal:signin"), target))


def drive_bind(client, cast, target):
    worker = cast["worker"]
    _portal_session(
        client,
        **{identity.VERIFIED_PHONE: {"phone": crypto.encrypt(worker.phone), "at": time.time()}},
    )
    data = {"id_number": worker.id_number, "name": worker.name, "next": target}
    response = client.post(reverse("portal:bind"), data)
    assert WorkerAccount._base_manager.filter(worker=worker).exists(), "the binding failed"
    return response


def drive_employer_signin(client, cast, target):
    user = EmployerUser(employer=cast["employer"], name="王经理", phone="13912340008")
    user.save()
    _portal_session(client, **{identity.EMPLOYER_USER: user.pk})
    return client.get(_with_next(reverse("portal:employer-signin"), target))


# Each function that reads `next` (module.qualname) → the real URLs that drive it.
READERS = {
    "homeward.accounts.views.LoginView.get_redirect_url": [
        drive_login_post,
        drive_login_signed_in,
        drive_admin_login,
    ],
    "homeward.accounts.views.LogoutView.get_redirect_url": [drive_logout, drive_admin_logout],
    "homeward.accounts.views._next_or_home": [drive_second_factor],
    "homeward.core.views.set_language": [drive_set_language],
    "homeward.matching.views._back": [drive_refer],
    "homeward.portal.views.signin": [drive_worker_signin],
    "homeward.portal.views.bind": [drive_bind],
    "homeward.portal.employer_views.signin": [drive_employer_signin],
}
DRIVERS = [driver for drivers in READERS.values() for driver in drivers]


def test_every_next_reader_is_known():
    callers, raw = _scan()
    assert raw == set(), f"read `next` only through {HELPER}.safe_next: {sorted(raw)}"
    assert callers == set(READERS), (
        "a view reads `next` through the helper but is not in READERS (add it with a driver), "
        f"or a listed one no longer does: {sorted(callers ^ set(READERS))}"
    )


def test_no_url_routes_to_a_django_view_that_checks_next_on_its_own():
    """Django's LoginView/LogoutView, the admin site's sign-in and sign-out and set_language check
    `next` their own way: each routed one is a subclass here whose get_redirect_url is a known
    reader, or is replaced (/admin/login/ and /admin/logout/ resolve to the staff views)."""
    from django.urls import resolve
    from django.views import i18n

    for name in ("admin:login", "admin:logout"):  # AdminSite's own would check next itself
        view_class = getattr(resolve(reverse(name)).func, "view_class", None)
        assert view_class is not None and view_class.__module__ == "homeward.accounts.views", name
    for pattern in _patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        assert pattern.callback is not i18n.set_language, pattern
        if view_class is not None and issubclass(view_class, RedirectURLMixin):
            method = view_class.get_redirect_url
            name = f"{method.__module__}.{method.__qualname__}"
            assert name in READERS, f"{pattern.pattern}: {name} checks next itself"


def _landing(response) -> str:
    """Where the browser goes: the Location header, or the `next` a sign-in page passes on."""
    assert response.status_code in (301, 302, 303), response.status_code
    location = response["Location"]
    parts = urlsplit(location)
    inner = parse_qs(parts.query).get("next")
    return inner[0] if inner else location


def _stays_here(location: str) -> bool:
    decoded = unquote(unquote(location))
    return (
        location.startswith("/")
        and not location.startswith(("//", "/\\"))
        and "evil" not in decoded
        and "javascript" not in decoded.lower()
        and not any(ch in location for ch in "\t\r\n\x00\\")
    )


@pytest.mark.parametrize("target", BYPASSES, ids=lambda t: repr(t)[:40])
@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.__name__.removeprefix("drive_"))
def test_each_reader_stays_on_the_site(client, cast, driver, target):
    location = _landing(driver(client, cast, target))
    assert _stays_here(location), location


@pytest.mark.parametrize("driver", DRIVERS, ids=lambda d: d.__name__.removeprefix("drive_"))
def test_each_reader_follows_a_path_of_this_site(client, cast, driver):
    """The control: the same request with a safe `next` does go there."""
    assert _landing(driver(client, cast, SAFE)) == SAFE


@pytest.mark.parametrize("target", BYPASSES, ids=lambda t: repr(t)[:40])
def test_the_helper_refuses_each_bypass(target, settings):
    request = RequestFactory().get("/", {"next": target})
    assert not is_safe_target(request, target)
    assert safe_next(request, "/fallback") == "/fallback"


def test_production_refuses_http_even_for_a_path_with_a_scheme(settings):
    settings.PRODUCTION = True
    request = RequestFactory().get("/")
    assert not is_safe_target(request, "http://testserver/m/")
    assert is_safe_target(request, "/m/")
