"""Private per-person notes, action items, topics to revisit, growth goals, search.

Everything a lead remembers about a person lives here. Every write is one transaction and
refuses (ValidationError) to touch an archived person's records: their notes stay, read-only,
until the person is restored. Error messages never carry note text.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.orm import Session

from ..domain.cadence import CadenceStatus, cadence_status, last_one_on_one
from ..domain.errors import NotFoundError, ValidationError
from ..domain.feedback_rules import (
    FeedbackBalance,
    feedback_balance,
    recognition_nudge,
)
from ..domain.model import (
    ActionItem,
    ActionOwner,
    BlockKind,
    BlockOutcome,
    DelegationStatus,
    FeedbackTone,
    GoalStatus,
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
from ..domain.rules import clean_title
from ..storage import tables
from .arguments import checked_arguments, fields_of
from .base import ChangeKind, Service, saved_id

_Row = TypeVar("_Row")  # a mapped domain class (Note, ActionItem, ...)
NOTE_MAX_CHARS = 5_000_000  # a 1 MB note must fit comfortably
ITEM_MAX_CHARS = 2_000
PREVIEW_CHARS = 280
RANKED_MAX = 1_000  # search results ranked by relevance up to this many matches
# FTS5's snippet() is quadratic in the number of hits inside one note (measured: 16 s for a
# 100 KB note repeating the searched word), so longer notes get a simpler snippet in Python.
SNIPPET_MAX_CHARS = 8_000
_TEXT_LENGTH = (
    "(length(n.body) + length(n.situation) + length(n.behavior) + length(n.impact)"
    " + length(n.agreed_actions))"
)
QUICK_NOTE_WINDOW = timedelta(hours=2)
# One-on-one blocks with these outcomes mean the conversation happened.
MET_OUTCOMES = (BlockOutcome.DONE, BlockOutcome.PARTLY_DONE)
# Marks around matched words in search snippets; the UI turns them into highlighting after
# escaping the text, so note content can never inject markup.
HIT_START = "\x02"
HIT_END = "\x03"

NOTE_FIELDS = frozenset(
    {"kind", "written_on", "body", "situation", "behavior", "impact", "agreed_actions", "tone"}
)
GOAL_FIELDS = frozenset({"goal", "next_step", "target_on", "status"})


# -- read models ------------------------------------------------------------------------
@dataclass(frozen=True)
class NoteSummary:
    """One row of a person's timeline: enough to list it without loading a 1 MB body."""

    id: int
    person_id: int
    kind: NoteKind
    written_on: date
    preview: str
    tone: FeedbackTone | None
    length: int


@dataclass(frozen=True)
class PersonOverview:
    """A row of the people list: the person and where they stand against their cadence."""

    person: Person
    cadence: CadenceStatus


@dataclass(frozen=True)
class OpenDelegation:
    delegation_id: int
    task_id: int
    title: str
    next_check_in_on: date | None
    due_on: date | None
    status: DelegationStatus


@dataclass(frozen=True)
class OpenRequest:
    """An open task someone asked for (a request from this person)."""

    task_id: int
    title: str
    quadrant: Quadrant
    needed_by: date | None


@dataclass(frozen=True)
class Brief:
    """The pre-one-on-one brief for one person."""

    person: Person
    cadence: CadenceStatus
    mine: list[ActionItem]
    theirs: list[ActionItem]
    topics: list[Topic]
    delegations: list[OpenDelegation]
    last_note: Note | None
    requests: list[OpenRequest] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    note_id: int
    person_id: int
    person_name: str
    kind: NoteKind
    written_on: date
    snippet: str  # matched words wrapped in HIT_START / HIT_END


@dataclass(frozen=True)
class FeedbackSummary:
    balance: FeedbackBalance
    nudge: str | None
    last_recognition_on: date | None


@dataclass(frozen=True)
class QuickNoteIds:
    """What a quick-note save created, so the window keeps updating the same records."""

    note_id: int


_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(user_query: str) -> str:
    """Turn anything the user types into a safe FTS5 query (never a syntax error).

    Words become quoted terms joined by AND; a quoted "phrase" stays a phrase; a word typed
    with a trailing ``*`` (and the last word, for search-as-you-type) matches as a prefix.
    Operators and punctuation (``AND OR NEAR ( ) : ^ -``) are treated as plain text.
    Returns "" when nothing searchable is left.
    """
    parts: list[str] = []
    matches = list(_TOKEN.finditer(user_query or ""))
    for i, match in enumerate(matches):
        phrase, bare = match.group(1), match.group(2)
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
            continue
        words = _WORD.findall(bare)
        if not words:
            continue
        prefix = bare.endswith("*") or i == len(matches) - 1
        if len(words) > 1:  # "e-mail", "foo.bar": a phrase of its pieces
            parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
        else:
            parts.append(f'"{words[0]}"' + ("*" if prefix else ""))
    return " AND ".join(parts)


