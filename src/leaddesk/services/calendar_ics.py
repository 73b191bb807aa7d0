"""Calendar exchange: export blocks as an .ics file, import an .ics file as meetings.

Export writes one VEVENT per block (recurring series are already real rows, so every moved
or deleted occurrence comes out exactly as planned) with UTC times, which Google Calendar,
Outlook and Thunderbird all read. All-day blocks are written as all-day events.

Import (with the well-kept ``icalendar`` library) turns events into read-only MEETING
blocks, so the plan works around real meetings:

* ``RRULE`` series are expanded (honouring ``EXDATE`` and ``RECURRENCE-ID`` overrides) in
  the event's own time zone, within a window of 12 weeks back to 52 weeks ahead of today.
* ``TZID`` times are converted to real instants; floating times are taken as local time.
* All-day events become one 00:00-24:00 block per day; they are shown in the day header
  and left out of capacity figures.
* Timed events that cross midnight are split into one block per day (a block never
  crosses midnight, see ``services.blocks``).
* Each block remembers its source in ``external_uid`` (the UID, plus the occurrence and
  the day part), so importing the same file again updates the blocks instead of
  duplicating them, and removes occurrences that disappeared from the file.
* A malformed file is refused as a whole with a message that names the problem but never
  quotes the file's content; nothing is imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from dateutil.rrule import rruleset, rrulestr
from sqlalchemy import select

from ..domain.errors import ValidationError
from ..domain.model import BlockKind, TimeBlock
from ..domain.week import is_all_day
from ..private_files import write_private_bytes
from .base import ChangeKind, Service
from .blocks import BlockChange, _Tracker

MAX_FILE_BYTES = 20 * 1024 * 1024
IMPORT_BACK = timedelta(weeks=12)
IMPORT_AHEAD = timedelta(weeks=52)
PRODID = "-//LeadDesk//Week plan//EN"
_SEP = "|"  # joins an event's UID with its occurrence and day part in ``external_uid``


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0  # events without length (reminders) or outside the window
    change: BlockChange = field(default_factory=lambda: BlockChange({}, {}))

    @property
    def summary(self) -> str:
        parts = [f"{self.created} added", f"{self.updated} updated"]
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return "Imported meetings: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class _Piece:
    """One block-to-be from the file."""

    external_uid: str
    base_uid: str
    title: str
    start: datetime
    end: datetime


class CalendarExchangeService(Service):
    # -- export -----------------------------------------------------------------------
    def write_ics(self, start: datetime, end: datetime, path: str | os.PathLike[str]) -> int:
        """Write :meth:`export_ics` to ``path`` (0600 from the first byte, atomic); returns
        how many blocks it holds."""
        data = self.export_ics(start, end)
        write_private_bytes(path, data)
        return data.count(b"BEGIN:VEVENT")

    def export_ics(self, start: datetime, end: datetime) -> bytes:
        """The blocks overlapping ``[start, end)`` as an iCalendar file."""
        from icalendar import Calendar, Event  # ~120 ms to import: only when exchanging

        from .blocks import BlockService

        blocks = BlockService(self.ctx).between(start, end)
        tz = self.clock.tz
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        stamp = self.clock.now().astimezone(UTC)
        for block in blocks:
            event = Event()
            event.add("uid", block.external_uid or f"leaddesk-block-{block.id}@leaddesk.local")
            event.add("dtstamp", stamp)
            event.add("summary", block.title)
            if is_all_day(block.start, block.end, tz):
                event.add("dtstart", block.start.astimezone(tz).date())
                event.add("dtend", block.end.astimezone(tz).date())
            else:
                event.add("dtstart", block.start.astimezone(UTC))
                event.add("dtend", block.end.astimezone(UTC))
            event.add("categories", [block.kind.label])
            event.add("x-leaddesk-kind", block.kind.value)
            event.add("transp", "TRANSPARENT" if block.kind is BlockKind.BUFFER else "OPAQUE")
            calendar.add_component(event)
        return calendar.to_ical()

    # -- import -----------------------------------------------------------------------
    def import_ics(self, data: bytes | str) -> ImportResult:
        """Import events as read-only meetings (all or nothing; see the module docstring)."""
        pieces, skipped = self._parse(data)
        result = ImportResult(skipped=skipped)
        base_uids = {p.base_uid for p in pieces}
        window_start = self.clock.now() - IMPORT_BACK
        with self.ctx.write(ChangeKind.BLOCKS) as s:
            track = _Tracker(s)
            existing: dict[str, TimeBlock] = {}
            for block in s.scalars(
                select(TimeBlock).where(TimeBlock.external_uid != "")  # type: ignore[arg-type]
            ):
                if block.external_uid.split(_SEP, 1)[0] in base_uids:
                    existing[block.external_uid] = block
            seen: set[str] = set()
            for piece in pieces:
                seen.add(piece.external_uid)
                block = existing.get(piece.external_uid)
                if block is None:
                    track.created(
                        TimeBlock(
                            title=piece.title,
                            kind=BlockKind.MEETING,
                            start=piece.start,
                            end=piece.end,
                            read_only=True,
                            external_uid=piece.external_uid,
                        )
                    )
                    result.created += 1
                    continue
                if (block.title, block.start, block.end) != (piece.title, piece.start, piece.end):
                    track.touch(block)
                    block.title, block.start, block.end = piece.title, piece.start, piece.end
                    result.updated += 1
            for uid, block in existing.items():
                if uid not in seen and block.end > window_start:
                    track.deleted(block)
                    result.removed += 1
            result.change = track.change()
        return result

    def _parse(self, data: bytes | str) -> tuple[list[_Piece], int]:
        """Every block the file describes, or ValidationError before anything is written."""
        from icalendar import Calendar

        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError("That calendar file is too large (at most 20 MB).")
        if b"BEGIN:VCALENDAR" not in data[:4096].upper():
            raise ValidationError(
                "That file is not an iCalendar (.ics) file: it does not start a calendar. "
                "Nothing was imported."
            )
        try:
            calendar = Calendar.from_ical(data)
        except Exception as exc:  # the library raises several types for broken input
            raise ValidationError(
                "That calendar file is damaged and could not be read. Nothing was imported."
            ) from exc
        if isinstance(calendar, list):
            calendar = calendar[0] if calendar else Calendar()
        tz = self.clock.tz
        now = self.clock.now()
        window = (now - IMPORT_BACK, now + IMPORT_AHEAD)
        events = list(calendar.walk("VEVENT"))
        overrides: dict[tuple[str, datetime], Any] = {}
        masters: list[Any] = []
        for number, event in enumerate(events, start=1):
            uid = _uid(event, number)
            if event.get("RECURRENCE-ID") is not None:
                rid = _instant(_decode(event, "RECURRENCE-ID", number), tz).astimezone(UTC)
                overrides[(uid, rid)] = event
            else:
                masters.append(event)
        pieces: list[_Piece] = []
        skipped = 0
        for number, event in enumerate(masters, start=1):
            uid = _uid(event, number)
            title = _title(event)
            start, end, all_day = _span(event, number, tz)
            if event.get("RRULE") is None:
                made = _split(uid, uid, title, start, end, all_day, tz)
                skipped += 0 if made else 1
                pieces.extend(made)
                continue
            length = end - start
            for occurrence in _expand(event, start, number, window):
                key = (uid, occurrence.astimezone(UTC))
                piece_uid = (
                    uid + _SEP + "r=" + occurrence.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
                )
                override = overrides.pop(key, None)
                if override is not None:
                    o_start, o_end, o_all_day = _span(override, number, tz)
                    if str(override.get("STATUS", "")).upper() == "CANCELLED":
                        continue
                    pieces.extend(
                        _split(piece_uid, uid, _title(override), o_start, o_end, o_all_day, tz)
                    )
                    continue
                pieces.extend(
                    _split(piece_uid, uid, title, occurrence, occurrence + length, all_day, tz)
                )
        for (uid, rid), override in overrides.items():  # overrides of masters not in file
            o_start, o_end, o_all_day = _span(override, 0, tz)
            piece_uid = _occurrence_uid(uid, rid)
            pieces.extend(_split(piece_uid, uid, _title(override), o_start, o_end, o_all_day, tz))
        return pieces, skipped


def _occurrence_uid(uid: str, moment: datetime) -> str:
    return uid + _SEP + "r=" + moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(event: Any, number: int) -> str:
    uid = str(event.get("UID", "")).strip()
    if uid:
        return uid.replace(_SEP, "/")[:500]
    # No UID: derive a stable one so a re-import still updates instead of duplicating.
    raw = (str(event.get("DTSTART", "")) + str(event.get("SUMMARY", ""))).encode()
    return "nouid-" + hashlib.sha256(raw).hexdigest()[:24]


def _title(event: Any) -> str:
    title = str(event.get("SUMMARY", "")).strip()
    return (title.splitlines()[0] if title else "Meeting")[:500] or "Meeting"


def _decode(event: Any, name: str, number: int) -> Any:
    try:
        return event.decoded(name)
    except Exception as exc:
        where = f"event {number}" if number else "an event"
        raise ValidationError(
            f"In that calendar file, {where} has a {name} that cannot be read. "
            "Nothing was imported."
        ) from exc


def _instant(value: Any, tz: tzinfo) -> datetime:
    """An aware instant: dates mean local midnight, floating times mean local time."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=tz)
    raise ValidationError("That calendar file has a time that cannot be read.")


