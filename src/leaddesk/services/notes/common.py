"""Limits, text checks and row lookups shared by the note sub-services."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from ...domain.errors import NotFoundError, ValidationError
from ...domain.model import Person
from ...storage.repositories.notes import NotesRepository

_Row = TypeVar("_Row")  # a mapped domain class (Note, ActionItem, ...)
NOTE_MAX_CHARS = 5_000_000  # a 1 MB note must fit comfortably
ITEM_MAX_CHARS = 2_000


def get_row(repo: NotesRepository, cls: type[_Row], record_id: int, what: str) -> _Row:
    row = repo.find(cls, record_id)
    if row is None:
        raise NotFoundError(f"That {what} no longer exists.")
    return row


def writable_person(repo: NotesRepository, person_id: int) -> Person:
    person = repo.find(Person, person_id)
    if person is None:
        raise NotFoundError("That person no longer exists.")
    return writable(person)


def writable(person: Person) -> Person:
    """``person``, whose notes may change: refused while they are archived."""
    if person.archived:
        raise ValidationError("This person is archived: restore them to change their notes.")
    return person


def clean_text(value: str | None) -> str:
    value = value or ""
    if not isinstance(value, str):
        raise ValidationError("Note text must be text.")
    if len(value) > NOTE_MAX_CHARS:
        raise ValidationError("The note is too long (at most 5 million characters).")
    if "\x00" in value:
        raise ValidationError("The note contains a NUL character.")
    return value


def clean_item(value: str, what: str, *, allow_empty: bool = False) -> str:
    value = (value or "").strip()
    if not value and not allow_empty:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(value) > ITEM_MAX_CHARS:
        raise ValidationError(f"The {what} is too long (at most {ITEM_MAX_CHARS:,} characters).")
    if "\x00" in value:
        raise ValidationError(f"The {what} contains a NUL character.")
    return value


def clean_lines(lines: Sequence[str]) -> list[str]:
    """One item per non-empty line; a leading list marker ("- ", "* ", "[ ]") is dropped."""
    result: list[str] = []
    for raw in lines:
        for line in str(raw).splitlines():
            line = re.sub(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]?\]\s*)?", "", line).strip()
            if line:
                result.append(clean_item(line, "item"))
    return result
