"""Private per-person notes: every query of ``services/notes`` (issue 14, item 1).

Notes, their action items and topics, growth goals, feedback notes, the one-on-one cadence's
sources (one-on-one notes and blocks), the brief's reads, the quick note's "one-on-one that
just ended" and the full-text search (FTS5, raw SQL: SQLAlchemy has no FTS5 syntax). Records
come back as the domain's mapped classes (the services change and return them); rows that
are only listed are small ``NamedTuple`` rows declared beside their query.

Stored times are fixed-width UTC text (``storage.types``), dates ISO text; ``min``/``max``
over a time column can come back raw, so :func:`_utc` reads either.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from ...domain.model import (
    ActionItem,
    ActionOwner,
    BlockKind,
    BlockOutcome,
    DelegationStatus,
    FeedbackTone,
    GrowthGoal,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Task,
    TaskStatus,
    TimeBlock,
    Topic,
)
from .. import tables
from ..types import utc_text

_n = tables.notes.c
_a = tables.action_items.c
_tp = tables.topics.c
_g = tables.growth_goals.c
_b = tables.time_blocks.c
_d = tables.delegations.c
_t = tables.tasks.c

_Record = TypeVar("_Record")  # a mapped domain class (Note, ActionItem, ...)

# One-on-one blocks with these outcomes mean the conversation happened.
MET_OUTCOMES = (BlockOutcome.DONE, BlockOutcome.PARTLY_DONE)
PREVIEW_CHARS = 280  # a timeline row's preview
# The length of a note's searchable text (FTS5's snippet() is slow on very long notes).
_TEXT_LENGTH = (
    "(length(n.body) + length(n.situation) + length(n.behavior) + length(n.impact)"
    " + length(n.agreed_actions))"
)


# Each person's newest one-on-one that took place, walked from the newest back along the
# (person_id, kind, start) index (see last_met_one_on_one_starts); the people as a JSON list.
_LAST_MET_SQL = (
    "SELECT p.value, (SELECT t.start FROM time_blocks AS t"
    " WHERE t.person_id = p.value AND t.kind = ? AND t.start <= ?"
    f" AND (t.outcome IN ({', '.join('?' for _ in MET_OUTCOMES)})"
    ' OR (t.read_only IS 1 AND t.outcome = ? AND t."end" <= ?))'
    " ORDER BY t.start DESC LIMIT 1) FROM json_each(?) AS p"
)
_JUST_ENDED_SQL = (
    "SELECT id FROM time_blocks WHERE kind = ? AND person_id IS NOT NULL"
    ' AND start >= ? AND start <= ? AND "end" >= ? ORDER BY "end" DESC LIMIT 1'
)


class TimelineRow(NamedTuple):
    """One row of a person's timeline: enough to list a note without its 1 MB body."""

    id: int
    person_id: int
    kind: NoteKind
    written_on: date
    preview: str
    tone: FeedbackTone | None
    length: int


class OpenDelegationRow(NamedTuple):
    delegation_id: int
    task_id: int
    title: str
    next_check_in_on: date | None
    due_on: date | None
    status: DelegationStatus


class RequestRow(NamedTuple):
    """An open task with a requester (whose it is, the service decides)."""

    task_id: int
    title: str
    quadrant: Quadrant
    needed_by: date | None
    requester: str
    person_id: int | None


