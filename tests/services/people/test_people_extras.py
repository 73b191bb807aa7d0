from __future__ import annotations

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import NoteKind


def test_remove_new_person_is_refused_once_notes_exist(services) -> None:
    fresh = services.people.add("Fresh")
    services.people.remove_new(fresh.id)
    assert services.people.list() == []
    kept = services.people.add("Kept")
    services.notes.add_note(kept.id, NoteKind.PERSONAL, "has a cat")
    with pytest.raises(ValidationError):
        services.people.remove_new(kept.id)
    assert [p.name for p in services.people.list()] == ["Kept"]


def test_archived_people_leave_the_overview_unless_asked(services) -> None:
    a = services.people.add("A")
    services.people.add("B")
    services.people.set_archived(a.id, True)
    assert [r.person.name for r in services.notes.people_overview()] == ["B"]
    names = [r.person.name for r in services.notes.people_overview(include_archived=True)]
    assert names == ["A", "B"]


def test_remove_quick_note_with_open_items_keeps_ticked_ones(services) -> None:
    p = services.people.add("P")
    nid = services.notes.save_quick_note(p.id, None, discussed="x", mine=["a", "b"])
    a = services.notes.open_action_items(p.id)[0]
    services.notes.set_action_done(a.id, True)
    services.notes.remove_note(nid, with_open_items=True)
    remaining = services.notes.action_items(p.id)
    assert [(i.text, i.note_id) for i in remaining] == [("a", None)]
