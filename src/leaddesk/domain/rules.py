"""Validation rules shared by every service (messages are safe to show: no private text)."""

from __future__ import annotations

from .errors import ValidationError
from .model import NAME_MAX_LENGTH, TITLE_MAX_LENGTH


def clean_title(title: str, what: str = "title") -> str:
    """Trim outer whitespace; refuse empty or oversized titles. Inner newlines are kept."""
    if not isinstance(title, str):
        raise ValidationError(f"The {what} must be text.")
    cleaned = title.strip()
    if not cleaned:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(cleaned) > TITLE_MAX_LENGTH:
        raise ValidationError(
            f"The {what} is too long ({len(cleaned):,} characters; at most {TITLE_MAX_LENGTH:,})."
        )
    if "\x00" in cleaned:
        raise ValidationError(f"The {what} contains a NUL character.")
    return cleaned


def clean_name(name: str) -> str:
    cleaned = clean_title(name, "name")
    if "\n" in cleaned or len(cleaned) > NAME_MAX_LENGTH:
        raise ValidationError(f"A name must be one line of at most {NAME_MAX_LENGTH} characters.")
    return cleaned


def check_positive(value: int | None, what: str, allow_none: bool = True) -> int | None:
    if value is None:
        if allow_none:
            return None
        raise ValidationError(f"The {what} is required.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be a whole number.")
    if value <= 0:
        raise ValidationError(f"The {what} must be greater than zero.")
    if value > 100_000:
        raise ValidationError(f"The {what} is implausibly large.")
    return value
