"""The open API's frame: the NinjaAPI, bearer-token auth with the rate limit, the scope check
that runs each view inside the client's area, idempotent writes, and errors as
{"code": …, "message": "<Chinese>"}.

A request flows: AreaScopeMiddleware (anonymous: area NOWHERE) → ninja parses and validates
(422) → `ClientToken` finds the client by its token's hash (401) and counts the request in its
window (429) → `needs(scope)` refuses a missing scope (403, audited) and runs the view inside
`area_scope(client's region)`, the one scoping mechanism, so a record of another area is not
found (404) → the view builds plain data inside the area → the response.
"""

from __future__ import annotations

import functools
import logging

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from homeward.audit.models import Result
from homeward.audit.services import log_action
from homeward.crypto import mask_value
from homeward.scoping import OutOfArea, area_scope, viewer_scope

from . import services
from .models import ApiClient

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer other than success: HTTP status, a code for machines, a message for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


class ClientToken(HttpBearer):
    def authenticate(self, request, token: str) -> ApiClient | None:
        client = services.authenticate(token, request=request)
        if client is None:
            return None
        wait = services.count_request(client)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                _("Too many requests: at most %(n)d a minute. Retry in %(s)d seconds.")
                % {"n": client.rate_limit, "s": wait},
                headers={"Retry-After": str(wait)},
            )
        return client


api = NinjaAPI(
    title="Homeward open API",
    version="1",
    description="农民工就业服务与权益保障平台 开放接口 (docs/api.md)",
    urls_namespace="api",
    auth=ClientToken(),
    docs_url=None,  # no docs page: the schema is at openapi.json, the guide in docs/api.md
    openapi_url="/openapi.json",
)


def _answer(request, status: int, code: str, message: str, headers: dict | None = None):
    response = api.create_response(request, {"code": code, "message": message}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _answer(request, exc.status, exc.code, exc.message, exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    with translation.override("zh-hans"):
        return _answer(
            request,
            401,
            "unauthenticated",
            _("Give a valid API token: the header Authorization: Bearer <token>."),
            {"WWW-Authenticate": "Bearer"},
        )


@api.exception_handler(Http404)
def _not_found(request, exc):
    with translation.override("zh-hans"):
        return _answer(request, 404, "not_found", _("No such record in your area."))


@api.exception_handler(OutOfArea)
def _out_of_area(request, exc):
    with translation.override("zh-hans"):
        return _answer(request, 404, "not_found", _("No such record in your area."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    with translation.override("zh-hans"):
        return _answer(request, exc.status_code, "bad_request", _("The request is not valid."))


# pydantic's error types → what the field needs, in words a clerk reads
_NEEDS = {
    "missing": gettext_lazy("%(field)s is required"),
    "enum": gettext_lazy("%(field)s is not one of the allowed values"),
    "literal_error": gettext_lazy("%(field)s is not one of the allowed values"),
    "string_too_long": gettext_lazy("%(field)s is too long"),
    "string_too_short": gettext_lazy("%(field)s is too short"),
    "string_pattern_mismatch": gettext_lazy("%(field)s has characters that are not allowed"),
    "greater_than_equal": gettext_lazy("%(field)s is too small"),
    "greater_than": gettext_lazy("%(field)s is too small"),
    "less_than_equal": gettext_lazy("%(field)s is too large"),
    "less_than": gettext_lazy("%(field)s is too large"),
    "json_invalid": gettext_lazy("%(field)s is not valid JSON"),
}
_WRONG = gettext_lazy("%(field)s has the wrong type or format")


def _field_message(error: dict) -> tuple[str, str]:
    """(field, message) of one pydantic error: the field's name as the client wrote it."""
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
    if loc and loc[0] in ("query", "path", "header"):
        loc = loc[1:]
    field = ".".join(loc) or "body"
    reason = (error.get("ctx") or {}).get("error")
    if error.get("type") == "value_error" and reason:  # our validators' own Chinese words
        return field, _("%(field)s: %(message)s") % {"field": field, "message": str(reason)}
    return field, str(_NEEDS.get(error.get("type", ""), _WRONG)) % {"field": field}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    with translation.override("zh-hans"):
        fields = [_field_message(e) for e in exc.errors]
        message = "；".join(dict.fromkeys(text for _f, text in fields)) or _("Invalid input.")
        response = api.create_response(
            request,
            {
                "code": "invalid",
                "message": message,
                "errors": [{"field": f, "message": m} for f, m in fields],
            },
            status=422,
        )
    return response


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    logger.exception("open API: %s %s failed", request.method, request.path)
    with translation.override("zh-hans"):
        return _answer(request, 500, "server_error", _("Server error; please try again later."))


def scope_refused(request, scope: str) -> ApiError:
    """The 403 of a client without `scope`, its audit row written."""
    log_action(
        "api.request.refused",
        request=request,
        obj=request.auth,
        result=Result.REFUSED,
        detail={"scope": scope, "method": request.method, "path": request.path},
    )
    return ApiError(
        403, "scope_missing", _("This client lacks the scope “%(scope)s”.") % {"scope": scope}
    )


def needs(scope: str):
    """Refuse a client without `scope` (403, audited, nothing written); run the view inside the
    client's area, in Chinese."""

    def decorate(view):
        @functools.wraps(view)
        def in_area(request, *args, **kwargs):
            client: ApiClient = request.auth
            with translation.override("zh-hans"):
                if not client.has_scope(scope):
                    raise scope_refused(request, scope)
                with area_scope(client.region_id), viewer_scope(None):
                    return view(request, *args, **kwargs)

        return in_area

    return decorate


def idempotent(request, key: str, write):
    """Run `write()` → (status, data) once per client and key; the same request again gets the
    stored answer, another request under the same key 409. A refused write keeps no record."""
    client: ApiClient = request.auth
    fingerprint = services.request_fingerprint(request.method, request.path, request.body)
    try:
        record = services.reserve_key(client, key, fingerprint)
    except services.Replay as replay:
        response = api.create_response(request, replay.response, status=replay.status_code)
        response["Idempotent-Replayed"] = "true"
        return response
    except services.KeyConflict as conflict:
        raise ApiError(409, "idempotency_conflict", conflict.message) from None
    try:
        status, data = write()
    except BaseException:
        services.release_key(record)
        raise
    # A write's answer is a summary without full personal numbers; masked all the same.
    services.keep_answer(record, status, mask_value(data))
    return api.create_response(request, data, status=status)