def _fold(text_: str) -> str:
    """Lower case without diacritics, keeping one character per input character."""
    out = []
    for ch in text_:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        out.append(base.casefold()[:1] or ch)
    return "".join(out)


def python_snippet(text_: str, user_query: str, width: int = 160) -> str:
    """A snippet like FTS5's for very long notes: a window around the first match, the
    matched words wrapped in HIT_START/HIT_END (case- and accent-insensitive)."""
    words = [_fold(w) for w in _WORD.findall(user_query or "")]
    if not text_ or not words:
        return text_[:width]
    folded = _fold(text_)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    first = pattern.search(folded)
    if first is None:
        return text_[:width] + ("…" if len(text_) > width else "")
    start = max(0, first.start() - width // 3)
    end = min(len(text_), start + width)
    parts: list[str] = ["…" if start > 0 else ""]
    pos = start
    for hit in pattern.finditer(folded, start, end):
        parts.append(text_[pos : hit.start()])
        parts.append(HIT_START + text_[hit.start() : hit.end()] + HIT_END)
        pos = hit.end()
    parts.append(text_[pos:end])
    parts.append("…" if end < len(text_) else "")
    return "".join(parts)


@checked_arguments
class NoteService(Service):
    # == notes ============================================================================
    def get(self, note_id: int) -> Note:
        with self.ctx.read() as s:
            return _get(s, Note, note_id, "note")

    def count_notes(self, person_id: int) -> int:
        with self.ctx.read() as s:
            return int(
                s.scalar(select(func.count()).where(tables.notes.c.person_id == person_id)) or 0
            )

    def timeline_page(
        self,
        person_id: int,
        *,
        after: tuple[date, int] | None = None,
        limit: int = 100,
    ) -> list[NoteSummary]:
        """Newest first, ``limit`` at a time (keyset paging: ``after`` = last row's key)."""
        n = tables.notes.c
        stmt = select(
            n.id,
            n.person_id,
            n.kind,
            n.written_on,
            func.substr(func.coalesce(func.nullif(n.body, ""), n.situation), 1, PREVIEW_CHARS),
            n.tone,
            func.length(n.body),
        ).where(n.person_id == person_id)
        if after is not None:
            day, last_id = after
            stmt = stmt.where((n.written_on < day) | ((n.written_on == day) & (n.id < last_id)))
        stmt = stmt.order_by(n.written_on.desc(), n.id.desc()).limit(limit)
        with self.ctx.read() as s:
            return [
                NoteSummary(
                    id=row[0],
                    person_id=row[1],
                    kind=NoteKind(row[2]),
                    written_on=row[3],
                    preview=row[4] or "",
                    tone=FeedbackTone(row[5]) if row[5] else None,
                    length=int(row[6] or 0),
                )
                for row in s.execute(stmt)
            ]

    def add_note(
        self,
        person_id: int,
        kind: NoteKind = NoteKind.ONE_ON_ONE,
        body: str = "",
        *,
        written_on: date | None = None,
        situation: str = "",
        behavior: str = "",
        impact: str = "",
        agreed_actions: str = "",
        tone: FeedbackTone | None = None,
    ) -> Note:
        now = self.clock.now()
        note = Note(
            person_id=person_id,
            kind=NoteKind(kind),
            written_on=written_on or now.date(),
            body=_clean_text(body),
            situation=_clean_text(situation),
            behavior=_clean_text(behavior),
            impact=_clean_text(impact),
            agreed_actions=_clean_text(agreed_actions),
            tone=FeedbackTone(tone) if tone else None,
            created_at=now,
            updated_at=now,
        )
        with self.ctx.write(ChangeKind.NOTES) as s:
            _writable_person(s, person_id)
            s.add(note)
            s.flush()
        return note

    @fields_of(Note)
    def update_note(self, note_id: int, **changes: Any) -> Note:
        """Edit fields of a note (the autosave calls this with ``body``)."""
        unknown = set(changes) - NOTE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown note fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        for key in ("body", "situation", "behavior", "impact", "agreed_actions"):
            if key in cleaned:
                cleaned[key] = _clean_text(cleaned[key])
        if "kind" in cleaned:
            cleaned["kind"] = NoteKind(cleaned["kind"])
        if "tone" in cleaned and cleaned["tone"] is not None:
            cleaned["tone"] = FeedbackTone(cleaned["tone"])
        if "written_on" in cleaned and not isinstance(cleaned["written_on"], date):
            raise ValidationError("A note needs a date.")
        with self.ctx.write(ChangeKind.NOTES) as s:
            note = _get(s, Note, note_id, "note")
            _writable_person(s, note.person_id)
            for key, value in cleaned.items():
                setattr(note, key, value)
            note.updated_at = self.clock.now()
        return note

    def set_body(self, note_id: int, body: str) -> Note:
        return self.update_note(note_id, body=body)

    def remove_note(self, note_id: int, *, with_open_items: bool = False) -> None:
        """Delete a note (undo puts back the rows it removed or unlinked, by id).

        ``with_open_items`` also deletes the open action items and topics the note created
        (undo of a quick note); otherwise they stay, unlinked, and keep carrying forward.
        """
        with self.ctx.write(ChangeKind.NOTES) as s:
            note = _get(s, Note, note_id, "note")
            _writable_person(s, note.person_id)
            if with_open_items:
                for item in s.scalars(
                    select(ActionItem).where(tables.action_items.c.note_id == note_id)
                ):
                    if item.done_on is None and item.task_id is None:
                        s.delete(item)
                for topic in s.scalars(select(Topic).where(tables.topics.c.note_id == note_id)):
                    if topic.resolved_on is None:
                        s.delete(topic)
                s.flush()
            s.delete(note)  # its other items and topics stay, unlinked (SET NULL)

    def items_of_note(self, note_id: int) -> tuple[list[ActionItem], list[Topic]]:
        with self.ctx.read() as s:
            items = list(
                s.scalars(
                    select(ActionItem)
                    .where(tables.action_items.c.note_id == note_id)
                    .order_by(tables.action_items.c.id)
                )
            )
            topics = list(
                s.scalars(
                    select(Topic)
                    .where(tables.topics.c.note_id == note_id)
                    .order_by(tables.topics.c.id)
                )
            )
        return items, topics

    # == quick note =======================================================================
    def just_ended_one_on_one(self, within: timedelta = QUICK_NOTE_WINDOW) -> TimeBlock | None:
        """The one-on-one block (with a person) that ended most recently within ``within``,
        or is still running: whose notes the quick-note window is for."""
        now = self.clock.now()
        stmt = (
            select(TimeBlock)
            .where(
                tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                tables.time_blocks.c.person_id.is_not(None),
                tables.time_blocks.c.start <= now,
                tables.time_blocks.c.end >= now - within,
            )
            .order_by(tables.time_blocks.c.end.desc())
            .limit(1)
        )
        with self.ctx.read() as s:
            return s.scalars(stmt).first()

    def save_quick_note(
        self,
        person_id: int,
        note_id: int | None,
        *,
        discussed: str,
        mine: Sequence[str] = (),
        theirs: Sequence[str] = (),
        revisit: Sequence[str] = (),
    ) -> int:
        """Create or update a one-on-one note from the quick-note window in ONE transaction.

        The lines under "action items" and "revisit next time" become real action items and
        topics linked to the note; saving again keeps unchanged lines (and their ticks),
        adds new ones and removes lines that were deleted while they are still open.
        Returns the note id.
        """
        body = _clean_text(discussed)
        lines = {
            ActionOwner.MINE: _clean_lines(mine),
            ActionOwner.THEIRS: _clean_lines(theirs),
        }
        topics = _clean_lines(revisit)
        now = self.clock.now()
        today = now.date()
        with self.ctx.write(ChangeKind.NOTES) as s:
            _writable_person(s, person_id)
            if note_id is None:
                note = Note(
                    person_id=person_id,
                    kind=NoteKind.ONE_ON_ONE,
                    written_on=today,
                    body=body,
                    created_at=now,
                    updated_at=now,
                )
                s.add(note)
                s.flush()
            else:
                note = _get(s, Note, note_id, "note")
                if note.body != body:
                    note.body = body
                    note.updated_at = now
                if note.person_id != person_id:  # the person was corrected in the window
                    note.person_id = person_id
                    note.updated_at = now
                    for table in (tables.action_items, tables.topics):
                        s.execute(
                            update(table)
                            .where(table.c.note_id == note.id)
                            .values(person_id=person_id)
                        )
            assert note.id is not None
            for owner, wanted in lines.items():
                existing = list(
                    s.scalars(
                        select(ActionItem).where(
                            tables.action_items.c.note_id == note.id,
                            tables.action_items.c.owner == owner,
                        )
                    )
                )
                _sync_rows(
                    s,
                    existing,
                    wanted,
                    lambda t, o=owner: ActionItem(
                        person_id=person_id, owner=o, text=t, note_id=note.id, created_on=today
                    ),
                    is_open=lambda item: item.done_on is None and item.task_id is None,
                )
            existing_topics = list(
                s.scalars(select(Topic).where(tables.topics.c.note_id == note.id))
            )
            _sync_rows(
                s,
                existing_topics,
                topics,
                lambda t: Topic(person_id=person_id, text=t, note_id=note.id, created_on=today),
                is_open=lambda topic: topic.resolved_on is None,
            )
            return note.id

    # == action items =====================================================================
    def open_action_items(
        self, person_id: int, owner: ActionOwner | None = None
    ) -> list[ActionItem]:
        """Open items carry forward from every older note until ticked (oldest first)."""
        stmt = select(ActionItem).where(
            tables.action_items.c.person_id == person_id,
            tables.action_items.c.done_on.is_(None),
        )
        if owner is not None:
            stmt = stmt.where(tables.action_items.c.owner == owner)
        stmt = stmt.order_by(tables.action_items.c.created_on, tables.action_items.c.id)
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def action_items(self, person_id: int, *, include_done: bool = True) -> list[ActionItem]:
        stmt = select(ActionItem).where(tables.action_items.c.person_id == person_id)
        if not include_done:
            stmt = stmt.where(tables.action_items.c.done_on.is_(None))
        stmt = stmt.order_by(
            tables.action_items.c.done_on.is_not(None),
            tables.action_items.c.created_on,
            tables.action_items.c.id,
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def get_action_item(self, item_id: int) -> ActionItem:
        with self.ctx.read() as s:
            return _get(s, ActionItem, item_id, "action item")

    def add_action_item(
        self, person_id: int, owner: ActionOwner, text_: str, *, note_id: int | None = None
    ) -> ActionItem:
        item = ActionItem(
            person_id=person_id,
            owner=ActionOwner(owner),
            text=_clean_item(text_, "action item"),
            note_id=note_id,
            created_on=self.clock.today(),
        )
        with self.ctx.write(ChangeKind.NOTES) as s:
            _writable_person(s, person_id)
            s.add(item)
            s.flush()
        return item

    def set_action_done(self, item_id: int, done: bool) -> date | None:
        """Tick or untick; returns the previous ``done_on`` so undo restores it exactly."""
        with self.ctx.write(ChangeKind.NOTES) as s:
            item = _get(s, ActionItem, item_id, "action item")
            _writable_person(s, item.person_id)
            before = item.done_on
            item.done_on = (before or self.clock.today()) if done else None
        return before

    def remove_action_item(self, item_id: int) -> None:
        with self.ctx.write(ChangeKind.NOTES) as s:
            item = _get(s, ActionItem, item_id, "action item")
            _writable_person(s, item.person_id)
            s.delete(item)

    def action_to_task(self, item_id: int) -> Task:
        """Turn one of MY action items into an Inbox task linked to the person (one step)."""
        with self.ctx.write(ChangeKind.NOTES, ChangeKind.TASKS) as s:
            item = _get(s, ActionItem, item_id, "action item")
            _writable_person(s, item.person_id)
            if item.owner is not ActionOwner.MINE:
                raise ValidationError("Only your own action items can become tasks.")
            if item.task_id is not None and s.get(Task, item.task_id) is not None:
                raise ValidationError("This action item is already a task.")
            highest = s.scalar(
                select(func.max(tables.tasks.c.position)).where(
                    tables.tasks.c.status == TaskStatus.OPEN,
                    tables.tasks.c.quadrant == Quadrant.INBOX,
                )
            )
            task = Task(
                title=clean_title(item.text),
                quadrant=Quadrant.INBOX,
                position=float(highest or 0.0) + 1.0,
                person_id=item.person_id,
                created_at=self.clock.now(),
            )
            s.add(task)
            s.flush()
            item.task_id = task.id
        return task

    # == topics to revisit ================================================================
    def open_topics(self, person_id: int) -> list[Topic]:
        stmt = (
            select(Topic)
            .where(tables.topics.c.person_id == person_id, tables.topics.c.resolved_on.is_(None))
            .order_by(tables.topics.c.created_on, tables.topics.c.id)
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def add_topic(self, person_id: int, text_: str, *, note_id: int | None = None) -> Topic:
        topic = Topic(
            person_id=person_id,
            text=_clean_item(text_, "topic"),
            note_id=note_id,
            created_on=self.clock.today(),
        )
        with self.ctx.write(ChangeKind.NOTES) as s:
            _writable_person(s, person_id)
            s.add(topic)
            s.flush()
        return topic

    def set_topic_resolved(self, topic_id: int, resolved: bool) -> date | None:
        with self.ctx.write(ChangeKind.NOTES) as s:
            topic = _get(s, Topic, topic_id, "topic")
            _writable_person(s, topic.person_id)
            before = topic.resolved_on
            topic.resolved_on = (before or self.clock.today()) if resolved else None
        return before

    def remove_topic(self, topic_id: int) -> None:
        with self.ctx.write(ChangeKind.NOTES) as s:
            topic = _get(s, Topic, topic_id, "topic")
            _writable_person(s, topic.person_id)
            s.delete(topic)

    # == growth goals =====================================================================
    def goals(self, person_id: int) -> list[GrowthGoal]:
        stmt = (
            select(GrowthGoal)
            .where(tables.growth_goals.c.person_id == person_id)
            .order_by(
                tables.growth_goals.c.target_on.is_(None),
                tables.growth_goals.c.target_on,
                tables.growth_goals.c.id,
            )
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def get_goal(self, goal_id: int) -> GrowthGoal:
        with self.ctx.read() as s:
            return _get(s, GrowthGoal, goal_id, "growth goal")

    def add_goal(
        self,
        person_id: int,
        goal: str,
        *,
        next_step: str = "",
        target_on: date | None = None,
        status: GoalStatus = GoalStatus.NOT_STARTED,
    ) -> GrowthGoal:
        row = GrowthGoal(
            person_id=person_id,
            goal=_clean_item(goal, "goal"),
            next_step=_clean_item(next_step, "next step", allow_empty=True),
            target_on=target_on,
            status=GoalStatus(status),
        )
        with self.ctx.write(ChangeKind.NOTES) as s:
            _writable_person(s, person_id)
            s.add(row)
            s.flush()
        return row

    @fields_of(GrowthGoal)
    def update_goal(self, goal_id: int, **changes: Any) -> dict[str, Any]:
        """Edit a goal; returns the previous values of the changed fields (for undo)."""
        unknown = set(changes) - GOAL_FIELDS
        if unknown:
            raise ValidationError(f"Unknown goal fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        if "goal" in cleaned:
            cleaned["goal"] = _clean_item(cleaned["goal"], "goal")
        if "next_step" in cleaned:
            cleaned["next_step"] = _clean_item(cleaned["next_step"], "next step", allow_empty=True)
        if "status" in cleaned:
            cleaned["status"] = GoalStatus(cleaned["status"])
        with self.ctx.write(ChangeKind.NOTES) as s:
            row = _get(s, GrowthGoal, goal_id, "growth goal")
            _writable_person(s, row.person_id)
            before = {key: getattr(row, key) for key in cleaned}
            for key, value in cleaned.items():
                setattr(row, key, value)
        return before

    def remove_goal(self, goal_id: int) -> None:
        with self.ctx.write(ChangeKind.NOTES) as s:
            row = _get(s, GrowthGoal, goal_id, "growth goal")
            _writable_person(s, row.person_id)
            s.delete(row)

    # == feedback =========================================================================
    def add_feedback(
        self,
        person_id: int,
        *,
        situation: str,
        behavior: str,
        impact: str,
        agreed_actions: str = "",
        tone: FeedbackTone,
        written_on: date | None = None,
        kind: NoteKind = NoteKind.FEEDBACK_GIVEN,
        body: str = "",
    ) -> Note:
        """Feedback as Situation / Behavior / Impact with what was agreed."""
        if not (situation.strip() or behavior.strip() or impact.strip()):
            raise ValidationError("Describe at least the situation, behavior or impact.")
        if kind not in (NoteKind.FEEDBACK_GIVEN, NoteKind.FEEDBACK_RECEIVED):
            raise ValidationError("Feedback must be given or received.")
        if tone is None:
            raise ValidationError("Choose whether the feedback was positive or constructive.")
        return self.add_note(
            person_id,
            kind,
            body,
            written_on=written_on,
            situation=situation,
            behavior=behavior,
            impact=impact,
            agreed_actions=agreed_actions,
            tone=FeedbackTone(tone),
        )

    def feedback_given(self, person_id: int) -> list[Note]:
        stmt = (
            select(Note)
            .where(
                tables.notes.c.person_id == person_id,
                tables.notes.c.kind == NoteKind.FEEDBACK_GIVEN,
            )
            .order_by(tables.notes.c.written_on.desc(), tables.notes.c.id.desc())
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def feedback_summary(self, person_id: int) -> FeedbackSummary:
        today = self.clock.today()
        with self.ctx.read() as s:
            person = _get(s, Person, person_id, "person")
            rows = list(
                s.execute(
                    select(tables.notes.c.written_on, tables.notes.c.tone).where(
                        tables.notes.c.person_id == person_id,
                        tables.notes.c.kind == NoteKind.FEEDBACK_GIVEN,
                    )
                )
            )
        given = [(on, FeedbackTone(tone) if tone else None) for on, tone in rows]
        positives = [on for on, tone in given if tone is FeedbackTone.POSITIVE and on <= today]
        last = max(positives) if positives else None
        known_since = person.started_on or (person.created_at.date() if person.created_at else None)
        return FeedbackSummary(
            balance=feedback_balance(given, today),
            nudge=recognition_nudge(last, today, known_since),
            last_recognition_on=last,
        )

    # == cadence and the people list =====================================================
    def last_one_on_one(self, person_id: int) -> date | None:
        return self._last_one_on_ones([person_id]).get(person_id)

    def cadence(self, person: Person) -> CadenceStatus:
        assert person.id is not None
        return cadence_status(
            self.last_one_on_one(person.id),
            person.one_on_one_every_days,
            self.clock.today(),
            person.started_on,
            self.next_booked([person.id]).get(person.id),
        )

    def people_overview(self, *, include_archived: bool = False) -> list[PersonOverview]:
        """Everyone with their cadence, in two grouped queries (not one per person)."""
        stmt = select(Person).order_by(tables.people.c.name)
        if not include_archived:
            stmt = stmt.where(tables.people.c.archived.is_(False))
        with self.ctx.read() as s:
            people = list(s.scalars(stmt))
        last = self._last_one_on_ones([p.id for p in people if p.id is not None])
        booked = self.next_booked([p.id for p in people if p.id is not None])
        today = self.clock.today()
        return [
            PersonOverview(
                p,
                cadence_status(
                    last.get(saved_id(p.id)),
                    p.one_on_one_every_days,
                    today,
                    p.started_on,
                    booked.get(saved_id(p.id)),
                ),
            )
            for p in people
        ]

    def next_booked(self, person_ids: Iterable[int]) -> dict[int, datetime]:
        """The next planned one-on-one block with each person from now on (local time), in
        one grouped query: a booked one-on-one shows as "booked Thu 14:00", not overdue."""
        ids = list(person_ids)
        if not ids:
            return {}
        now = self.clock.now()
        tz = self.clock.tz
        result: dict[int, datetime] = {}
        with self.ctx.read() as s:
            rows = s.execute(
                select(tables.time_blocks.c.person_id, func.min(tables.time_blocks.c.start))
                .where(
                    tables.time_blocks.c.person_id.in_(ids),
                    tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    tables.time_blocks.c.outcome == BlockOutcome.PLANNED,
                    tables.time_blocks.c.start >= now,
                )
                .group_by(tables.time_blocks.c.person_id)
            )
            for pid, start in rows:
                if start is None:
                    continue
                if isinstance(start, str):  # min() over a custom type can come back raw
                    start = datetime.fromisoformat(start)
                if start.tzinfo is None:
                    start = start.replace(tzinfo=UTC)
                result[pid] = start.astimezone(tz)
        return result

    def _last_one_on_ones(self, person_ids: Iterable[int]) -> dict[int, date]:
        ids = list(person_ids)
        if not ids:
            return {}
        now = self.clock.now()
        tz = self.clock.tz
        result: dict[int, date] = {}
        with self.ctx.read() as s:
            note_rows = s.execute(
                select(tables.notes.c.person_id, func.max(tables.notes.c.written_on))
                .where(
                    tables.notes.c.person_id.in_(ids), tables.notes.c.kind == NoteKind.ONE_ON_ONE
                )
                .where(tables.notes.c.written_on <= now.date())
                .group_by(tables.notes.c.person_id)
            )
            for pid, day in note_rows:
                result[pid] = day
            # A block's day is its local start date, so fetch starts and convert in Python.
            block_rows = s.execute(
                select(tables.time_blocks.c.person_id, func.max(tables.time_blocks.c.start))
                .where(
                    tables.time_blocks.c.person_id.in_(ids),
                    tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    or_(
                        tables.time_blocks.c.outcome.in_(MET_OUTCOMES),
                        # a one-on-one from the user's calendar that has ended took place
                        # unless marked otherwise (calendar_ics: one_on_one_person)
                        and_(
                            tables.time_blocks.c.read_only.is_(True),
                            tables.time_blocks.c.outcome == BlockOutcome.PLANNED,
                            tables.time_blocks.c.end <= now,
                        ),
                    ),
                    tables.time_blocks.c.start <= now,
                )
                .group_by(tables.time_blocks.c.person_id)
            )
            for pid, start in block_rows:
                if start is None:
                    continue
                if isinstance(start, str):  # max() over a custom type can come back raw
                    start = datetime.fromisoformat(start)
                if start.tzinfo is None:
                    start = start.replace(tzinfo=UTC)
                day = start.astimezone(tz).date()
                newest = last_one_on_one([result.get(pid)], [day])
                if newest is not None:
                    result[pid] = newest
        return result

    # == the pre-one-on-one brief =========================================================
    def brief(self, person_id: int) -> Brief:
        today = self.clock.today()
        with self.ctx.read() as s:
            person = _get(s, Person, person_id, "person")
            items = list(
                s.scalars(
                    select(ActionItem)
                    .where(
                        tables.action_items.c.person_id == person_id,
                        tables.action_items.c.done_on.is_(None),
                    )
                    .order_by(tables.action_items.c.created_on, tables.action_items.c.id)
                )
            )
            topics = list(
                s.scalars(
                    select(Topic)
                    .where(
                        tables.topics.c.person_id == person_id,
                        tables.topics.c.resolved_on.is_(None),
                    )
                    .order_by(tables.topics.c.created_on, tables.topics.c.id)
                )
            )
            open_statuses = [st for st in DelegationStatus if st.is_open]
            delegations = [
                OpenDelegation(d_id, t_id, title, check, due, DelegationStatus(status))
                for d_id, t_id, title, check, due, status in s.execute(
                    select(
                        tables.delegations.c.id,
                        tables.delegations.c.task_id,
                        tables.tasks.c.title,
                        tables.delegations.c.next_check_in_on,
                        tables.delegations.c.due_on,
                        tables.delegations.c.status,
                    )
                    .join(Task, tables.tasks.c.id == tables.delegations.c.task_id)
                    .where(
                        tables.delegations.c.person_id == person_id,
                        tables.delegations.c.status.in_(open_statuses),
                    )
                    .order_by(
                        tables.delegations.c.next_check_in_on.is_(None),
                        tables.delegations.c.next_check_in_on,
                    )
                )
            ]
            last_note = s.scalars(
                select(Note)
                .where(tables.notes.c.person_id == person_id)
                .order_by(tables.notes.c.written_on.desc(), tables.notes.c.id.desc())
                .limit(1)
            ).first()
            # Requests from them: open tasks linked to them with a requester, or whose
            # requester is their name (typed before requesters were linked to people).
            name = person.name.casefold()
            t = tables.tasks.c
            requests = [
                OpenRequest(t_id, title, Quadrant(quadrant), needed)
                for t_id, title, quadrant, needed, requester, linked in s.execute(
                    select(t.id, t.title, t.quadrant, t.needed_by, t.requester, t.person_id)
                    .where(t.status == TaskStatus.OPEN, t.requester != "")
                    .order_by(t.needed_by.is_(None), t.needed_by, t.id)
                )
                if linked == person_id or requester.strip().casefold() == name
            ]
        last = self.last_one_on_one(person_id)
        return Brief(
            person=person,
            cadence=cadence_status(
                last,
                person.one_on_one_every_days,
                today,
                person.started_on,
                self.next_booked([person_id]).get(person_id),
            ),
            mine=[i for i in items if i.owner is ActionOwner.MINE],
            theirs=[i for i in items if i.owner is ActionOwner.THEIRS],
            topics=topics,
            delegations=delegations,
            last_note=last_note,
            requests=requests,
        )

    # == search ===========================================================================
    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every note (FTS5 in the vault).

        Any input is accepted: it is rewritten into safe FTS5 syntax first. Up to
        RANKED_MAX matches are ordered by relevance (bm25); a query that matches more (a
        very common word) lists the newest notes first instead, because ranking tens of
        thousands of matches costs hundreds of milliseconds and says little anyway.
        """
        match = fts_query(query)
        if not match:
            return []
        params = {
            "q": match,
            "hs": HIT_START,
            "he": HIT_END,
            "lim": int(limit),
            "snip_max": SNIPPET_MAX_CHARS,
            "scan": 200_000,
        }
        with self.ctx.read() as s:
            many = s.execute(
                text(
                    "SELECT count(*) FROM (SELECT rowid FROM notes_fts "
                    "WHERE notes_fts MATCH :q LIMIT :cap)"
                ),
                {"q": match, "cap": RANKED_MAX + 1},
            ).scalar()
            order = "notes_fts.rowid DESC" if (many or 0) > RANKED_MAX else "rank"
            rows = s.execute(
                text(
                    "SELECT n.id, n.person_id, p.name, n.kind, n.written_on, "
                    f"CASE WHEN {_TEXT_LENGTH} <= :snip_max "
                    "THEN snippet(notes_fts, -1, :hs, :he, '…', 16) END, "
                    f"CASE WHEN {_TEXT_LENGTH} > :snip_max "
                    "THEN substr(n.body || ' ' || n.situation, 1, :scan) END "
                    "FROM notes_fts JOIN notes AS n ON n.id = notes_fts.rowid "
                    "JOIN people AS p ON p.id = n.person_id "
                    f"WHERE notes_fts MATCH :q ORDER BY {order} LIMIT :lim"
                ),
                params,
            ).all()
        return [
            SearchHit(
                note_id=row[0],
                person_id=row[1],
                person_name=row[2],
                kind=NoteKind(row[3]),
                written_on=row[4] if isinstance(row[4], date) else date.fromisoformat(row[4]),
                snippet=row[5] if row[5] is not None else python_snippet(row[6] or "", query),
            )
            for row in rows
        ]

    def highlighted_body(self, note_id: int, query: str) -> str:
        """The note body with matched words wrapped in HIT_START/HIT_END (jump target)."""
        match = fts_query(query)
        note = self.get(note_id)
        if not match or len(note.body) > 200_000:  # highlight() is slow on huge notes
            return note.body
        sql = text(
            "SELECT highlight(notes_fts, 0, :hs, :he) FROM notes_fts "
            "WHERE notes_fts MATCH :q AND rowid = :id"
        )
        with self.ctx.read() as s:
            value = s.execute(
                sql, {"q": match, "hs": HIT_START, "he": HIT_END, "id": note_id}
            ).scalar()
        return value if value is not None else note.body


# -- helpers ------------------------------------------------------------------------------
def _get(s: Session, cls: type[_Row], record_id: int, what: str) -> _Row:
    row = s.get(cls, record_id)
    if row is None:
        raise NotFoundError(f"That {what} no longer exists.")
    return row


def _writable_person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFoundError("That person no longer exists.")
    if person.archived:
        raise ValidationError("This person is archived: restore them to change their notes.")
    return person


def _clean_text(value: str | None) -> str:
    value = value or ""
    if not isinstance(value, str):
        raise ValidationError("Note text must be text.")
    if len(value) > NOTE_MAX_CHARS:
        raise ValidationError("The note is too long (at most 5 million characters).")
    if "\x00" in value:
        raise ValidationError("The note contains a NUL character.")
    return value


def _clean_item(value: str, what: str, *, allow_empty: bool = False) -> str:
    value = (value or "").strip()
    if not value and not allow_empty:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(value) > ITEM_MAX_CHARS:
        raise ValidationError(f"The {what} is too long (at most {ITEM_MAX_CHARS:,} characters).")
    if "\x00" in value:
        raise ValidationError(f"The {what} contains a NUL character.")
    return value


def _clean_lines(lines: Sequence[str]) -> list[str]:
    """One item per non-empty line; a leading list marker ("- ", "* ", "[ ]") is dropped."""
    result: list[str] = []
    for raw in lines:
        for line in str(raw).splitlines():
            line = re.sub(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]?\]\s*)?", "", line).strip()
            if line:
                result.append(_clean_item(line, "item"))
    return result


def _sync_rows(s: Session, existing: list[Any], wanted: list[str], make: Any, is_open: Any) -> None:
    """Make the rows linked to a quick note match its lines, keeping ids of unchanged ones."""
    remaining = list(wanted)
    for row in existing:
        if row.text in remaining:
            remaining.remove(row.text)
        elif is_open(row):
            s.delete(row)
    for line in remaining:
        s.add(make(line))
