"""What the .ics import does with the files that used to hang, refuse or mislead.

Each test names the old behaviour it replaces (from issue 17). All run against a real vault.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from leaddesk.domain.model import BlockKind
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.domain.week import is_all_day, week_bounds
from leaddesk.services.calendar import ReadCancelled, read_calendar
from leaddesk.services.calendar.reading import MAX_OCCURRENCES, MAX_PER_SERIES

BERLIN = ZoneInfo("Europe/Berlin")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
WEEK = date(2026, 11, 16)
FIXTURES = Path(__file__).parents[2] / "fixtures" / "ics"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def ics(*events: str, extra: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{extra}{body}END:VCALENDAR\r\n"
    return text.encode()


def event(uid: str, start: str, end: str, title: str = "Meeting", more: str = "") -> str:
    return f"UID:{uid}\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{title}\r\n{more}"


# -- floods and hostile rules end in a bounded result ----------------------------------------
def test_interval_zero_is_skipped_with_a_reason_instead_of_hanging(services) -> None:
    data = ics(
        event("z", "20261118T100000Z", "20261118T110000Z", more="RRULE:FREQ=DAILY;INTERVAL=0")
    )
    result = services.calendar.import_ics(data)
    assert result.created == 0
    assert "event 1" in result.summary and "interval" in result.summary


def test_a_secondly_flood_is_skipped_not_imported_as_thousands_of_blocks(services) -> None:
    data = ics(event("s", "20261118T100000Z", "20261118T100001Z", more="RRULE:FREQ=SECONDLY"))
    result = services.calendar.import_ics(data)
    assert result.created == 0
    assert f"more than {MAX_PER_SERIES:,} times" in result.summary


def test_many_minutely_series_stay_bounded(services) -> None:
    events = [
        event(
            f"m{i}", f"20261118T10{i:02d}00Z", f"20261118T10{i:02d}30Z", more="RRULE:FREQ=MINUTELY"
        )
        for i in range(20)
    ]
    result = services.calendar.import_ics(ics(*events))
    assert result.created == 0 and len(result.problems) == 20


def test_a_file_with_more_meetings_than_the_cap_gives_a_bounded_result(clock) -> None:
    events = [
        event(
            f"e{i}",
            f"2027{i % 12 + 1:02d}{i % 28 + 1:02d}T10{i % 60:02d}00Z",
            f"2027{i % 12 + 1:02d}{i % 28 + 1:02d}T11{i % 60:02d}00Z",
        )
        for i in range(MAX_OCCURRENCES + 2_000)
    ]
    read = read_calendar(ics(*events), BERLIN, clock.now())
    assert read.truncated and len(read.occurrences) <= MAX_OCCURRENCES


def test_a_large_file_of_past_events_is_cut_before_parsing(clock) -> None:
    events = [event(f"p{i}", "20190105T100000Z", "20190105T110000Z") for i in range(20_000)]
    events.append(event("now", "20261118T100000Z", "20261118T110000Z", "Today"))
    read = read_calendar(ics(*events), BERLIN, clock.now())
    assert [o.title for o in read.occurrences] == ["Today"]
    assert read.outside == 20_000 and read.ignored == 0 and not read.skipped


def test_reading_can_be_cancelled_and_reports_progress(clock) -> None:
    events = [event(f"e{i}", "20261118T100000Z", "20261118T110000Z") for i in range(600)]
    seen: list[tuple[int, int]] = []
    read_calendar(ics(*events), BERLIN, clock.now(), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (600, 600) and len(seen) >= 2
    with pytest.raises(ReadCancelled):
        read_calendar(ics(*events), BERLIN, clock.now(), cancel=lambda: True)


def test_cancelled_import_changes_nothing(services) -> None:
    with pytest.raises(ReadCancelled):
        services.calendar.import_ics(
            ics(event("a", "20261118T100000Z", "20261118T110000Z")), cancel=lambda: True
        )
    assert services.blocks.week(WEEK) == []


@pytest.mark.parametrize(
    "start",
    ["00010101T000000Z", "99991231T230000Z", "00010101T000000", "99991231T230000"],
)
def test_dates_near_year_1_and_9999_do_not_crash(services, start) -> None:
    data = ics(
        f"UID:far\r\nDTSTART;TZID=Asia/Tokyo:{start.rstrip('Z')}\r\nDURATION:PT1H\r\n"
        "RRULE:FREQ=YEARLY",
        f"UID:far2\r\nDTSTART:{start}\r\nDURATION:PT1H",
        event("ok", "20261118T100000Z", "20261118T110000Z", "Fine"),
    )
    result = services.calendar.import_ics(data)
    assert [b.title for b in services.blocks.week(WEEK)] == ["Fine"]
    # a yearly series from year 1 has its 1 January 2027 inside the window; 9999 has none
    assert result.created == (2 if start.startswith("0001") else 1)


# -- standard rules that used to refuse the file or lose meetings ------------------------------
def test_all_day_series_with_a_date_until_imports(services) -> None:
    data = ics(
        "UID:fri\r\nDTSTART;VALUE=DATE:20261106\r\nDTEND;VALUE=DATE:20261107\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20261127;BYDAY=FR\r\nSUMMARY:No-meeting Friday"
    )
    services.calendar.import_ics(data)
    days = sorted(
        b.start.astimezone(BERLIN).date()
        for b in services.blocks.between(at(1, 0), at(1, 0, month=12))
    )
    assert days == [date(2026, 11, 6), date(2026, 11, 13), date(2026, 11, 20), date(2026, 11, 27)]


def test_zoned_series_with_a_floating_until_imports(services) -> None:
    data = ics(
        "UID:sp\r\nDTSTART;TZID=Europe/Berlin:20261103T130000\r\n"
        "DTEND;TZID=Europe/Berlin:20261103T140000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261117T130000\r\nSUMMARY:Planning"
    )
    result = services.calendar.import_ics(data)
    assert result.created == 3 and not result.problems


def test_rdates_are_imported(services) -> None:
    data = ics(
        "UID:r\r\nDTSTART;TZID=Europe/Berlin:20261116T090000\r\n"
        "DTEND;TZID=Europe/Berlin:20261116T093000\r\n"
        "RDATE;TZID=Europe/Berlin:20261117T090000,20261119T090000\r\nSUMMARY:Slots"
    )
    services.calendar.import_ics(data)
    assert [b.start for b in services.blocks.week(WEEK)] == [at(16, 9), at(17, 9), at(19, 9)]


def test_a_start_not_on_the_rule_is_kept(services) -> None:
    data = ics(
        "UID:w\r\nDTSTART;TZID=Europe/Berlin:20261118T140000\r\n"
        "DTEND;TZID=Europe/Berlin:20261118T150000\r\nRRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=2\r\n"
        "SUMMARY:Off rule"
    )
    services.calendar.import_ics(data)
    starts = [b.start for b in services.blocks.between(at(16, 0), at(30, 0))]
    assert starts == [at(18, 14), at(20, 14), at(27, 14)]


def test_exchange_all_day_exception_lands_on_one_day_in_any_zone(services, clock) -> None:
    """Exchange writes the RECURRENCE-ID of an all-day occurrence as midnight in the
    organizer's zone; in Los Angeles the old and the new day both showed."""
    clock.at = datetime(2026, 11, 18, 10, tzinfo=LOS_ANGELES)
    data = (FIXTURES / "producers" / "outlook2010.ics").read_bytes()
    read = read_calendar(data, LOS_ANGELES, clock.now())
    days = sorted(
        o.start.astimezone(LOS_ANGELES).date()
        for o in read.occurrences
        if o.title.startswith("Month planning") and o.start.month == 12 and o.start.year == 2026
    )
    assert days == [date(2026, 12, 2)]


