"""A move of one block (``BlockService.update`` with times only, scope "this", what a drag in
the week does) reads and writes one plain row instead of a tracked record (issue 18). It must
do exactly what the general path (``_update_rows``, which ``edit`` always takes) does: the
same stored rows, the same returned change, the same refusals, one undo step."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.errors import NotFoundError, ValidationError
from leaddesk.domain.model import BlockKind
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.services.base import ChangeKind

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = date(2026, 11, 16)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def _pair(services, kind: BlockKind, *, protected: bool, person: bool = False):  # type: ignore[no-untyped-def]
    """Two identical blocks: one moved by the one-row path, one by the general path."""
    person_id = services.people.add("Ana").id if person else None
    ids = [
        services.blocks.create(
            "Planning", kind, at(17, 9), at(17, 10), protected=protected, person_id=person_id
        ).created_ids[0]
        for _ in range(2)
    ]
    return ids


def _without_id(change):  # type: ignore[no-untyped-def]
    ((bid, before),) = change.before.items()
    ((aid, after),) = change.after.items()
    assert bid == aid
    return (
        None if before is None else {k: v for k, v in before.items() if k != "id"},
        None if after is None else {k: v for k, v in after.items() if k != "id"},
    )


@pytest.mark.parametrize(
    ("kind", "protected"),
    [
        (BlockKind.FOCUS, True),  # a protected focus block stays protected
        (BlockKind.MEETING, True),  # any other kind is never protected (create drops it)
        (BlockKind.ONE_ON_ONE, False),
    ],
)
@pytest.mark.parametrize(
    "times",
    [
        {"start": at(18, 14), "end": at(18, 15, 30)},  # another day, longer
        {"start": at(17, 11)},  # the length kept
        {"end": at(17, 12)},  # resized only
    ],
)
def test_a_move_stores_and_returns_what_the_general_path_does(services, kind, protected, times):  # type: ignore[no-untyped-def]
    fast_id, general_id = _pair(services, kind, protected=protected, person=True)
    heard = []
    services.subscribe(heard.append)
    fast = services.blocks.update(fast_id, **times)
    general = services.blocks.edit(general_id, **times)  # always the general path
    assert _without_id(fast) == _without_id(general)
    assert fast.after[fast_id]["start"].utcoffset() == timedelta(0)  # stored as UTC
    stored_fast = services.blocks.get(fast_id)
    stored_general = services.blocks.get(general_id)
    for field in ("title", "kind", "start", "end", "protected", "person_id", "outcome"):
        assert getattr(stored_fast, field) == getattr(stored_general, field), field
    assert fast.after[fast_id] == {
        k: getattr(stored_fast, k) for k in fast.after[fast_id]
    }  # what it returns is what is stored
    assert [c.kinds for c in heard] == [frozenset({ChangeKind.BLOCKS})] * 2


def test_a_move_of_one_occurrence_leaves_the_rest_of_its_series(services) -> None:  # type: ignore[no-untyped-def]
    rule = weekly_rule([1], until=at(17, 0) + timedelta(weeks=3))
    head = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(17, 9), at(17, 11), recurrence=rule
    ).created_ids
    series = sorted(services.blocks.get(i).start for i in head)
    second = next(i for i in head if services.blocks.get(i).start == series[1])
    change = services.blocks.update(second, "this", start=series[1] + timedelta(hours=2))
    assert list(change.after) == [second]
    starts = sorted(services.blocks.get(i).start for i in head)
    assert starts == sorted([series[0], series[1] + timedelta(hours=2), *series[2:]])


def test_moving_to_the_same_times_writes_nothing(services) -> None:  # type: ignore[no-untyped-def]
    block_id = services.blocks.create("Deep", BlockKind.FOCUS, at(17, 9), at(17, 10)).created_ids[0]
    with services.hub.operation() as op:
        change = services.blocks.update(block_id, start=at(17, 9), end=at(17, 10))
    assert change.is_empty and not op.rows  # no row written, nothing to undo


def test_refusals_are_the_same_and_change_nothing(services) -> None:  # type: ignore[no-untyped-def]
    block_id = services.blocks.create("Deep", BlockKind.FOCUS, at(17, 9), at(17, 10)).created_ids[0]
    with pytest.raises(ValidationError, match="midnight"):
        services.blocks.update(block_id, start=at(17, 23), end=at(18, 1))
    with pytest.raises(ValidationError, match="end after it starts"):
        services.blocks.update(block_id, start=at(17, 11), end=at(17, 10))
    with pytest.raises(ValidationError):
        services.blocks.update(block_id, start=datetime(2026, 11, 17, 11))  # naive
    with pytest.raises(NotFoundError, match="no longer exists"):
        services.blocks.update(block_id + 1000, start=at(17, 11))
    block = services.blocks.get(block_id)
    assert (block.start, block.end) == (at(17, 9), at(17, 10))
    services.calendar.import_ics(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a1\r\n"
        b"DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nSUMMARY:Sync\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    meeting = next(b for b in services.blocks.week(WEEK) if b.read_only)
    with pytest.raises(ValidationError, match="read-only"):
        services.blocks.update(meeting.id, start=at(19, 14))
    assert services.blocks.get(meeting.id).start == meeting.start


def test_a_move_is_one_undo_step_that_puts_the_row_back(services) -> None:  # type: ignore[no-untyped-def]
    block_id = services.blocks.create(
        "Deep", BlockKind.FOCUS, at(17, 9), at(17, 10), protected=True
    ).created_ids[0]
    with services.hub.operation() as op:
        services.blocks.update(block_id, start=at(18, 15), end=at(18, 16))
    moved = services.blocks.get(block_id)
    assert (moved.start, moved.protected) == (at(18, 15), True)
    services.hub.undo(op.rows)
    back = services.blocks.get(block_id)
    assert (back.start, back.end, back.protected) == (at(17, 9), at(17, 10), True)
    services.hub.redo(op.rows)
    assert services.blocks.get(block_id).start == at(18, 15)


def test_a_move_reads_and_writes_its_row_on_the_driver_connection(services) -> None:  # type: ignore[no-untyped-def]
    """The move's row read and UPDATE go to the unit of work's DB-API connection directly
    (a drag's hot path): SQLAlchemy runs only what opens the transaction, and the vault's
    trace still sees every statement (the row tracker and the commit counter too)."""
    from sqlalchemy import event

    block_id = services.blocks.create("Focus", BlockKind.FOCUS, at(17, 9), at(17, 10)).created_ids[
        0
    ]
    engine = services.vault.engine
    through_sqlalchemy: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        through_sqlalchemy.append(statement.split()[0].upper())

    traced: list[str] = []
    raw = services.vault.raw_connection
    raw.set_trace_callback(lambda sql: traced.append(sql.split()[0].upper()))
    event.listen(engine, "before_cursor_execute", seen)
    try:
        services.blocks.update(block_id, start=at(17, 11), end=at(17, 12))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        raw.set_trace_callback(None)
    assert "SELECT" not in through_sqlalchemy and "UPDATE" not in through_sqlalchemy
    assert traced.count("UPDATE") >= 1 and "SELECT" in traced and "COMMIT" in traced
    assert services.blocks.get(block_id).start == at(17, 11)
