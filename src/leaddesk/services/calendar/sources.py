"""Calendar subscriptions: read-only sources whose meetings LeadDesk keeps in the week.

A source is an ``.ics`` file, a folder of ``.ics`` files (the vdir layout vdirsyncer and
khal keep in sync with CalDAV servers), or, opted in, an https calendar address (Google's
"secret address in iCal format", an Outlook published calendar).

Privacy: a source's path or address is private (a secret address is a credential). It is
stored only in the vault (table ``calendar_sources``), never in QSettings, logs, exception
messages or status texts; those name a source by its label and say what went wrong in plain
words. No network is used unless an address source exists; fetching then goes only to that
address's host (no proxy, no redirect to another scheme).

A refresh is two steps so the slow one runs off the GUI thread:

* :meth:`CalendarSourceService.fetch` reads the file, folder or address and the calendar in
  it (no database; cancellable). An address is fetched with a timeout, a size cap,
  certificate verification and a conditional request (ETag / If-Modified-Since);
  "not modified" and "offline" keep the last good copy.
  The worker also leaves out meetings the user declined (``PARTSTAT=DECLINED`` for one of
  the user's addresses) and makes the blocks-to-be (one-on-ones found) from a snapshot of
  the people and addresses taken with the source.
* :meth:`CalendarSourceService.store` writes the result in one transaction: the source's
  meetings are replaced as a set (see ``calendar.exchange``), writing only the new, moved
  and removed ones, with the source's status row.

What keeps a refresh cheap: the *refresh key* (a hash of the calendar's bytes, the day the
window is taken on, the user's zone and what matching depends on) is stored with the source
(``content_key``); the same key again means nothing is parsed and nothing written but the
status. A changed calendar is parsed only where its events changed (``reading.ReadCache``,
in memory beside the unlocked services).
"""

from __future__ import annotations

import hashlib
import logging
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...domain.errors import NotFoundError, ValidationError
from ...storage.repositories.calendar import CalendarRepository, StoredRow
from ..arguments import checked_arguments
from ..base import ChangeKind, Service
from .exchange import (
    ImportResult,
    Matching,
    Piece,
    build_pieces,
    matching_of,
    stored_rows,
    tag_of,
)
from .reading import MAX_FILE_BYTES, CalendarRead, ReadCache, read_calendar

if TYPE_CHECKING:
    import ssl  # the fetch's argument type; loaded only by a download (services/import_diet.py)

log = logging.getLogger(__name__)

KINDS = ("file", "folder", "url")
FETCH_TIMEOUT_SECONDS = 20
REFRESH_MINUTES = 15
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MY_ADDRESSES_KEY = "calendar/my_addresses"
_LABEL_MAX = 200


@dataclass(frozen=True)
class CalendarSource:
    id: int
    kind: str
    location: str  # private: shown only in Preferences, never logged
    label: str
    fetched_at: datetime | None = None
    status: str = ""
    etag: str = ""
    last_modified: str = ""
    content_key: str = ""  # what the last refresh read (see ``refresh_key``)
    matching: str = ""  # a hash of what matching depends on (people, my addresses), now
    match: Matching | None = field(default=None, compare=False, repr=False)  # the same, whole

    @property
    def tag(self) -> str:
        """What marks this source's blocks in ``external_uid``."""
        return f"s{self.id}"


@dataclass
class Fetched:
    """What one refresh found (made off the GUI thread; stored by :meth:`store`)."""

    source: CalendarSource
    read: CalendarRead | None = None  # None: nothing new (not modified, or unreachable)
    keep: bytes | None = None  # a new good copy of an address source
    etag: str = ""
    last_modified: str = ""
    status: str = ""
    ok: bool = True
    key: str = ""  # the refresh key of what was read ("" when nothing was read)
    # the worker's own work for ``store``: declined meetings left out and the blocks-to-be
    # made, with ``source.match`` (used when it is still what the vault says)
    prepared: tuple[CalendarRead, dict[str, Piece]] | None = None
    # on a source's first read (every meeting new): the new rows' stored values, by key
    stored: dict[str, StoredRow] | None = None


