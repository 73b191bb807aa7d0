from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.domain.week import is_all_day, real_minutes, week_bounds

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = date(2026, 11, 16)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def ics(*events: str, extra: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{extra}{body}END:VCALENDAR\r\n"
    return text.replace("\n            ", "\n").encode()


def seed_week(services) -> None:
    b = services.blocks
    b.create("Deep work", BlockKind.FOCUS, at(16, 9), at(16, 12))
    b.create("1:1 Dana", BlockKind.ONE_ON_ONE, at(17, 14), at(17, 14, 30))
    b.create("Lunch", BlockKind.BREAK, at(18, 12), at(18, 13))
    b.create("Ends at midnight", BlockKind.ADMIN, at(19, 23), at(20, 0))
    b.create("Weekly", BlockKind.REVIEW, at(20, 15), at(20, 16), recurrence=weekly_rule([4]))


def test_round_trip_export_then_import_into_a_fresh_vault(services, tmp_path, clock) -> None:
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import create_vault

    seed_week(services)
    begin, end = week_bounds(WEEK, BERLIN)
    data = services.calendar.export_ics(begin, end)
    parsed = Calendar.from_ical(data)
    assert len(list(parsed.walk("VEVENT"))) == 5

    fresh = create_vault(resolve_paths(tmp_path / "other"), "another pass phrase", clock)
    try:
        result = fresh.calendar.import_ics(data)
        # four single blocks, and the weekly review as a series: every Friday from 20 Nov
        # 2026 to the end of the import window (52 weeks after 18 Nov 2026)
        assert result.created == 4 + 52
        ours = {(b.title, b.kind, b.start, b.end) for b in services.blocks.week(WEEK)}
        theirs = {(b.title, b.kind, b.start, b.end) for b in fresh.blocks.week(WEEK)}
        assert ours == theirs  # kinds are kept, not all turned into meetings
        assert all(b.read_only for b in fresh.blocks.week(WEEK))
        # importing the same file again updates instead of duplicating
        again = fresh.calendar.import_ics(data)
        assert (again.created, again.updated, again.removed) == (0, 0, 0)
        assert len(fresh.blocks.week(WEEK)) == 5
    finally:
        fresh.close()


def test_reimport_updates_moved_events_and_removes_deleted_ones(services) -> None:
    first = ics(
        "UID:m1\r\nDTSTART:20261117T080000Z\r\nDTEND:20261117T090000Z\r\nSUMMARY:Sync",
        "UID:m2\r\nDTSTART:20261118T080000Z\r\nDTEND:20261118T090000Z\r\nSUMMARY:Gone",
    )
    services.calendar.import_ics(first)
    second = ics(
        "UID:m1\r\nDTSTART:20261117T100000Z\r\nDTEND:20261117T110000Z\r\nSUMMARY:Sync moved",
    )
    result = services.calendar.import_ics(second)
    assert (result.created, result.updated, result.removed) == (0, 1, 0)
    titles = sorted(b.title for b in services.blocks.week(WEEK))
    # m2 is another event (its UID is not in the second file): kept
    assert titles == ["Gone", "Sync moved"]


def test_rrule_with_exdate_and_override(services) -> None:
    data = ics(
        "UID:standup\r\nDTSTART;TZID=Europe/Berlin:20261116T093000\r\n"
        "DTEND;TZID=Europe/Berlin:20261116T094500\r\n"
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=10\r\n"
        "EXDATE;TZID=Europe/Berlin:20261118T093000\r\nSUMMARY:Standup",
        "UID:standup\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261119T093000\r\n"
        "DTSTART;TZID=Europe/Berlin:20261119T110000\r\n"
        "DTEND;TZID=Europe/Berlin:20261119T111500\r\nSUMMARY:Standup (late)",
    )
    result = services.calendar.import_ics(data)
    assert result.created == 9
    week = services.blocks.week(WEEK)
    assert [(b.start, b.title) for b in week] == [
        (at(16, 9, 30), "Standup"),
        (at(17, 9, 30), "Standup"),
        (at(19, 11), "Standup (late)"),
        (at(20, 9, 30), "Standup"),
    ]
    assert services.calendar.import_ics(data).created == 0


def test_all_day_event_becomes_whole_day_blocks(services) -> None:
    data = ics(
        "UID:conf\r\nDTSTART;VALUE=DATE:20261119\r\nDTEND;VALUE=DATE:20261121\r\nSUMMARY:Conf"
    )
    services.calendar.import_ics(data)
    week = services.blocks.week(WEEK)
    assert [(b.start, b.end) for b in week] == [(at(19, 0), at(20, 0)), (at(20, 0), at(21, 0))]
    assert all(is_all_day(b.start, b.end, BERLIN) for b in week)
    assert services.blocks.capacity(WEEK).booked_minutes == 0  # not counted as booked time


def test_tzid_event_is_converted_to_the_real_instant(services) -> None:
    data = ics(
        "UID:ny\r\nDTSTART;TZID=America/New_York:20261117T090000\r\n"
        "DURATION:PT45M\r\nSUMMARY:NY call"
    )
    services.calendar.import_ics(data)
    (block,) = services.blocks.week(WEEK)
    assert block.start == at(17, 15) and block.minutes == 45


def test_event_across_midnight_is_split_per_day(services) -> None:
    data = ics("UID:late\r\nDTSTART:20261117T220000Z\r\nDTEND:20261118T010000Z\r\nSUMMARY:Deploy")
    services.calendar.import_ics(data)
    week = services.blocks.week(WEEK)
    assert [(b.start, b.end) for b in week] == [(at(17, 23), at(18, 0)), (at(18, 0), at(18, 2))]


def test_a_file_that_is_not_a_calendar_is_refused_and_imports_nothing(services) -> None:
    with pytest.raises(ValidationError, match=r"(?i)calendar|ics"):
        services.calendar.import_ics(b"this is not a calendar")
    assert services.blocks.week(WEEK) == []


@pytest.mark.parametrize(
    ("bad_event", "reason"),
    [
        ("UID:x\r\nDTSTART:garbage\r\nSUMMARY:Secret title", "DTSTART"),
        ("UID:bad\r\nDTSTART:20261117T100000Z\r\nDTEND:20261117T090000Z\r\nSUMMARY:Bad", "ends"),
        ("UID:nostart\r\nSUMMARY:No start", "no DTSTART"),
        (
            "UID:r\r\nDTSTART:20261117T080000Z\r\nDTEND:20261117T090000Z\r\nRRULE:FREQ=NOPE",
            "repeat rule",
        ),
        (
            "UID:z\r\nDTSTART:20261117T080000Z\r\nDTEND:20261117T090000Z\r\n"
            "RRULE:FREQ=DAILY;INTERVAL=0",
            "interval",
        ),
    ],
)
def test_one_odd_event_is_skipped_by_position_and_the_rest_imported(
    services, bad_event, reason
) -> None:
    """Before, one odd event refused the whole file ("Nothing was imported")."""
    data = ics(
        "UID:ok\r\nDTSTART:20261117T080000Z\r\nDTEND:20261117T090000Z\r\nSUMMARY:Fine",
        bad_event,
        "UID:ok2\r\nDTSTART:20261118T080000Z\r\nDTEND:20261118T090000Z\r\nSUMMARY:Also",
    )
    result = services.calendar.import_ics(data)
    assert [b.title for b in services.blocks.week(WEEK)] == ["Fine", "Also"]
    assert [p.position for p in result.problems] == [2]
    assert reason in str(result.problems[0])
    assert "event 2" in result.summary
    assert "Secret" not in result.summary and "Bad" not in result.summary


def test_import_is_undoable(services) -> None:
    data = ics("UID:u\r\nDTSTART:20261117T080000Z\r\nDTEND:20261117T090000Z\r\nSUMMARY:S")
    with services.hub.operation() as result_op:
        services.calendar.import_ics(data)
    services.hub.undo(result_op.rows)
    assert services.blocks.week(WEEK) == []
    services.hub.redo(result_op.rows)
    assert len(services.blocks.week(WEEK)) == 1


def test_export_of_a_dst_week_has_correct_utc_times(services, clock) -> None:
    clock.at = datetime(2027, 3, 24, 10, tzinfo=BERLIN)
    start = datetime(2027, 3, 28, 9, tzinfo=BERLIN)  # first day of summer time
    services.blocks.create("Sunday", BlockKind.FOCUS, start, start + timedelta(hours=1))
    begin, end = week_bounds(date(2027, 3, 22), BERLIN)
    assert real_minutes(begin, end) == 167 * 60  # the week is one hour short
    event = next(iter(Calendar.from_ical(services.calendar.export_ics(begin, end)).walk("VEVENT")))
    assert event.decoded("DTSTART") == datetime(2027, 3, 28, 7, tzinfo=ZoneInfo("UTC"))


OUTLOOK = b"""BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T030000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E008\r
DTSTART;TZID=W. Europe Standard Time:20261117T110000\r
DTEND;TZID=W. Europe Standard Time:20261117T113000\r
RRULE:FREQ=WEEKLY;UNTIL=20270101T000000Z;INTERVAL=1;BYDAY=TU\r
EXDATE;TZID=W. Europe Standard Time:20261124T110000\r
SUMMARY:Team sync\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_outlook_file_with_its_own_vtimezone(services) -> None:
    result = services.calendar.import_ics(OUTLOOK)
    assert result.created == 6  # 17 Nov .. 29 Dec, without the 24th
    later = services.blocks.between(at(16, 0), at(16, 0) + timedelta(weeks=3))
    assert [b.start for b in later] == [at(17, 11), datetime(2026, 12, 1, 11, tzinfo=BERLIN)]
