"""The people area's user actions, as operations (ui/undo.py) on the one generic undo step.

Each calls the notes/people services once; undo and redo put back the rows the action changed
by id (a deleted note with its items, a task made from an action item, ...), so no service
method exists for undo. The first argument (the services) is what the call sites hand over;
the action runs on the session's services when it is performed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...domain.model import ActionOwner, NoteKind
from ...services.container import Services
from ..undo import Operation

if TYPE_CHECKING:
    from ..context import AppContext, Outcome

NOTE_EDIT_ID = 0x6E07E  # typing in one note merges into one step (QUndoCommand.id)
QUICK_NOTE_ID = 0x6E07F


def perform_here(
    ctx: AppContext, command: Operation, initiator: object, *, quiet: bool = False
) -> Outcome[object]:
    """Run ``command`` as one undo step made by ``initiator``: the widget (or its model) that
    shows the result. Its own follower skips the change set this announces (issue 14 item 3),
    so the caller updates what the write changed from the outcome's value, reading nothing
    back; every other view follows the change set as usual."""
    return ctx.run(
        command.perform, command.label, initiator, quiet=quiet, merge_key=command.merge_key
    )


class EditNoteCommand(Operation):
    """Text typed into one note during one editing session: ONE undo step.

    The autosave pushes one operation per pause; consecutive saves of the same note field
    within the same editing session (same ``session`` token) merge, so undo returns to the
    text before the session started.
    """

    def __init__(
        self, services: Services, note_id: int, field_name: str, old: str, new: str, session: int
    ) -> None:
        self.label = "Edit note"
        self.note_id = note_id
        self.field_name = field_name
        self.new = new
        self.merge_key = (NOTE_EDIT_ID, (note_id, field_name, session))

    def perform(self, services: Services) -> object:
        return services.notes.update_note(self.note_id, **{self.field_name: self.new})


class AddNoteCommand(Operation):
    def __init__(self, services: Services, person_id: int, kind: NoteKind, **fields: Any) -> None:
        self.label = "Add note"
        self.person_id = person_id
        self.kind = kind
        self.fields = fields
        self.note_id: int | None = None

    def perform(self, services: Services) -> object:
        note = services.notes.add_note(self.person_id, self.kind, **self.fields)
        self.note_id = note.id
        return note


class AddFeedbackCommand(AddNoteCommand):
    def perform(self, services: Services) -> object:
        note = services.notes.add_feedback(self.person_id, kind=self.kind, **self.fields)
        self.note_id = note.id
        return note


class DeleteNoteCommand(Operation):
    def __init__(self, services: Services, note_id: int) -> None:
        self.label = "Delete note"
        self.note_id = note_id

    def perform(self, services: Services) -> object:
        services.notes.remove_note(self.note_id)
        return None


class TickActionCommand(Operation):
    def __init__(self, services: Services, item_id: int, done: bool) -> None:
        self.label = "Tick action item" if done else "Reopen action item"
        self.item_id = item_id
        self.done = done

    def perform(self, services: Services) -> object:
        return services.notes.set_action_done(self.item_id, self.done)


class ResolveTopicCommand(Operation):
    def __init__(self, services: Services, topic_id: int, resolved: bool) -> None:
        self.label = "Resolve topic" if resolved else "Reopen topic"
        self.topic_id = topic_id
        self.resolved = resolved

    def perform(self, services: Services) -> object:
        return services.notes.set_topic_resolved(self.topic_id, self.resolved)


class AddActionItemCommand(Operation):
    def __init__(self, services: Services, person_id: int, owner: ActionOwner, text: str) -> None:
        self.label = "Add action item"
        self.args = (person_id, owner, text)
        self.item_id: int | None = None

    def perform(self, services: Services) -> object:
        item = services.notes.add_action_item(*self.args)
        self.item_id = item.id
        return item


class AddTopicCommand(Operation):
    def __init__(self, services: Services, person_id: int, text: str) -> None:
        self.label = "Add topic"
        self.args = (person_id, text)
        self.topic_id: int | None = None

    def perform(self, services: Services) -> object:
        topic = services.notes.add_topic(*self.args)
        self.topic_id = topic.id
        return topic


class ActionToTaskCommand(Operation):
    def __init__(self, services: Services, item_id: int) -> None:
        self.label = "Make inbox task"
        self.item_id = item_id
        self.task_id: int | None = None

    def perform(self, services: Services) -> object:
        task = services.notes.action_to_task(self.item_id)
        self.task_id = task.id
        return task


class ArchivePersonCommand(Operation):
    def __init__(self, services: Services, person_id: int, archived: bool) -> None:
        self.label = "Archive person" if archived else "Restore person"
        self.person_id = person_id
        self.archived = archived

    def perform(self, services: Services) -> object:
        return services.people.set_archived(self.person_id, self.archived)


class AddPersonCommand(Operation):
    def __init__(self, services: Services, name: str, **fields: Any) -> None:
        self.label = "Add person"
        self.name = name
        self.fields = fields
        self.person_id: int | None = None

    def perform(self, services: Services) -> object:
        person = services.people.add(self.name, **self.fields)
        self.person_id = person.id
        return person


class EditPersonCommand(Operation):
    def __init__(self, services: Services, person_id: int, **changes: Any) -> None:
        self.label = "Edit person"
        self.person_id = person_id
        self.changes = changes

    def perform(self, services: Services) -> object:
        return services.people.update(self.person_id, **self.changes)


class AddGoalCommand(Operation):
    def __init__(self, services: Services, person_id: int, goal: str, **fields: Any) -> None:
        self.label = "Add growth goal"
        self.args = (person_id, goal)
        self.fields = fields
        self.goal_id: int | None = None

    def perform(self, services: Services) -> object:
        goal = services.notes.add_goal(*self.args, **self.fields)
        self.goal_id = goal.id
        return goal


class EditGoalCommand(Operation):
    def __init__(self, services: Services, goal_id: int, **changes: Any) -> None:
        self.label = "Edit growth goal"
        self.goal_id = goal_id
        self.changes = changes

    def perform(self, services: Services) -> object:
        return services.notes.update_goal(self.goal_id, **self.changes)


class RemoveGoalCommand(Operation):
    def __init__(self, services: Services, goal_id: int) -> None:
        self.label = "Remove growth goal"
        self.goal_id = goal_id

    def perform(self, services: Services) -> object:
        services.notes.remove_goal(self.goal_id)
        return None


@dataclass
class QuickNoteState:
    discussed: str = ""
    mine: list[str] = field(default_factory=list)
    theirs: list[str] = field(default_factory=list)
    revisit: list[str] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "discussed": self.discussed,
            "mine": self.mine,
            "theirs": self.theirs,
            "revisit": self.revisit,
        }


class QuickNoteCommand(Operation):
    """Every autosave of one quick-note window merges into one "Quick note" undo step
    (same ``session``); undoing it removes the note and the open items it created, or puts
    back the text it had before the window saved. ``note_id`` once saved."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        note_id: int | None,
        before: QuickNoteState | None,
        after: QuickNoteState,
        session: int,
    ) -> None:
        self.label = "Quick note"
        self.person_id = person_id
        self.note_id = note_id
        self.after = after
        self.merge_key = (QUICK_NOTE_ID, session)

    def perform(self, services: Services) -> object:
        self.note_id = services.notes.save_quick_note(
            self.person_id, self.note_id, **self.after.as_kwargs()
        )
        return self.note_id
