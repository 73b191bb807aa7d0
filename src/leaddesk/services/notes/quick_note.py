"""The quick-note window's save: one note plus its action items and topics, in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ...domain.errors import NotFoundError
from ...domain.model import ActionItem, ActionOwner, Note, NoteKind, TimeBlock, Topic
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import ChangeKind, Service, saved_id
from .common import clean_lines, clean_text, writable, writable_person

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
        with self.hub.read() as s:
            return NotesRepository(s).latest_one_on_one_ending(
                ended_after=now - within, started_after=now - within - LONGEST_BLOCK, now=now
            )

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
        with self.hub.write(ChangeKind.SETTINGS) as s:
            NotesRepository(s).put_setting(UNFILED_KEY, draft)

    def take_unfiled(self) -> dict[str, Any] | None:
        """The kept unfiled quick note (and forget it), or None."""
        with self.hub.read() as s:
            value = NotesRepository(s).setting(UNFILED_KEY)
        if value is None:
            return None
        with self.hub.write(ChangeKind.SETTINGS) as s:
            NotesRepository(s).forget_setting(UNFILED_KEY)
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
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            if note_id is None:
                writable_person(repo, person_id)
                note = Note(
                    person_id=person_id,
                    kind=NoteKind.ONE_ON_ONE,
                    written_on=today,
                    body=body,
                    created_at=now,
                    updated_at=now,
                )
                repo.add(note)
            else:
                # The note with its person in one read; the person chosen is checked
                # (exists, not archived), whether it is still the note's or a correction.
                found = repo.note_with_person(note_id)
                if found is not None and found[1].id == person_id:
                    writable(found[1])
                else:
                    writable_person(repo, person_id)
                if found is None:
                    raise NotFoundError("That note no longer exists.")
                note = found[0]
                if note.body != body:
                    note.body = body
                    note.updated_at = now
                if note.person_id != person_id:  # the person was corrected in the window
                    note.person_id = person_id
                    note.updated_at = now
                    repo.move_note_items(saved_id(note.id), person_id)
            linked_id = saved_id(note.id)
            # A new note has nothing linked yet: no need to look.
            items = repo.items_of_note(linked_id) if note_id is not None else []
            for owner, wanted in lines.items():
                _sync_rows(
                    repo,
                    [item for item in items if item.owner is owner],
                    wanted,
                    lambda t, o=owner: ActionItem(
                        person_id=person_id, owner=o, text=t, note_id=linked_id, created_on=today
                    ),
                    is_open=lambda item: item.done_on is None and item.task_id is None,
                )
            _sync_rows(
                repo,
                repo.topics_of_note(linked_id) if note_id is not None else [],
                topics,
                lambda t: Topic(person_id=person_id, text=t, note_id=linked_id, created_on=today),
                is_open=lambda topic: topic.resolved_on is None,
            )
            return linked_id


def _sync_rows(
    repo: NotesRepository, existing: list[Any], wanted: list[str], make: Any, is_open: Any
) -> None:
    """Make the rows linked to a quick note match its lines, keeping ids of unchanged ones."""
    remaining = list(wanted)
    for row in existing:
        if row.text in remaining:
            remaining.remove(row.text)
        elif is_open(row):
            repo.delete(row)
    for line in remaining:
        repo.add_later(make(line))
