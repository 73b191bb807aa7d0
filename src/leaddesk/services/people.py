"""The people a lead works with: reports, peers, manager, stakeholders."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import Person, Relationship
from ..domain.rules import check_positive, clean_name
from ..storage.repositories.people import PeopleRepository
from .arguments import checked_arguments, fields_of
from .base import ChangeKind, Service

EDITABLE_FIELDS = frozenset(
    {
        "name",
        "role",
        "relationship",
        "started_on",
        "one_on_one_every_days",
        "one_on_one_minutes",
        "feedback_preference",
        "email",
    }
)


@checked_arguments
class PeopleService(Service):
    def get(self, person_id: int) -> Person:
        with self.hub.read() as s:
            person = PeopleRepository(s).find(person_id)
            if person is None:
                raise NotFoundError("That person no longer exists.")
            return person

    def list(self, *, include_archived: bool = False) -> list[Person]:
        with self.hub.read() as s:
            return PeopleRepository(s).listed(include_archived=include_archived)

    def add(
        self,
        name: str,
        *,
        role: str = "",
        relationship: Relationship = Relationship.REPORT,
        started_on: date | None = None,
        one_on_one_every_days: int = 14,
        one_on_one_minutes: int = 30,
        feedback_preference: str = "",
        email: str = "",
    ) -> Person:
        person = Person(
            name=clean_name(name),
            role=_clean_role(role),
            relationship=Relationship(relationship),
            started_on=started_on,
            one_on_one_every_days=_cadence(one_on_one_every_days),
            one_on_one_minutes=_minutes(one_on_one_minutes),
            feedback_preference=feedback_preference.strip(),
            created_at=self.clock.now(),
            email=clean_email(email),
        )
        with self.hub.write(ChangeKind.PEOPLE) as s:
            PeopleRepository(s).add(person)
        return person

    @fields_of(Person)
    def update(self, person_id: int, **changes: Any) -> Person:
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown person fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        if "name" in cleaned:
            cleaned["name"] = clean_name(cleaned["name"])
        if "role" in cleaned:
            cleaned["role"] = _clean_role(cleaned["role"])
        if "relationship" in cleaned:
            cleaned["relationship"] = Relationship(cleaned["relationship"])
        if "one_on_one_every_days" in cleaned:
            cleaned["one_on_one_every_days"] = _cadence(cleaned["one_on_one_every_days"])
        if "one_on_one_minutes" in cleaned:
            cleaned["one_on_one_minutes"] = _minutes(cleaned["one_on_one_minutes"])
        if "email" in cleaned:
            cleaned["email"] = clean_email(cleaned["email"])
        with self.hub.write(ChangeKind.PEOPLE) as s:
            person = PeopleRepository(s).find(person_id)
            if person is None:
                raise NotFoundError("That person no longer exists.")
            for key, value in cleaned.items():
                setattr(person, key, value)
        return person

    def set_archived(self, person_id: int, archived: bool) -> Person:
        """Archive someone who left (their notes stay, read-only) or restore them; returns
        the person as they are now."""
        with self.hub.write(ChangeKind.PEOPLE) as s:
            person = PeopleRepository(s).find(person_id)
            if person is None:
                raise NotFoundError("That person no longer exists.")
            person.archived = archived
        return person


_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


def clean_email(email: str) -> str:
    """An optional e-mail address, lower-case ("" for none); matched against calendar
    attendees (``mailto:``) for one-on-ones from a subscribed calendar."""
    email = (email or "").strip()
    if email.lower().startswith("mailto:"):
        email = email[7:].strip()
    if not email:
        return ""
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise ValidationError(
            "That is not an e-mail address: write it like name@example.com, or leave it empty."
        )
    return email.lower()


def _clean_role(role: str) -> str:
    role = (role or "").strip()
    if len(role) > 200 or "\n" in role:
        raise ValidationError("A role must be one line of at most 200 characters.")
    return role


def _cadence(days: int) -> int:
    value = check_positive(days, "one-on-one cadence (days)", allow_none=False)
    assert value is not None
    if value > 365:
        raise ValidationError("A one-on-one cadence can be at most a year.")
    return value


def _minutes(minutes: int) -> int:
    value = check_positive(minutes, "one-on-one length (minutes)", allow_none=False)
    assert value is not None
    if value < 30:
        raise ValidationError("A one-on-one should last at least 30 minutes.")
    if value > 480:
        raise ValidationError("A one-on-one can last at most 8 hours.")
    return value
