"""Reading a calendar file (.ics) the way real calendars write it, bounded and forgiving.

:func:`read_calendar` turns the bytes of an iCalendar file into the occurrences inside a
window around today. It touches no database and no Qt, so the UI runs it on a worker thread
(with progress and cancel) and a subscription refresh can run it in the background.

How it stays fast and safe on any file:

* The file is first cut into its events with a plain line scan. Events that do not repeat
  and lie outside the window are dropped *before* the (slow) ``icalendar`` parser sees
  them: a 19 MB file of past events is read in a fraction of a second.
* Only the rest is parsed, in batches; ``cancel()`` is asked and ``progress()`` told
  between batches. Repeat rules are expanded lazily inside the window by
  ``domain.calendar_series`` (fast-forwarded, bounded per series).
* At most :data:`MAX_OCCURRENCES` occurrences are read in total; past that the result is
  marked ``truncated`` (a bounded result and a plain message instead of a flood).
* One odd event never refuses the whole file: it is skipped and reported by its position in
  the file ("event 7") and a reason in plain words. Reasons and positions never quote the
  file, so they are safe for logs and dialogs.

What real producers write, and how it is read:

* ``TZID`` times (Olson names, Windows names such as "W. Europe Standard Time", or a
  ``VTIMEZONE`` in the file) are real instants; floating times are the user's own clock.
  With ``X-WR-TIMEZONE`` (Google, Apple) a UTC start of a series is expanded in that zone,
  as Google means it (and as the ``x-wr-timezone`` library reads it).
* A date-only start is all-day even when a ``TZID`` is attached to it.
* ``RECURRENCE-ID`` overrides replace their occurrence; for an all-day series they match by
  date, so Exchange's "midnight in the organizer's zone" lands on the right day anywhere.
* ``STATUS:CANCELLED`` removes the event, the series, or the one occurrence.
* Two events sharing a UID get stable, distinct keys (ordered by start).

The line scan is in ``calendar/scan.py``, the fast path for simple events in
``calendar/plain_events.py``, decoding in ``calendar/decoding.py``, expanding in
``calendar/expansion.py`` and what a read gives in ``calendar/records.py``; cutting,
caching and parsing are here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from ...domain.errors import ValidationError
from .expansion import expand
from .plain_events import plain_event
from .records import (
    BATCH,
    MAX_OCCURRENCES,
    MAX_PER_SERIES,
    CalendarRead,
    Occurrence,
    ReadCancelled,
    SkippedEvent,
)
from .scan import RawEvent, calendar_zone, cut, repeats, window_bounds

__all__ = [  # with what a read gives (records.py), for the modules that read calendars
    "MAX_FILE_BYTES",
    "MAX_OCCURRENCES",
    "MAX_PER_SERIES",
    "WINDOW_AHEAD",
    "WINDOW_BACK",
    "CalendarRead",
    "Occurrence",
    "ReadCache",
    "ReadCancelled",
    "SkippedEvent",
    "check_size",
    "decoded_lines",
    "read_calendar",
    "repeats_only",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PARSED = MAX_OCCURRENCES + 500  # events handed to the (slow) parser at most
WINDOW_BACK = timedelta(weeks=12)
WINDOW_AHEAD = timedelta(weeks=52)
_CHUNK = 8  # events (whole UID groups) parsed and expanded together on a cached read

_UNFOLD = re.compile(r"\r?\n[ \t]")
_DIGITS = re.compile(r":\s*(\d{8})")


def decoded_lines(data: bytes) -> str:
    """``data`` as text (UTF-8, an undecodable byte as U+FFFD) with every line ending
    (CRLF, CR) as LF: one pass of the io module's decoder, ~2.5x faster on 5 MB than
    decoding and then replacing the line endings."""
    reader = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline=None)
    return reader.read()


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("That calendar file is too large (at most 20 MB).")


def read_calendar(
    data: bytes | str,
    tz: tzinfo,
    now: datetime,
    *,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    window: tuple[datetime, datetime] | None = None,
    cache: ReadCache | None = None,
) -> CalendarRead:
    """The occurrences of ``data`` in ``window`` (default: 12 weeks back to 52 ahead of
    ``now``). Raises ValidationError only when the file as a whole is not a calendar.
    With ``cache`` (a subscription's), only events whose text changed since the last read
    are parsed and expanded (:class:`ReadCache`)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    check_size(data)
    head = data[:4096].lstrip(b"\xef\xbb\xbf").upper()
    if b"BEGIN:VCALENDAR" not in head:
        raise ValidationError(
            "That file is not an iCalendar (.ics) file: it does not start a calendar. "
            "Nothing was imported."
        )
    text = decoded_lines(data)
    begin, end = window or (now - WINDOW_BACK, now + WINDOW_AHEAD)
    bounds = window_bounds(begin, end)
    props, zones, kept, events = cut(text, bounds=bounds)
    result = CalendarRead(events=events)
    utc_zone = calendar_zone(props)  # X-WR-TIMEZONE: where UTC times of series belong
    calendar_tz = utc_zone or tz  # floating times: the calendar's zone, else the user's
    identity = props.get("X-WR-RELCALID") or props.get("X-WR-CALNAME") or ""
    if identity:
        result.identity = hashlib.sha256(identity.encode()).hexdigest()[:16]

    result.outside += events - len(kept)
    if len(kept) > MAX_PARSED:
        # A flood of events inside the window: every series and exception is kept, then
        # single events in file order up to the cap (a bounded result, said plainly).
        repeating = [r for r in kept if repeats(r)]
        singles = [r for r in kept if not repeats(r)]
        room = max(0, MAX_PARSED - len(repeating))
        kept = sorted(repeating[:MAX_PARSED] + singles[:room], key=lambda r: r.position)
        result.truncated = True
    if cache is None:
        parsed = _parse(zones, kept, result, cancel, progress, {})
        expand(parsed, result, tz, calendar_tz, utc_zone, begin, end, cancel)
        return result
    context = (begin, end, _zone_id(tz), _zone_id(calendar_tz), _zone_id(utc_zone), *zones)
    _read_groups(kept, zones, context, cache, result, cancel, progress, tz, calendar_tz, utc_zone)
    return result


# -- reading again: only the events whose text changed ---------------------------------------
class _Group(NamedTuple):
    """What one UID's events (a series with its overrides, or a single event) gave.

    Its occurrences are a tuple inside it, not a list beside it: a big calendar's cache,
    kept from read to read, holds ~1,400 fewer objects the garbage collector tracks (every
    object a read leaves to the old generation brings the next full collection of the
    running app's heap, ~50 ms, nearer)."""

    occurrences: tuple[Occurrence, ...]
    skipped: tuple[tuple[int, str], ...]  # (index of the event in the group, reason)
    ignored: int
    truncated: bool


# A UID group's key in the read cache: a digest of the read's window and zones, then the
# text of each of the group's events.
GroupKey = tuple[Any, ...]


class ReadCache:
    """What the last read of one calendar found, per UID group, keyed by the group's text.

    A subscription is read again every time its file changes or every 15 minutes; mostly a
    few events changed. With a cache, :func:`read_calendar` still cuts the whole file
    (cheap), but parses and expands only the groups whose text differs from the last read:
    the same window, zones and events give the same occurrences. It lives in memory only,
    beside the unlocked services (gone at lock), and keeps only what the last read used:
    the events' text (the keys, compared exactly) and their occurrences.
    """

    def __init__(self) -> None:
        self._groups: dict[GroupKey, _Group] = {}
        self._used: dict[GroupKey, _Group] = {}

    def start(self) -> None:
        """Before a read (of a file, or of every file of a folder)."""
        self._used = {}

    def finish(self) -> None:
        """After a complete read: forget the groups it did not use."""
        self._groups, self._used = self._used, {}

    def get(self, key: GroupKey) -> _Group | None:
        found = self._groups.get(key) or self._used.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: GroupKey, group: _Group) -> None:
        self._used[key] = group


