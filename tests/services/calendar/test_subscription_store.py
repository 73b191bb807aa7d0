"""Storing a subscription refresh (the part on the vault's thread): the worker makes a first
read's rows as the vault stores them, the store inserts them without the row tracker (a
refresh is no user action and no undo step), the commit counter still rises and the week
still hears of it, a failure leaves nothing half-applied, and the status does not call the
events outside the weeks LeadDesk reads "skipped".

Real vault, real files; no mocks."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from leaddesk.domain.errors import VaultError
from leaddesk.domain.model import BlockKind, BlockOutcome
from leaddesk.services.base import ChangeKind
from leaddesk.storage import row_changes, tables
from leaddesk.storage.repositories.calendar import CalendarRepository, new_meeting_row
from tests.calendar_text import ics

ME = "ATTENDEE;CN=Dana Lead;PARTSTAT=ACCEPTED:mailto:dana.lead@example.com"


def meeting(uid: str, day: str, title: str, *more: str, hour: int = 9) -> str:
    extra = "\r\n".join(more)
    return (
        f"UID:{uid}\r\nDTSTART:{day}T{hour:02d}0000Z\r\n"
        f"DTEND:{day}T{hour + 1:02d}0000Z\r\nSUMMARY:{title}\r\n{extra}"
    )


# the clock's today is 2026-11-18: these lie in the window, the 2019 ones far outside it
IN_WINDOW = [meeting(f"w{n}", f"202611{17 + n}", f"Meeting {n}") for n in range(3)]
OUTSIDE = [meeting(f"old{n}", "20190105", "Long ago") for n in range(4)]
CANCELLED = meeting("gone", "20261120", "Called off", "STATUS:CANCELLED")


def _commits(services: Any) -> int:
    raw = services.tasks.hub.vault.raw_connection
    return int(raw.execute("SELECT commits FROM vault_meta").fetchone()[0])


def _stored_rows(services: Any, where: str) -> list[tuple[Any, ...]]:
    """Every column's stored value and SQLite type, as the file holds them."""
    cols = [c.name for c in tables.time_blocks.columns if c.name != "id"]
    select = ", ".join(f'typeof("{c}"), "{c}"' for c in cols)
    raw = services.tasks.hub.vault.raw_connection
    return [
        tuple(r) for r in raw.execute(f"SELECT {select} FROM time_blocks WHERE {where} ORDER BY id")
    ]


def _listen_to_row_changes(services: Any) -> list[row_changes.RowChanges]:
    vault = services.tasks.hub.vault
    passed_on = vault.on_row_changes
    heard: list[row_changes.RowChanges] = []

    def hear(changes: row_changes.RowChanges) -> None:
        heard.append(changes)
        if passed_on is not None:
            passed_on(changes)

    vault.on_row_changes = hear
    return heard


@pytest.mark.parametrize(
    "zone", [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/St_Johns")], ids=str
)
def test_a_new_meetings_stored_values_are_what_the_column_types_write(services, zone) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 17, 8, 30, tzinfo=zone)
    end = datetime(2026, 11, 17, 9, 45, 30, 123, tzinfo=zone)
    values = new_meeting_row("Sync", BlockKind.ONE_ON_ONE, start, end, None, "u1|c=s9")
    with services.tasks.hub.vault.transaction() as s:
        s.execute(  # SQLAlchemy's own binding, through the typed table
            insert(tables.time_blocks).values(
                title="Sync",
                kind=BlockKind.ONE_ON_ONE,
                start=start,
                end=end,
                task_id=None,
                person_id=None,
                protected=False,
                recurrence="",
                series_id=None,
                outcome=BlockOutcome.PLANNED,
                outcome_reason="",
                read_only=True,
                external_uid="u0|c=s9",
            )
        )
        # the refresh's own insert (the values every imported meeting shares are written by
        # the statement itself)
        CalendarRepository(s).insert_stored([values])
    by_orm, by_row = _stored_rows(services, "external_uid LIKE '%|c=s9'")
    assert by_row[:-2] == by_orm[:-2]  # all but the key: same text, same types
    assert by_row[-2:] == ("text", "u1|c=s9")
    with pytest.raises(ValueError, match="naive"):
        new_meeting_row("x", BlockKind.MEETING, start.replace(tzinfo=None), end, None, "k")


