"""Growth goals: what a person wants to grow in, the next step and a target date."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.errors import ValidationError
from ...domain.model import GoalStatus, GrowthGoal
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments, fields_of
from ..base import ChangeKind, Service
from .common import clean_item, get_row, writable_person

GOAL_FIELDS = frozenset({"goal", "next_step", "target_on", "status"})


@checked_arguments
class GoalService(Service):
    """A person's growth goals."""

    def goals(self, person_id: int) -> list[GrowthGoal]:
        with self.hub.read() as s:
            return NotesRepository(s).goals(person_id)

    def get_goal(self, goal_id: int) -> GrowthGoal:
        with self.hub.read() as s:
            return get_row(NotesRepository(s), GrowthGoal, goal_id, "growth goal")

    def add_goal(
        self,
        person_id: int,
        goal: str,
        *,
        next_step: str = "",
        target_on: date | None = None,
        status: GoalStatus = GoalStatus.NOT_STARTED,
    ) -> GrowthGoal:
        row = GrowthGoal(
            person_id=person_id,
            goal=clean_item(goal, "goal"),
            next_step=clean_item(next_step, "next step", allow_empty=True),
            target_on=target_on,
            status=GoalStatus(status),
        )
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            writable_person(repo, person_id)
            repo.add(row)
        return row

    @fields_of(GrowthGoal)
    def update_goal(self, goal_id: int, **changes: Any) -> dict[str, Any]:
        """Edit a goal; returns the previous values of the changed fields (for undo)."""
        unknown = set(changes) - GOAL_FIELDS
        if unknown:
            raise ValidationError(f"Unknown goal fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        if "goal" in cleaned:
            cleaned["goal"] = clean_item(cleaned["goal"], "goal")
        if "next_step" in cleaned:
            cleaned["next_step"] = clean_item(cleaned["next_step"], "next step", allow_empty=True)
        if "status" in cleaned:
            cleaned["status"] = GoalStatus(cleaned["status"])
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            row = get_row(repo, GrowthGoal, goal_id, "growth goal")
            writable_person(repo, row.person_id)
            before = {key: getattr(row, key) for key in cleaned}
            for key, value in cleaned.items():
                setattr(row, key, value)
        return before

    def remove_goal(self, goal_id: int) -> None:
        with self.hub.write(ChangeKind.NOTES) as s:
            repo = NotesRepository(s)
            row = get_row(repo, GrowthGoal, goal_id, "growth goal")
            writable_person(repo, row.person_id)
            repo.delete(row)
