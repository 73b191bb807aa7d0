"""``notes.refreshed_brief``: after a change of some kinds the brief re-reads only what those
kinds can change, and is the same as a whole new brief."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from leaddesk.domain.model import ActionOwner, BlockKind, NoteKind
from leaddesk.services.base import ChangeKind


def _shape(brief):  # type: ignore[no-untyped-def]
    return (
        brief.person.id,
        brief.cadence,
        [i.id for i in brief.mine],
        [i.id for i in brief.theirs],
        [t.id for t in brief.topics],
        brief.delegations,
        brief.last_note.id if brief.last_note else None,
        [(n.id, n.body) for n in ([brief.last_note] if brief.last_note else [])],
        brief.requests,
    )


def _selects(services, action):  # type: ignore[no-untyped-def]
    raw = services.hub.vault.raw_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        value = action()
    finally:
        raw.set_trace_callback(None)
    return value, [s for s in seen if s.lstrip().upper().startswith("SELECT")]


@pytest.fixture
def ana(services):  # type: ignore[no-untyped-def]
    person = services.people.add("Ana")
    services.notes.add_note(person.id, NoteKind.ONE_ON_ONE, "first")
    services.notes.add_action_item(person.id, ActionOwner.MINE, "book room")
    services.notes.add_topic(person.id, "budget")
    services.tasks.capture("Ana's ask", requester="Ana")
    services.delegations.create(None, person.id, new_task_title="Handed over")
    return person


def _start(clock, days: int, hour: int) -> datetime:  # type: ignore[no-untyped-def]
    day = clock.today() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=clock.tz)


def test_a_note_change_rereads_the_notes_parts_only_and_matches_a_new_brief(services, ana) -> None:
    before = services.notes.brief(ana.id)
    note = services.notes.save_quick_note(
        ana.id, None, discussed="quick", mine=["call back"], revisit=["hiring"]
    )
    refreshed, selects = _selects(
        services, lambda: services.notes.refreshed_brief(before, {ChangeKind.NOTES})
    )
    assert _shape(refreshed) == _shape(services.notes.brief(ana.id))
    assert refreshed.last_note is not None and refreshed.last_note.id == note
    # items, topics, last note, the last one-on-one (notes and blocks): 5; a whole brief: 9
    assert len(selects) == 5, selects
    _whole, all_selects = _selects(services, lambda: services.notes.brief(ana.id))
    assert len(all_selects) > len(selects)


@pytest.mark.parametrize("kind", [ChangeKind.TASKS, ChangeKind.DELEGATIONS, ChangeKind.BLOCKS])
def test_other_kinds_match_a_new_brief(services, ana, clock, kind) -> None:  # type: ignore[no-untyped-def]
    before = services.notes.brief(ana.id)
    if kind is ChangeKind.TASKS:
        services.tasks.capture("Another ask", requester="ana")
    elif kind is ChangeKind.DELEGATIONS:
        services.delegations.create(None, ana.id, new_task_title="Second hand-over")
    else:
        start = _start(clock, 1, 14)  # booked: no longer overdue, "booked Thu 14:00"
        services.blocks.create(
            "1:1 Ana", BlockKind.ONE_ON_ONE, start, start + timedelta(minutes=30), person_id=ana.id
        )
    refreshed = services.notes.refreshed_brief(before, {kind})
    assert _shape(refreshed) == _shape(services.notes.brief(ana.id))
    assert _shape(refreshed) != _shape(before)


def test_a_change_of_people_reads_the_whole_brief(services, ana) -> None:
    before = services.notes.brief(ana.id)
    services.people.update(ana.id, name="Ana P.", one_on_one_every_days=7)
    refreshed = services.notes.refreshed_brief(before, {ChangeKind.PEOPLE, ChangeKind.NOTES})
    assert refreshed.person.name == "Ana P."
    assert _shape(refreshed) == _shape(services.notes.brief(ana.id))