def check_url(url: str) -> str:
    """The address if LeadDesk may fetch it: https, or http only to this computer."""
    url = (url or "").strip()
    if url.lower().startswith("webcal://"):  # what "subscribe" links often say
        url = "https://" + url[len("webcal://") :]
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError("That is not a calendar address (it has no host).")
    if parts.scheme == "https" or (parts.scheme == "http" and host in LOCAL_HOSTS):
        return url
    raise ValidationError(
        "Calendar addresses must start with https:// (http:// only for this computer)."
    )


@checked_arguments
class CalendarSourceService(Service):
    # -- the list ---------------------------------------------------------------------
    def sources(self) -> list[CalendarSource]:
        with self.hub.read() as s:
            repo = CalendarRepository(s)
            rows = repo.sources()
            match = matching_of(repo) if rows else None
        key = _matching_key(match) if match is not None else ""
        return [_source(row, key, match) for row in rows]

    def get(self, source_id: int) -> CalendarSource:
        for source in self.sources():
            if source.id == source_id:
                return source
        raise NotFoundError("That calendar is no longer subscribed.")

    def has_address_sources(self) -> bool:
        return any(s.kind == "url" for s in self.sources())

    def add(self, kind: str, location: str, label: str = "") -> CalendarSource:
        """Subscribe to a file, a folder or (opted in by the caller) an address."""
        if kind not in KINDS:
            raise ValidationError("A calendar is a file, a folder or an address.")
        if kind == "url":
            location = check_url(location)
        else:
            path = Path(location).expanduser()
            if kind == "file" and not path.is_file():
                raise ValidationError("That calendar file does not exist or is not a file.")
            if kind == "folder" and not path.is_dir():
                raise ValidationError("That calendar folder does not exist.")
            location = str(path.resolve())
        label = " ".join((label or "").split())[:_LABEL_MAX]
        existing = self.sources()
        if any(s.kind == kind and s.location == location for s in existing):
            raise ValidationError("That calendar is already subscribed.")
        if not label:
            noun = {"file": "Calendar file", "folder": "Calendar folder", "url": "Calendar"}
            label = f"{noun[kind]} {len(existing) + 1}"
        with self.hub.write(ChangeKind.BLOCKS, ChangeKind.SETTINGS) as s:
            new_id = CalendarRepository(s).add_source(kind, location, label)
        log.info("calendar source %d added (%s)", new_id, kind)
        return self.get(new_id)

    def remove(self, source_id: int) -> int:
        """Unsubscribe; the source's meetings leave the week. Returns how many blocks went."""
        source = self.get(source_id)
        with self.hub.write(ChangeKind.BLOCKS, ChangeKind.SETTINGS) as s:
            repo = CalendarRepository(s)
            gone = [
                row.id
                for row in repo.imported_rows(f"|c={source.tag}")
                if tag_of(row.external_uid) == source.tag
            ]
            repo.delete_blocks(gone)
            removed = len(gone)
            repo.delete_source(source_id)
        caches: dict[tuple[int, str], ReadCache] = self.__dict__.get("_read_caches", {})
        for key in [k for k in caches if k[0] == source_id]:
            del caches[key]  # its memory; a new source may get the same id
        log.info("calendar source %d removed (%d blocks)", source_id, removed)
        return removed

    def rename(self, source_id: int, label: str) -> None:
        label = " ".join((label or "").split())[:_LABEL_MAX]
        if not label:
            raise ValidationError("A calendar needs a name.")
        with self.hub.write(ChangeKind.BLOCKS, ChangeKind.SETTINGS) as s:
            CalendarRepository(s).update_source(source_id, label=label)

    # -- the user's own addresses (for "declined") ------------------------------------
    def my_addresses(self) -> list[str]:
        with self.hub.read() as s:
            value = CalendarRepository(s).setting(MY_ADDRESSES_KEY)
        return [str(v) for v in value] if isinstance(value, list) else []

    def set_my_addresses(self, text: str) -> list[str]:
        """The user's e-mail addresses (comma or space separated), stored in the vault."""
        addresses = sorted(
            {a.strip().lower().removeprefix("mailto:") for a in text.replace(",", " ").split()}
        )
        addresses = [a for a in addresses if a]
        if any("@" not in a or len(a) > 254 for a in addresses):
            raise ValidationError("Write e-mail addresses such as name@example.com.")
        with self.hub.write(ChangeKind.BLOCKS, ChangeKind.SETTINGS) as s:
            CalendarRepository(s).set_setting(MY_ADDRESSES_KEY, addresses)
        return addresses

    # -- refreshing -------------------------------------------------------------------
    def fetch(
        self,
        source: CalendarSource,
        *,
        cancel: Callable[[], bool] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = FETCH_TIMEOUT_SECONDS,
    ) -> Fetched:
        """Read ``source`` (no database: safe on a worker thread). When the calendar's bytes,
        the day and what matching depends on are what the last refresh read (the same
        ``refresh_key``), nothing is parsed and nothing will be written."""
        tz, now = self.clock.tz, self.clock.now()
        fetched = self._fetch(source, cancel, ssl_context, timeout, tz, now)
        if fetched.read is not None and source.match is not None:
            read = _without_declined(fetched.read, set(source.match.mine))
            pieces = build_pieces(read, tz, source.tag, source.match)
            fetched.prepared = (read, pieces)
            if not source.content_key:  # never read: every meeting is new
                fetched.stored = stored_rows(pieces)
        return fetched

    def _fetch(
        self,
        source: CalendarSource,
        cancel: Callable[[], bool] | None,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        tz: tzinfo,
        now: datetime,
    ) -> Fetched:
        try:
            if source.kind == "url":
                return self._fetch_url(source, cancel, ssl_context, timeout, tz, now)
            if source.kind == "folder":
                files = _folder_files(Path(source.location), cancel)
                key = refresh_key(
                    source, now, tz, *(p.name.encode() + b"\0" + (d or b"") for p, d in files)
                )
                if key == source.content_key:
                    return _unchanged(source, key)
                cache = self._cache(source)
                cache.start()
                read = _read_folder(files, tz, now, cancel, cache)
                cache.finish()
                return Fetched(source, read, key=key)
            path = Path(source.location)
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValidationError("The calendar file is too large (at most 20 MB).")
            data = path.read_bytes()
            key = refresh_key(source, now, tz, data)
            if key == source.content_key:
                return _unchanged(source, key)
            return Fetched(source, self._read(source, data, tz, now, cancel), key=key)
        except ValidationError as exc:
            return Fetched(source, status=str(exc), ok=False)
        except OSError as exc:
            log.info("calendar source %d not readable (%s)", source.id, type(exc).__name__)
            return Fetched(source, status="The calendar could not be read.", ok=False)

    def _fetch_url(
        self,
        source: CalendarSource,
        cancel: Callable[[], bool] | None,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        tz: tzinfo,
        now: datetime,
    ) -> Fetched:
        from .download import get  # urllib.request and http.client only when fetched

        got = get(
            check_url(source.location),
            etag=source.etag,
            last_modified=source.last_modified,
            ssl_context=ssl_context,
            timeout=timeout,
            limit=MAX_FILE_BYTES,
            source_id=source.id,
        )
        if got.not_modified:
            return Fetched(source, status="Up to date.")
        if got.failure:
            return Fetched(source, status=got.failure, ok=False)
        data, etag, last_modified = got.data, got.etag, got.last_modified
        if len(data) > MAX_FILE_BYTES:
            return Fetched(source, status="The calendar is too large (at most 20 MB).", ok=False)
        key = refresh_key(source, now, tz, data)
        if key == source.content_key:  # served again in full, but the same calendar
            unchanged = _unchanged(source, key)
            unchanged.etag, unchanged.last_modified = etag, last_modified
            return unchanged
        read = self._read(source, data, tz, now, cancel)
        return Fetched(source, read, keep=data, etag=etag, last_modified=last_modified, key=key)

    def _cache(self, source: CalendarSource) -> ReadCache:
        """The source's read cache (memory only, gone with these services at lock)."""
        caches: dict[tuple[int, str], ReadCache] = self.__dict__.setdefault("_read_caches", {})
        return caches.setdefault((source.id, source.location), ReadCache())

    def _read(
        self,
        source: CalendarSource,
        data: bytes,
        tz: tzinfo,
        now: datetime,
        cancel: Callable[[], bool] | None,
    ) -> CalendarRead:
        """Read one calendar, parsing only the events that changed since the last read."""
        cache = self._cache(source)
        cache.start()
        read = read_calendar(data, tz, now, cancel=cancel, cache=cache)
        cache.finish()
        return read

    def store(self, fetched: Fetched) -> ImportResult | None:
        """Write a refresh (on the thread that owns the vault). Returns the import result,
        or None when nothing changed (not modified, offline: the last copy stays)."""
        from .exchange import CalendarExchangeService

        source = fetched.source
        with self.hub.read() as s:
            repo = CalendarRepository(s)
            if all(row.id != source.id for row in repo.sources()):
                return None  # removed while it was being read: its meetings must not come back
            match = matching_of(repo)
        now = self.clock.now()
        result: ImportResult | None = None
        values: dict[str, Any] = {}
        if fetched.ok:
            values["fetched_at"] = now
            if fetched.keep is not None:
                values.update(last_good=fetched.keep)
            if fetched.etag or fetched.last_modified or fetched.keep is not None:
                values.update(etag=fetched.etag, last_modified=fetched.last_modified)
            if fetched.key:
                values["content_key"] = fetched.key
        if fetched.read is not None:
            pieces: dict[str, Piece] | None = None
            stored: dict[str, StoredRow] | None = None
            if fetched.prepared is not None and source.match == match:
                read, pieces = fetched.prepared  # the worker's, made with what holds now
                stored = fetched.stored
            else:
                read = _without_declined(fetched.read, set(match.mine))

            def also(s: Any, done: ImportResult) -> None:
                # the source's row in the same transaction as its meetings
                values["status"] = (fetched.status or _status(done))[:300]
                CalendarRepository(s).update_source(source.id, **values)

            # a refresh mirrors another calendar: no user action, no undo step
            result = CalendarExchangeService(self.hub).apply(
                read, source_tag=source.tag, also=also, pieces=pieces, stored=stored, undoable=False
            )
            if result.written:
                return result
            values["status"] = (fetched.status or _status(result))[:300]
        elif fetched.ok:
            values["status"] = (fetched.status or _status(result))[:300]
        else:
            stamp = source.fetched_at
            as_of = (
                f" Showing the copy as of {stamp.astimezone(self.clock.tz):%H:%M}." if stamp else ""
            )
            values["status"] = (fetched.status + as_of)[:300]
        # no meeting changed: the week has nothing to redraw, only the status is new
        with self.hub.write(ChangeKind.SETTINGS) as s:
            CalendarRepository(s).update_source(source.id, **values)
        return result

    def refresh(self, source_id: int, **kwargs: Any) -> ImportResult | None:
        """Fetch and store in one call (tests, scripts; the UI splits it across threads)."""
        return self.store(self.fetch(self.get(source_id), **kwargs))

    def last_good_copy(self, source_id: int) -> bytes | None:
        with self.hub.read() as s:
            return CalendarRepository(s).last_good(source_id)

    def as_of(self, source: CalendarSource) -> str:
        """ "as of 10:42" for the last good read, or "" if never read."""
        if source.fetched_at is None:
            return ""
        return f"as of {source.fetched_at.astimezone(self.clock.tz):%H:%M}"


