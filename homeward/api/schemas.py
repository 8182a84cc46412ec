"""The open API's request and response shapes (pydantic, through ninja): what OpenAPI shows and
what every request is checked against before a view runs. Only the fields declared here are
read from a body (SECURITY.md S9)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from homeward.codes import bounds, idnumber
from homeward.codes.controls import strip_controls
from homeward.jobs.models import WageUnit, WorkType
from homeward.placements.models import Status as ApplicationStatus
from homeward.workers.models import EmploymentStatus, WorkScope

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_ID = 2**31 - 1  # ids past the database's integer: refused as input, not a server error


def _enum(name: str, choices) -> type[Enum]:
    return Enum(name, {value: value for value in choices.values}, type=str)


StatusCode = _enum("EmploymentStatus", EmploymentStatus)
WorkScopeCode = _enum("WorkScope", WorkScope)
ApplicationStatusCode = _enum("ApplicationStatus", ApplicationStatus)

Text200 = Annotated[
    str, Field(max_length=200), AfterValidator(lambda text: strip_controls(text).strip())
]


class Error(Schema):
    code: str = Field(..., examples=["not_found"])
    message: str = Field(..., examples=["您的区域内没有这条记录。"])


class FieldError(Schema):
    field: str
    message: str


class Invalid(Error):
    errors: list[FieldError] = []


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Invalid, 429: Error}
WRITE_ERRORS = {**ERRORS, 409: Error}


class Worker(Schema):
    id: int
    name: str
    gender: str
    birth_date: date
    id_number: str = Field(..., description="masked unless full_id=true with workers:full_id")
    phone: str = Field(..., description="masked unless full_id=true with workers:full_id")
    region: str = Field(..., description="household village code")
    status: str
    status_since: date | None
    work_scope: str
    work_place: str
    occupation: str
    skills: str
    education: str
    intention: str
    low_income: str
    updated_at: datetime


class WorkerPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[Worker]


class WorkerSearch(Schema):
    id_number: str = Field(..., max_length=40, description="18-digit ID number (GB 11643)")

    @field_validator("id_number")
    @classmethod
    def _valid(cls, value: str) -> str:
        if not idnumber.is_valid(value):
            raise ValueError(_("not a valid 18-digit ID number (check digit per GB 11643)"))
        return idnumber.parse(value).number


class StatusChange(Schema):
    status: StatusCode  # type: ignore[valid-type]
    occurred_on: date = Field(..., description="the day it happened (1950 … today)")
    work_scope: WorkScopeCode | None = None  # type: ignore[valid-type]
    work_place: Text200 = ""

    @field_validator("occurred_on")
    @classmethod
    def _in_history(cls, value: date) -> date:
        low, high = bounds.history_window(timezone.localdate())
        if not bounds.within(value, (low, high)):
            raise ValueError(
                _("must lie between %(low)s and %(high)s") % {"low": low, "high": high}
            )
        return value


class StatusResult(Schema):
    worker: int
    status: str
    status_since: date | None
    work_scope: str
    work_place: str
    changed: bool


class Posting(Schema):
    id: int
    title: str
    employer: str
    occupation: str
    headcount: int
    wage_min: str | None = Field(None, description="yuan, two decimals")
    wage_max: str | None = Field(None, description="yuan, two decimals")
    wage_unit: str = Field(..., description=", ".join(WageUnit.values))
    work_type: str = Field(..., description=", ".join(WorkType.values))
    region: str
    address: str
    starts_on: date | None
    ends_on: date | None
    published_at: datetime | None


class PostingPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[Posting]


class Application(Schema):
    id: int
    worker: int
    posting: int
    region: str
    status: str
    source: str
    applied_at: datetime
    hired_on: date | None
    contract_months: int | None


class ApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[Application]


class PlacementIn(Schema):
    application: int = Field(..., ge=1, le=MAX_ID)
    hired_on: date
    contract_months: int = Field(..., ge=bounds.CONTRACT_MONTHS[0], le=bounds.CONTRACT_MONTHS[1])

    @field_validator("hired_on")
    @classmethod
    def _around_now(cls, value: date) -> date:
        low, high = bounds.event_window(timezone.localdate())
        if not bounds.within(value, (low, high)):
            raise ValueError(
                _("must lie between %(low)s and %(high)s") % {"low": low, "high": high}
            )
        return value


class Figure(Schema):
    indicator: str
    name: str
    value: int = Field(..., description="the stored count (money: fen, see `shown`)")
    shown: str = Field(..., description="as the dashboard shows it; money in yuan, two decimals")
    before: int = Field(..., description="the month before")
    unit: str
    rows: str = Field(..., description="the staff page listing the records behind the figure")


class Figures(Schema):
    area: str
    month: str
    figures: list[Figure]
