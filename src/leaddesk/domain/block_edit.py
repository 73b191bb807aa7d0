"""Rules for editing and creating week blocks, kept out of the Qt slots (issue 14 item 6):
which fields an edit changes, whether a repeating block's edit needs a series scope and
which one applies when nobody can be asked (saving while the vault locks), and the
default times offered for a new block or an overrun."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from .model import BlockKind, BlockOutcome, TimeBlock
from .week import wall_time

EditScope = Literal["this", "following", "all"]  # the strings services.blocks.Scope takes
NEW_BLOCK_MINUTES = 60
OVERRUN_STEP = timedelta(minutes=15)


class SeriesQuestion(enum.Enum):
    """What to ask before an edit of a repeating block is applied."""

    RULE = "rule"  # the repeat rule changed: this and following, or the whole series?
    CHANGE = "change"  # fields changed: this block, this and following, or all?

    @property
    def quiet_scope(self) -> EditScope:
        """The answer when nobody can be asked: the one that leaves most of the series as
        it was (a new rule from this block on; a field change on this block only)."""
        return "following" if self is SeriesQuestion.RULE else "this"


@dataclass(frozen=True)
class BlockEdit:
    """What an editor's values change on a block, and the series question it raises."""

    changes: dict[str, object] = field(default_factory=dict)  # keywords for BlockService.edit
    outcome_changed: bool = False
    rule_changed: bool = False
    in_series: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.changes and not self.outcome_changed and not self.rule_changed

    @property
    def label(self) -> str:
        """The undo step's name."""
        return "Change repeat rule" if self.rule_changed and self.in_series else "Edit block"

    def series_question(self, *, quiet: bool = False) -> SeriesQuestion | None:
        """The question to ask first, or None when the edit applies to this block alone.
        ``quiet`` (saving on lock): a field change is not asked about; a rule change is,
        and its ``quiet_scope`` answers it."""
        if not self.in_series:
            return None
        if self.rule_changed:
            return SeriesQuestion.RULE
        if self.changes and not quiet:
            return SeriesQuestion.CHANGE
        return None


def diff_block_edit(
    block: TimeBlock,
    *,
    title: str,
    kind: BlockKind,
    start: datetime,
    end: datetime,
    protected: bool,
    person_id: int | None,
    outcome: BlockOutcome,
    outcome_reason: str,
    rule_changed: bool,
) -> BlockEdit:
    """Compare an editor's values with the stored block. A read-only (imported) block only
    takes an outcome: its fields and repeat rule are not compared."""
    changes: dict[str, object] = {}
    if not block.read_only:
        if title.strip() != block.title:
            changes["title"] = title
        if kind is not block.kind:
            changes["kind"] = kind
        if start != block.start or end != block.end:
            changes["start"], changes["end"] = start, end
        if protected != block.protected:
            changes["protected"] = protected
        if person_id != block.person_id:
            changes["person_id"] = person_id
    return BlockEdit(
        changes=changes,
        outcome_changed=(outcome, outcome_reason) != (block.outcome, block.outcome_reason),
        rule_changed=rule_changed and not block.read_only,
        in_series=block.series_id is not None,
    )


def next_quarter(moment: datetime) -> datetime:
    """``moment`` rounded up to the next quarter hour (unchanged on a quarter)."""
    minutes = (15 - moment.minute % 15) % 15
    return (moment + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def new_block_span(
    now: datetime,
    days: Sequence[date],
    day_start_hour: int,
    tz: tzinfo,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[datetime, datetime]:
    """Default times for a new block: from the next quarter hour when today is shown, else
    from the first shown day's working start; an hour long, cut at that day's midnight.
    A given ``start`` or ``end`` is kept."""
    if start is None:
        soon = next_quarter(now)
        if soon.astimezone(tz).date() in days:
            start = soon
        else:
            start = wall_time(days[0], day_start_hour * 60, tz)
    if end is None:
        end = start + timedelta(minutes=NEW_BLOCK_MINUTES)
        if end.astimezone(tz).date() != start.astimezone(tz).date():
            end = wall_time(start.astimezone(tz).date(), 24 * 60, tz)
    return start, end


def overrun_default_end(now: datetime, block: TimeBlock, tz: tzinfo) -> datetime:
    """The end offered when a block overran: the next quarter hour, at least a quarter
    past the block's end, and on the block's own day (else just that quarter)."""
    default = max(next_quarter(now), block.end + OVERRUN_STEP)
    if default.astimezone(tz).date() != block.start.astimezone(tz).date():
        default = block.end + OVERRUN_STEP
    return default