def test_cancelled_events_and_exceptions_are_not_busy_time(clock) -> None:
    data = (FIXTURES / "odd" / "edge_duplicates_and_cancelled.ics").read_bytes()
    read = read_calendar(data, BERLIN, clock.now())
    titles = sorted(o.title for o in read.occurrences)
    assert titles == [
        "First of two sharing a UID",
        "Invitation to one occurrence only",
        "Second of two sharing a UID",
    ]


def test_a_time_zone_on_a_date_only_start_is_still_one_whole_day(services) -> None:
    data = ics("UID:h\r\nDTSTART;TZID=America/New_York;VALUE=DATE:20261119\r\nSUMMARY:Holiday")
    services.calendar.import_ics(data)
    (block,) = services.blocks.week(WEEK)
    assert (block.start, block.end) == (at(19, 0), at(20, 0))
    assert is_all_day(block.start, block.end, BERLIN)
    assert services.blocks.capacity(WEEK).booked_minutes == 0


# -- re-import replaces a calendar as a set ---------------------------------------------------
def test_an_event_deleted_in_the_source_is_removed_on_reimport(services) -> None:
    name = "X-WR-CALNAME:Work\r\n"
    first = ics(
        event("keep", "20261117T080000Z", "20261117T090000Z", "Keep"),
        event("drop", "20261118T080000Z", "20261118T090000Z", "Dropped in the source"),
        extra=name,
    )
    services.calendar.import_ics(first)
    second = ics(event("keep", "20261117T080000Z", "20261117T090000Z", "Keep"), extra=name)
    result = services.calendar.import_ics(second)
    assert (result.created, result.updated, result.removed) == (0, 0, 1)
    assert [b.title for b in services.blocks.week(WEEK)] == ["Keep"]


