"""The people service: adding, editing, archiving, and refusing bad input without writing."""

from __future__ import annotations

from datetime import date

import pytest

from leaddesk.domain.errors import NotFoundError, ValidationError
from leaddesk.domain.model import Relationship
from leaddesk.services.base import ChangeKind


def test_add_lists_people_by_name_and_notifies(services, clock) -> None:
    heard = []
    services.subscribe(heard.append)
    zoe = services.people.add("  Zoë Park ", role="Staff Engineer", started_on=date(2024, 3, 1))
    ali = services.people.add("Ali Haddad", relationship=Relationship.PEER)
    assert [p.name for p in services.people.list()] == ["Ali Haddad", "Zoë Park"]
    stored = services.people.get(zoe.id)
    assert (stored.role, stored.relationship, stored.started_on) == (
        "Staff Engineer",
        Relationship.REPORT,
        date(2024, 3, 1),
    )
    assert stored.created_at == clock.now()
    assert services.people.get(ali.id).relationship is Relationship.PEER
    assert [c.kinds for c in heard] == [frozenset({ChangeKind.PEOPLE})] * 2


def test_defaults_follow_the_common_cadence(services) -> None:
    person = services.people.get(services.people.add("Kim").id)
    assert (person.one_on_one_every_days, person.one_on_one_minutes) == (14, 30)
    assert person.initials == "KI"


INVALID_PEOPLE = [
    {"name": ""},
    {"name": "   "},
    {"name": "two\nlines"},
    {"name": "x" * 201},
    {"name": "Kim", "role": "a\nb"},
    {"name": "Kim", "one_on_one_every_days": 0},
    {"name": "Kim", "one_on_one_every_days": 400},
    {"name": "Kim", "one_on_one_minutes": 15},  # never below 30 minutes
    {"name": "Kim", "one_on_one_minutes": 600},
]


def test_invalid_people_are_refused_and_nothing_is_stored(services) -> None:
    heard = []
    services.subscribe(heard.append)
    for case in INVALID_PEOPLE:  # one vault for all cases: creating one costs ~0.5 s
        kwargs = dict(case)
        name = kwargs.pop("name")
        with pytest.raises(ValidationError):
            services.people.add(name, **kwargs)
    assert services.people.list(include_archived=True) == []
    assert heard == []


def test_update_changes_fields_and_refuses_bad_values_as_a_whole(services) -> None:
    person = services.people.add("Sam Lee", role="Engineer")
    services.people.update(person.id, role="Senior Engineer", one_on_one_every_days=21)
    stored = services.people.get(person.id)
    assert (stored.role, stored.one_on_one_every_days) == ("Senior Engineer", 21)

    with pytest.raises(ValidationError):
        services.people.update(person.id, role="Lead", one_on_one_minutes=5)
    with pytest.raises(ValidationError):
        services.people.update(person.id, archived=True)  # not an editable field
    assert services.people.get(person.id).role == "Senior Engineer"


def test_archived_people_leave_the_list_and_come_back(services) -> None:
    person = services.people.add("Robin Avery")
    services.people.set_archived(person.id, True)
    assert services.people.list() == []
    assert [p.id for p in services.people.list(include_archived=True)] == [person.id]
    services.people.set_archived(person.id, False)
    assert [p.id for p in services.people.list()] == [person.id]


def test_missing_people_are_not_found(services) -> None:
    with pytest.raises(NotFoundError):
        services.people.get(999)
    with pytest.raises(NotFoundError):
        services.people.update(999, role="x")
    with pytest.raises(NotFoundError):
        services.people.set_archived(999, True)
