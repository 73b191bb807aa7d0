from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leaddesk.domain.capacity import Interval, format_minutes, week_capacity
from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind
from leaddesk.domain.recurrence import Recurrence, shift_weekdays, weekly_rule
from leaddesk.domain.week import (
    day_instants,
    is_all_day,
    lay_out_lanes,
    minutes_since_midnight,
    real_minutes,
    snap_minutes,
    week_bounds,
    week_start,
)

BERLIN = ZoneInfo("Europe/Berlin")
BASE = datetime(2026, 11, 16, tzinfo=BERLIN)


def t(hour: float) -> datetime:
    return BASE + timedelta(minutes=int(hour * 60))


@pytest.mark.parametrize(
    ("raw", "snapped"), [(0, 0), (7, 0), (8, 15), (22, 15), (23, 30), (59, 60)]
)
def test_snap_to_quarter_hours(raw, snapped) -> None:
    assert snap_minutes(raw) == snapped


def test_week_start_honours_first_weekday() -> None:
    wednesday = date(2026, 11, 18)
    assert week_start(wednesday) == date(2026, 11, 16)
    assert week_start(wednesday, first_weekday=6) == date(2026, 11, 15)
    assert week_start(date(2026, 11, 15)) == date(2026, 11, 9)  # Sunday ends a Monday week


def test_dst_weeks_are_167_and_169_hours_and_grid_time_is_wall_clock() -> None:
    spring = week_bounds(date(2027, 3, 22), BERLIN)
    autumn = week_bounds(date(2026, 10, 19), BERLIN)
    assert real_minutes(*spring) == 167 * 60
    assert real_minutes(*autumn) == 169 * 60
    begin, end = day_instants(date(2026, 10, 25), BERLIN, 0, 24)
    assert real_minutes(begin, end) == 25 * 60
    after = datetime(2026, 10, 25, 4, tzinfo=BERLIN)
    assert minutes_since_midnight(after, BERLIN) == 240


def test_all_day_detection() -> None:
    assert is_all_day(t(0), t(24), BERLIN)
    assert not is_all_day(t(0), t(23), BERLIN)
    assert not is_all_day(t(9), t(10), BERLIN)


def test_overlapping_blocks_get_different_lanes() -> None:
    lanes = lay_out_lanes([(t(9), t(11)), (t(10), t(12)), (t(13), t(14)), (t(9), t(9.5))])
    assert lanes[0][0] != lanes[1][0]
    assert lanes[0][1] == lanes[1][1] == lanes[3][1] == 2  # 09:00-09:30 frees a lane
    assert lanes[2] == (0, 1)


@given(st.lists(st.tuples(st.integers(0, 95), st.integers(1, 16)), min_size=1, max_size=30))
def test_lanes_never_put_overlapping_blocks_in_the_same_lane(raw) -> None:
    intervals = [(t(s / 4), t(s / 4 + length / 4)) for s, length in raw]
    lanes = lay_out_lanes(intervals)
    for i, (a_start, a_end) in enumerate(intervals):
        assert 0 <= lanes[i][0] < lanes[i][1]
        for j, (b_start, b_end) in enumerate(intervals):
            if i < j and a_start < b_end and b_start < a_end:
                assert lanes[i][0] != lanes[j][0]
                assert lanes[i][1] == lanes[j][1]


def test_recurrence_round_trips_through_text_and_counts_become_until() -> None:
    rule = Recurrence.make(t(9), "FREQ=WEEKLY;INTERVAL=2;COUNT=3", BERLIN)
    assert "COUNT" not in rule.rule and rule.until is not None
    again = Recurrence.from_text(rule.to_text())
    assert again == rule
    starts = again.occurrences(BERLIN, t(9) + timedelta(weeks=10))
    assert starts == [t(9), t(9) + timedelta(weeks=2), t(9) + timedelta(weeks=4)]


def test_recurrence_split_and_exceptions() -> None:
    rule = Recurrence.make(t(9), weekly_rule([0, 2]), BERLIN)
    horizon = t(9) + timedelta(weeks=2)
    starts = rule.occurrences(BERLIN, horizon)
    assert len(starts) == 4
    assert rule.without(starts[1]).occurrences(BERLIN, horizon) == [starts[0], *starts[2:]]
    assert rule.ending_before(starts[2]).occurrences(BERLIN, horizon) == starts[:2]
    assert rule.starting_at(starts[2]).occurrences(BERLIN, horizon) == starts[2:]


def test_shifted_series_follow_weekdays() -> None:
    assert shift_weekdays("FREQ=WEEKLY;BYDAY=TU,SU", 1) == "FREQ=WEEKLY;BYDAY=WE,MO"
    rule = Recurrence.make(t(9) + timedelta(days=1), weekly_rule([1]), BERLIN)  # Tuesdays
    moved = rule.shifted(timedelta(days=1, hours=1), BERLIN)
    first = moved.occurrences(BERLIN, t(24 * 14))[0]
    assert (first.weekday(), first.hour) == (2, 10)


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY", "FREQ=WEEKLY;COUNT=0", "FREQ=WEEKLY;INTERVAL=x"])
def test_invalid_rules_are_refused(rule) -> None:
    with pytest.raises(ValidationError):
        Recurrence.make(t(9), rule, BERLIN)


def test_recurrence_needs_aware_start() -> None:
    with pytest.raises(ValidationError):
        Recurrence.make(datetime(2026, 11, 16, 9), weekly_rule([0]), BERLIN)


def test_capacity_counts_overlaps_once_and_ignores_all_day() -> None:
    days = [date(2026, 11, 16) + timedelta(days=i) for i in range(7)]
    blocks = [
        Interval(t(9), t(11), BlockKind.FOCUS),
        Interval(t(10), t(12), BlockKind.MEETING),
        Interval(t(24), t(48), BlockKind.MEETING),  # all-day Tuesday
        Interval(t(12), t(12.5), BlockKind.BREAK),
        Interval(t(13), t(14), BlockKind.BUFFER),
    ]
    cap = week_capacity(
        blocks, days, BERLIN, day_start_hour=9, day_end_hour=17, task_estimates=[60, None, 2400]
    )
    assert cap.days[0].booked_minutes == 180 + 30 + 60  # 09-12 once, break, buffer
    assert cap.days[1].booked_minutes == 0
    assert cap.working_minutes == 5 * 8 * 60
    assert cap.task_minutes == 60 + 30 + 2400
    assert cap.fits is False and cap.shortfall_minutes == 2490 - (2400 - 270)
    assert cap.warnings == ["The open Do and Schedule tasks do not fit into the free time."]
    assert cap.focus_percent == pytest.approx(100 * 120 / 2400)


def test_format_minutes() -> None:
    assert [format_minutes(m) for m in (45, 60, 90, 605)] == ["45m", "1h", "1h 30m", "10h 05m"]


def test_utc_and_local_instants_compare_equal() -> None:
    assert t(9).astimezone(UTC) == t(9)
