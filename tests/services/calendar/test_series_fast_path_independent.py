"""Series read on the direct-step path, against an independent expansion.

Random daily, weekly and monthly series (the kinds ``domain.calendar_series`` steps through
without dateutil) around the DST changes, with EXDATEs, moved occurrences
(``RECURRENCE-ID``), a ``RANGE=THISANDFUTURE`` change, all-day series with a date
``UNTIL``, and ``UNTIL`` in UTC and floating, are read by LeadDesk (fresh and through the
subscription cache) and by ``icalendar`` + ``recurring-ical-events`` in two zones: every week
must hold the same meetings.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.services.calendar.reading import ReadCache, read_calendar

from .test_producer_fixtures import independent_weeks, leaddesk_weeks

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"


def _calendar(seed: int) -> bytes:
    rnd = random.Random(seed)
    events = []
    starts = (datetime(2026, 10, 20, 9), datetime(2026, 3, 23, 2, 30), datetime(2027, 3, 25, 8))
    for n in range(36):
        start = rnd.choice(starts) + timedelta(days=rnd.randint(-20, 20))
        start = start.replace(minute=rnd.choice((0, 15, 30)))
        all_day = n % 6 == 5
        freq = ("DAILY", "WEEKLY", "WEEKLY", "MONTHLY")[n % 4]
        rule = [f"FREQ={freq}"]
        if rnd.random() < 0.5:
            rule.append(f"INTERVAL={rnd.choice((2, 3))}")
        if freq == "WEEKLY" and rnd.random() < 0.6:
            rule.append("BYDAY=" + ",".join(sorted(rnd.sample(DAYS, rnd.randint(1, 3)))))
            rule.append(f"WKST={rnd.choice(('MO', 'SU'))}")
        if freq == "DAILY" and rnd.random() < 0.5:
            rule.append("BYDAY=MO,TU,WE,TH,FR")
        if freq == "MONTHLY":
            rule.append(rnd.choice(("BYDAY=1TU", "BYDAY=-1FR", "BYMONTHDAY=15", "")))
        ending = n % 5
        until = start + timedelta(days=rnd.randint(60, 300))
        if ending == 0:
            rule.append(f"COUNT={rnd.randint(5, 40)}")
        elif ending == 1 and all_day:
            rule.append(f"UNTIL={until:%Y%m%d}")
        elif ending == 1:  # UTC, as Google writes it
            rule.append(f"UNTIL={until:%Y%m%d}T225959Z")
        elif ending == 2 and not all_day:  # floating, as many servers write it
            rule.append(f"UNTIL={_stamp(until)}")
        uid = f"series-{seed}-{n}@example.com"
        title = f"Series {n}"
        if all_day:
            when = f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\nDTEND;VALUE=DATE:" + (
                f"{start + timedelta(days=1):%Y%m%d}\r\n"
            )
        else:
            when = (
                f"DTSTART;TZID=Europe/Berlin:{_stamp(start)}\r\n"
                f"DTEND;TZID=Europe/Berlin:{_stamp(start + timedelta(minutes=45))}\r\n"
            )
        body = ";".join(r for r in rule if r)
        ex = ""
        if rnd.random() < 0.6 and not all_day:
            gone = [start + timedelta(days=7 * w) for w in (2, 5, 9)]
            ex = "EXDATE;TZID=Europe/Berlin:" + ",".join(_stamp(g) for g in gone) + "\r\n"
        events.append(
            f"BEGIN:VEVENT\r\nUID:{uid}\r\n{when}RRULE:{body}\r\n{ex}SUMMARY:{title}\r\nEND:VEVENT\r\n"
        )
        if not all_day and freq == "WEEKLY" and "BYDAY" not in body and "INTERVAL" not in body:
            # a moved occurrence, and from a later one on a new time for all the rest
            moved = start + timedelta(weeks=3)
            events.append(
                f"BEGIN:VEVENT\r\nUID:{uid}\r\nRECURRENCE-ID;TZID=Europe/Berlin:{_stamp(moved)}\r\n"
                f"DTSTART;TZID=Europe/Berlin:{_stamp(moved + timedelta(hours=2))}\r\n"
                f"DTEND;TZID=Europe/Berlin:{_stamp(moved + timedelta(hours=3))}\r\n"
                f"SUMMARY:{title} (moved)\r\nEND:VEVENT\r\n"
            )
            if n % 3 == 0:
                future = start + timedelta(weeks=6)
                events.append(
                    f"BEGIN:VEVENT\r\nUID:{uid}\r\n"
                    f"RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:{_stamp(future)}\r\n"
                    f"DTSTART;TZID=Europe/Berlin:{_stamp(future + timedelta(hours=1))}\r\n"
                    f"DTEND;TZID=Europe/Berlin:{_stamp(future + timedelta(hours=2))}\r\n"
                    f"SUMMARY:{title} (later)\r\nEND:VEVENT\r\n"
                )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LeadDesk tests//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize("zone_name", ("Europe/Berlin", "America/Los_Angeles"))
@pytest.mark.parametrize("seed", (1, 2, 3))
def test_simple_series_match_the_independent_expansion(zone_name: str, seed: int) -> None:
    zone = ZoneInfo(zone_name)
    data = _calendar(seed)
    ours = leaddesk_weeks(data, zone)
    theirs = independent_weeks(data, zone)
    assert sum(len(v) for v in theirs.values()) > 100
    for week in sorted(set(ours) | set(theirs)):
        assert ours.get(week, []) == theirs.get(week, []), f"week of {week}"
    # the subscription's cached read (lone events and groups on their own) reads the same
    now = datetime(2026, 11, 18, 10, 0, tzinfo=zone)
    cache = ReadCache()
    cache.start()
    cached = read_calendar(data, zone, now, cache=cache)
    cache.finish()
    fresh = read_calendar(data, zone, now)
    assert sorted(cached.occurrences) == sorted(fresh.occurrences)
    assert date(2026, 1, 1) < min(o.start.date() for o in fresh.occurrences)
