from __future__ import annotations


def test_undoing_an_added_person_removes_them_and_redo_brings_the_same_id(services) -> None:
    with services.hub.operation() as added:
        fresh = services.people.add("Fresh")
    services.hub.undo(added.rows)
    assert services.people.list() == []
    services.hub.redo(added.rows)
    assert [(p.id, p.name) for p in services.people.list()] == [(fresh.id, "Fresh")]


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
