"""Changing the repeat rule of a block: start, change or stop a series.

Runs inside ``BlockService.edit``'s one transaction and records every touched row on its
tracker, so the whole change is one ``BlockChange`` (one undo step, ids stable).

Rules, each chosen so the plan's past stays what it was:

* A new rule redraws the series from an anchor: the series' first block ("all") or the
  chosen occurrence ("this and following", which first ends the old series just before
  it, exactly as a "following" edit of the times does). "This one" is refused: a rule
  describes many blocks.
* Occurrences that the new rule keeps (same start) stay as they are, with their ids,
  outcomes and one-off edits; those it drops are deleted; missing ones are created.
* History is kept: a block that started before now and has an outcome (done, partly done,
  skipped, derailed) is never deleted. Under a new rule it stays in the series; when the
  series stops repeating it stays as a single block.
* "Does not repeat" keeps the edited block as a single block and removes the other
  occurrences in scope (history excepted).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.model import BlockOutcome, TimeBlock
from ..domain.recurrence import Recurrence
from ..storage.repositories.blocks import BlockRepository

if TYPE_CHECKING:
    from .block_rows import BlockTracker
    from .blocks import BlockService, Scope


def change_rule(
    service: BlockService,
    s: Session,
    track: BlockTracker,
    block: TimeBlock,
    scope: Scope,
    rule_text: str,
) -> None:
    """Give ``block`` (and its series, per ``scope``) the repeat rule ``rule_text``;
    ``""`` means "does not repeat". Raises ``ValidationError`` before the caller commits."""
    if block.read_only:
        raise ValidationError("Imported meetings are read-only.")
    if block.series_id is None:
        if rule_text:
            _start_series(service, s, track, block, rule_text)
        return  # a single block that stays single: nothing to do
    if scope not in ("following", "all"):
        raise ValidationError(
            "A repeat rule cannot change for one block alone: choose this and following, or all."
        )
    head = BlockRepository(s).get(block.series_id)
    if head is None or not head.recurrence:
        raise ValidationError("This block's series has no repeat rule to change.")
    old = Recurrence.from_text(head.recurrence)
    # Every row of the series goes into the change, touched or not: undo and redo can then
    # tell the rows that another rule materialized later (a far week shown in between)
    # from the series' own (BlockService.restore drops the former).
    for row in _series_rows(s, head.id, None):
        track.touch(row)
    whole = scope == "all" or head.id == block.id
    rows = _series_rows(s, head.id, None if whole else block.start)
    now = service.clock.now()
    if rule_text:
        anchor = head if whole else block
        dtstart = old.dtstart if whole else block.start
        new = Recurrence.make(dtstart, rule_text, service.tz)
        split = None if whole else block.start
        new = Recurrence(
            new.dtstart,
            new.rule,
            tuple(d for d in old.exdates if split is None or d >= split),
        )
        _check_until(new, anchor.start)
        if split is not None:
            track.touch(head)
            head.recurrence = old.ending_before(split).to_text()
        _redraw(service, s, track, anchor, new, rows, now)
    else:
        if not whole:
            track.touch(head)
            head.recurrence = old.ending_before(block.start).to_text()
        _stop(s, track, block, rows, now)


def _series_rows(s: Session, series_id: int | None, since: datetime | None) -> list[TimeBlock]:
    if series_id is None:
        return []
    return BlockRepository(s).of_series(series_id, since)


def _is_history(row: TimeBlock, now: datetime) -> bool:
    return row.start < now and row.outcome is not BlockOutcome.PLANNED


def _check_until(rule: Recurrence, start: datetime) -> None:
    until = rule.until
    if until is not None and until < start.astimezone(UTC):
        raise ValidationError("The repeat end date is before the block's day.")


def _start_series(
    service: BlockService, s: Session, track: BlockTracker, block: TimeBlock, rule_text: str
) -> None:
    rule = Recurrence.make(block.start, rule_text, service.tz)
    _check_until(rule, block.start)
    track.touch(block)
    block.recurrence = rule.to_text()
    block.series_id = block.id
    service._materialize(s, track, block, rule, _horizon(service, s, block.start))


def _horizon(service: BlockService, s: Session, start: datetime) -> datetime:
    """As far as the series must exist: the usual horizon, or as far as any series is
    already stored (a later week was shown: ``extend_series``), read from the vault."""
    horizon = service._horizon(start)
    stored = BlockRepository(s).latest_series_start()
    return max(horizon, stored) if stored is not None else horizon


def _redraw(
    service: BlockService,
    s: Session,
    track: BlockTracker,
    anchor: TimeBlock,
    rule: Recurrence,
    rows: list[TimeBlock],
    now: datetime,
) -> None:
    """Make ``rows`` (the series in scope, anchor included) follow ``rule`` from ``anchor``."""
    assert anchor.id is not None
    tz = service.tz
    horizon = _horizon(service, s, anchor.start)
    wanted = {
        start.astimezone(UTC)
        for start in rule.occurrences(tz, horizon, after=anchor.start)
        if start.astimezone(UTC) > anchor.start.astimezone(UTC)
    }
    track.touch(anchor)
    anchor.recurrence = rule.to_text()
    anchor.series_id = anchor.id
    existing: set[datetime] = set()
    doomed: list[TimeBlock] = []
    for row in rows:
        if row.id == anchor.id:
            continue
        start = row.start.astimezone(UTC)
        if (start in wanted and start not in existing) or _is_history(row, now):
            existing.add(start)
            if row.series_id != anchor.id or row.recurrence:
                track.touch(row)
                row.series_id = anchor.id
                row.recurrence = ""
        else:
            doomed.append(row)
    for row in doomed:
        track.deleted(row)
    s.flush()
    missing = sorted(wanted - existing)
    if not missing:
        return
    from .block_rows import occurrence  # the same blocks BlockService._materialize makes

    for start in missing:
        block = occurrence(anchor, start, tz)
        if block is not None:
            track.created(block)


def _stop(
    s: Session, track: BlockTracker, block: TimeBlock, rows: list[TimeBlock], now: datetime
) -> None:
    """``block`` stops repeating: it stays, as a single block; the rest of ``rows`` goes,
    except history, which stays as single blocks. Heads are removed last (references)."""
    heads: list[TimeBlock] = []
    for row in rows:
        if row.id == block.id:
            continue
        if _is_history(row, now):
            track.touch(row)
            row.series_id, row.recurrence = None, ""
        elif row.series_id == row.id:
            heads.append(row)
        else:
            track.deleted(row)
    track.touch(block)
    block.series_id, block.recurrence = None, ""
    s.flush()
    for head in heads:
        track.deleted(head)
    s.flush()
