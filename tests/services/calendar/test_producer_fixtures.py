"""Every producer-style fixture, week by week, against an independent expansion.

The fixtures in ``tests/fixtures/ics/producers`` are written for these tests in the style of
Google Calendar, Outlook/Exchange 2010 and OWA, Apple Calendar, Thunderbird,
Nextcloud/SabreDAV, ownCloud, Fastmail/Cyrus, Zimbra, Meetup, TripIt and khal (vdir), plus
files for the standard repeat rules that used to go wrong. Each is read by LeadDesk's reader
and by ``icalendar`` + ``recurring-ical-events`` in two time zones, and every week of the
window must hold the same meetings (start, end, title; all-day ones by date).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from leaddesk.services.calendar import read_calendar

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures" / "ics" / "producers").glob("*.ics"))
ZONES = ("Europe/Berlin", "America/Los_Angeles")
# compare well inside LeadDesk's window (12 weeks back, 52 ahead)
BACK, AHEAD = timedelta(weeks=10), timedelta(weeks=50)

Row = tuple[str, str, str, str]


def _now(zone: ZoneInfo) -> datetime:
    return datetime(2026, 11, 18, 10, 0, tzinfo=zone)


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _timed(start: datetime, end: datetime, title: str) -> Row:
    return ("timed", start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat(), title)


def leaddesk_weeks(data: bytes, zone: ZoneInfo) -> dict[date, list[Row]]:
    now = _now(zone)
    read = read_calendar(data, zone, now)
    assert read.skipped == [], [str(s) for s in read.skipped]
    assert not read.truncated
    weeks: dict[date, list[Row]] = defaultdict(list)
    for occ in read.occurrences:
        local = occ.start.astimezone(zone)
        if not now - BACK <= local < now + AHEAD:
            continue
        if occ.all_day:
            row: Row = (
                "all-day",
                local.date().isoformat(),
                occ.end.astimezone(zone).date().isoformat(),
                occ.title,
            )
        else:
            row = _timed(occ.start, occ.end, occ.title)
        weeks[_week(local.date())].append(row)
    return {k: sorted(v) for k, v in weeks.items()}


def independent_weeks(data: bytes, zone: ZoneInfo) -> dict[date, list[Row]]:
    now = _now(zone)
    calendar = Calendar.from_ical(data)
    date_only = {
        event.get("UID")
        for event in calendar.walk("VEVENT")
        if event.get("DTSTART") is not None and event["DTSTART"].params.get("VALUE") == "DATE"
    }  # recurring-ical-events drops the VALUE parameter from what it returns
    weeks: dict[date, list[Row]] = defaultdict(list)
    query = recurring_ical_events.of(calendar)
    for event in query.between(now - BACK - timedelta(days=8), now + AHEAD + timedelta(days=8)):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = event.decoded("DTSTART")
        if isinstance(start, datetime) and event.get("UID") in date_only:
            start = start.date()  # VALUE=DATE says it is a day, whatever TZID says
        if event.get("DTEND") is not None:
            end = event.decoded("DTEND")
        elif event.get("DURATION") is not None:
            end = start + event.decoded("DURATION")
        else:
            end = start + timedelta(days=1) if not isinstance(start, datetime) else start
        if not isinstance(start, datetime) and isinstance(end, datetime):
            end = max(end.date(), start + timedelta(days=1))
        title = str(event.get("SUMMARY", "")).strip().splitlines()[0]
        if not isinstance(start, datetime):
            local = datetime.combine(start, datetime.min.time(), tzinfo=zone)
            row: Row = ("all-day", start.isoformat(), end.isoformat(), title)
        else:
            if start.tzinfo is None:  # floating: the user's own clock
                start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
            if end <= start:
                continue  # no length: a reminder, not busy time
            local = start.astimezone(zone)
            row = _timed(start, end, title)
        if now - BACK <= local < now + AHEAD:
            weeks[_week(local.date())].append(row)
    return {k: sorted(v) for k, v in weeks.items()}


def test_there_are_fixtures_from_many_producers() -> None:
    assert len(FIXTURES) >= 15


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_matches_the_independent_expansion_week_by_week(path: Path, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    data = path.read_bytes()
    ours = leaddesk_weeks(data, zone)
    theirs = independent_weeks(data, zone)
    assert theirs, "a fixture with nothing in the window tests nothing"
    for week in sorted(set(ours) | set(theirs)):
        assert ours.get(week, []) == theirs.get(week, []), f"week of {week}"
