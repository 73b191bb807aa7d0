"""The calendar reader's fast paths give exactly what the general code gives.

A first read of a big subscribed calendar takes shortcuts (issue 17's refresh figure): wall
time to UTC without making an aware datetime first, stored time texts put together from a
day's and a time's text. Each is compared here with the general way, over the cases where
a shortcut could go wrong (gaps and repeated hours of DST, zones that change at midnight or
by half an hour, microseconds, the years 1 and 9999).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.services.calendar.expansion import _instant
from leaddesk.storage.repositories.calendar import _utc_text, new_meeting_row
from leaddesk.storage.types import utc_text

# DST forward and back, at 02:00 (Berlin), at midnight (Santiago, Havana), by half an
# hour (Lord Howe), "negative" DST (Dublin), and a zone without DST (Kolkata).
ZONES = (
    "Europe/Berlin",
    "America/Los_Angeles",
    "America/Santiago",
    "America/Havana",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "Asia/Kolkata",
)


def _general(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize("name", ZONES)
def test_wall_time_to_utc_matches_astimezone_around_every_change_of_two_years(name: str) -> None:
    zone = ZoneInfo(name)
    walls: list[datetime] = []
    day = datetime(2025, 1, 1)
    while day < datetime(2027, 1, 1):
        hours = [day + timedelta(hours=h) for h in range(25)]
        if len({zone.utcoffset(h) for h in hours}) > 1:  # a change: every minute of the day
            walls.extend(day + timedelta(minutes=m) for m in range(24 * 60))
        else:
            walls.extend(hours[:24])
        day += timedelta(days=1)
    changes = 0
    for wall in walls:
        fast = _instant(wall, zone, UTC)
        assert fast == _general(wall, zone), wall
        assert fast.tzinfo is UTC and fast.fold == 0
        assert _instant(wall, None, zone) == fast  # floating, in the calendar's zone
        changes += wall.minute == 1
    assert name == "Asia/Kolkata" or changes >= 4 * 24  # gaps and repeats were tried


def test_wall_time_to_utc_keeps_other_zones_and_the_edges_of_time() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert _instant(datetime(2026, 3, 29, 2, 30), berlin, UTC) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )  # in the gap: as astimezone reads it (the offset before the change)
    assert _instant(datetime(2026, 10, 25, 2, 30), berlin, UTC) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )  # the repeated hour: its first pass
    from datetime import timezone

    fixed = timezone(timedelta(hours=5, minutes=30))
    assert _instant(datetime(2026, 5, 1, 9), fixed, UTC) == datetime(2026, 5, 1, 3, 30, tzinfo=UTC)
    # past the edges of time both ways fail alike (the callers skip such an event)
    for wall, name in (
        (datetime(1, 1, 1, 0, 30), "Asia/Tokyo"),
        (datetime(9999, 12, 31, 23), "America/New_York"),
    ):
        with pytest.raises(OverflowError):
            _general(wall, ZoneInfo(name))
        with pytest.raises(OverflowError):
            _instant(wall, ZoneInfo(name), UTC)


def test_stored_time_text_is_utc_text_for_any_instant() -> None:
    rnd = random.Random(17)
    start = datetime(1, 1, 1, tzinfo=UTC)
    span = int((datetime(9999, 12, 31, tzinfo=UTC) - start).total_seconds())
    for n in range(20_000):
        moment = start + timedelta(seconds=rnd.randrange(span))
        if n % 3 == 0:
            moment = moment.replace(microsecond=rnd.randrange(1_000_000))
        assert _utc_text(moment) == utc_text(moment), moment
        # asked again (now from the texts made above): the same
        assert _utc_text(moment) == utc_text(moment), moment
    berlin = datetime(2026, 11, 3, 9, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    assert _utc_text(berlin) == utc_text(berlin) == "2026-11-03T08:15:00.000000Z"


def test_a_new_meetings_row_holds_the_texts_sqlalchemy_would_bind() -> None:
    from leaddesk.domain.model import BlockKind

    start = datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
    row = new_meeting_row("T", BlockKind.MEETING, start, start + timedelta(minutes=30), None, "k")
    assert row[2:4] == (utc_text(start), utc_text(start + timedelta(minutes=30)))


def test_the_cut_finds_the_same_lines_as_the_plain_list_of_names() -> None:
    import re

    from leaddesk.services.calendar import scan

    names = [
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VALARM",
        "END:VALARM",
        "BEGIN:VTIMEZONE",
        "DTSTART",
        "DTEND",
        "RRULE",
        "RDATE",
        "RECURRENCE-ID",
        "DURATION",
        "UID",
    ]
    plain = re.compile(r"\n(" + "|".join(names) + r")(?:[;:]([^\r\n]*))?", re.I)
    lines = []
    for name in [*names, "BEGIN:VTODO", "END:VCALENDAR", "DESCRIPTION", "DTSTAMP", "EXDATE"]:
        for variant in (name, name.lower(), name.title(), name[:-1], name + "X"):
            lines += [variant, f"{variant}:20261103T091500Z", f"{variant};TZID=Europe/Berlin:x"]
            lines.append(" " + variant)  # a continuation, never a mark
    # letters that match ASCII ones only when the case is ignored (long s, Kelvin sign)
    lines += ["DT\u017fTART:x", "\u017fUMMARY:x", "UID\u212a:x", "\u0130D:x"]
    text = "\n" + "\n".join(lines) + "\n"
    found = [(m.group(1, 2), m.span()) for m in scan._MARK.finditer(text)]
    assert found == [(m.group(1, 2), m.span()) for m in plain.finditer(text)]
    assert len(found) > 100


LONE_EVENTS = (
    "DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nSUMMARY:utc",
    "DTSTART;TZID=Europe/Berlin:20261119T090000\r\nDTEND;TZID=Europe/Berlin:20261119T093000",
    "DTSTART:20261119T090000\r\nDTEND:20261119T091500\r\nSUMMARY:floating",
    "DTSTART;VALUE=DATE:20261120\r\nDTEND;VALUE=DATE:20261123\r\nSUMMARY:days off",
    "DTSTART;TZID=Europe/Berlin;VALUE=DATE:20261124\r\nSUMMARY:a day with a zone",
    "DTSTART;TZID=America/New_York:20261129T230000\r\nDTEND;TZID=Europe/Berlin:20261130T090000",
    "DTSTART;TZID=Europe/Berlin:20270328T020000\r\nDTEND;TZID=Europe/Berlin:20270328T040000",
    "DTSTART;TZID=Europe/Berlin:20271031T020000\r\nDTEND;TZID=Europe/Berlin:20271031T023000",
    "DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nSTATUS:CANCELLED",
    "DTSTART:20261119T090000Z\r\nSUMMARY:a reminder without length",
    "DTSTART:20261119T100000Z\r\nDTEND:20261119T090000Z\r\nSUMMARY:ends before it starts",
    "DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nEXDATE:20261119T090000Z",
    "DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nX-LEADDESK-KIND:one_on_one",
    "DTSTART:00010101T003000\r\nDTEND:00010101T013000\r\nSUMMARY:year one",
    "DTSTART:99991231T233000Z\r\nDTEND:99991231T235900Z\r\nSUMMARY:year 9999",
    "DTSTART:20261119T090000Z\r\nDURATION:PT45M\r\nSUMMARY:icalendar reads this one",
    "DTSTART;TZID=Europe/Berlin:20261119T250000\r\nSUMMARY:no such hour",
    "DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\n"
    "ORGANIZER;CN=Ann:mailto:ann@example.com\r\n"
    "ATTENDEE;PARTSTAT=DECLINED;CN=Me:mailto:me@example.com\r\n"
    'ATTENDEE;CN="Ann; the lead":mailto:ann@example.com',
)


@pytest.mark.parametrize("zone_name", ("Europe/Berlin", "America/Los_Angeles"))
@pytest.mark.parametrize("wr_zone", ("", "X-WR-TIMEZONE:America/New_York\r\n"))
def test_a_lone_event_reads_the_same_on_the_fast_path(zone_name: str, wr_zone: str) -> None:
    """A subscription reads an event that neither repeats nor overrides one on its own fast
    path (``expansion.expand``); a plain read takes them all through the general one."""
    from leaddesk.services.calendar.reading import ReadCache, read_calendar

    events = []
    for n, body in enumerate(LONE_EVENTS):
        uid = "" if n == 3 else f"UID:lone-{n}@example.com\r\n"  # one without a UID
        events.append(f"BEGIN:VEVENT\r\n{uid}{body}\r\nEND:VEVENT\r\n")
    # and two events sharing a UID (keys ordered by start), each alone in nothing
    twin = "BEGIN:VEVENT\r\nUID:twin\r\nDTSTART:2026112{0}T090000Z\r\nDTEND:2026112{0}T100000Z\r\n"
    events += [twin.format(2) + "END:VEVENT\r\n", twin.format(1) + "END:VEVENT\r\n"]
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + wr_zone + "".join(events)
    ).encode() + b"END:VCALENDAR\r\n"
    zone = ZoneInfo(zone_name)
    now = datetime(2026, 11, 18, 10, 0, tzinfo=zone)
    fresh = read_calendar(data, zone, now)
    cache = ReadCache()
    cache.start()
    cached = read_calendar(data, zone, now, cache=cache)
    cache.finish()

    def same(read):  # type: ignore[no-untyped-def]
        return (
            sorted(read.occurrences, key=lambda o: (o.key, o.start)),
            [(s.position, s.reason) for s in read.skipped],
            read.ignored,
            read.truncated,
        )

    assert same(cached) == same(fresh)
    assert len(fresh.occurrences) >= 10 and fresh.skipped and fresh.ignored >= 2


def test_the_fast_path_finds_the_same_lines_as_a_line_start_search() -> None:
    import re

    from leaddesk.services.calendar import plain_events
    from leaddesk.services.calendar.scan import cut

    names = sorted(plain_events._KNOWN, key=len, reverse=True)
    plain = re.compile(r"^(BEGIN|END|" + "|".join(names) + r")(?![A-Za-z0-9-])(.*)", re.M | re.I)
    lines = []
    for name in [*names, "BEGIN", "END", "DESCRIPTION", "DTSTAMP", "X-LEADDESK-KINDS"]:
        for variant in (name, name.lower(), name.title(), name[:-1], name + "X", name + "-A"):
            lines += [variant, f"{variant}:x", f'{variant};CN="a:b";X=1:mailto:y', " " + variant]
    lines += ["DT\u017fTART:x", "\u017fUMMARY:x", "UID\u212a:x"]
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\n" + "\n".join(lines) + "\nEND:VEVENT\nEND:VCALENDAR\n"
    (raw,) = cut(text)[2]
    found = [m.groups() for m in plain_events._LINES.finditer(raw.source, raw.begin - 1, raw.stop)]
    expected = [
        (m.group(0), m.group(1), m.group(2))
        for m in plain.finditer(raw.source, raw.begin, raw.stop)
    ]
    assert found == expected
    assert len(found) > 100


def test_an_occurrences_key_stamp_is_its_utc_start_as_recurrence_id_writes_it() -> None:
    from leaddesk.services.calendar.expansion import _utc_stamp

    rnd = random.Random(5)
    start = datetime(1, 1, 1, tzinfo=UTC)
    span = int((datetime(9999, 12, 31, tzinfo=UTC) - start).total_seconds())
    for _ in range(20_000):
        moment = start + timedelta(seconds=rnd.randrange(span))
        for _twice in range(2):  # made, then from the cached texts
            assert _utc_stamp(moment) == (
                f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
                f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"
            )


@pytest.mark.parametrize("write", (str, str.lower), ids=("capitals", "lower-case"))
def test_the_cut_leaves_a_reminders_lines_out_of_the_events_facts(write) -> None:  # type: ignore[no-untyped-def]
    """A reminder taken whole in one match, or (with another BEGIN:/END: inside, or no end)
    line by line: either way its UID and DURATION are not the event's."""
    from leaddesk.services.calendar.scan import cut

    text = write(
        "BEGIN:VCALENDAR\n"
        "BEGIN:VEVENT\nBEGIN:VALARM\nUID:alarm-1\nDURATION:PT1H\nEND:VALARM\nUID:one\nEND:VEVENT\n"
        "BEGIN:VEVENT\nBEGIN:VALARM\nBEGIN:FOO\nUID:alarm-2\nEND:FOO\nEND:VALARM\nUID:two\n"
        "END:VEVENT\n"
        "BEGIN:VEVENT\nBEGIN:VALARM\nUID:alarm-3\nEND:VEVENT\n"  # a reminder never ended
        "BEGIN:VEVENT\nUID:four\nEND:VALARM\nDURATION:PT2H\nEND:VEVENT\n"
        "BEGIN:VEVENT\nBEGIN:VALARM\nEND:VALARM\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM\n"
        "UID:five\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    _props, _zones, raws, count = cut(text)
    assert count == 5
    assert [r.facts for r in raws] == [
        {"UID": write("one")},
        {"UID": write("two")},
        {},
        {"UID": write("four"), "DURATION": write("PT2H")},
        {"UID": write("five")},
    ]


@pytest.mark.parametrize("zone_name", ("Europe/Berlin", "America/St_Johns"))
def test_blocks_to_be_are_split_days_of_every_meeting(zone_name: str) -> None:
    """build_pieces makes a one-day meeting's piece itself; the same as split_days gives."""
    from pathlib import Path

    from leaddesk.services.calendar.exchange import (
        Matching,
        build_pieces,
        one_on_one_person,
        split_days,
    )
    from leaddesk.services.calendar.reading import read_calendar

    zone = ZoneInfo(zone_name)
    now = datetime(2026, 11, 18, 10, 0, tzinfo=zone)
    fixtures = sorted((Path(__file__).parents[2] / "fixtures" / "ics" / "producers").glob("*.ics"))
    matching = Matching({"ann": 1}, {"bob@example.com": 2}, frozenset({"me@example.com"}))
    compared = 0
    for path in fixtures:
        read = read_calendar(path.read_bytes(), zone, now)
        for tag in ("s7", ""):
            pieces = build_pieces(read, zone, tag, matching)
            expected = {}
            for occ in read.occurrences:
                person = (
                    one_on_one_person(occ, matching.people, matching.mine, matching.emails)
                    if occ.attendees
                    else None
                )
                for piece in split_days(occ, zone, tag, person):
                    expected[piece.external_uid] = piece
            assert pieces == expected, path.name
            compared += len(pieces)
    assert compared > 500
