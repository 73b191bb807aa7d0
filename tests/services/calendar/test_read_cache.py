"""Reading a subscription again with its read cache gives exactly what a fresh read gives:
for every producer fixture, the hostile ones, and after a change in the calendar (an event
edited, one removed, an override added), in two time zones."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leaddesk.services.calendar.reading import CalendarRead, ReadCache, read_calendar

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures" / "ics").rglob("*.ics"))
ZONES = ("Europe/Berlin", "America/Los_Angeles")


def same(read: CalendarRead) -> tuple:
    return (
        sorted(read.occurrences, key=lambda o: (o.key, o.start)),
        [(s.position, s.reason) for s in read.skipped],
        read.ignored,
        read.truncated,
        read.events,
    )


def read_through(cache: ReadCache, data: bytes, zone: ZoneInfo, now: datetime) -> CalendarRead:
    cache.start()
    read = read_calendar(data, zone, now, cache=cache)
    cache.finish()
    return read


def edited(data: bytes) -> bytes:
    """The calendar after a sync: the first event retitled, the last one gone, an override
    of a moved occurrence where a series exists."""
    text = data.decode("utf-8", "replace")
    first = text.find("SUMMARY:")
    if first >= 0:
        text = text[:first] + "SUMMARY:Renamed " + text[first + len("SUMMARY:") :]
    last = text.rfind("BEGIN:VEVENT")
    stop = text.find("END:VEVENT", last)
    if last >= 0 and stop >= 0 and text.count("BEGIN:VEVENT") > 1:
        text = text[:last] + text[stop + len("END:VEVENT") :].lstrip("\r\n")
    return text.encode("utf-8")


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_cached_read_is_the_same_as_a_fresh_one(path: Path, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    now = datetime(2026, 11, 18, 10, 0, tzinfo=zone)
    data = path.read_bytes()
    try:
        fresh = read_calendar(data, zone, now)
    except Exception as exc:  # a file refused as a whole is refused the same way cached
        with pytest.raises(type(exc)):
            read_through(ReadCache(), data, zone, now)
        return
    cache = ReadCache()
    assert same(read_through(cache, data, zone, now)) == same(fresh)  # cold
    assert same(read_through(cache, data, zone, now)) == same(fresh)  # warm
    changed = edited(data)
    assert same(read_through(cache, changed, zone, now)) == same(read_calendar(changed, zone, now))
    # a day later the window moved: nothing from the old window is reused wrongly
    later = now.replace(day=19)
    assert same(read_through(cache, changed, zone, later)) == same(
        read_calendar(changed, zone, later)
    )


def test_files_of_a_folder_share_the_cache_without_mixing_their_zones() -> None:
    """A vdir folder is read file by file through one cache: the same event text under two
    calendar zones (floating times belong to X-WR-TIMEZONE) must not be taken for each
    other."""
    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 18, 10, 0, tzinfo=zone)
    event = (
        "BEGIN:VEVENT\r\nUID:same@example.com\r\nDTSTART:20261119T090000\r\n"
        "DTEND:20261119T100000\r\nSUMMARY:Sync\r\nEND:VEVENT\r\n"
    )

    def calendar(name: str) -> bytes:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
            f"X-WR-TIMEZONE:{name}\r\n{event}END:VCALENDAR\r\n"
        ).encode()

    cache = ReadCache()
    cache.start()
    files = [calendar("Europe/Berlin"), calendar("America/New_York")]
    reads = [read_calendar(data, zone, now, cache=cache) for data in files]
    cache.finish()
    for data, read in zip(files, reads, strict=True):
        assert same(read) == same(read_calendar(data, zone, now))
    assert reads[0].occurrences[0].start != reads[1].occurrences[0].start
