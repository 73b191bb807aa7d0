"""Calendar subscriptions and imported meetings: every query of ``services/calendar``
(issue 14, item 1).

The refresh compares what a calendar holds with what the vault holds as plain column rows
(:class:`ImportedRow`: no ORM identity map), so an unchanged meeting costs one tuple; only the
rows that change are loaded as mapped :class:`TimeBlock` objects, for the row tracker.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from ...domain.errors import VaultError
from ...domain.model import BlockKind, BlockOutcome, TimeBlock
from .. import tables
from ..types import utc_text

_b = tables.time_blocks.c
_s = tables.calendar_sources.c
_p = tables.people.c
_v = tables.vault_settings.c
_CHUNK = 500  # ids per IN (...) list


class ImportedRow(NamedTuple):
    """An imported meeting as the refresh compares it."""

    id: int
    external_uid: str
    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    person_id: int | None


_PLANNED = BlockOutcome.PLANNED.value
# A new imported meeting as stored: the values that differ between meetings are bound
# (``new_meeting_row`` makes them, in this order), the ones every imported meeting has are
# written into the statement: binding 13 values a row instead of 6 cost a first read of a
# big calendar a third of its insert time (~9 ms of ~25 for 3,000 rows).
_NEW_VALUES = {
    "title": "?",
    "kind": "?",
    "start": "?",
    "end": "?",
    "task_id": "NULL",
    "person_id": "?",
    "protected": "0",
    "recurrence": "''",
    "series_id": "NULL",
    "outcome": f"'{_PLANNED}'",
    "outcome_reason": "''",
    "read_only": "1",
    "external_uid": "?",
}
_INSERT_NEW = (
    "INSERT INTO time_blocks ("
    + ", ".join(f'"{c}"' for c in _NEW_VALUES)
    + ") VALUES ("
    + ", ".join(_NEW_VALUES.values())
    + ")"
)
_HIGHEST_ID = 2**63 - 1

StoredRow = tuple[Any, ...]


def new_meeting_row(
    title: str,
    kind: BlockKind,
    start: datetime,
    end: datetime,
    person_id: int | None,
    external_uid: str,
) -> StoredRow:
    """A new imported (read-only) meeting's own values exactly as the vault stores them
    (what the column types write: enum value, UTC text), in the order of the bound values of
    the insert (title, kind, start, end, person, key; the rest is the same for every
    imported meeting and written by the statement). Pure, so a subscription's worker thread
    makes them and the vault's thread only inserts (:meth:`CalendarRepository.
    insert_stored`)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("naive datetimes are not stored; attach a timezone first")
    return (
        title,
        kind.value if type(kind) is BlockKind else BlockKind(kind).value,
        _utc_text(start),
        _utc_text(end),
        person_id,
        external_uid,
    )


# A calendar's meetings start and end on whole seconds, on a few hundred days and at a few
# dozen times of day: their stored text is put together from the day's and the time's text,
# each made once (``isoformat`` costs ~1 us a call, most of it the timespec argument and the
# offset; a first read writes ~6,000). Only ever added to, from any thread: a race makes a
# text twice, never a wrong one.
_DAY_TEXTS: dict[int, str] = {}  # date ordinal -> "YYYY-MM-DDT"
_TIME_TEXTS: dict[int, str] = {}  # second of the day -> "HH:MM:SS.000000Z"
_TEXTS_MAX = 50_000


def _utc_text(value: datetime) -> str:
    """``utc_text``, a step shorter for what a calendar read gives (already in UTC)."""
    if value.tzinfo is not UTC:
        return utc_text(value)
    if value.microsecond:  # "2026-11-17T09:00:00.000001+00:00" -> "...000001Z"
        return value.isoformat(timespec="microseconds")[:-6] + "Z"
    ordinal = value.toordinal()
    day = _DAY_TEXTS.get(ordinal)
    if day is None:
        if len(_DAY_TEXTS) > _TEXTS_MAX:
            _DAY_TEXTS.clear()
        day = _DAY_TEXTS[ordinal] = value.date().isoformat() + "T"
    second = value.hour * 3600 + value.minute * 60 + value.second
    clock = _TIME_TEXTS.get(second)
    if clock is None:
        clock = _TIME_TEXTS[second] = value.time().isoformat(timespec="microseconds") + "Z"
    return day + clock


class MatchPerson(NamedTuple):
    id: int
    name: str
    email: str


class CalendarRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    # -- sources --------------------------------------------------------------------------
    def sources(self) -> Sequence[Any]:
        """Every source row (without its last good copy), oldest first."""
        columns = [c for c in tables.calendar_sources.c if c.name != "last_good"]
        return self.s.execute(select(*columns).order_by(_s.id)).all()

    def add_source(self, kind: str, location: str, label: str) -> int:
        new_id: int = self.s.execute(
            insert(tables.calendar_sources)
            .values(
                kind=kind,
                location=location,
                label=label,
                etag="",
                last_modified="",
                status="Not read yet.",
            )
            .returning(_s.id)
        ).scalar_one()
        return new_id

    def update_source(self, source_id: int, **values: Any) -> None:
        self.s.execute(update(tables.calendar_sources).where(_s.id == source_id).values(**values))

    def delete_source(self, source_id: int) -> None:
        self.s.execute(delete(tables.calendar_sources).where(_s.id == source_id))

    def last_good(self, source_id: int) -> bytes | None:
        value: bytes | None = self.s.scalar(select(_s.last_good).where(_s.id == source_id))
        return value

    # -- the user's own addresses and the people to match -----------------------------------
    def setting(self, key: str) -> Any:
        return self.s.scalar(select(_v.value).where(_v.key == key))

    def set_setting(self, key: str, value: Any) -> None:
        self.s.execute(delete(tables.vault_settings).where(_v.key == key))
        self.s.execute(insert(tables.vault_settings).values(key=key, value=value))

    def people_to_match(self) -> list[MatchPerson]:
        """Active people, oldest first, with their optional e-mail address."""
        rows = self.s.execute(
            select(_p.id, _p.name, _p.email).where(_p.archived.is_(False)).order_by(_p.id)
        ).all()
        return [MatchPerson(int(r.id), str(r.name), str(r.email or "")) for r in rows]

    # -- imported meetings ----------------------------------------------------------------
    def imported_rows(self, tag_suffix: str = "") -> list[ImportedRow]:
        """Imported meetings as plain rows; with ``tag_suffix`` (``"|c=s3"``) only those
        whose key ends with it (the caller still checks the tag exactly)."""
        stmt = select(_b.id, _b.external_uid, _b.title, _b.kind, _b.start, _b.end, _b.person_id)
        if tag_suffix:
            stmt = stmt.where(_b.external_uid.like("%" + tag_suffix))
        else:
            stmt = stmt.where(_b.external_uid != "")
        return [ImportedRow(*row) for row in self.s.execute(stmt).all()]

    def blocks(self, ids: Collection[int]) -> list[TimeBlock]:
        """The mapped blocks with these ids (for the row tracker), in chunks."""
        found: list[TimeBlock] = []
        ordered = sorted(ids)
        for first in range(0, len(ordered), _CHUNK):
            chunk = ordered[first : first + _CHUNK]
            found.extend(self.s.scalars(select(TimeBlock).where(_b.id.in_(chunk))))
        return found

    def insert_stored(self, rows: Sequence[StoredRow]) -> list[int]:
        """Insert rows made by :func:`new_meeting_row` (each with a distinct
        ``external_uid``) in one plain executemany; their new ids, in the rows' order."""
        if not rows:
            return []
        before = self.s.scalar(select(func.max(_b.id))) or 0
        connection = self.s.connection()
        if before + len(rows) >= _HIGHEST_ID:  # SQLite then picks free ids at random
            return [int(connection.exec_driver_sql(_INSERT_NEW, row).lastrowid) for row in rows]
        connection.exec_driver_sql(_INSERT_NEW, list(rows))
        # SQLite gives each new row the highest id + 1: one count shows they got
        # before+1 ... before+n, in order
        count, first, last = self.s.execute(
            select(func.count(), func.min(_b.id), func.max(_b.id)).where(_b.id > before)
        ).one()
        if (count, first, last) != (len(rows), before + 1, before + len(rows)):
            raise VaultError("The calendar's meetings could not be saved.")  # rolled back
        return list(range(before + 1, before + len(rows) + 1))

    def delete_blocks(self, ids: Collection[int]) -> None:
        """Delete these blocks (plain DELETEs in chunks; the vault's row tracker sees them)."""
        ordered = sorted(ids)
        for first in range(0, len(ordered), _CHUNK):
            chunk = ordered[first : first + _CHUNK]
            self.s.execute(delete(tables.time_blocks).where(_b.id.in_(chunk)))
