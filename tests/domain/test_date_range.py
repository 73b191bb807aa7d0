"""The one valid date range (domain/date_range.py): bounds, refusals and the CLI parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from leaddesk.domain.date_range import (
    MAX_DATE,
    MIN_DATE,
    check_date,
    check_datetime,
    in_range,
    parse_date,
    require_date,
)
from leaddesk.domain.errors import ValidationError


def test_range_is_one_qdateedit_can_show_and_leaves_room_for_arithmetic() -> None:
    assert date(1752, 9, 14) <= MIN_DATE
    assert MAX_DATE + timedelta(days=400) < date.max


@pytest.mark.parametrize("day", [MIN_DATE, MAX_DATE, date(2026, 12, 1)])
def test_bounds_are_accepted(day: date) -> None:
    assert in_range(day)
    assert check_date(day, "needed-by date") == day


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(226, 12, 1), MIN_DATE - timedelta(days=1), date(9999, 12, 31)]
)
def test_outside_is_refused_with_the_field_and_the_range(day: date) -> None:
    with pytest.raises(ValidationError, match=r"needed-by date .* outside .*1900-01-01 to 2999"):
        check_date(day, "needed-by date")


@pytest.mark.parametrize("bad", ["2026-01-01", 20260101, datetime(2026, 1, 1, tzinfo=UTC), 1.5])
def test_non_dates_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match="calendar date"):
        check_date(bad, "due date")


def test_none() -> None:
    assert check_date(None) is None
    with pytest.raises(ValidationError, match="required"):
        require_date(None, "day")


def test_datetime_needs_zone_and_range() -> None:
    ok = datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert check_datetime(ok) == ok
    with pytest.raises(ValidationError, match="time zone"):
        check_datetime(datetime(2026, 3, 1, 9))
    with pytest.raises(ValidationError, match="outside"):
        check_datetime(datetime(9999, 12, 31, tzinfo=UTC))
    assert check_datetime(datetime(3000, 1, 6, tzinfo=UTC))  # the end of the last week
    with pytest.raises(ValidationError, match="outside"):
        check_datetime(datetime(1, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("text", ["0001-01-01", "0226-12-01"])
def test_parse_refuses_typos_outside_the_range(text: str) -> None:
    with pytest.raises(ValidationError, match="outside"):
        parse_date(text, "needed-by date")


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow", "", "2026-1-1", "20261201", "\x00"])
def test_parse_refuses_malformed(text: str) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_date(text, "needed-by date")


def test_parse_accepts() -> None:
    assert parse_date(" 2026-12-01 ") == date(2026, 12, 1)
