"""The quick note's "one-on-one that just ended" look-up (issue 18): an index range of about a
day on ``start``, whatever the history's length, and the same answers as before."""

from __future__ import annotations

from datetime import datetime, timedelta

from leaddesk.domain.model import BlockKind, BlockOutcome, TimeBlock
from leaddesk.services.base import ChangeKind


def _block(services, person_id, start, end, kind=BlockKind.ONE_ON_ONE):  # type: ignore[no-untyped-def]
    with services.hub.write(ChangeKind.BLOCKS) as s:
        block = TimeBlock(
            title="1:1",
            kind=kind,
            start=start,
            end=end,
            person_id=person_id,
            outcome=BlockOutcome.PLANNED,
        )
        s.add(block)
        s.flush()
    return block


def _plan_of_lookup(services) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    """The look-up's answer and SQLite's plan for the statement it ran."""
    raw = services.hub.vault.raw_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        found = services.notes.just_ended_one_on_one()
    finally:
        raw.set_trace_callback(None)
    lookups = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "time_blocks" in s]
    assert len(lookups) == 1, seen
    plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + lookups[0])]
    return found, plan


def test_the_lookup_is_an_index_range_bounded_on_both_sides(services, clock) -> None:
    ana = services.people.add("Ana")
    for weeks in range(1, 30):  # history: weekly one-on-ones going back
        start = clock.now() - timedelta(weeks=weeks)
        _block(services, ana.id, start, start + timedelta(minutes=30))
    found, plan = _plan_of_lookup(services)
    assert found is None
    searches = [p for p in plan if "time_blocks" in p]
    # Before: "SEARCH time_blocks USING INDEX ... (start<?)", every block since the start.
    assert any("start>?" in p and "start<?" in p for p in searches), plan


def test_a_long_block_that_started_the_day_before_the_window_is_still_found(
    services, clock
) -> None:
    """The lower bound on ``start`` must not cut a block that is as long as a day can be."""
    ana = services.people.add("Ana")
    now = clock.now()  # 10:00
    midnight = datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)
    # A whole-day block (00:00 to 24:00) of yesterday ended 10 h ago: outside 2 h.
    _block(services, ana.id, midnight - timedelta(days=1), midnight)
    assert services.notes.just_ended_one_on_one() is None
    assert services.notes.just_ended_one_on_one(within=timedelta(hours=11)) is not None
    # A block running since midnight (started 10 h ago) is still running: found.
    bo = services.people.add("Bo")
    _block(services, bo.id, midnight, now + timedelta(minutes=5))
    found = services.notes.just_ended_one_on_one()
    assert found is not None and found.person_id == bo.id


def test_only_one_on_ones_with_a_person_and_the_latest_end_wins(services, clock) -> None:
    ana, bo = services.people.add("Ana"), services.people.add("Bo")
    now = clock.now()
    _block(services, ana.id, now - timedelta(hours=1), now - timedelta(minutes=30))
    _block(services, bo.id, now - timedelta(minutes=50), now - timedelta(minutes=10))
    _block(services, None, now - timedelta(minutes=20), now - timedelta(minutes=5))
    focus = BlockKind.FOCUS
    _block(services, ana.id, now - timedelta(minutes=9), now - timedelta(minutes=1), focus)
    found = services.notes.just_ended_one_on_one()
    assert found is not None and found.person_id == bo.id


# -- the quick note's save ----------------------------------------------------------------
def _selects(services, action) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    raw = services.hub.vault.raw_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        value = action()
    finally:
        raw.set_trace_callback(None)
    return value, [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_saving_a_quick_note_again_reads_the_note_with_its_person_once(services) -> None:
    import pytest

    from leaddesk.domain.errors import NotFoundError, ValidationError

    ana, bo = services.people.add("Ana"), services.people.add("Bo")
    note_id = services.notes.save_quick_note(ana.id, None, discussed="x", mine=["a"])
    saved, selects = _selects(
        services,
        lambda: services.notes.save_quick_note(
            ana.id, note_id, discussed="x and y", mine=["a"], revisit=["t"]
        ),
    )
    assert saved == note_id
    # The note with its person (1), its items (1), its topics (1); before: the person and
    # the note apart and the items once per owner (5).
    assert len(selects) == 3, selects
    assert services.notes.get(note_id).body == "x and y"
    # A correction to another person checks that person; an archived one refuses.
    services.people.set_archived(bo.id, True)
    with pytest.raises(ValidationError):
        services.notes.save_quick_note(bo.id, note_id, discussed="x and y")
    services.people.set_archived(ana.id, True)
    with pytest.raises(ValidationError):
        services.notes.save_quick_note(ana.id, note_id, discussed="changed")
    services.people.set_archived(ana.id, False)
    services.notes.remove_note(note_id)
    with pytest.raises(NotFoundError):
        services.notes.save_quick_note(ana.id, note_id, discussed="gone")
    assert (
        services.notes.get(services.notes.save_quick_note(ana.id, None, discussed="new")).person_id
        == ana.id
    )