def test_two_events_sharing_a_uid_are_stable_on_reimport(services) -> None:
    data = (FIXTURES / "odd" / "edge_duplicates_and_cancelled.ics").read_bytes()
    first = services.calendar.import_ics(data)
    assert first.created == 3
    again = services.calendar.import_ics(data)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_reimport_of_a_google_file_is_a_no_op(services) -> None:
    data = (FIXTURES / "producers" / "google_work.ics").read_bytes()
    first = services.calendar.import_ics(data)
    assert first.created > 100 and not first.problems
    again = services.calendar.import_ics(data)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


# -- export ------------------------------------------------------------------------------------
def test_export_writes_a_series_as_one_rrule_with_exdates_and_moved_occurrences(services) -> None:
    b = services.blocks
    b.create("Review", BlockKind.REVIEW, at(16, 15), at(16, 16), recurrence=weekly_rule([0, 2]))
    week = b.week(WEEK)
    wednesday = next(x for x in week if x.start == at(18, 15))
    b.delete(wednesday.id, "this")
    monday_next = next(x for x in b.week(WEEK + timedelta(weeks=1)) if x.start == at(23, 15))
    b.move(monday_next.id, at(23, 17), "this")
    begin, _ = week_bounds(WEEK, BERLIN)
    _, end = week_bounds(WEEK + timedelta(weeks=1), BERLIN)
    calendar = Calendar.from_ical(services.calendar.export_ics(begin, end))
    events = list(calendar.walk("VEVENT"))
    masters = [e for e in events if e.get("RRULE") is not None]
    assert len(masters) == 1
    master = masters[0]
    assert str(master["UID"]).startswith("leaddesk-series-")
    assert str(master.get("X-LEADDESK-KIND")) == "review"
    entries = master["EXDATE"] if isinstance(master["EXDATE"], list) else [master["EXDATE"]]
    exdates = {d.dt.astimezone(UTC) for entry in entries for d in entry.dts}
    assert at(18, 15).astimezone(UTC) in exdates and at(23, 15).astimezone(UTC) in exdates
    moved = [e for e in events if e.get("RRULE") is None]
    assert [e.decoded("DTSTART").astimezone(UTC) for e in moved] == [at(23, 17).astimezone(UTC)]


def test_imported_multi_day_event_is_exported_once_under_a_leaddesk_uid(services) -> None:
    services.calendar.import_ics(
        ics(event("source-uid-123", "20261117T220000Z", "20261118T010000Z", "Deploy"))
    )
    begin, end = week_bounds(WEEK, BERLIN)
    events = list(Calendar.from_ical(services.calendar.export_ics(begin, end)).walk("VEVENT"))
    assert len(events) == 1
    assert "source-uid-123" not in str(events[0]["UID"])
    assert events[0].decoded("DTEND") - events[0].decoded("DTSTART") == timedelta(hours=3)


def test_kinds_survive_an_export_and_reimport(services, tmp_path, clock) -> None:
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import create_vault

    services.blocks.create("Deep work", BlockKind.FOCUS, at(16, 9), at(16, 11))
    services.blocks.create("Lunch", BlockKind.BREAK, at(16, 12), at(16, 13))
    begin, end = week_bounds(WEEK, BERLIN)
    data = services.calendar.export_ics(begin, end)
    fresh = create_vault(resolve_paths(tmp_path / "other"), "another pass phrase", clock)
    try:
        fresh.calendar.import_ics(data)
        assert [b.kind for b in fresh.blocks.week(WEEK)] == [BlockKind.FOCUS, BlockKind.BREAK]
    finally:
        fresh.close()


def test_simple_events_read_without_icalendar_keep_escapes_and_quoted_names(clock) -> None:
    data = ics(
        "UID:q\r\nDTSTART;TZID=W. Europe Standard Time:20261117T110000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20261117T113000\r\n"
        "SUMMARY;LANGUAGE=en-us:Budget\\, Q4\\; review\\nsecond line\r\n"
        'ATTENDEE;CN="Weber: Jonas";PARTSTAT=DECLINED:mailto:Jonas.Weber@example.com\r\n'
        "BEGIN:VALARM\r\nSUMMARY:Alarm text\r\nTRIGGER:-PT15M\r\nEND:VALARM"
    )
    (occ,) = read_calendar(data, BERLIN, clock.now()).occurrences
    assert occ.title == "Budget, Q4; review"
    assert occ.start == at(17, 11).astimezone(UTC)
    assert [(a.email, a.name, a.status) for a in occ.attendees] == [
        ("jonas.weber@example.com", "Weber: Jonas", "DECLINED")
    ]