def _zone_id(zone: tzinfo | None) -> str:
    return "" if zone is None else str(getattr(zone, "key", None) or zone)


def _read_groups(
    kept: list[RawEvent],
    zones: list[str],
    context: tuple[Any, ...],
    cache: ReadCache,
    result: CalendarRead,
    cancel: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
    tz: tzinfo,
    calendar_tz: tzinfo,
    utc_zone: tzinfo | None,
) -> None:
    """:func:`read_calendar`'s parse and expand, group by group, reusing the cache."""
    # the window in UTC once (each group's expansion compares in UTC)
    begin, end = context[0].astimezone(UTC), context[1].astimezone(UTC)
    # the window, the zones and the file's VTIMEZONEs are part of every group's key: the
    # files of a folder (each with its own zones) share one cache, and a new day misses
    context_digest = hashlib.blake2b(repr(context).encode(), digest_size=16).digest()
    groups: dict[str, list[RawEvent]] = {}
    for raw in kept:  # events without a UID are one group, as the expansion sees them
        groups.setdefault(raw.facts.get("UID", "").strip(), []).append(raw)
    keys: dict[str, GroupKey] = {}
    missing: list[tuple[str, list[RawEvent]]] = []
    for uid, raws in groups.items():
        # the texts themselves, not a digest of them: a dict compares them exactly, and
        # hashing them for it is ~5x cheaper than blake2b (~6 us an event of ~1 KB)
        if len(raws) == 1:
            key: GroupKey = (context_digest, raws[0].source[raws[0].begin : raws[0].stop])
        else:
            key = (context_digest, *(raw.source[raw.begin : raw.stop] for raw in raws))
        keys[uid] = key
        if cache.get(key) is None:
            missing.append((uid, raws))
    # Parsed a chunk of groups at a time and expanded at once: the parsed events are freed
    # while still young, instead of thousands of them outliving several garbage
    # collections (which, in the running app's large heap, cost more than the parsing).
    total = sum(len(raws) for _uid, raws in missing)
    known: dict[str, Any] = {}  # zones by TZID, looked up once in this read
    done = 0
    first = 0
    while first < len(missing):
        last, size = first, 0
        while last < len(missing) and size < _CHUNK:
            size += len(missing[last][1])
            last += 1
        chunk = missing[first:last]
        raws_here = sorted((r for _uid, raws in chunk for r in raws), key=lambda r: r.position)
        unread = CalendarRead()
        # the file's VTIMEZONEs are registered once, with the first chunk
        parsed = _parse(zones if first == 0 else [], raws_here, unread, cancel, None, known)
        not_read = {s.position: s.reason for s in unread.skipped}
        by_raw = {id(pair[0]): pair for pair in parsed}
        del parsed
        for uid, raws in chunk:
            sub = CalendarRead()
            pairs = [by_raw[id(r)] for r in raws if id(r) in by_raw]
            expand(pairs, sub, tz, calendar_tz, utc_zone, begin, end)
            index = {r.position: i for i, r in enumerate(raws)}
            skipped = [(index[p], why) for p, why in not_read.items() if p in index]
            skipped += [(index[s.position], s.reason) for s in sub.skipped]
            group = _Group(tuple(sub.occurrences), tuple(skipped), sub.ignored, sub.truncated)
            cache.put(keys[uid], group)
        del by_raw
        done += size
        first = last
        if progress is not None:
            progress(done, total)
        if cancel is not None and first < len(missing) and cancel():
            raise ReadCancelled
    if not missing and progress is not None:
        progress(len(kept), len(kept))
    # series first, then overrides without their series, as _expand orders them
    order = sorted(
        groups.items(),
        key=lambda item: (all(repeats_only(r) for r in item[1]), item[1][0].position),
    )
    found = result.occurrences
    for uid, raws in order:
        cached = cache.get(keys[uid])
        assert cached is not None
        group = cached
        result.ignored += group.ignored
        result.truncated |= group.truncated
        if group.skipped:
            result.skipped.extend(SkippedEvent(raws[i].position, why) for i, why in group.skipped)
        room = MAX_OCCURRENCES - len(found)
        if len(group.occurrences) <= room:
            found.extend(group.occurrences)
        else:
            result.truncated = True
            found.extend(group.occurrences[: max(0, room)])
    result.skipped.sort(key=lambda s: s.position)


