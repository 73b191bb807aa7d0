"""Stored instants: fixed-width ISO-8601 UTC text, so text order is time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from leaddesk.storage.types import _FORMAT, UTCDateTime, utc_text

_ZONES = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# The domain's date range (domain/date_range.py): 1900 to 2999, with a day's margin for zones.
_INSTANTS = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=_ZONES
)


@given(_INSTANTS)
def test_stored_text_is_the_documented_format_and_reads_back(moment: datetime) -> None:
    text = utc_text(moment)
    assert text == moment.astimezone(UTC).strftime(_FORMAT)
    assert len(text) == 27
    column = UTCDateTime()
    assert column.process_bind_param(moment, None) == text  # type: ignore[arg-type]
    assert column.process_result_value(text, None) == moment  # type: ignore[arg-type]


@given(_INSTANTS, _INSTANTS)
def test_text_order_is_time_order(first: datetime, second: datetime) -> None:
    assert (utc_text(first) < utc_text(second)) == (first < second)
