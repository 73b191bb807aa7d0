"""The week view's read (``BlockService.week_rows``, plain rows by SQL text) gives exactly
what the record read (``BlockService.week``) and ``booked_task_ids`` give, field by field,
at the week's edges too; and ``week_after`` patches a read week as reading it again would."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from leaddesk.domain.model import BlockKind, BlockOutcome, Quadrant, TimeBlock
from leaddesk.services.blocks import week_after

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = date(2026, 11, 16)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def _values(blocks) -> list[tuple]:  # type: ignore[no-untyped-def]
    names = [f.name for f in fields(TimeBlock)]
    return [(*tuple(getattr(b, n) for n in names), b.minutes) for b in blocks]


def _fill(services) -> int:  # type: ignore[no-untyped-def]
    blocks = services.blocks
    task = services.tasks.capture("Write the memo", quadrant=Quadrant.DO, estimate_minutes=45)
    blocks.create("Sunday before", BlockKind.THINKING, at(15, 22), at(16, 0))  # ends at the edge
    blocks.create("Deep work", BlockKind.FOCUS, at(16, 0), at(16, 2), protected=True)
    blocks.book_tasks([task.id], at(17, 14))
    blocks.create(
        "Stand-up", BlockKind.MEETING, at(18, 9), at(18, 9, 15), recurrence="FREQ=DAILY;COUNT=4"
    )
    late = blocks.create("Late", BlockKind.ADMIN, at(22, 23), at(23, 0)).created_ids[0]
    blocks.set_outcome([late], BlockOutcome.DERAILED, "fire drill")
    blocks.create("Next week", BlockKind.REVIEW, at(23, 0), at(23, 1))
    return task.id


def test_week_rows_are_the_week_as_records_field_by_field(services) -> None:
    task_id = _fill(services)
    for monday in (WEEK, WEEK + timedelta(days=7), WEEK - timedelta(days=7)):
        read = services.blocks.week_rows(monday)
        assert _values(read.blocks) == _values(services.blocks.week(monday))
        assert read.booked_task_ids == services.blocks.booked_task_ids(monday)
    assert task_id in services.blocks.week_rows(WEEK).booked_task_ids
    assert next(b.title for b in services.blocks.week_rows(WEEK).blocks) == "Deep work"


def test_week_after_a_change_is_the_week_read_again(services) -> None:
    _fill(services)
    blocks = services.blocks
    single = blocks.create("Admin", BlockKind.ADMIN, at(19, 10), at(19, 11)).created_ids[0]
    for start in (at(20, 15), at(24, 9), at(16, 0, 30)):  # in the week, out of it, first
        before = blocks.week_rows(WEEK)
        change = blocks.update(single, start=start, end=start + timedelta(hours=1))
        patched = week_after(WEEK, BERLIN, before, change)
        assert patched is not None
        assert _values(patched.blocks) == _values(blocks.week_rows(WEEK).blocks)
    gone = blocks.delete(single)
    assert week_after(WEEK, BERLIN, blocks.week_rows(WEEK), gone) is not None
    series = [b for b in blocks.week(WEEK) if b.series_id is not None][1]
    moved = blocks.update(series.id, start=at(20, 16), end=at(20, 16, 15))
    assert week_after(WEEK, BERLIN, blocks.week_rows(WEEK), moved) is None  # read again


def test_a_block_row_has_the_fields_of_a_time_block_in_their_order() -> None:
    from leaddesk.services.blocks import BlockRow

    # week_after builds rows from a change's snapshots (TimeBlock's fields, by name) and
    # the SQL text lists the columns in this order: a new field must be added to both.
    assert BlockRow._fields == tuple(f.name for f in fields(TimeBlock))
