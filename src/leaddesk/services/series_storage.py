"""Repeating blocks as stored rows: a series is stored ahead (26 weeks when it is made,
further by the explicit write :meth:`SeriesStorage.extend_series`), the occurrences not
stored yet are computed at read time, and an undo/redo drops the rows stored after its step.

``BlockService`` inherits :class:`SeriesStorage`; see ``domain.recurrence`` for the design.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ..domain.model import TimeBlock
from ..domain.recurrence import Recurrence
from ..domain.week import week_bounds
from ..storage.repositories.blocks import BlockRepository
from ..storage.row_changes import RowChanges
from .arguments import checked_arguments
from .base import ChangeKind, Service
from .block_rows import BlockTracker, get_block, occurrence

MATERIALIZE_AHEAD = timedelta(weeks=26)  # open-ended series exist as rows this far ahead


@checked_arguments
class SeriesStorage(Service):
    """The series part of ``BlockService`` (a base class: the week view calls these methods
    on ``services.blocks``)."""

    if TYPE_CHECKING:

        def between(self, start: datetime, end: datetime) -> list[TimeBlock]: ...

    @property
    def tz(self) -> tzinfo:
        return self.clock.tz

    def _horizon(self, start: datetime) -> datetime:
        return max(start, self.clock.now()) + MATERIALIZE_AHEAD

    def _materialize(
        self,
        s: Session,
        track: BlockTracker | None,
        head: TimeBlock,
        rule: Recurrence,
        until: datetime,
        after: datetime | None = None,
    ) -> int:
        """Create the occurrences of ``head``'s series after ``after`` and before ``until``."""
        tz = self.tz
        first = after if after is not None else head.start
        made = 0
        for start in rule.occurrences(tz, until, after=first):
            if start <= first:
                continue
            block = occurrence(head, start, tz)
            if block is None:
                continue
            if track is not None:
                track.created(block)
            else:
                s.add(block)
            made += 1
        return made

    def week_as_planned(self, first_day: date) -> list[TimeBlock]:
        """The week of ``first_day`` with every repeating block, stored or not (exports and
        planning of a week the week view has not shown). Writes nothing."""
        begin, end = week_bounds(first_day, self.tz)
        return self.with_unstored(begin, end)

    def with_unstored(self, start: datetime, end: datetime) -> list[TimeBlock]:
        """:meth:`between`, plus the occurrences of repeating blocks that are not stored
        yet (unsaved blocks, no id): what the range will hold, computed at read time, for
        planning a week nobody has shown yet. Writes nothing."""
        stored = self.between(start, end)
        extra: list[TimeBlock] = []
        tz = self.tz
        with self.hub.read() as s:
            for head_id, last in self._series_behind(s, end):
                head = get_block(s, head_id)
                rule = Recurrence.from_text(head.recurrence)
                for when in rule.occurrences(tz, end, after=last):
                    block = occurrence(head, when, tz) if when > last else None
                    if block is not None and block.end > start and block.start < end:
                        extra.append(block)
        return sorted([*stored, *extra], key=lambda b: (b.start, b.id or 0))

    def _series_behind(self, s: Session, target: datetime) -> list[tuple[int, datetime]]:
        """(head id, last stored start) of every repeating series with occurrences due
        before ``target`` that are not stored: one grouped read."""
        tz = self.tz
        behind = []
        for row in BlockRepository(s).series_ending_before(target):
            rule = Recurrence.from_text(row.recurrence)
            if any(when > row.last for when in rule.occurrences(tz, target, after=row.last)):
                behind.append((row.id, row.last))  # an ended rule has nothing due
        return behind

    def extend_series(self, until: datetime) -> int:
        """Store the occurrences of open-ended repeating blocks up to ``until`` (and four
        weeks beyond, so the next weeks cost nothing); returns how many were stored.

        An explicit write, announced like any other (``ChangeKind.BLOCKS``), for the week
        view and booking before they read a week: :meth:`between` never writes. When nothing
        is due it is one read (where each series' stored occurrences end), no transaction.
        What was stored is decided from the vault alone, so any service object (another
        window, the demo seeder) sees the same series.
        """
        target = until + timedelta(weeks=4)
        with self.hub.read() as s:
            behind = self._series_behind(s, target)
        if not behind:
            return 0
        with self.hub.write(ChangeKind.BLOCKS) as s:
            return self.store_ahead(s, until)

    def store_ahead(self, s: Session, until: datetime) -> int:
        """:meth:`extend_series`'s write, inside the transaction it opened."""
        target = until + timedelta(weeks=4)
        made = 0
        for head_id, last in self._series_behind(s, target):
            head = get_block(s, head_id)
            rule = Recurrence.from_text(head.recurrence)
            made += self._materialize(s, None, head, rule, target, after=last)
        return made


def drop_series_rows_stored_since(s: Session, changes: RowChanges, backwards: bool) -> None:
    """Before an undo or redo puts a series head back under another rule, or removes it:
    the occurrences ``extend_series`` stored after the step was recorded (a later week was
    shown) belong to the rule being replaced and go; the week view stores the restored
    rule's days again when it shows them. They are newer than every row the step recorded
    (a rule change records every row of its series, see ``block_series.change_rule``)."""
    ids = changes.ids().get("time_blocks")
    if not ids:
        return
    newest = max(ids)
    repo = BlockRepository(s)
    for block_id in ids:
        target = changes.values(("time_blocks", block_id), after=not backwards)
        now = changes.values(("time_blocks", block_id), after=backwards)
        if now is None or now["series_id"] != block_id:
            continue  # not a series head where the vault stands now
        if target is not None and target["recurrence"] == now["recurrence"]:
            continue
        repo.delete_series_rows_after(block_id, newest)
