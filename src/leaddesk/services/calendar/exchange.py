"""Calendar exchange: import an .ics file as read-only meetings, export blocks as .ics.

Import is two steps so the slow one can run off the GUI thread:

1. :meth:`CalendarExchangeService.read` reads the file (``calendar.reading``): no database,
   cancellable, with progress; odd events are skipped and reported, never the whole file.
2. :meth:`CalendarExchangeService.apply` writes the result in one transaction (all or
   nothing; undoable with the returned ``BlockChange``).

Each imported block remembers where it came from in ``external_uid``: the event's key
(UID, occurrence, duplicate number), ``|p=N`` for the N-th day of an event that crosses
midnight (a block never does), and ``|c=TAG`` for the calendar it came from (a hash of the
calendar's own id or name, or a subscription's id). Importing a calendar again replaces its
events *as a set*: blocks of that calendar (or, for a file without its own name, of the
UIDs in the file) that are no longer in it are removed, moved ones are updated, and nothing
is duplicated. Only blocks inside the read window are removed; older history stays.

Export writes what LeadDesk owns under LeadDesk's own UIDs: a repeating series as one event
with its ``RRULE`` (in the user's time zone, so 09:00 stays 09:00 across DST), ``EXDATE``s
for occurrences deleted or moved, ``RECURRENCE-ID`` overrides for occurrences changed in
place, and moved occurrences as events of their own. Imported meetings are written as one
event each (a multi-day event is joined again) under a new LeadDesk UID, so importing the
export into the source calendar can never overwrite the original. Every event keeps its
kind (``CATEGORIES`` and ``X-LEADDESK-KIND``), which a LeadDesk import reads back.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from ...domain.model import BlockKind, BlockOutcome, TimeBlock
from ...domain.recurrence import Recurrence
from ...domain.week import is_all_day
from ...private_files import write_private_bytes
from ...storage.repositories.calendar import (
    CalendarRepository,
    ImportedRow,
    StoredRow,
    new_meeting_row,
)
from ..base import ChangeKind, Service
from ..block_rows import BlockChange, BlockTracker
from .decoding import SEP
from .reading import (
    WINDOW_AHEAD,
    WINDOW_BACK,
    CalendarRead,
    Occurrence,
    SkippedEvent,
    read_calendar,
)

log = logging.getLogger(__name__)

PRODID = "-//LeadDesk//Week plan//EN"
UID_DOMAIN = "leaddesk.local"
SHOWN_SKIPS = 5  # reasons listed in the summary; the rest are counted


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0  # events left out: without length, cancelled, declined
    outside: int = 0  # events outside the weeks LeadDesk reads (not skipped: not needed)
    problems: list[SkippedEvent] = field(default_factory=list)  # events that could not be read
    truncated: bool = False
    change: BlockChange = field(default_factory=lambda: BlockChange({}, {}))
    written: bool = False  # False: nothing differed, no transaction was opened

    @property
    def summary(self) -> str:
        parts = [f"{self.created:,} added", f"{self.updated:,} updated"]
        if self.removed:
            parts.append(f"{self.removed:,} removed")
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        text = "Imported meetings: " + ", ".join(parts) + "."
        if self.outside:
            noun = "event lies" if self.outside == 1 else "events lie"
            text += (
                f" {self.outside:,} {noun} outside the weeks LeadDesk reads"
                f" ({WINDOW_BACK.days // 7} weeks back to {WINDOW_AHEAD.days // 7} ahead)."
            )
        if self.truncated:
            text += (
                " The calendar has more meetings than LeadDesk reads at once;"
                " the first 5,000 were imported."
            )
        if self.problems:
            shown = "; ".join(str(p) for p in self.problems[:SHOWN_SKIPS])
            more = len(self.problems) - SHOWN_SKIPS
            extra = f"; and {more} more" if more > 0 else ""
            count = len(self.problems)
            noun = "event" if count == 1 else "events"
            text += f" {count} {noun} could not be read and were left out: {shown}{extra}."
        return text


class Piece(NamedTuple):
    """One block-to-be: an occurrence, or one day of an occurrence across midnight.
    (Immutable; a tuple is made ~3x faster than a frozen dataclass.)"""

    external_uid: str
    base_uid: str
    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    person_id: int | None = None


def _kind(value: str) -> BlockKind:
    try:
        return BlockKind(value) if value else BlockKind.MEETING
    except ValueError:
        return BlockKind.MEETING


def _plain_name(text: str) -> str:
    return " ".join(text.replace(".", " ").replace("_", " ").replace("-", " ").split()).casefold()


def one_on_one_person(
    occ: Occurrence,
    people: dict[str, int],
    mine: frozenset[str] = frozenset(),
    emails: dict[str, int] | None = None,
) -> int | None:
    """The person a meeting is a one-on-one with: exactly one other participant (attendees
    and organizer, without the user's own addresses) who is a person: by the e-mail address
    on the person's page (``emails``, lower-case, compared without regard to case), else by
    name or by the name part of the address (``people`` maps plain names to ids). Without
    the user's addresses, a meeting of exactly two where exactly one is a known person
    counts too."""
    by_email = emails or {}
    participants: dict[str, str] = {}
    for attendee in occ.attendees:
        key = attendee.email or _plain_name(attendee.name)
        if key:
            participants.setdefault(key, attendee.name)
    if occ.organizer:
        participants.setdefault(occ.organizer, "")
    others = {k: v for k, v in participants.items() if k not in mine}

    def match(email: str, name: str) -> int | None:
        if email and email.lower() in by_email:
            return by_email[email.lower()]
        for candidate in (_plain_name(name), _plain_name(email.split("@", 1)[0])):
            if candidate and candidate in people:
                return people[candidate]
        return None

    if len(others) == 1:
        ((email, name),) = others.items()
        return match(email, name)
    if not mine and len(others) == 2:
        found = [m for m in (match(e, n) for e, n in others.items()) if m is not None]
        return found[0] if len(found) == 1 else None
    return None


def split_days(
    occ: Occurrence, tz: tzinfo, tag: str = "", person_id: int | None = None
) -> list[Piece]:
    """One piece per local day (blocks never cross midnight); none for zero-length ones."""
    if occ.end <= occ.start:
        return []
    suffix = f"{SEP}c={tag}" if tag else ""
    pieces: list[Piece] = []
    day = occ.start.astimezone(tz).date()
    cursor, final = occ.start.astimezone(UTC), occ.end.astimezone(UTC)
    part = 0
    kind = BlockKind.ONE_ON_ONE if person_id is not None else _kind(occ.kind)
    if occ.end.astimezone(tz).date() == day:  # within one local day (most): one piece
        return [Piece(occ.key + suffix, occ.uid, occ.title, kind, cursor, final, person_id)]
    while cursor < final and part <= 366:
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
        piece_end = min(final, midnight)
        if piece_end > cursor:
            uid = occ.key if part == 0 else f"{occ.key}{SEP}p={part}"
            pieces.append(
                Piece(uid + suffix, occ.uid, occ.title, kind, cursor, piece_end, person_id)
            )
            part += 1
        cursor = max(cursor, piece_end)
        day += timedelta(days=1)
    return pieces


@dataclass(frozen=True)
class Matching:
    """What turning meetings into blocks needs besides the calendar: the active people by
    plain name and by e-mail address, and the user's own addresses (a snapshot, so a worker
    thread can use it without the database)."""

    people: dict[str, int]
    emails: dict[str, int]
    mine: frozenset[str]


def matching_of(repo: CalendarRepository) -> Matching:
    from .sources import MY_ADDRESSES_KEY

    people: dict[str, int] = {}
    emails: dict[str, int] = {}
    for person in repo.people_to_match():
        people.setdefault(_plain_name(person.name), person.id)
        if person.email:
            emails.setdefault(person.email.lower(), person.id)
    value = repo.setting(MY_ADDRESSES_KEY)
    mine = frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()
    return Matching(people, emails, mine)


def build_pieces(read: CalendarRead, tz: tzinfo, tag: str, matching: Matching) -> dict[str, Piece]:
    """The blocks-to-be of ``read`` by key: one-on-ones found, split at local midnight.
    Pure (no database): a subscription's worker thread runs it."""
    pieces: dict[str, Piece] = {}
    # a series' occurrences share one attendee tuple: match its people once
    matched: dict[tuple[int, str], int | None] = {}
    suffix = f"{SEP}c={tag}" if tag else ""
    for occ in read.occurrences:
        person_id = None
        if occ.attendees:
            seen = (id(occ.attendees), occ.organizer)
            if seen not in matched:
                matched[seen] = one_on_one_person(
                    occ, matching.people, matching.mine, matching.emails
                )
            person_id = matched[seen]
        start, end = occ.start, occ.end
        if start < end and start.astimezone(tz).date() == end.astimezone(tz).date():
            # within one local day (most): split_days' one piece, made here
            kind = BlockKind.ONE_ON_ONE if person_id is not None else _kind(occ.kind)
            key = occ.key + suffix
            pieces[key] = Piece(
                key, occ.uid, occ.title, kind, start.astimezone(UTC), end.astimezone(UTC), person_id
            )
            continue
        for piece in split_days(occ, tz, tag, person_id):
            pieces[piece.external_uid] = piece
    return pieces


