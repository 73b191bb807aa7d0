"""The row-state tracker: one user action's rows before/after by id, put back by id."""

from __future__ import annotations

import pytest

from leaddesk.domain.model import Quadrant, TaskStatus
from leaddesk.services.base import ChangeKind, UndoConflictError
from leaddesk.storage import row_changes


def _rows(services) -> dict:
    with services.vault.transaction() as s:
        return row_changes.snapshot(s.connection())


def test_a_move_records_only_the_rows_it_changed_and_undo_redo_restore_them(services) -> None:
    *_, c = (services.tasks.capture(t, quadrant=Quadrant.DO).id for t in "abc")
    start = _rows(services)
    with services.hub.operation() as op:
        services.tasks.move([c], Quadrant.SCHEDULE, index=0)
    assert set(op.rows.ids()) == {"tasks"}
    assert c in op.rows.ids()["tasks"]
    moved = _rows(services)
    assert moved != start
    announced = services.hub.undo(op.rows)
    assert ChangeKind.TASKS in announced.kinds and c in announced.ids[ChangeKind.TASKS]
    assert _rows(services) == start
    services.hub.redo(op.rows)
    assert _rows(services) == moved


def test_deleting_a_task_records_its_cascaded_delegation_and_check_ins(services) -> None:
    person = services.people.add("Ari").id
    task = services.tasks.capture("Write the plan").id
    delegation = services.delegations.create(task, person).id
    services.delegations.check_in(delegation, note="on track")
    start = _rows(services)
    with services.hub.operation() as op:
        services.tasks.remove([task])
    assert {"tasks", "delegations", "check_ins"} <= set(op.rows.ids())
    assert not any(key[0] == "tasks" for key in _rows(services))
    services.hub.undo(op.rows)
    assert _rows(services) == start  # same ids, same values, the cascade included
    assert services.delegations.get(delegation).task_id == task
    services.hub.redo(op.rows)
    assert not any(key[0] in ("tasks", "delegations", "check_ins") for key in _rows(services))


def test_the_note_search_index_follows_undo_and_redo(services) -> None:
    person = services.people.add("Ari").id
    with services.hub.operation() as op:
        note = services.notes.add_note(person, body="zebracorn roadmap")
    assert [h.note_id for h in services.notes.search("zebracorn")] == [note.id]
    services.hub.undo(op.rows)
    assert services.notes.search("zebracorn") == []
    services.hub.redo(op.rows)
    assert [h.note_id for h in services.notes.search("zebracorn")] == [note.id]
    with services.hub.operation() as removal:
        services.notes.remove_note(note.id)
    assert services.notes.search("zebracorn") == []
    services.hub.undo(removal.rows)
    assert [h.note_id for h in services.notes.search("zebracorn")] == [note.id]


def test_a_failing_action_puts_back_what_its_earlier_writes_did(services) -> None:
    task = services.tasks.capture("Keep me").id
    start = _rows(services)
    with pytest.raises(RuntimeError), services.hub.operation():
        services.tasks.complete([task])
        raise RuntimeError("half way")
    assert _rows(services) == start
    assert services.tasks.get(task).status is TaskStatus.OPEN


def test_an_operation_holds_change_notices_back_and_merges_them(services) -> None:
    heard = []
    services.subscribe(heard.append)
    with services.hub.operation() as op:
        a = services.tasks.capture("one").id
        b = services.tasks.capture("two").id
    assert heard == []
    announced = op.change_set()
    assert announced.kinds == frozenset({ChangeKind.TASKS})
    assert announced.ids[ChangeKind.TASKS] == frozenset({a, b})


def test_a_step_that_no_longer_fits_the_records_is_refused_and_changes_nothing(services) -> None:
    with services.hub.operation() as op:
        task = services.tasks.capture("short lived").id
    services.hub.undo(op.rows)
    services.tasks.capture("takes the id")  # outside the history: SQLite reuses the id
    start = _rows(services)
    assert ("tasks", task) in start
    with pytest.raises(UndoConflictError):
        services.hub.redo(op.rows)
    assert _rows(services) == start


def test_merging_keeps_the_first_before_and_the_last_after(services) -> None:
    task = services.tasks.capture("title").id
    with services.hub.operation() as first:
        services.tasks.update(task, title="title 2")
    with services.hub.operation() as second:
        services.tasks.update(task, title="title 3")
    merged = first.rows.merge(second.rows)
    assert merged.values(("tasks", task), after=False)["title"] == "title"
    assert merged.values(("tasks", task))["title"] == "title 3"
    services.hub.undo(merged)
    assert services.tasks.get(task).title == "title"
