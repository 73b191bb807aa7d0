"""AppContext.run: one user action is one undo step and ONE change set, emitted after the
push, naming every kind and id it touched and who made it."""

from __future__ import annotations

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import Quadrant
from leaddesk.services.base import ChangeKind


def test_one_action_is_one_step_and_one_change_set_after_the_push(ctx) -> None:
    heard = []
    ctx.changed.connect(lambda changes: heard.append((changes, ctx.undo_stack.count())))
    person = ctx.services.people.add("Ana").id
    heard.clear()
    me = object()

    def act(s):  # two writes, two kinds: still one action
        task = s.tasks.capture("Prepare the offsite", quadrant=Quadrant.DO)
        s.delegations.create(task.id, person)
        return task.id

    outcome = ctx.run(act, "Delegate a new task", initiator=me)
    assert outcome and ctx.undo_stack.count() == 1
    assert ctx.undo_stack.undoText() == "Delegate a new task"
    assert len(heard) == 1
    changes, count_when_heard = heard[0]
    assert count_when_heard == 1  # emitted after the step was on the stack
    assert changes.initiator is me
    assert {ChangeKind.TASKS, ChangeKind.DELEGATIONS} <= changes.kinds
    assert changes.ids[ChangeKind.TASKS] == {outcome.value}
    assert len(ctx.services.tasks.open_tasks()) == 1  # the push did not run it a second time

    heard.clear()
    ctx.undo_stack.undo()
    assert ctx.services.tasks.open_tasks() == [] and ctx.services.delegations.rows() == []
    assert len(heard) == 1 and outcome.value in heard[0][0].ids[ChangeKind.TASKS]
    ctx.undo_stack.redo()
    assert [t.id for t in ctx.services.tasks.open_tasks()] == [outcome.value]


def test_a_refused_action_half_way_changes_nothing_and_is_not_a_step(ctx, monkeypatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: reported.append(exc))
    heard = []
    ctx.changed.connect(heard.append)

    def act(s):
        s.tasks.capture("first write, committed")
        s.tasks.capture("")  # refused: the first write must be put back too

    assert not ctx.run(act, "Two captures")
    assert ctx.services.tasks.open_tasks() == []
    assert ctx.undo_stack.count() == 0 and heard == []
    assert len(reported) == 1 and isinstance(reported[0], ValidationError)


def test_typing_in_one_note_merges_into_one_step(ctx) -> None:
    person = ctx.services.people.add("Ana").id
    note = ctx.services.notes.add_note(person, body="a").id
    for text in ("ab", "abc", "abcd"):
        ctx.run(
            lambda s, t=text: s.notes.update_note(note, body=t),
            "Edit note",
            merge_key=(0x6E07E, note),
        )
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert ctx.services.notes.get(note).body == "a"
    ctx.undo_stack.redo()
    assert ctx.services.notes.get(note).body == "abcd"


def test_run_while_locked_is_refused(ctx, monkeypatch) -> None:
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: None)
    ctx.lock()
    ran = []
    assert not ctx.run(lambda s: ran.append(1), "x")
    assert ran == [] and ctx.undo_stack.count() == 0
