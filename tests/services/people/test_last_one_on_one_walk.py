"""The cadence's "last one-on-one that took place" per person (issue 18): read by walking
each person's one-on-ones from the newest back, so its cost does not grow with history.
At fifty years the old ``max(start) ... GROUP BY`` read every one-on-one row ever written
(~45 ms, ~10 MB of page cache, the largest share of the app's peak memory there)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, func, or_, select

from leaddesk.domain.model import BlockKind, BlockOutcome, TimeBlock
from leaddesk.services.base import ChangeKind
from leaddesk.storage import tables
from leaddesk.storage.repositories.notes import MET_OUTCOMES, NotesRepository, _utc

_b = tables.time_blocks.c


def _blocks(services, rows) -> None:  # type: ignore[no-untyped-def]
    with services.hub.write(ChangeKind.BLOCKS) as s:
        for person_id, start, outcome, read_only, kind in rows:
            s.add(
                TimeBlock(
                    title="1:1",
                    kind=kind,
                    start=start,
                    end=start + timedelta(minutes=30),
                    person_id=person_id,
                    outcome=outcome,
                    read_only=read_only,
                )
            )


def _reference(session, ids, now):  # type: ignore[no-untyped-def]
    """The statement the cadence used before: the newest matching start per person."""
    stmt = (
        select(_b.person_id, func.max(_b.start))
        .where(
            _b.person_id.in_(ids),
            _b.kind == BlockKind.ONE_ON_ONE,
            or_(
                _b.outcome.in_(MET_OUTCOMES),
                and_(_b.read_only.is_(True), _b.outcome == BlockOutcome.PLANNED, _b.end <= now),
            ),
            _b.start <= now,
        )
        .group_by(_b.person_id)
    )
    return {pid: start for pid, start in session.execute(stmt) if start is not None}


def test_the_walk_finds_what_the_grouped_maximum_found(services, clock) -> None:
    now = clock.now()
    people = [services.people.add(name).id for name in ("Ana", "Bo", "Cy", "Di", "Ed")]
    ana, bo, cy, di, ed = people
    day = timedelta(days=1)
    one, focus = BlockKind.ONE_ON_ONE, BlockKind.FOCUS
    _blocks(
        services,
        [
            # Ana: done long ago, partly done later, then skipped and planned-not-imported
            (ana, now - 40 * day, BlockOutcome.DONE, False, one),
            (ana, now - 20 * day, BlockOutcome.PARTLY_DONE, False, one),
            (ana, now - 10 * day, BlockOutcome.SKIPPED, False, one),
            (ana, now - 5 * day, BlockOutcome.PLANNED, False, one),
            # Bo: only from the calendar, planned and over; one still running; one ahead
            (bo, now - 9 * day, BlockOutcome.PLANNED, True, one),
            (bo, now - timedelta(minutes=10), BlockOutcome.PLANNED, True, one),
            (bo, now + 3 * day, BlockOutcome.DONE, False, one),
            # Cy: a done focus block with them is not a one-on-one
            (cy, now - 2 * day, BlockOutcome.DONE, False, focus),
            (cy, now - 30 * day, BlockOutcome.DONE, False, one),
            # Di: nothing that took place
            (di, now - 3 * day, BlockOutcome.SKIPPED, False, one),
            (di, now + day, BlockOutcome.PLANNED, True, one),
        ],
    )
    with services.hub.read() as s:
        found = NotesRepository(s).last_met_one_on_one_starts(people, now)
        expected = _reference(s, people, now)
    assert found == {pid: _utc(start) for pid, start in expected.items()}
    assert set(found) == {ana, bo, cy}
    assert found[ana] == now - 20 * day
    assert found[bo] == now - 9 * day
    assert found[cy] == now - 30 * day
    assert ed not in found and di not in found
    with services.hub.read() as s:
        assert NotesRepository(s).last_met_one_on_one_starts([], now) == {}


def _steps(services, person_id, now) -> int:  # type: ignore[no-untyped-def]
    """SQLite virtual-machine steps (in hundreds) the look-up takes for one person."""
    raw = services.vault.raw_connection
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    with services.hub.read() as s:
        repo = NotesRepository(s)
        raw.set_progress_handler(tick, 100)
        try:
            assert person_id in repo.last_met_one_on_one_starts([person_id], now)
        finally:
            raw.set_progress_handler(None, 0)
    return count[0]


def test_the_cost_does_not_grow_with_history(services, clock) -> None:
    now = clock.now()
    short, long = services.people.add("Short").id, services.people.add("Long").id
    week = timedelta(days=7)
    done = BlockOutcome.DONE
    _blocks(
        services,
        [(short, now - (n + 1) * week, done, False, BlockKind.ONE_ON_ONE) for n in range(4)],
    )
    _blocks(
        services,
        [(long, now - (n + 1) * week, done, False, BlockKind.ONE_ON_ONE) for n in range(600)],
    )
    few, many = _steps(services, short, now), _steps(services, long, now)
    # The grouped maximum fetched all 600 rows (about 150 times the steps of 4).
    assert many <= few * 2 + 2
