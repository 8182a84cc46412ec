"""The bounds of `homeward.codes.bounds` as Django pieces: a validator for model and form fields,
check constraints for `Meta.constraints`, and the form check of a date window around today.

Every message names the field (its verbose name) and the range, in one msgid:
"{field} must be from {low} to {high}." (`{}` placeholders: Django %-formats a constraint's
message with its name and a validator's with its value, which a `%` here would break).
"""

from datetime import UTC, datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from homeward.codes import bounds

OUT_OF_RANGE = _("{field} must be from {low} to {high}.")


def _shown(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else f"{value}"


def range_message(field, low, high):
    return format_lazy(OUT_OF_RANGE, field=field, low=_shown(low), high=_shown(high))


@deconstructible
class Between:
    """Refuses a value outside low…high (both included), naming the field."""

    code = "out_of_range"

    def __init__(self, low, high, field=""):
        self.low, self.high, self.field = low, high, field

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        low = self.low.date() if isinstance(self.low, datetime) else self.low
        high = self.high.date() if isinstance(self.high, datetime) else self.high
        if not low <= day <= high:
            raise ValidationError(range_message(self.field, self.low, self.high), code=self.code)

    def __eq__(self, other):
        return isinstance(other, Between) and (self.low, self.high, self.field) == (
            other.low,
            other.high,
            other.field,
        )


def stored_dates(field):
    """The validator of a date column: the years the database accepts."""
    return Between(*bounds.STORED_DAYS, field=field)


STORED_MOMENTS = tuple(
    datetime.combine(day, moment, tzinfo=UTC)
    for day, moment in zip(bounds.STORED_DAYS, (time.min, time.max), strict=True)
)


def between(name: str, low, high, *, field, constraint: str, nullable: bool = True):
    """The check constraint `low <= name <= high` (or NULL), with the validator's message."""
    condition = Q(**{f"{name}__gte": low, f"{name}__lte": high})
    if nullable:
        condition |= Q(**{f"{name}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=constraint,
        violation_error_message=range_message(field, low, high),
    )


def stored_date(name: str, *, field, constraint: str, nullable: bool = True, moment=False):
    """The check constraint of a date (or, with `moment`, a date-time) column."""
    low, high = STORED_MOMENTS if moment else bounds.STORED_DAYS
    check = between(name, low, high, field=field, constraint=constraint, nullable=nullable)
    check.violation_error_message = range_message(field, *bounds.STORED_DAYS)
    return check


def check_window(value, window, field):
    """A form's check of a date against a window around today (`codes.bounds.*_window`)."""
    if value is not None and not bounds.within(value, window):
        raise ValidationError(range_message(field, *window), code="out_of_window")
    return value
