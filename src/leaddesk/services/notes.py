"""Private per-person notes, action items, topics to revisit, growth goals, search."""

from __future__ import annotations

from .base import Service


class NoteService(Service):
    """Owned by the notes area; methods are added as the area lands."""