def _span(event: Any, number: int, tz: tzinfo) -> tuple[datetime, datetime, bool]:
    """Start, end and all-day flag of an event (DTEND, DURATION or the RFC defaults)."""
    where = f"event {number}" if number else "an event"
    if event.get("DTSTART") is None:
        raise ValidationError(
            f"In that calendar file, {where} has no start time. Nothing was imported."
        )
    raw_start = _decode(event, "DTSTART", number)
    all_day = isinstance(raw_start, date) and not isinstance(raw_start, datetime)
    if event.get("DTEND") is not None:
        raw_end = _decode(event, "DTEND", number)
    elif event.get("DURATION") is not None:
        raw_end = raw_start + _decode(event, "DURATION", number)
    else:
        raw_end = raw_start + timedelta(days=1) if all_day else raw_start
    start, end = _instant(raw_start, tz), _instant(raw_end, tz)
    if end < start:
        raise ValidationError(
            f"In that calendar file, {where} ends before it starts. Nothing was imported."
        )
    return start, end, all_day


def _expand(event: Any, start: datetime, number: int, window: tuple[datetime, datetime]):
    """Occurrence starts of a recurring event inside ``window`` (in the event's zone)."""
    try:
        rules = event.get("RRULE")
        rules = rules if isinstance(rules, list) else [rules]
        dates = rruleset()
        for rule in rules:
            text = rule.to_ical().decode()
            parsed = rrulestr(text, dtstart=start)
            dates.rrule(parsed)  # type: ignore[arg-type]
        exdates = event.get("EXDATE")
        if exdates is not None:
            for entry in exdates if isinstance(exdates, list) else [exdates]:
                for item in entry.dts:
                    dates.exdate(_instant(item.dt, start.tzinfo or UTC))
        result = []
        for occurrence in dates.between(window[0], window[1], inc=True):
            result.append(occurrence)
            if len(result) > 5_000:
                break
        return result
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            f"In that calendar file, event {number} has a repeat rule that cannot be read. "
            "Nothing was imported."
        ) from exc


def _split(
    piece_uid: str,
    base_uid: str,
    title: str,
    start: datetime,
    end: datetime,
    all_day: bool,
    tz: tzinfo,
) -> list[_Piece]:
    """One piece per local day (blocks never cross midnight); none for zero-length events."""
    if end <= start:
        return []
    pieces: list[_Piece] = []
    local_start = start.astimezone(tz)
    day = local_start.date()
    part = 0
    cursor = start.astimezone(UTC)
    final = end.astimezone(UTC)
    while cursor < final:
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
        piece_end = min(final, midnight)
        uid = piece_uid if part == 0 else f"{piece_uid}{_SEP}p={part}"
        pieces.append(_Piece(uid, base_uid, title, cursor, piece_end))
        cursor = piece_end
        day += timedelta(days=1)
        part += 1
        if part > 366:
            break
    del all_day  # all-day events are simply whole local days, handled like the rest
    return pieces
