"""Action items (mine and theirs) that carry forward until ticked, and turning mine into tasks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ...domain.errors import ValidationError
from ...domain.model import ActionItem, ActionOwner, Quadrant, Task, TaskStatus
from ...domain.rules import clean_title
from ...storage import tables
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
        stmt = select(ActionItem).where(
            tables.action_items.c.person_id == person_id,
            tables.action_items.c.done_on.is_(None),
        )
        if owner is not None:
            stmt = stmt.where(tables.action_items.c.owner == owner)
        stmt = stmt.order_by(tables.action_items.c.created_on, tables.action_items.c.id)
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def action_items(self, person_id: int, *, include_done: bool = True) -> list[ActionItem]:
        stmt = select(ActionItem).where(tables.action_items.c.person_id == person_id)
        if not include_done:
            stmt = stmt.where(tables.action_items.c.done_on.is_(None))
        stmt = stmt.order_by(
            tables.action_items.c.done_on.is_not(None),
            tables.action_items.c.created_on,
            tables.action_items.c.id,
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def get_action_item(self, item_id: int) -> ActionItem:
        with self.ctx.read() as s:
            return get_row(s, ActionItem, item_id, "action item")

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
        with self.ctx.write(ChangeKind.NOTES) as s:
            writable_person(s, person_id)
            s.add(item)
            s.flush()
        return item

    def set_action_done(self, item_id: int, done: bool) -> date | None:
        """Tick or untick; returns the previous ``done_on`` so undo restores it exactly."""
        with self.ctx.write(ChangeKind.NOTES) as s:
            item = get_row(s, ActionItem, item_id, "action item")
            writable_person(s, item.person_id)
            before = item.done_on
            item.done_on = (before or self.clock.today()) if done else None
        return before

    def remove_action_item(self, item_id: int) -> None:
        with self.ctx.write(ChangeKind.NOTES) as s:
            item = get_row(s, ActionItem, item_id, "action item")
            writable_person(s, item.person_id)
            s.delete(item)

    def action_to_task(self, item_id: int) -> Task:
        """Turn one of MY action items into an Inbox task linked to the person (one step)."""
        with self.ctx.write(ChangeKind.NOTES, ChangeKind.TASKS) as s:
            item = get_row(s, ActionItem, item_id, "action item")
            writable_person(s, item.person_id)
            if item.owner is not ActionOwner.MINE:
                raise ValidationError("Only your own action items can become tasks.")
            if item.task_id is not None and s.get(Task, item.task_id) is not None:
                raise ValidationError("This action item is already a task.")
            highest = s.scalar(
                select(func.max(tables.tasks.c.position)).where(
                    tables.tasks.c.status == TaskStatus.OPEN,
                    tables.tasks.c.quadrant == Quadrant.INBOX,
                )
            )
            task = Task(
                title=clean_title(item.text),
                quadrant=Quadrant.INBOX,
                position=float(highest or 0.0) + 1.0,
                person_id=item.person_id,
                created_at=self.clock.now(),
            )
            s.add(task)
            s.flush()
            item.task_id = task.id
        return task