def test_a_first_read_is_stored_untracked_counted_and_announced(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sources = services.calendar_sources
    path = tmp_path / "work.ics"
    path.write_bytes(ics(*IN_WINDOW, *OUTSIDE))
    source = sources.add("file", str(path))
    fetched = sources.fetch(sources.get(source.id))  # the worker's part
    assert fetched.prepared is not None and fetched.stored is not None
    assert sorted(fetched.stored) == sorted(fetched.prepared[1])  # a row for each piece
    heard = _listen_to_row_changes(services)
    announced: list[Any] = []
    services.subscribe(announced.append)
    commits = _commits(services)
    result = sources.store(fetched)
    assert result is not None and result.created == 3
    assert heard == []  # no undo step was made of it
    assert _commits(services) == commits + 1  # a lost -wal would still be noticed
    assert any(ChangeKind.BLOCKS in c.kinds for c in announced)
    titles = sorted(r[1] for r in _stored_rows(services, f"external_uid LIKE '%|c={source.tag}'"))
    assert titles == ["Meeting 0", "Meeting 1", "Meeting 2"]
    # the next refresh is not a first read: nothing prepared for inserts on the worker
    path.write_bytes(ics(*IN_WINDOW, meeting("w9", "20261125", "Later")))
    again = sources.fetch(sources.get(source.id))
    assert again.stored is None
    assert sources.store(again).created == 1  # type: ignore[union-attr]
    # a user's own import is still an undo step
    services.calendar.import_ics(ics(meeting("mine", "20261119", "Own")))
    assert heard and heard[-1].tables() == {"time_blocks"}


def test_a_refresh_that_fails_while_storing_changes_nothing(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sources = services.calendar_sources
    path = tmp_path / "work.ics"
    path.write_bytes(ics(*IN_WINDOW))
    source = sources.add("file", str(path))
    fetched = sources.fetch(sources.get(source.id))
    assert fetched.stored is not None
    last = sorted(fetched.stored)[-1]
    broken = dict(fetched.stored)
    broken[last] = (None, *broken[last][1:])  # a title the vault refuses (NOT NULL)
    fetched.stored = broken
    commits = _commits(services)
    with pytest.raises(VaultError):
        sources.store(fetched)
    assert _stored_rows(services, f"external_uid LIKE '%|c={source.tag}'") == []
    assert _commits(services) == commits
    assert sources.get(source.id).content_key == ""  # not marked as read
    # the tracker is not left paused: a user action is recorded again
    heard = _listen_to_row_changes(services)
    services.calendar.import_ics(ics(meeting("mine", "20261119", "Own")))
    assert heard and heard[-1].tables() == {"time_blocks"}
    # and the same refresh, read again, stores whole
    assert sources.refresh(source.id).created == 3  # type: ignore[union-attr]


def test_events_outside_the_weeks_read_are_not_called_skipped(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sources = services.calendar_sources
    path = tmp_path / "work.ics"
    path.write_bytes(ics(*IN_WINDOW, *OUTSIDE, CANCELLED))
    source = sources.add("file", str(path))
    result = sources.refresh(source.id)
    assert result is not None
    assert (result.created, result.skipped, result.outside) == (3, 1, 4)
    status = sources.get(source.id).status
    assert status.startswith("Read: 3 added, 0 updated, 1 skipped.")  # the cancelled one
    assert "4 events lie outside the weeks LeadDesk reads (12 weeks back to 52 ahead)" in status
    assert "5 skipped" not in status
    # a plain import says the same
    summary = services.calendar.import_ics(ics(*OUTSIDE[:1], meeting("x", "20261119", "X")))
    assert summary.summary == (
        "Imported meetings: 1 added, 0 updated. 1 event lies outside the weeks LeadDesk reads"
        " (12 weeks back to 52 ahead)."
    )


def test_removing_a_source_forgets_its_read_cache(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A removed source's parsed events leave memory; a new source that gets the same id
    (SQLite reuses the highest) reads its calendar whole, as a first read."""
    sources = services.calendar_sources
    path = tmp_path / "work.ics"
    path.write_bytes(ics(*IN_WINDOW))
    source = sources.add("file", str(path))
    sources.refresh(source.id)
    caches = sources.__dict__["_read_caches"]
    assert any(key[0] == source.id for key in caches)
    sources.remove(source.id)
    assert not any(key[0] == source.id for key in caches)
    again = sources.add("file", str(path))
    assert again.id == source.id
    assert sources.refresh(again.id).created == 3  # type: ignore[union-attr]


ZONE_ID = "Head Office Time (subscription store test)"
_OWN_ZONE = (
    f"BEGIN:VTIMEZONE\r\nTZID:{ZONE_ID}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def test_a_first_read_in_chunks_is_the_same_as_a_fresh_read(clock) -> None:  # type: ignore[no-untyped-def]
    """A cached (first) read parses and expands a few groups at a time; the file's own
    zones, registered with the first chunk, still hold for events in every later one.
    (The zone's name is this test's own: no earlier read registered it.)"""
    from datetime import timedelta

    from leaddesk.services.calendar.reading import ReadCache, read_calendar

    def zoned(n: int) -> str:
        day, hour = 10 + n % 15, 8 + n % 9
        start = f"UID:z{n}\r\nDTSTART;TZID={ZONE_ID}:202611{day:02d}T{hour:02d}0000\r\n"
        if n % 5 == 0:  # DURATION: read by icalendar, not the fast path
            return start + f"DURATION:PT30M\r\nSUMMARY:Zoned {n}"
        end = f"DTEND;TZID={ZONE_ID}:202611{day:02d}T{hour:02d}4500\r\n"
        return start + end + f"SUMMARY:Zoned {n}"

    events = [zoned(n) for n in range(60)]
    body = "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events)
    data = (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{_OWN_ZONE}{body}"
        f"BEGIN:VEVENT\r\n{OUTSIDE[0]}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    now = clock.now()
    cache = ReadCache()
    cache.start()
    cached = read_calendar(data, clock.tz, now, cache=cache)  # first: nothing registered yet
    cache.finish()
    fresh = read_calendar(data, clock.tz, now)
    assert len(fresh.occurrences) == 60 and not fresh.skipped
    assert sorted(cached.occurrences, key=lambda o: o.key) == sorted(
        fresh.occurrences, key=lambda o: o.key
    )
    assert (cached.outside, cached.events) == (fresh.outside, fresh.events) == (1, 61)
    for occ in cached.occurrences:  # 08:00 at +05:30 is 02:30 UTC
        n = int(occ.key[1:])
        assert occ.start.hour * 60 + occ.start.minute == (8 + n % 9) * 60 - 330
        assert occ.end - occ.start == timedelta(minutes=30 if n % 5 == 0 else 45)


def test_the_same_person_accepting_one_meeting_and_declining_another(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Attendees are shared between meetings when equal: a decline stays with its meeting."""
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    declined = "ATTENDEE;CN=Dana Lead;PARTSTAT=DECLINED:mailto:dana.lead@example.com"
    other = "ATTENDEE;CN=Mia;PARTSTAT=ACCEPTED:mailto:mia@example.com"
    path = tmp_path / "work.ics"
    path.write_bytes(
        ics(
            meeting("a", "20261117", "Kept", ME, other),
            meeting("b", "20261118", "Declined", declined, other),
            meeting("c", "20261119", "Kept too", ME, other),
        )
    )
    source = services.calendar_sources.add("file", str(path))
    result = services.calendar_sources.refresh(source.id)
    assert result is not None and (result.created, result.skipped) == (2, 1)
    titles = sorted(r[1] for r in _stored_rows(services, f"external_uid LIKE '%|c={source.tag}'"))
    assert titles == ["Kept", "Kept too"]


def test_the_fast_path_reads_what_icalendar_reads(clock) -> None:  # type: ignore[no-untyped-def]
    """The fast path looks only at the lines it needs (found by one regex) and reads equal
    attendee and organizer lines once; decoded, every event equals icalendar's reading of
    it (lower-case names, a reminder with its own UID, quoted parameters with ':' and ';',
    escapes, the same attendee line in two events)."""
    from icalendar import Calendar

    from leaddesk.services.calendar.decoding import decode as _decode
    from leaddesk.services.calendar.plain_events import plain_event
    from leaddesk.services.calendar.scan import cut

    quoted = 'ATTENDEE;CN="Doe: Jane; PhD";PARTSTAT=DECLINED;ROLE=CHAIR:MAILTO:Jane@Example.com'
    shared = "ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Mia Schulz:mailto:mia@example.com"
    events = [
        "UID:one\r\nDTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\n"
        f"SUMMARY:Budget\\, Q3\\; draft\r\n{quoted}\r\n{shared}\r\n"
        'ORGANIZER;CN="Lead, Dana":mailto:dana@example.com\r\n'
        "BEGIN:VALARM\r\nUID:alarm-uid\r\nACTION:DISPLAY\r\nDURATION:PT5M\r\n"
        "TRIGGER:-PT10M\r\nEND:VALARM",
        "uid:two\r\ndtstart;tzid=Europe/Berlin:20261118T140000\r\n"
        "dtend;tzid=Europe/Berlin:20261118T150000\r\nsummary:lower case\r\n"
        f"{shared}\r\nattendee;cn=Sam;partstat=tentative:mailto:SAM@example.com\r\n"
        "rrule:FREQ=WEEKLY;COUNT=3\r\nexdate;tzid=Europe/Berlin:20261125T140000",
        f"UID:three\r\nDTSTART;VALUE=DATE:20261119\r\nSUMMARY:Day off\r\n{shared}",
    ]
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    text += "".join(f"BEGIN:VEVENT\r\n{e}\r\nEND:VEVENT\r\n" for e in events) + "END:VCALENDAR\r\n"
    _props, _zones, raws, count = cut(text)
    assert count == 3
    parsed = list(Calendar.from_ical(text).walk("VEVENT"))

    def decoded(raw: Any, event: Any) -> tuple[Any, ...]:
        ev = _decode(raw, event, clock.tz, None)
        w = ev.start  # the same instant (UTC may be a different tzinfo object)
        start = w.wall if w.zone is None else w.wall.replace(tzinfo=w.zone).astimezone(UTC)
        return (ev.uid, w.all_day, start, ev.length, ev.title, ev.kind, ev.attendees, ev.organizer)

    for raw, theirs in zip(raws, parsed, strict=True):
        ours = plain_event(raw)
        assert ours is not None
        assert decoded(raw, ours) == decoded(raw, theirs)
        rule = ours.get("RRULE")
        assert (rule.to_ical() if rule else None) == (
            theirs["RRULE"].to_ical() if "RRULE" in theirs else None
        )
    first = plain_event(raws[0])
    assert first is not None and first["SUMMARY"].text == "Budget, Q3; draft"


@pytest.mark.parametrize("zone_name", ["Europe/Berlin", "America/Santiago", "Asia/Beirut"])
def test_meetings_are_split_at_every_local_midnight_and_only_there(zone_name: str) -> None:
    """One piece per local day touched (a day with a clock change at midnight too), pieces
    end to end, each inside one local day; keys: the occurrence's, then ``|p=N``."""
    from datetime import timedelta

    from leaddesk.services.calendar.exchange import split_days
    from leaddesk.services.calendar.reading import Occurrence

    zone = ZoneInfo(zone_name)
    tiny = timedelta(microseconds=1)
    days_around = ((3, 28), (4, 4), (9, 5), (10, 24))  # the zones' clock changes
    starts = [datetime(2026, m, d, tzinfo=zone) for m, d in days_around]
    for base in starts:
        for begin_hour in (0, 9, 22, 23):
            start = base.replace(hour=begin_hour).astimezone(UTC)
            for hours in (0.5, 1, 2, 3, 25, 49):
                end = start + timedelta(hours=hours)
                occ = Occurrence("k", "k", "T", start, end, False)
                pieces = split_days(occ, zone, "s1")
                days = {
                    (start + timedelta(minutes=15 * i)).astimezone(zone).date()
                    for i in range(int((end - start) / timedelta(minutes=15)))
                } | {(end - tiny).astimezone(zone).date()}
                assert len(pieces) == len(days), (start, hours)
                assert pieces[0].start == start and pieces[-1].end == end
                for left, right in itertools.pairwise(pieces):
                    assert left.end == right.start
                for n, piece in enumerate(pieces):
                    assert piece.start.astimezone(zone).date() == (
                        (piece.end - tiny).astimezone(zone).date()
                    )
                    assert piece.external_uid == ("k|c=s1" if n == 0 else f"k|p={n}|c=s1")


def test_new_ids_are_right_when_sqlite_does_not_count_up(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """New rows' ids are taken as highest + 1, + 2, ... only when one count shows that is
    what they got; with the highest possible id taken SQLite picks others: read back."""
    sources = services.calendar_sources
    path = tmp_path / "work.ics"
    path.write_bytes(ics(*IN_WINDOW))
    for highest in (None, 2**63 - 1):
        if highest is not None:
            with services.tasks.hub.vault.transaction() as s:
                s.execute(
                    insert(tables.time_blocks).values(
                        id=highest,
                        title="Last",
                        kind=BlockKind.FOCUS,
                        start=datetime(2026, 11, 16, 8, tzinfo=UTC),
                        end=datetime(2026, 11, 16, 9, tzinfo=UTC),
                        outcome=BlockOutcome.PLANNED,
                    )
                )
        source = sources.add("file", str(path))
        result = sources.refresh(source.id)
        assert result is not None and result.created == 3
        raw = services.tasks.hub.vault.raw_connection
        for block_id, row in result.change.after.items():
            assert row is not None
            stored = raw.execute("SELECT external_uid FROM time_blocks WHERE id = ?", (block_id,))
            assert stored.fetchall() == [(row["external_uid"],)]
        sources.remove(source.id)


_PIECES = st.sampled_from(
    [
        b"\r\n",
        b"\r",
        b"\n",
        b"\r\r\n",
        b"A",
        b"BEGIN:VEVENT",
        b" ",
        b"\t",
        b"\xc3\xa9",
        b"\xe2\x82\xac",
        b"\xf0\x9f\x98\x80",
        b"\xc3",
        b"\xe2\x82",
        b"\xff",
        b"\x80",
        b"\xef\xbb\xbf",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=60),
    st.integers(min_value=0, max_value=3),
)
def test_decoding_with_line_endings_equals_decode_then_replace(
    parts: list[bytes], pad: int
) -> None:
    """One pass of the io module's decoder gives exactly what decoding and replacing CRLF
    and CR gave: undecodable and cut-off byte sequences, a BOM, CRs of every kind, after
    a long prefix too."""
    from leaddesk.services.calendar.reading import decoded_lines

    for data in (b"".join(parts), b"x" * (8192 - pad) + b"".join(parts)):
        expected = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        assert decoded_lines(data) == expected