def _source(row: Any, matching: str, match: Matching | None) -> CalendarSource:
    return CalendarSource(
        id=row.id,
        kind=row.kind,
        location=row.location,
        label=row.label,
        fetched_at=row.fetched_at,
        status=row.status,
        etag=row.etag,
        last_modified=row.last_modified,
        content_key=row.content_key,
        matching=matching,
        match=match,
    )


def _matching_key(match: Matching) -> str:
    """What one-on-ones and "declined" depend on besides the calendar: a change of a
    person's name or address, or of the user's own addresses, makes the next refresh read
    the calendar again."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(match.mine)).encode())
    for table in (match.people, match.emails):
        digest.update(repr(sorted(table.items())).encode())
    return digest.hexdigest()[:32]


def refresh_key(source: CalendarSource, now: datetime, tz: tzinfo, *parts: bytes) -> str:
    """A refresh's identity: the calendar's bytes, the day its window is taken from, the
    user's zone and what matching depends on (``CalendarSource.matching``). The same key
    as the last refresh means the same meetings: nothing is parsed or written."""
    digest = hashlib.blake2b(digest_size=32)  # Python's own BLAKE2 is fast (cli.use_builtin_hashes)
    for part in parts:
        digest.update(hashlib.blake2b(part, digest_size=32).digest())
    day = now.astimezone(tz).date().isoformat()
    digest.update(f"{day}|{getattr(tz, 'key', str(tz))}|{source.matching}".encode())
    return "v2:" + digest.hexdigest()  # v1 was SHA-256: one re-read after it


def _unchanged(source: CalendarSource, key: str) -> Fetched:
    return Fetched(source, status=source.status or "Up to date.", key=key)


def _status(result: ImportResult | None) -> str:
    if result is None:
        return "Up to date."
    return result.summary.replace("Imported meetings:", "Read:", 1)


def _without_declined(read: CalendarRead, mine: set[str]) -> CalendarRead:
    if not mine:
        return read
    declined: dict[int, bool] = {}  # by attendee list: a series' meetings share theirs
    kept = []
    for o in read.occurrences:
        said = declined.get(id(o.attendees))
        if said is None:
            said = any(a.email in mine and a.status == "DECLINED" for a in o.attendees)
            declined[id(o.attendees)] = said
        if not said:
            kept.append(o)
    return replace(read, occurrences=kept, ignored=read.ignored + len(read.occurrences) - len(kept))


def _folder_files(
    folder: Path, cancel: Callable[[], bool] | None
) -> list[tuple[Path, bytes | None]]:
    """The ``*.ics`` files of a vdir folder and their bytes (None: unreadable or too large)."""
    if not folder.is_dir():
        raise ValidationError("The calendar folder is missing.")
    files: list[tuple[Path, bytes | None]] = []
    total = 0
    for path in sorted(folder.glob("*.ics")):
        if cancel is not None and cancel():
            from .reading import ReadCancelled

            raise ReadCancelled
        try:
            size = path.stat().st_size
            total += size
            if size > MAX_FILE_BYTES or total > 4 * MAX_FILE_BYTES:
                raise ValidationError("too large")
            files.append((path, path.read_bytes()))
        except (OSError, ValidationError):
            files.append((path, None))
    return files


def _read_folder(
    files: list[tuple[Path, bytes | None]],
    tz: Any,
    now: datetime,
    cancel: Callable[[], bool] | None,
    cache: ReadCache | None = None,
) -> CalendarRead:
    """Every ``*.ics`` file of a vdir folder as one calendar (one event per file, usually)."""
    merged = CalendarRead()
    offset = 0
    for _path, data in files:
        try:
            if data is None:
                raise ValidationError("unreadable")
            part = read_calendar(data, tz, now, cancel=cancel, cache=cache)
        except (OSError, ValidationError):
            merged.skipped.append(_skip(offset + 1, "is in a file that could not be read"))
            offset += 1
            continue
        merged.occurrences.extend(part.occurrences)
        merged.skipped.extend(replace(s, position=s.position + offset) for s in part.skipped)
        merged.ignored += part.ignored
        merged.outside += part.outside
        merged.truncated |= part.truncated
        merged.events += part.events
        offset += max(part.events, 1)
    return merged


def _skip(position: int, reason: str) -> Any:
    from .reading import SkippedEvent

    return SkippedEvent(position, reason)
