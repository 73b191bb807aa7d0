"""What the person page's tabs share: their base class, the tab order, the feedback fields
and a note as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ....domain.model import Note, NoteKind
from ....services.base import ChangeKind

if TYPE_CHECKING:
    from ....domain.model import Person
    from .shell import PersonPage

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


class PersonTab(QWidget):
    """Base of the person page's tabs: the page (shell.py) owns the person they show."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx

    @property
    def person(self) -> Person | None:
        return self.page.person

    @property
    def read_only(self) -> bool:
        return self.page.read_only


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
