"""What every block write shares: validated times, the tracker of the rows an action
touches and the :class:`BlockChange` it returns, and one occurrence of a series.

The midnight rule: a block must end after it starts and stay within one local day (it may
end exactly at midnight); see ``services/blocks.py``.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import TimeBlock
from ..storage.repositories.blocks import BlockRepository
from ..storage.repositories.drafts import DraftRepository

Row = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class BlockChange:
    """Rows touched by one action: ``None`` means "did not exist" on that side."""

    before: dict[int, Row | None]
    after: dict[int, Row | None]

    @property
    def created_ids(self) -> list[int]:
        return [
            i for i, row in self.after.items() if row is not None and self.before.get(i) is None
        ]

    @property
    def is_empty(self) -> bool:
        return self.before == self.after


def snapshot(block: TimeBlock) -> Row:
    return {f.name: getattr(block, f.name) for f in dataclasses.fields(TimeBlock)}


class BlockTracker:
    """Records the before-state of rows as an action touches them, then the after-state."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.before: dict[int, Row | None] = {}
        self.touched: list[TimeBlock] = []

    def touch(self, block: TimeBlock) -> TimeBlock:
        if block.id is not None and block.id not in self.before:
            self.before[block.id] = snapshot(block)
        if block not in self.touched:
            self.touched.append(block)
        return block

    def created(self, block: TimeBlock) -> TimeBlock:
        self.session.add(block)
        self.session.flush()
        assert block.id is not None
        self.before.setdefault(block.id, None)
        self.touched.append(block)
        return block

    def deleted(self, block: TimeBlock) -> None:
        self.touch(block)
        self.session.delete(block)

    def change(self) -> BlockChange:
        self.session.flush()
        after: dict[int, Row | None] = {}
        for block_id in self.before:
            current = self.session.get(TimeBlock, block_id)
            after[block_id] = None if current is None else snapshot(current)
        if any(after[i] is None and self.before[i] is not None for i in after):
            DraftRepository(self.session).drop_orphans()  # a deleted block's draft goes too
        return BlockChange(dict(self.before), after)


def aware(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValidationError(f"The {what} time needs a date, a time and a time zone.")
    return moment.astimezone(UTC)


def check_times(start: datetime, end: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """Validated (start, end) in UTC; see the module docstring for the midnight rule."""
    start = aware(start, "start")
    end = aware(end, "end")
    if end == start:
        raise ValidationError("A block cannot be zero minutes long.")
    if end < start:
        raise ValidationError("A block must end after it starts.")
    local_start = start.astimezone(tz)
    local_end = end.astimezone(tz)
    ends_at_midnight = (
        local_end.hour == 0 and local_end.minute == 0 and local_end.second == 0
    ) and local_end.date() == local_start.date() + timedelta(days=1)
    if local_end.date() != local_start.date() and not ends_at_midnight:
        raise ValidationError(
            "A block cannot run past midnight; split it into two blocks, one per day."
        )
    return start, end


def occurrence(head: TimeBlock, start: datetime, tz: tzinfo) -> TimeBlock | None:
    """A new block of ``head``'s series at ``start`` (same length, title, kind, person and
    protection), or None when those times are refused (e.g. a late block that a DST change
    pushes over midnight: it is skipped, as when the series was made)."""
    start = start.astimezone(UTC)
    block = TimeBlock(
        title=head.title,
        kind=head.kind,
        start=start,
        end=start + (head.end - head.start),
        person_id=head.person_id,
        protected=head.protected,
        series_id=head.id,
    )
    try:
        check_times(block.start, block.end, tz)
    except ValidationError:
        return None
    return block


def get_block(s: Session, block_id: int) -> TimeBlock:
    block = BlockRepository(s).get(block_id)
    if block is None:
        raise NotFoundError("That block no longer exists.")
    return block
