"""The one range of calendar dates LeadDesk accepts, in every layer.

Every date a user can store (a task's "needed by" or due date, a block's day, a delegation's
check-in, a note's date, a review week ...) must lie in ``MIN_DATE``..``MAX_DATE``:

* ``MIN_DATE`` = 1900-01-01 and ``MAX_DATE`` = 2999-12-31.
* The UI can show every date of this range: Qt's ``QDateEdit`` shows 1752-09-14..9999-12-31,
  so an editor set to this range never clamps a stored date (it did clamp 0001-01-01 to
  1752-09-14, and an untouched Save rewrote the stored date).
* A typo such as ``0226-12-01`` (for 2026) or ``0001-01-01`` is refused with a plain message
  instead of being stored and later shown as something else.
* The range leaves room for date arithmetic: a week, a month of recurrences or a year of
  look-ahead from any date in the range stays far below ``datetime.date.max`` (9999-12-31),
  so services never raise ``OverflowError`` for a date they accepted.

Services call :func:`check_date` at their entry points, the CLI calls :func:`parse_date`,
and the UI editors set their minimum and maximum to ``MIN_DATE`` / ``MAX_DATE``.
This module imports nothing of ours except the error class, and no framework.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .errors import ValidationError

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)

# Instants (block times, week bounds) may run this far past either end of the range.
INSTANT_MARGIN = timedelta(days=366)

RANGE_TEXT = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"


def in_range(day: date) -> bool:
    """True for a date LeadDesk can store and show."""
    return MIN_DATE <= day <= MAX_DATE


def check_date(value: object, field_name: str = "date", *, allow_none: bool = True) -> date | None:
    """``value`` if it is a date in the valid range (or ``None`` when allowed); else refuse.

    A ``datetime`` is refused too: the field holds a calendar day, not an instant.
    """
    if value is None:
        if allow_none:
            return None
        raise ValidationError(f"The {field_name} is required.")
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(f"The {field_name} must be a calendar date.")
    if not in_range(value):
        raise ValidationError(
            f"The {field_name} {value.isoformat()} is outside the dates LeadDesk can keep "
            f"({RANGE_TEXT})."
        )
    return value


def require_date(value: object, field_name: str = "date") -> date:
    """Like :func:`check_date` but ``None`` is refused."""
    checked = check_date(value, field_name, allow_none=False)
    assert checked is not None
    return checked


def check_datetime(value: object, field_name: str = "time") -> datetime:
    """An aware ``datetime`` whose date lies in the valid range (give or take
    ``INSTANT_MARGIN``: the end of a week or a block that starts on the last day of the range
    lies just past it); else refuse."""
    if not isinstance(value, datetime):
        raise ValidationError(f"The {field_name} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(f"The {field_name} must carry a time zone.")
    if not MIN_DATE - INSTANT_MARGIN <= value.date() <= MAX_DATE + INSTANT_MARGIN:
        raise ValidationError(
            f"The {field_name} {value.date().isoformat()} is outside the dates LeadDesk can "
            f"keep ({RANGE_TEXT})."
        )
    return value


def parse_date(text: object, field_name: str = "date") -> date:
    """A date typed as ``YYYY-MM-DD`` (the CLI's form), checked against the range."""
    if not isinstance(text, str):
        raise ValidationError(f"The {field_name} must be a date written as YYYY-MM-DD.")
    cleaned = text.strip()
    try:
        if len(cleaned) != 10:
            raise ValueError
        value = date.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(
            f"The {field_name} must be a date written as YYYY-MM-DD (for example 2026-12-01)."
        ) from None
    return require_date(value, field_name)
