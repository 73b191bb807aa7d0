"""Action items (mine and theirs) that carry forward until ticked, and turning mine into tasks."""

from __future__ import annotations

from datetime import date

from ...domain.errors import ValidationError
from ...domain.model import ActionItem, ActionOwner, Quadrant, Task
from ...domain.rules import clean_title
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import ChangeKind, Service
from .common import clean_item, get_row, writable_person


@checked_arguments
class ActionItemService(Service):
    """A person's action items."""

    def open_action_items(
        self, person_id: int, owner: ActionOwner | None = None
    ) -> list[ActionItem]:
        """Open items carry forward from every older note until ticked (oldest first)."""
        with self.hub.read() as s:
            return NotesRepository(s).open_action_items(person_id, owner)

    def action_items(self, person_id: int, *, include_done: bool = True) -> list[ActionItem]:
        with self.hub.read() as s:
            return NotesRepository(s).action_items(person_id, include_done=include_done)

    def get_action_item(self, item_id: int) -> ActionItem:
        with self.hub.read() as s:
            return get_row(NotesRepository(s), ActionItem, item_id, "action item")

    def add_action_item(
        self, person_id: int, owner: ActionOwner, text_: str, *, note_id: int | None = None
    ) -> ActionItem:
        item = ActionItem(
            person_id=person_id,
            owner=ActionOwner(owner),
            text=clean_item(text_, "action item"),
            note_id=note_id,
            created_on=self.clock.today(),
        )
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            writable_person(repo, person_id)
            repo.add(item)
        return item

    def set_action_done(self, item_id: int, done: bool) -> date | None:
        """Tick or untick; returns the previous ``done_on`` so undo restores it exactly."""
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            item = get_row(repo, ActionItem, item_id, "action item")
            writable_person(repo, item.person_id)
            before = item.done_on
            item.done_on = (before or self.clock.today()) if done else None
        return before

    def remove_action_item(self, item_id: int) -> None:
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            item = get_row(repo, ActionItem, item_id, "action item")
            writable_person(repo, item.person_id)
            repo.delete(item)

    def action_to_task(self, item_id: int) -> Task:
        """Turn one of MY action items into an Inbox task linked to the person (one step)."""
        with self.hub.write(ChangeKind.NOTES, ChangeKind.TASKS) as s:
            repo = NotesRepository(s)
            item = get_row(repo, ActionItem, item_id, "action item")
            writable_person(repo, item.person_id)
            if item.owner is not ActionOwner.MINE:
                raise ValidationError("Only your own action items can become tasks.")
            if item.task_id is not None and repo.find(Task, item.task_id) is not None:
                raise ValidationError("This action item is already a task.")
            highest = repo.highest_inbox_position()
            task = Task(
                title=clean_title(item.text),
                quadrant=Quadrant.INBOX,
                position=float(highest or 0.0) + 1.0,
                person_id=item.person_id,
                created_at=self.clock.now(),
            )
            repo.add(task)
            item.task_id = task.id
        return task
