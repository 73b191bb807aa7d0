"""The quick-note window's save: one note plus its action items and topics, in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ...domain.model import ActionItem, ActionOwner, BlockKind, Note, NoteKind, TimeBlock, Topic
from ...storage import tables
from ..arguments import checked_arguments
from ..base import ChangeKind, Service
from .common import clean_lines, clean_text, get_row, writable_person

QUICK_NOTE_WINDOW = timedelta(hours=2)
LONGEST_BLOCK = timedelta(hours=25)  # one local day, the day the clocks go back
# A quick note typed before its person was chosen, kept (encrypted, in the vault) when the
# vault locks, so the next quick note window brings it back instead of losing it.
UNFILED_KEY = "quick_note/unfiled"


@dataclass(frozen=True)
class QuickNoteIds:
    """What a quick-note save created, so the window keeps updating the same records."""

    note_id: int


@checked_arguments
class QuickNoteService(Service):
    """Finds the one-on-one that just ended and saves its quick note."""

    def just_ended_one_on_one(self, within: timedelta = QUICK_NOTE_WINDOW) -> TimeBlock | None:
        """The one-on-one block (with a person) that ended most recently within ``within``,
        or is still running: whose notes the quick-note window is for."""
        now = self.clock.now()
        # A block stays within one local day (services.blocks: at most 25 hours, on the
        # day the clocks go back), so one that ended after ``now - within`` started at most
        # that long before: the lower bound keeps this an index range of about a day
        # instead of a scan of every block since the vault began (40 ms at fifty years).
        stmt = (
            select(TimeBlock)
            .where(
                tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                tables.time_blocks.c.person_id.is_not(None),
                tables.time_blocks.c.start >= now - within - LONGEST_BLOCK,
                tables.time_blocks.c.start <= now,
                tables.time_blocks.c.end >= now - within,
            )
            .order_by(tables.time_blocks.c.end.desc())
            .limit(1)
        )
        with self.ctx.read() as s:
            return s.scalars(stmt).first()

    def keep_unfiled(
        self,
        *,
        discussed: str,
        mine: Sequence[str] = (),
        theirs: Sequence[str] = (),
        revisit: Sequence[str] = (),
    ) -> None:
        """Keep a quick note whose person is not chosen yet (the vault is about to lock).

        One draft at most: a newer one replaces it. :meth:`take_unfiled` gives it back.
        """
        draft = {
            "discussed": clean_text(discussed),
            "mine": clean_lines(mine),
            "theirs": clean_lines(theirs),
            "revisit": clean_lines(revisit),
        }
        with self.ctx.write(ChangeKind.SETTINGS) as s:
            s.execute(
                delete(tables.vault_settings).where(tables.vault_settings.c.key == UNFILED_KEY)
            )
            s.execute(insert(tables.vault_settings).values(key=UNFILED_KEY, value=draft))

    def take_unfiled(self) -> dict[str, Any] | None:
        """The kept unfiled quick note (and forget it), or None."""
        key = tables.vault_settings.c.key
        with self.ctx.read() as s:
            found = s.execute(select(tables.vault_settings.c.value).where(key == UNFILED_KEY))
            value = found.scalar_one_or_none()
        if value is None:
            return None
        with self.ctx.write(ChangeKind.SETTINGS) as s:
            s.execute(delete(tables.vault_settings).where(key == UNFILED_KEY))
        return dict(value) if isinstance(value, dict) else None

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
        body = clean_text(discussed)
        lines = {
            ActionOwner.MINE: clean_lines(mine),
            ActionOwner.THEIRS: clean_lines(theirs),
        }
        topics = clean_lines(revisit)
        now = self.clock.now()
        today = now.date()
        with self.ctx.write(ChangeKind.NOTES) as s:
            writable_person(s, person_id)
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
                note = get_row(s, Note, note_id, "note")
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
