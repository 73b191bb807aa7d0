"""Notes themselves: read one, page a person's timeline, add, edit and remove."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.errors import ValidationError
from ...domain.model import ActionItem, FeedbackTone, Note, NoteKind, Topic
from ...storage.repositories.notes import PREVIEW_CHARS, NotesRepository, TimelineRow
from ..arguments import checked_arguments, fields_of
from ..base import ChangeKind, Service, saved_id
from .common import clean_text, get_row, writable_person

NOTE_FIELDS = frozenset(
    {"kind", "written_on", "body", "situation", "behavior", "impact", "agreed_actions", "tone"}
)


# One row of a person's timeline: enough to list a note without loading a 1 MB body (the
# repository's row, as the timeline reads it).
NoteSummary = TimelineRow


def summary_of(note: Note) -> NoteSummary:
    """The timeline row of ``note`` as :meth:`NoteRecordService.timeline_page` reads it (the
    body, else the situation, cut to ``PREVIEW_CHARS``), for a view that saved the note."""
    return NoteSummary(
        id=saved_id(note.id),
        person_id=note.person_id,
        kind=NoteKind(note.kind),
        written_on=note.written_on,
        preview=(note.body or note.situation)[:PREVIEW_CHARS],
        tone=FeedbackTone(note.tone) if note.tone else None,
        length=len(note.body),
    )


@checked_arguments
class NoteRecordService(Service):
    """A person's notes: the timeline and each note's fields."""

    def get(self, note_id: int) -> Note:
        with self.hub.read() as s:
            return get_row(NotesRepository(s), Note, note_id, "note")

    def count_notes(self, person_id: int) -> int:
        with self.hub.read() as s:
            return NotesRepository(s).count_notes(person_id)

    def timeline_page(
        self,
        person_id: int,
        *,
        after: tuple[date, int] | None = None,
        limit: int = 100,
    ) -> list[NoteSummary]:
        """Newest first, ``limit`` at a time (keyset paging: ``after`` = last row's key)."""
        with self.hub.read() as s:
            return NotesRepository(s).timeline_page(person_id, after, limit)

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
            body=clean_text(body),
            situation=clean_text(situation),
            behavior=clean_text(behavior),
            impact=clean_text(impact),
            agreed_actions=clean_text(agreed_actions),
            tone=FeedbackTone(tone) if tone else None,
            created_at=now,
            updated_at=now,
        )
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            writable_person(repo, person_id)
            repo.add(note)
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
                cleaned[key] = clean_text(cleaned[key])
        if "kind" in cleaned:
            cleaned["kind"] = NoteKind(cleaned["kind"])
        if "tone" in cleaned and cleaned["tone"] is not None:
            cleaned["tone"] = FeedbackTone(cleaned["tone"])
        if "written_on" in cleaned and not isinstance(cleaned["written_on"], date):
            raise ValidationError("A note needs a date.")
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            note = get_row(repo, Note, note_id, "note")
            writable_person(repo, note.person_id)
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
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            note = get_row(repo, Note, note_id, "note")
            writable_person(repo, note.person_id)
            if with_open_items:
                for item in repo.items_of_note(note_id):
                    if item.done_on is None and item.task_id is None:
                        repo.delete(item)
                for topic in repo.topics_of_note(note_id):
                    if topic.resolved_on is None:
                        repo.delete(topic)
                repo.flush()
            repo.delete(note)  # its other items and topics stay, unlinked (SET NULL)

    def items_of_note(self, note_id: int) -> tuple[list[ActionItem], list[Topic]]:
        with self.hub.read() as s:
            repo = NotesRepository(s)
            return repo.items_of_note(note_id), repo.topics_of_note(note_id)
