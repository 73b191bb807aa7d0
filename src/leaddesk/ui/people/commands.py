"""Undo commands of the people area: each calls the notes/people services, never widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...domain.model import ActionOwner, NoteKind
from ...services.container import Services
from ..undo import ServiceCommand

NOTE_EDIT_ID = 0x6E07E  # typing in one note merges into one step (QUndoCommand.id)
QUICK_NOTE_ID = 0x6E07F


class EditNoteCommand(ServiceCommand):
    """Text typed into one note during one editing session: ONE undo step.

    The autosave pushes one command per pause; consecutive saves of the same note within
    the same editing session (same ``session`` token) merge, so undo returns to the text
    before the session started.
    """

    def __init__(
        self, services: Services, note_id: int, field_name: str, old: str, new: str, session: int
    ) -> None:
        super().__init__("Edit note")
        self.services = services
        self.note_id = note_id
        self.field_name = field_name
        self.old = old
        self.new = new
        self.session = session

    def apply(self) -> None:
        self.services.notes.update_note(self.note_id, **{self.field_name: self.new})

    def revert(self) -> None:
        self.services.notes.update_note(self.note_id, **{self.field_name: self.old})

    def id(self) -> int:
        return NOTE_EDIT_ID

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, EditNoteCommand):
            return False
        if (other.note_id, other.field_name, other.session) != (
            self.note_id,
            self.field_name,
            self.session,
        ):
            return False
        self.new = other.new
        return True


class AddNoteCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, kind: NoteKind, **fields: Any) -> None:
        super().__init__("Add note")
        self.services = services
        self.person_id = person_id
        self.kind = kind
        self.fields = fields
        self.note_id: int | None = None
        self._snapshot: dict[str, Any] | None = None

    def apply(self) -> None:
        if self._snapshot is not None:
            self.services.notes.restore_note(self._snapshot)
            return
        note = self.services.notes.add_note(self.person_id, self.kind, **self.fields)
        self.note_id = note.id

    def revert(self) -> None:
        assert self.note_id is not None
        self._snapshot = self.services.notes.remove_note(self.note_id)


class AddFeedbackCommand(AddNoteCommand):
    def apply(self) -> None:
        if self._snapshot is not None:
            self.services.notes.restore_note(self._snapshot)
            return
        note = self.services.notes.add_feedback(self.person_id, kind=self.kind, **self.fields)
        self.note_id = note.id


class DeleteNoteCommand(ServiceCommand):
    def __init__(self, services: Services, note_id: int) -> None:
        super().__init__("Delete note")
        self.services = services
        self.note_id = note_id
        self._snapshot: dict[str, Any] | None = None

    def apply(self) -> None:
        self._snapshot = self.services.notes.remove_note(self.note_id)

    def revert(self) -> None:
        assert self._snapshot is not None
        self.services.notes.restore_note(self._snapshot)


class TickActionCommand(ServiceCommand):
    def __init__(self, services: Services, item_id: int, done: bool) -> None:
        super().__init__("Tick action item" if done else "Reopen action item")
        self.services = services
        self.item_id = item_id
        self.done = done
        self._before: date | None = None

    def apply(self) -> None:
        self._before = self.services.notes.set_action_done(self.item_id, self.done)

    def revert(self) -> None:
        self.services.notes.restore_action_done(self.item_id, self._before)


class ResolveTopicCommand(ServiceCommand):
    def __init__(self, services: Services, topic_id: int, resolved: bool) -> None:
        super().__init__("Resolve topic" if resolved else "Reopen topic")
        self.services = services
        self.topic_id = topic_id
        self.resolved = resolved
        self._before: date | None = None

    def apply(self) -> None:
        self._before = self.services.notes.set_topic_resolved(self.topic_id, self.resolved)

    def revert(self) -> None:
        self.services.notes.restore_topic_resolved(self.topic_id, self._before)


class AddActionItemCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, owner: ActionOwner, text: str) -> None:
        super().__init__("Add action item")
        self.services = services
        self.args = (person_id, owner, text)
        self._data: dict[str, Any] | None = None
        self.item_id: int | None = None

    def apply(self) -> None:
        if self._data is not None:
            self.services.notes.restore_action_item(self._data)
            return
        self.item_id = self.services.notes.add_action_item(*self.args).id

    def revert(self) -> None:
        assert self.item_id is not None
        self._data = self.services.notes.remove_action_item(self.item_id)


class AddTopicCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, text: str) -> None:
        super().__init__("Add topic")
        self.services = services
        self.args = (person_id, text)
        self._data: dict[str, Any] | None = None
        self.topic_id: int | None = None

    def apply(self) -> None:
        if self._data is not None:
            self.services.notes.restore_topic(self._data)
            return
        self.topic_id = self.services.notes.add_topic(*self.args).id

    def revert(self) -> None:
        assert self.topic_id is not None
        self._data = self.services.notes.remove_topic(self.topic_id)


class ActionToTaskCommand(ServiceCommand):
    def __init__(self, services: Services, item_id: int) -> None:
        super().__init__("Make inbox task")
        self.services = services
        self.item_id = item_id
        self.task_id: int | None = None

    def apply(self) -> None:
        self.task_id = self.services.notes.action_to_task(self.item_id).id

    def revert(self) -> None:
        assert self.task_id is not None
        self.services.notes.undo_action_to_task(self.item_id, self.task_id)


class ArchivePersonCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, archived: bool) -> None:
        super().__init__("Archive person" if archived else "Restore person")
        self.services = services
        self.person_id = person_id
        self.archived = archived

    def apply(self) -> None:
        self.services.people.set_archived(self.person_id, self.archived)

    def revert(self) -> None:
        self.services.people.set_archived(self.person_id, not self.archived)


class AddPersonCommand(ServiceCommand):
    def __init__(self, services: Services, name: str, **fields: Any) -> None:
        super().__init__("Add person")
        self.services = services
        self.name = name
        self.fields = fields
        self.person_id: int | None = None

    def apply(self) -> None:
        self.person_id = self.services.people.add(self.name, **self.fields).id

    def revert(self) -> None:
        assert self.person_id is not None
        self.services.people.remove_new(self.person_id)


class EditPersonCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, **changes: Any) -> None:
        super().__init__("Edit person")
        self.services = services
        self.person_id = person_id
        self.changes = changes
        self._before: dict[str, Any] = {}

    def apply(self) -> None:
        person = self.services.people.get(self.person_id)
        self._before = {key: getattr(person, key) for key in self.changes}
        self.services.people.update(self.person_id, **self.changes)

    def revert(self) -> None:
        self.services.people.update(self.person_id, **self._before)


class AddGoalCommand(ServiceCommand):
    def __init__(self, services: Services, person_id: int, goal: str, **fields: Any) -> None:
        super().__init__("Add growth goal")
        self.services = services
        self.args = (person_id, goal)
        self.fields = fields
        self._data: dict[str, Any] | None = None
        self.goal_id: int | None = None

    def apply(self) -> None:
        if self._data is not None:
            self.services.notes.restore_goal(self._data)
            return
        self.goal_id = self.services.notes.add_goal(*self.args, **self.fields).id

    def revert(self) -> None:
        assert self.goal_id is not None
        self._data = self.services.notes.remove_goal(self.goal_id)


class EditGoalCommand(ServiceCommand):
    def __init__(self, services: Services, goal_id: int, **changes: Any) -> None:
        super().__init__("Edit growth goal")
        self.services = services
        self.goal_id = goal_id
        self.changes = changes
        self._before: dict[str, Any] = {}

    def apply(self) -> None:
        self._before = self.services.notes.update_goal(self.goal_id, **self.changes)

    def revert(self) -> None:
        self.services.notes.update_goal(self.goal_id, **self._before)


class RemoveGoalCommand(ServiceCommand):
    def __init__(self, services: Services, goal_id: int) -> None:
        super().__init__("Remove growth goal")
        self.services = services
        self.goal_id = goal_id
        self._data: dict[str, Any] | None = None

    def apply(self) -> None:
        self._data = self.services.notes.remove_goal(self.goal_id)

    def revert(self) -> None:
        assert self._data is not None
        self.services.notes.restore_goal(self._data)


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


class QuickNoteCommand(ServiceCommand):
    """Every autosave of one quick-note window merges into one "Quick note" undo step;
    undoing it removes the note and the open items it created."""

    def __init__(
        self,
        services: Services,
        person_id: int,
        note_id: int | None,
        before: QuickNoteState | None,
        after: QuickNoteState,
        session: int,
    ) -> None:
        super().__init__("Quick note")
        self.services = services
        self.person_id = person_id
        self.note_id = note_id
        self.before = before
        self.after = after
        self.session = session

    def apply(self) -> None:
        self.note_id = self.services.notes.save_quick_note(
            self.person_id, self.note_id, **self.after.as_kwargs()
        )

    def revert(self) -> None:
        assert self.note_id is not None
        if self.before is None:
            self.services.notes.remove_note(self.note_id, with_open_items=True)
            self.note_id = None
        else:
            self.services.notes.save_quick_note(
                self.person_id, self.note_id, **self.before.as_kwargs()
            )

    def id(self) -> int:
        return QUICK_NOTE_ID

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, QuickNoteCommand) or other.session != self.session:
            return False
        self.after = other.after
        self.note_id = other.note_id
        self.person_id = other.person_id  # the person may be corrected until the window closes
        return True
