"""Planning that thinks: a proposed week (tasks and the one-on-ones due), accepted in one step.

``propose`` gathers what ``domain.planner.plan_week`` needs from the vault (open Do and
Schedule tasks not booked in that week, the week's blocks, who is due a one-on-one) and
returns its :class:`~leaddesk.domain.planner.Proposal`; nothing is written. ``accept``
turns the placements the user kept into blocks in ONE transaction (one undo step): it
checks them again first (the week may have changed since the proposal was made) and
writes nothing when one no longer fits.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta

from ..domain.capacity import Interval
from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import BlockKind, TaskStatus, TimeBlock
from ..domain.planner import Placement, PlanOneOnOne, PlanRules, PlanTask, Proposal, plan_week
from ..domain.rules import clean_title
from ..domain.week import is_all_day
from ..storage.repositories.reviews import ReviewRepository
from .arguments import checked_arguments
from .base import ChangeKind, Service
from .block_rows import BlockChange, BlockTracker, check_times
from .blocks import BlockService


@checked_arguments
class PlanningService(Service):
    @property
    def _blocks(self) -> BlockService:
        return BlockService(self.hub)

    # -- reading ----------------------------------------------------------------------
    def plan_tasks(self, task_ids: Sequence[int] | None = None) -> list[PlanTask]:
        """Open Do and Schedule tasks (only ``task_ids`` when given), in board order."""
        with self.hub.read() as s:
            rows = ReviewRepository(s).plan_tasks(task_ids)
        return [
            PlanTask(
                id=row.id,
                title=row.title,
                quadrant=row.quadrant,
                estimate_minutes=row.estimate_minutes,
                due_on=row.due_on,
                needed_by=row.needed_by,
                position=row.position or 0.0,
                person_id=row.person_id,
                not_before=row.not_before,
            )
            for row in rows
        ]

    def one_on_ones_due(self, first_day: date) -> list[PlanOneOnOne]:
        """Everyone (not archived) whose one-on-one is due by the end of the week of
        ``first_day`` and who has none booked from now on."""
        from .notes.cadence import CadenceService  # the people list's own cadence figures

        week_end = first_day + timedelta(days=6)
        return [
            PlanOneOnOne(
                row.person.id,
                row.person.name,
                row.person.one_on_one_minutes,
                row.cadence.next_due_on,
            )
            for row in CadenceService(self.hub).people_overview()
            if row.person.id is not None
            and row.cadence.booked_at is None
            and row.cadence.next_due_on <= week_end
        ]

    def propose(
        self,
        first_day: date,
        rules: PlanRules | None = None,
        *,
        task_ids: Sequence[int] | None = None,
        include_tasks: bool = True,
        include_one_on_ones: bool = True,
    ) -> Proposal:
        """A proposal for the week of ``first_day`` (nothing is written)."""
        blocks = self._blocks.week_as_planned(first_day)  # repeats not stored yet included
        booked = {b.task_id for b in blocks if b.task_id is not None}
        week_end = first_day + timedelta(days=6)
        tasks = (
            [  # deferred past the week: not a candidate (it is off the board until then)
                t
                for t in self.plan_tasks(task_ids)
                if t.id not in booked and (t.not_before is None or t.not_before <= week_end)
            ]
            if include_tasks
            else []
        )
        people = self.one_on_ones_due(first_day) if include_one_on_ones else []
        return plan_week(
            tasks,
            [Interval(b.start, b.end, b.kind) for b in blocks],
            first_day,
            self.clock.tz,
            rules,
            not_before=self.clock.now(),
            one_on_ones=people,
        )

    # -- writing ----------------------------------------------------------------------
    def accept(self, placements: Sequence[Placement]) -> BlockChange:
        """Book ``placements`` as blocks, all in one transaction, or none of them."""
        if not placements:
            raise ValidationError("Nothing to book: the proposal is empty.")
        tz = self.clock.tz
        checked = []
        for p in placements:
            start, end = check_times(p.start, p.end, tz)
            checked.append((p, start, end, clean_title(p.title), BlockKind(p.kind)))
        ordered = sorted(checked, key=lambda c: c[1])
        for (_, _, end, _, _), (_, start, _, _, _) in itertools.pairwise(ordered):
            if start < end:
                raise ValidationError("Two proposed blocks overlap; nothing was booked.")
        begin = min(c[1] for c in checked) - timedelta(days=1)
        finish = max(c[2] for c in checked)
        self._blocks.extend_series(finish)  # series rows of those weeks exist first
        with self.hub.write(ChangeKind.BLOCKS) as s:
            repo = ReviewRepository(s)
            existing = [
                b for b in repo.blocks_starting(begin, finish) if not is_all_day(b.start, b.end, tz)
            ]
            track = BlockTracker(s)
            for p, start, end, title, kind in checked:
                if any(b.start < end and start < b.end for b in existing):
                    raise ValidationError(
                        "The week changed since the proposal: a proposed block now overlaps "
                        "another one. Nothing was booked; plan again."
                    )
                if p.task_id is not None:
                    task = repo.task(p.task_id)
                    if task is None or task.status is not TaskStatus.OPEN:
                        raise NotFoundError(
                            "A proposed task was finished, let go or deleted meanwhile. "
                            "Nothing was booked; plan again."
                        )
                if p.person_id is not None and repo.person(p.person_id) is None:
                    raise NotFoundError("That person no longer exists. Nothing was booked.")
                track.created(
                    TimeBlock(
                        title=title,
                        kind=kind,
                        start=start,
                        end=end,
                        task_id=p.task_id,
                        person_id=p.person_id,
                        protected=p.protected and kind is BlockKind.FOCUS,
                    )
                )
            return track.change()