def repeats_only(raw: RawEvent) -> bool:
    """An override (RECURRENCE-ID) rather than an event of its own."""
    return "RECURRENCE-ID" in raw.facts


# -- parsing -------------------------------------------------------------------------------
def _parse(
    zones: list[str],
    kept: list[RawEvent],
    result: CalendarRead,
    cancel: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
    known: dict[str, Any] | None = None,
) -> list[tuple[RawEvent, Any]]:
    from icalendar import Calendar  # ~120 ms to import: only when reading a calendar

    shell = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LeadDesk//reader//EN\r\n"
    if zones:
        # registers the file's VTIMEZONEs with icalendar for the TZIDs below
        with contextlib.suppress(Exception):
            Calendar.from_ical(shell + "".join(zones) + "END:VCALENDAR\r\n")
    parsed: list[tuple[RawEvent, Any]] = []
    for first in range(0, len(kept), BATCH):
        if cancel is not None and cancel():
            raise ReadCancelled
        batch = []
        for raw in kept[first : first + BATCH]:
            plain = plain_event(raw, known)  # most events are simple: no icalendar
            if plain is None:
                batch.append(raw)
            else:
                parsed.append((raw, plain))
        if not batch:
            if progress is not None:
                progress(min(first + BATCH, len(kept)), len(kept))
            continue
        try:
            calendar = Calendar.from_ical(
                shell + "".join(r.text for r in batch) + "END:VCALENDAR\r\n"
            )
            events = list(calendar.walk("VEVENT"))
            if len(events) != len(batch):
                raise ValueError("event count")
            parsed.extend(zip(batch, events, strict=True))
        except Exception:
            for raw in batch:  # one by one, so one broken event costs only itself
                try:
                    calendar = Calendar.from_ical(shell + raw.text + "END:VCALENDAR\r\n")
                    (event,) = list(calendar.walk("VEVENT"))
                    parsed.append((raw, event))
                except Exception:
                    result.skipped.append(SkippedEvent(raw.position, "could not be read"))
        if progress is not None:
            progress(min(first + BATCH, len(kept)), len(kept))
    parsed.sort(key=lambda pair: pair[0].position)
    return parsed
