"""What the person page's tabs share: the tab order, the feedback fields, and a note as Markdown."""

from __future__ import annotations

from ....domain.model import Note, NoteKind
from ....services.base import ChangeKind

BRIEF, NOTES, FEEDBACK, GROWTH = range(4)  # the tabs, in this order
SBI_FIELDS = (
    ("situation", "Situation"),
    ("behavior", "Behavior"),
    ("impact", "Impact"),
    ("agreed_actions", "Agreed actions"),
)
FEEDBACK_KINDS = (NoteKind.FEEDBACK_GIVEN, NoteKind.FEEDBACK_RECEIVED)
RELEVANT = (  # the changes the page follows
    ChangeKind.NOTES,
    ChangeKind.PEOPLE,
    ChangeKind.DELEGATIONS,
    ChangeKind.TASKS,
    ChangeKind.BLOCKS,
)


def note_markdown(note: Note) -> str:
    """A note as Markdown: the body, then the feedback fields when present."""
    parts = [note.body] if note.body else []
    for label, value in (
        ("Situation", note.situation),
        ("Behavior", note.behavior),
        ("Impact", note.impact),
        ("Agreed actions", note.agreed_actions),
    ):
        if value:
            parts.append(f"**{label}:** {value}")
    return "\n\n".join(parts) if parts else "*(empty note)*"