class SearchRow(NamedTuple):
    note_id: int
    person_id: int
    person_name: str
    kind: NoteKind
    written_on: date
    snippet: str | None  # FTS5's snippet, or None for a long note (see ``text_head``)
    text_head: str | None  # the start of a long note's text, for a snippet made in Python


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class NotesRepository:
    """The notes' queries, over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- records by id, adding and removing ------------------------------------------------
    def find(self, cls: type[_Record], record_id: int) -> _Record | None:
        """The note, action item, topic, goal, person or task with ``record_id``, or None."""
        return self.session.get(cls, record_id)

    def add(self, record: object) -> None:
        """Insert ``record`` now (its id is set when this returns)."""
        self.session.add(record)
        self.session.flush()

    def add_later(self, record: object) -> None:
        """Insert ``record`` with the unit of work's next flush."""
        self.session.add(record)

    def delete(self, record: object) -> None:
        self.session.delete(record)

    def flush(self) -> None:
        self.session.flush()

    # -- notes and the timeline --------------------------------------------------------------
    def count_notes(self, person_id: int) -> int:
        stmt = select(func.count()).where(_n.person_id == person_id)
        return int(self.session.scalar(stmt) or 0)

    def timeline_page(
        self, person_id: int, after: tuple[date, int] | None, limit: int
    ) -> list[TimelineRow]:
        """Newest first, ``limit`` rows after the key ``after`` (keyset paging)."""
        preview = func.substr(
            func.coalesce(func.nullif(_n.body, ""), _n.situation), 1, PREVIEW_CHARS
        )
        stmt = select(
            _n.id, _n.person_id, _n.kind, _n.written_on, preview, _n.tone, func.length(_n.body)
        ).where(_n.person_id == person_id)
        if after is not None:
            day, last_id = after
            stmt = stmt.where((_n.written_on < day) | ((_n.written_on == day) & (_n.id < last_id)))
        stmt = stmt.order_by(_n.written_on.desc(), _n.id.desc()).limit(limit)
        return [
            TimelineRow(
                id=row[0],
                person_id=row[1],
                kind=NoteKind(row[2]),
                written_on=row[3],
                preview=row[4] or "",
                tone=FeedbackTone(row[5]) if row[5] else None,
                length=int(row[6] or 0),
            )
            for row in self.session.execute(stmt)
        ]

    def note_with_person(self, note_id: int) -> tuple[Note, Person] | None:
        """The note and the person it is filed under, in one query (None: no such note)."""
        stmt = (
            select(Note, Person)
            .join_from(Note, Person, _n.person_id == tables.people.c.id)
            .where(_n.id == note_id)
        )
        row = self.session.execute(stmt).first()
        return None if row is None else (row[0], row[1])

    def last_note(self, person_id: int) -> Note | None:
        stmt = (
            select(Note)
            .where(_n.person_id == person_id)
            .order_by(_n.written_on.desc(), _n.id.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def items_of_note(self, note_id: int) -> list[ActionItem]:
        """The action items a note made (both owners), in the order they were made."""
        stmt = select(ActionItem).where(_a.note_id == note_id).order_by(_a.id)
        return list(self.session.scalars(stmt))

    def topics_of_note(self, note_id: int) -> list[Topic]:
        stmt = select(Topic).where(_tp.note_id == note_id).order_by(_tp.id)
        return list(self.session.scalars(stmt))

    def move_note_items(self, note_id: int, person_id: int) -> None:
        """File the action items and topics a note made under ``person_id`` too."""
        for table in (tables.action_items, tables.topics):
            self.session.execute(
                update(table).where(table.c.note_id == note_id).values(person_id=person_id)
            )

    # -- action items, topics, goals --------------------------------------------------------
    def open_action_items(
        self, person_id: int, owner: ActionOwner | None = None
    ) -> list[ActionItem]:
        """Not ticked yet, oldest first."""
        stmt = select(ActionItem).where(_a.person_id == person_id, _a.done_on.is_(None))
        if owner is not None:
            stmt = stmt.where(_a.owner == owner)
        stmt = stmt.order_by(_a.created_on, _a.id)
        return list(self.session.scalars(stmt))

    def action_items(self, person_id: int, *, include_done: bool) -> list[ActionItem]:
        """Open ones first, each part oldest first."""
        stmt = select(ActionItem).where(_a.person_id == person_id)
        if not include_done:
            stmt = stmt.where(_a.done_on.is_(None))
        stmt = stmt.order_by(_a.done_on.is_not(None), _a.created_on, _a.id)
        return list(self.session.scalars(stmt))

    def open_topics(self, person_id: int) -> list[Topic]:
        stmt = (
            select(Topic)
            .where(_tp.person_id == person_id, _tp.resolved_on.is_(None))
            .order_by(_tp.created_on, _tp.id)
        )
        return list(self.session.scalars(stmt))

    def goals(self, person_id: int) -> list[GrowthGoal]:
        """By target date (none last), then as added."""
        stmt = (
            select(GrowthGoal)
            .where(_g.person_id == person_id)
            .order_by(_g.target_on.is_(None), _g.target_on, _g.id)
        )
        return list(self.session.scalars(stmt))

    def highest_inbox_position(self) -> float | None:
        """The position of the last open Inbox task (a new one goes after it)."""
        stmt = select(func.max(_t.position)).where(
            _t.status == TaskStatus.OPEN, _t.quadrant == Quadrant.INBOX
        )
        value = self.session.scalar(stmt)
        return None if value is None else float(value)

    # -- feedback ------------------------------------------------------------------------------
    def notes_of_kind(self, person_id: int, kind: NoteKind) -> list[Note]:
        """Newest first."""
        stmt = (
            select(Note)
            .where(_n.person_id == person_id, _n.kind == kind)
            .order_by(_n.written_on.desc(), _n.id.desc())
        )
        return list(self.session.scalars(stmt))

    def tones_of_kind(
        self, person_id: int, kind: NoteKind
    ) -> list[tuple[date, FeedbackTone | None]]:
        """(day, tone) of each such note (feedback given: the recognition balance)."""
        stmt = select(_n.written_on, _n.tone).where(_n.person_id == person_id, _n.kind == kind)
        return [
            (_day(on), FeedbackTone(tone) if tone else None)
            for on, tone in self.session.execute(stmt)
        ]

    # -- the one-on-one cadence's sources ------------------------------------------------
    def last_one_on_one_notes(self, person_ids: Collection[int], today: date) -> dict[int, date]:
        """Each person's newest one-on-one note written by ``today``."""
        stmt = (
            select(_n.person_id, func.max(_n.written_on))
            .where(
                _n.person_id.in_(person_ids),
                _n.kind == NoteKind.ONE_ON_ONE,
                _n.written_on <= today,
            )
            .group_by(_n.person_id)
        )
        return {pid: _day(day) for pid, day in self.session.execute(stmt) if day is not None}

    def last_met_one_on_one_starts(
        self, person_ids: Collection[int], now: datetime
    ) -> dict[int, datetime]:
        """Each person's latest one-on-one block that took place (UTC start): marked done or
        partly done, or from the user's calendar (read-only), still planned and over.

        Each person's one-on-ones are walked from the newest back along the (person, kind,
        start) index, stopping at the first that took place: usually the newest. A
        ``max(start) ... GROUP BY person_id`` fetched every one-on-one row of the whole
        history to test its outcome (fifty years: 45 ms of CPU cold, and ~10 MB of pages
        left in the page cache, the peak memory's largest share there; issue 18)."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        when = utc_text(now)
        met = [outcome.value for outcome in MET_OUTCOMES]
        planned = BlockOutcome.PLANNED.value
        bounds = (BlockKind.ONE_ON_ONE.value, when, *met, planned, when, json.dumps(ids))
        rows = self.session.connection().exec_driver_sql(_LAST_MET_SQL, bounds)
        found: dict[int, datetime] = {}
        for pid, start in rows:
            moment = _utc(start)
            if moment is not None:
                found[int(pid)] = moment
        return found

    def next_planned_one_on_ones(
        self, person_ids: Collection[int], now: datetime
    ) -> dict[int, datetime]:
        """Each person's first planned one-on-one block from ``now`` on (UTC start)."""
        stmt = (
            select(_b.person_id, func.min(_b.start))
            .where(
                _b.person_id.in_(person_ids),
                _b.kind == BlockKind.ONE_ON_ONE,
                _b.outcome == BlockOutcome.PLANNED,
                _b.start >= now,
            )
            .group_by(_b.person_id)
        )
        found: dict[int, datetime] = {}
        for pid, start in self.session.execute(stmt):
            moment = _utc(start)
            if moment is not None:
                found[pid] = moment
        return found

    def latest_one_on_one_ending(
        self, ended_after: datetime, started_after: datetime, now: datetime
    ) -> TimeBlock | None:
        """The one-on-one block with a person that started by ``now`` and ends last, at or
        after ``ended_after``. ``started_after`` bounds ``start`` below (an index range: the
        caller knows how long a block can be). The id is found with plain SQL (the usual
        answer, none, costs no ORM work), then the block is loaded."""
        bounds = (
            BlockKind.ONE_ON_ONE.value,
            utc_text(started_after),
            utc_text(now),
            utc_text(ended_after),
        )
        found = self.session.connection().exec_driver_sql(_JUST_ENDED_SQL, bounds).scalar()
        return None if found is None else self.session.get(TimeBlock, int(found))

    # -- the brief -----------------------------------------------------------------------------
    def open_delegations(self, person_id: int) -> list[OpenDelegationRow]:
        """Their open delegations with the task's title, next check-in first (none last)."""
        open_statuses = [st for st in DelegationStatus if st.is_open]
        stmt = (
            select(_d.id, _d.task_id, _t.title, _d.next_check_in_on, _d.due_on, _d.status)
            .join(Task, _t.id == _d.task_id)
            .where(_d.person_id == person_id, _d.status.in_(open_statuses))
            .order_by(_d.next_check_in_on.is_(None), _d.next_check_in_on)
        )
        return [
            OpenDelegationRow(d_id, t_id, title, check, due, DelegationStatus(status))
            for d_id, t_id, title, check, due, status in self.session.execute(stmt)
        ]

    def open_requests(self) -> list[RequestRow]:
        """Open tasks with a requester, by the day they are needed (none last)."""
        stmt = (
            select(_t.id, _t.title, _t.quadrant, _t.needed_by, _t.requester, _t.person_id)
            .where(_t.status == TaskStatus.OPEN, _t.requester != "")
            .order_by(_t.needed_by.is_(None), _t.needed_by, _t.id)
        )
        return [
            RequestRow(t_id, title, Quadrant(quadrant), needed, requester, linked)
            for t_id, title, quadrant, needed, requester, linked in self.session.execute(stmt)
        ]

    def people(self, *, include_archived: bool) -> list[Person]:
        """By name."""
        stmt = select(Person).order_by(tables.people.c.name)
        if not include_archived:
            stmt = stmt.where(tables.people.c.archived.is_(False))
        return list(self.session.scalars(stmt))

    # -- a vault setting (the quick note kept unfiled at a lock) --------------------------------
    def setting(self, key: str) -> Any:
        """The value stored under ``key`` in the vault's settings, or None."""
        column = tables.vault_settings.c
        return self.session.execute(
            select(column.value).where(column.key == key)
        ).scalar_one_or_none()

    def put_setting(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``, replacing what was there."""
        self.forget_setting(key)
        self.session.execute(insert(tables.vault_settings).values(key=key, value=value))

    def forget_setting(self, key: str) -> None:
        self.session.execute(
            delete(tables.vault_settings).where(tables.vault_settings.c.key == key)
        )

    # -- full-text search (FTS5) -----------------------------------------------------------
    def count_matches(self, match: str, cap: int) -> int:
        """How many notes match the FTS5 query ``match``, counting at most ``cap``."""
        stmt = text(
            "SELECT count(*) FROM (SELECT rowid FROM notes_fts WHERE notes_fts MATCH :q LIMIT :cap)"
        )
        return int(self.session.execute(stmt, {"q": match, "cap": cap}).scalar() or 0)

    def search(
        self,
        match: str,
        *,
        by_rank: bool,
        limit: int,
        marks: tuple[str, str],
        snippet_max_chars: int,
        head_chars: int,
    ) -> list[SearchRow]:
        """Notes matching ``match``: by relevance (bm25) or newest first, with FTS5's snippet
        (matched words between ``marks``) for notes up to ``snippet_max_chars`` long, else the
        first ``head_chars`` of their text."""
        order = "rank" if by_rank else "notes_fts.rowid DESC"
        stmt = text(
            "SELECT n.id, n.person_id, p.name, n.kind, n.written_on, "
            f"CASE WHEN {_TEXT_LENGTH} <= :snip_max "
            "THEN snippet(notes_fts, -1, :hs, :he, '…', 16) END, "
            f"CASE WHEN {_TEXT_LENGTH} > :snip_max "
            "THEN substr(n.body || ' ' || n.situation, 1, :scan) END "
            "FROM notes_fts JOIN notes AS n ON n.id = notes_fts.rowid "
            "JOIN people AS p ON p.id = n.person_id "
            f"WHERE notes_fts MATCH :q ORDER BY {order} LIMIT :lim"
        )
        params = {
            "q": match,
            "hs": marks[0],
            "he": marks[1],
            "lim": int(limit),
            "snip_max": snippet_max_chars,
            "scan": head_chars,
        }
        return [
            SearchRow(row[0], row[1], row[2], NoteKind(row[3]), _day(row[4]), row[5], row[6])
            for row in self.session.execute(stmt, params).all()
        ]

    def highlighted_body(self, note_id: int, match: str, marks: tuple[str, str]) -> str | None:
        """The note's body with the words matching ``match`` between ``marks`` (None: the
        note does not match)."""
        stmt = text(
            "SELECT highlight(notes_fts, 0, :hs, :he) FROM notes_fts "
            "WHERE notes_fts MATCH :q AND rowid = :id"
        )
        params = {"q": match, "hs": marks[0], "he": marks[1], "id": note_id}
        value = self.session.execute(stmt, params).scalar()
        return None if value is None else str(value)