def stored_row(piece: Piece) -> StoredRow:
    """A new meeting's row as the vault stores it (pure: a worker thread may make it)."""
    return new_meeting_row(
        piece.title, piece.kind, piece.start, piece.end, piece.person_id, piece.external_uid
    )


def stored_rows(pieces: dict[str, Piece]) -> dict[str, StoredRow]:
    """:func:`stored_row` of every piece, by key."""
    return {
        key: new_meeting_row(p.title, p.kind, p.start, p.end, p.person_id, p.external_uid)
        for key, p in pieces.items()
    }


def tag_of(external_uid: str) -> str:
    _, sep, tag = external_uid.rpartition(f"{SEP}c=")
    return tag if sep else ""


class CalendarExchangeService(Service):
    # -- import -----------------------------------------------------------------------
    def read(
        self,
        data: bytes | str,
        *,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> CalendarRead:
        """Read a calendar file (no database; safe on a worker thread)."""
        result = read_calendar(
            data, self.clock.tz, self.clock.now(), cancel=cancel, progress=progress
        )
        if result.skipped:
            log.info(
                "calendar read: %d of %d events skipped (positions %s)",
                len(result.skipped),
                result.events,
                ",".join(str(s.position) for s in result.skipped[:20]),
            )
        return result

    def import_ics(
        self,
        data: bytes | str,
        *,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportResult:
        """Read and apply in one call (see the module docstring)."""
        return self.apply(self.read(data, cancel=cancel, progress=progress))

    def apply(
        self,
        read: CalendarRead,
        source_tag: str = "",
        also: Callable[[Any, ImportResult], None] | None = None,
        pieces: dict[str, Piece] | None = None,
        *,
        stored: dict[str, StoredRow] | None = None,
        undoable: bool = True,
    ) -> ImportResult:
        """Write what :meth:`read` found: the calendar's events replace its earlier import
        as a set, in one transaction. Meetings are compared by key (UID, occurrence, day
        part, calendar) as plain rows; only new, changed and removed ones are written, and
        when none is, no transaction is opened (``written`` stays False) and nobody is told.
        ``also(session, result)`` runs inside that transaction (a source's status row).
        ``pieces``: the blocks-to-be, when :func:`build_pieces` already made them (a
        subscription's worker thread does, with the same :class:`Matching`); ``stored``:
        the new rows' stored values by key, when :func:`stored_rows` made them too.
        ``undoable=False``: no user action (a subscription's refresh), so the row tracker
        is skipped (``ServiceHub.write``)."""
        tag = source_tag or read.identity
        if pieces is None:
            pieces = build_pieces(read, self.clock.tz, tag, self.matching())
        result = ImportResult(
            skipped=read.ignored,
            outside=read.outside,
            problems=list(read.skipped),
            truncated=read.truncated,
        )
        base_uids = {p.base_uid for p in pieces.values()}
        window_start = self.clock.now() - WINDOW_BACK
        suffix = f"{SEP}c={source_tag}" if source_tag else ""
        with self.hub.read() as s:
            rows = CalendarRepository(s).imported_rows(suffix)
        existing: dict[str, ImportedRow] = {}
        for row in rows:
            block_tag = tag_of(row.external_uid)
            if (tag and block_tag == tag) or (
                not source_tag
                and block_tag in ("", tag)
                and row.external_uid.split(SEP, 1)[0] in base_uids
            ):
                existing[row.external_uid] = row
        fresh: list[Piece] = []
        changed: dict[int, Piece] = {}
        for uid, piece in pieces.items():
            found = existing.pop(uid, None)
            if found is None:
                fresh.append(piece)
                continue
            now = (found.title, found.kind, found.start, found.end, found.person_id)
            if now != (piece.title, piece.kind, piece.start, piece.end, piece.person_id):
                changed[found.id] = piece
        gone = [row.id for row in existing.values() if row.end > window_start]
        if not (fresh or changed or gone):
            return result
        with self.hub.write(ChangeKind.BLOCKS, undoable=undoable) as s:
            track = BlockTracker(s)
            repo = CalendarRepository(s)
            for block in repo.blocks(changed):
                piece = changed[block.id]  # type: ignore[index]
                track.touch(block)
                block.title, block.kind = piece.title, piece.kind
                block.start, block.end = piece.start, piece.end
                block.person_id = piece.person_id
                result.updated += 1
            # new meetings in one plain executemany of their stored values (ORM objects cost
            # ~0.1 ms each, SQLAlchemy's per-row binding ~25 us: 0.3 s / 75 ms for 3,000)
            made = stored or {}
            new_ids = repo.insert_stored([made.get(p.external_uid) or stored_row(p) for p in fresh])
            result.created = len(new_ids)
            for block in repo.blocks(gone):
                track.deleted(block)
                result.removed += 1
            change = track.change()
            for new_id, piece in zip(new_ids, fresh, strict=True):
                change.before[new_id] = None
                change.after[new_id] = {
                    "id": new_id,
                    "title": piece.title,
                    "kind": piece.kind,
                    "start": piece.start,
                    "end": piece.end,
                    "task_id": None,
                    "person_id": piece.person_id,
                    "protected": False,
                    "recurrence": "",
                    "series_id": None,
                    "outcome": BlockOutcome.PLANNED,
                    "outcome_reason": "",
                    "read_only": True,
                    "external_uid": piece.external_uid,
                }
            result.change = change
            result.written = True
            if also is not None:
                also(s, result)
        return result

    def matching(self) -> Matching:
        """Active people by plain name and by e-mail address (for one-on-ones), and the
        user's own addresses."""
        with self.hub.read() as s:
            return matching_of(CalendarRepository(s))

    # -- export -----------------------------------------------------------------------
    def write_ics(self, start: datetime, end: datetime, path: str | os.PathLike[str]) -> int:
        """Write :meth:`export_ics` to ``path`` (0600 from the first byte, atomic); returns
        how many events it holds."""
        data = self.export_ics(start, end)
        write_private_bytes(path, data)
        return data.count(b"BEGIN:VEVENT")

    def export_ics(self, start: datetime, end: datetime) -> bytes:
        """The blocks overlapping ``[start, end)`` as an iCalendar file (see the module
        docstring: series as RRULE, LeadDesk's own UIDs, kinds kept)."""
        from icalendar import Calendar  # ~120 ms to import: only when exchanging

        from ..blocks import BlockService

        blocks_service = BlockService(self.hub)
        blocks = blocks_service.between(start, end)
        tz = self.clock.tz
        zone = tz if getattr(tz, "key", None) else UTC  # a TZID needs a named zone
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        stamp = self.clock.now().astimezone(UTC)
        writer = _Writer(calendar, stamp, tz, zone)
        series_done: set[int] = set()
        imported: dict[str, list[TimeBlock]] = {}
        for block in blocks:
            if block.external_uid:
                imported.setdefault(_occurrence_key(block.external_uid), []).append(block)
                continue
            if block.series_id is not None:
                if block.series_id in series_done:
                    continue
                series_done.add(block.series_id)
                rows = blocks_service.series(block.series_id)
                head = next((r for r in rows if r.id == block.series_id), None)
                if head is not None and head.recurrence:
                    writer.series(head, rows)
                    continue
            writer.single(block, f"leaddesk-block-{block.id}@{UID_DOMAIN}")
        for key, pieces in imported.items():
            writer.joined(pieces, "leaddesk-copy-" + hashlib.sha256(key.encode()).hexdigest()[:24])
        if zone is not UTC:
            try:
                calendar.add_missing_timezones()
            except Exception:  # an unusual zone: TZIDs still name it (Olson names)
                log.info("calendar export: no VTIMEZONE for the user's zone")
        data: bytes = calendar.to_ical()
        return data


def _occurrence_key(external_uid: str) -> str:
    """The key of the whole occurrence: without the day part and the calendar tag."""
    parts = [p for p in external_uid.split(SEP) if not p.startswith(("p=", "c="))]
    return SEP.join(parts)


class _Writer:
    def __init__(self, calendar: Any, stamp: datetime, tz: tzinfo, zone: tzinfo) -> None:
        self.calendar = calendar
        self.stamp = stamp
        self.tz = tz
        self.zone = zone

    def _event(self, uid: str, title: str, kind: BlockKind) -> Any:
        from icalendar import Event

        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", self.stamp)
        event.add("summary", title)
        event.add("categories", [kind.label])
        event.add("x-leaddesk-kind", kind.value)
        event.add("transp", "TRANSPARENT" if kind is BlockKind.BUFFER else "OPAQUE")
        return event

    def _when(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def single(self, block: TimeBlock, uid: str, recurrence_id: datetime | None = None) -> None:
        event = self._event(uid, block.title, block.kind)
        event.add("dtstart", self._when(block.start))
        event.add("dtend", self._when(block.end))
        if recurrence_id is not None:
            event.add("recurrence-id", self._when(recurrence_id))
        self.calendar.add_component(event)

    def joined(self, pieces: list[TimeBlock], uid_stem: str) -> None:
        pieces.sort(key=lambda b: b.start)
        first, last = pieces[0], pieces[-1]
        event = self._event(f"{uid_stem}@{UID_DOMAIN}", first.title, first.kind)
        if is_all_day(first.start, first.end, self.tz) and is_all_day(
            last.start, last.end, self.tz
        ):
            event.add("dtstart", first.start.astimezone(self.tz).date())
            event.add("dtend", last.end.astimezone(self.tz).date())
        else:
            event.add("dtstart", self._when(first.start))
            event.add("dtend", self._when(last.end))
        self.calendar.add_component(event)

    def series(self, head: TimeBlock, rows: list[TimeBlock]) -> None:
        """One RRULE event, EXDATEs for occurrences without their row, overrides for rows
        changed in place, and moved rows as events of their own."""
        from icalendar import vRecur

        rule = Recurrence.from_text(head.recurrence)
        uid = f"leaddesk-series-{head.id}@{UID_DOMAIN}"
        length = head.end - head.start
        last = max(r.start for r in rows)
        expected = {
            s.astimezone(UTC) for s in rule.occurrences(self.tz, before=last + timedelta(seconds=1))
        }
        expected.add(rule.dtstart)
        by_start = {r.start.astimezone(UTC): r for r in rows}
        event = self._event(uid, head.title, head.kind)
        event.add("dtstart", self._when(rule.dtstart))
        event.add("dtend", self._when(rule.dtstart + length))
        event.add("rrule", vRecur.from_ical(rule.rule))
        gone = sorted(set(rule.exdates) | {m for m in expected if m not in by_start})
        for moment in gone:
            event.add("exdate", self._when(moment))
        self.calendar.add_component(event)
        for moment, row in sorted(by_start.items()):
            if moment in expected:
                same = (row.title, row.kind, row.end - row.start) == (head.title, head.kind, length)
                if not same:
                    self.single(row, uid, recurrence_id=moment)
            else:
                self.single(row, f"leaddesk-block-{row.id}@{UID_DOMAIN}")
