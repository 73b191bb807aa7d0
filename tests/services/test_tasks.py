from __future__ import annotations

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import Quadrant, TaskStatus
from leaddesk.services.base import ChangeKind


def test_capture_lands_at_the_end_of_the_inbox_and_notifies(services) -> None:
    heard = []
    services.subscribe(heard.append)
    first = services.tasks.capture("Reply to Dana about the roadmap")
    second = services.tasks.capture("Book the offsite", requester="Kim")
    assert [t.id for t in services.tasks.open_tasks(Quadrant.INBOX)] == [first.id, second.id]
    assert services.tasks.get(second.id).requester == "Kim"
    assert [c.kinds for c in heard] == [frozenset({ChangeKind.TASKS})] * 2


@pytest.mark.parametrize("title", ["", "   ", "\n\t", "x" * 20_001])
def test_bad_titles_are_refused_and_change_nothing(services, title: str) -> None:
    with pytest.raises(ValidationError):
        services.tasks.capture(title)
    assert services.tasks.open_tasks() == []


def test_long_unicode_titles_are_kept_intact(services) -> None:
    title = "שלום 👋 " + "é" * 9_990 + "\nsecond line"
    task = services.tasks.capture(title)
    assert services.tasks.get(task.id).title == title.strip()


def test_move_places_tasks_in_order_and_restore_puts_them_back(services) -> None:
    a, b, c = (services.tasks.capture(t, quadrant=Quadrant.DO).id for t in "abc")
    d = services.tasks.capture("d", quadrant=Quadrant.SCHEDULE).id
    with services.hub.operation() as op:
        services.tasks.move([c, a], Quadrant.SCHEDULE, index=0)
    assert [t.id for t in services.tasks.open_tasks(Quadrant.SCHEDULE)] == [c, a, d]
    assert [t.id for t in services.tasks.open_tasks(Quadrant.DO)] == [b]
    services.hub.undo(op.rows)
    assert [t.id for t in services.tasks.open_tasks(Quadrant.DO)] == [a, b, c]
    assert [t.id for t in services.tasks.open_tasks(Quadrant.SCHEDULE)] == [d]


def test_repeated_moves_to_the_same_gap_renumber_instead_of_colliding(services) -> None:
    ids = [services.tasks.capture(f"t{i}", quadrant=Quadrant.DO).id for i in range(3)]
    for _ in range(60):  # halves the gap every time: forces a renumber
        services.tasks.move([ids[2]], Quadrant.DO, index=1)
        services.tasks.move([ids[1]], Quadrant.DO, index=1)
    order = [t.id for t in services.tasks.open_tasks(Quadrant.DO)]
    assert sorted(order) == sorted(ids) and len(set(order)) == 3
    positions = [t.position for t in services.tasks.open_tasks(Quadrant.DO)]
    assert positions == sorted(set(positions))


def test_complete_reopen_let_go_and_purge(services, clock) -> None:
    task = services.tasks.capture("Write the design doc", quadrant=Quadrant.DELETE)
    services.tasks.complete([task.id])
    assert services.tasks.get(task.id).status is TaskStatus.DONE
    assert services.tasks.open_tasks() == []
    services.tasks.reopen([task.id])
    assert services.tasks.get(task.id).status is TaskStatus.OPEN
    services.tasks.let_go([task.id])
    assert [t.id for t in services.tasks.let_go_tasks()] == [task.id]
    assert services.tasks.purge_let_go() == 1
    assert services.tasks.let_go_tasks() == []


def test_undoing_a_remove_keeps_id_and_fields(services) -> None:
    task = services.tasks.capture("Prepare the demo", requester="Lee", estimate_minutes=45)
    with services.hub.operation() as op:
        services.tasks.remove([task.id])
    assert services.tasks.open_tasks() == []
    services.hub.undo(op.rows)
    back = services.tasks.get(task.id)
    assert (back.title, back.requester, back.estimate_minutes) == ("Prepare the demo", "Lee", 45)


def test_update_refuses_invalid_values_as_a_whole(services) -> None:
    task = services.tasks.capture("Plan Q1")
    with pytest.raises(ValidationError):
        services.tasks.update(task.id, title="Plan Q2", estimate_minutes=0)
    assert services.tasks.get(task.id).title == "Plan Q1"


# -- the board's reads and the undo helpers ------------------------------------------------


def _seed_markers(services, clock, delegated: int, booked: int, booked_next_week: int) -> None:
    from datetime import datetime, timedelta

    from leaddesk.domain.model import BlockKind, Delegation, DelegationStatus, TimeBlock

    person = services.people.add("Kim Lee")
    start = clock.now().replace(hour=9, minute=0)
    with services.hub.write(ChangeKind.DELEGATIONS, ChangeKind.BLOCKS) as s:
        s.add(Delegation(task_id=delegated, person_id=person.id))
        s.add(
            Delegation(
                task_id=booked, person_id=person.id, status=DelegationStatus.DONE
            )  # closed: no marker
        )
        s.add(TimeBlock("focus", BlockKind.FOCUS, start, start + timedelta(hours=2), booked))
        nxt = start + timedelta(days=7)
        s.add(TimeBlock("later", BlockKind.FOCUS, nxt, nxt + timedelta(hours=1), booked_next_week))
    assert isinstance(start, datetime)


def test_board_snapshot_reads_cards_and_markers_for_the_week(services, clock) -> None:
    from datetime import date

    a = services.tasks.capture("Plan the offsite", quadrant=Quadrant.DELEGATE).id
    b = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=90).id
    c = services.tasks.capture("Read the RFC", quadrant=Quadrant.SCHEDULE).id
    done = services.tasks.capture("Old thing").id
    services.tasks.complete([done])
    _seed_markers(services, clock, delegated=a, booked=b, booked_next_week=c)
    snap = services.tasks.board_snapshot(date(2026, 11, 16))
    assert [card.id for card in snap.cards[Quadrant.SCHEDULE]] == [b, c]
    assert snap.cards[Quadrant.SCHEDULE][0].estimate_minutes == 90
    assert snap.cards[Quadrant.INBOX] == []  # completed tasks are not on the board
    assert snap.delegated_ids == {a}
    assert snap.booked_ids == {b}
    assert snap.counts()[Quadrant.SCHEDULE] == 2
    assert services.tasks.board_snapshot(None).booked_ids == frozenset()
    assert services.tasks.booked_task_ids(date(2026, 11, 23)) == {c}


def test_move_before_a_task_id_ignores_hidden_neighbours(services) -> None:
    a, b, c = (services.tasks.capture(t, quadrant=Quadrant.DO).id for t in "abc")
    services.tasks.move([c], Quadrant.DO, before_id=b)
    assert [t.id for t in services.tasks.open_tasks(Quadrant.DO)] == [a, c, b]
    services.tasks.move([a], Quadrant.DO, before_id=None)
    assert [t.id for t in services.tasks.open_tasks(Quadrant.DO)] == [c, b, a]


def test_move_refuses_finished_tasks_and_duplicates(services) -> None:
    a = services.tasks.capture("a").id
    services.tasks.complete([a])
    with pytest.raises(ValidationError):
        services.tasks.move([a], Quadrant.DO)
    b = services.tasks.capture("b").id
    with pytest.raises(ValidationError):
        services.tasks.move([b, b], Quadrant.DO)
    assert services.tasks.get(b).quadrant is Quadrant.INBOX


def test_undo_puts_status_and_timestamps_back(services, clock) -> None:
    task = services.tasks.capture("Write the postmortem", quadrant=Quadrant.DO)
    with services.hub.operation() as op:
        services.tasks.complete([task.id])
        services.tasks.update(task.id, title="Changed")
    services.hub.undo(op.rows)
    back = services.tasks.get(task.id)
    assert (back.status, back.completed_at, back.title) == (TaskStatus.OPEN, None, task.title)


def test_completed_in_week_is_the_calendar_week(services, clock) -> None:
    from datetime import date

    a = services.tasks.capture("this week").id
    services.tasks.complete([a])
    clock.advance(days=7)
    b = services.tasks.capture("next week").id
    services.tasks.complete([b])
    assert [t.id for t in services.tasks.completed_in_week(date(2026, 11, 16))] == [a]
    assert [t.id for t in services.tasks.completed_in_week(date(2026, 11, 23))] == [b]


def test_purge_only_destroys_let_go_tasks_and_can_be_restored(services) -> None:
    keep = services.tasks.capture("keep").id
    gone = services.tasks.capture("gone", quadrant=Quadrant.DELETE).id
    with pytest.raises(ValidationError):
        services.tasks.purge([keep])
    services.tasks.let_go([gone])
    assert services.tasks.let_go_ids() == [gone]
    with services.hub.operation() as op:
        services.tasks.purge([gone])
    assert services.tasks.let_go_tasks() == []
    services.hub.undo(op.rows)
    assert services.tasks.get(gone).status is TaskStatus.LET_GO


def test_undoing_a_purge_brings_back_the_delegation_check_ins_and_links(services, clock) -> None:
    from datetime import date, timedelta

    from leaddesk.domain.model import (
        ActionItem,
        ActionOwner,
        BlockKind,
        CheckIn,
        Delegation,
        Person,
        TimeBlock,
    )
    from leaddesk.services.base import ChangeKind

    task = services.tasks.capture("Hand over the on-call rota", quadrant=Quadrant.DELEGATE)
    now = clock.now()
    with services.hub.write(ChangeKind.DELEGATIONS, ChangeKind.BLOCKS, ChangeKind.NOTES) as s:
        person = Person(name="Rae Holder")
        s.add(person)
        s.flush()
        delegation = Delegation(task_id=task.id, person_id=person.id, started_on=date(2026, 11, 2))
        s.add(delegation)
        s.flush()
        s.add(CheckIn(delegation_id=delegation.id, on=date(2026, 11, 9), note="on track"))
        block = TimeBlock(
            title="Pairing",
            kind=BlockKind.FOCUS,
            start=now,
            end=now + timedelta(hours=1),
            task_id=task.id,
        )
        item = ActionItem(person_id=person.id, owner=ActionOwner.MINE, text="x", task_id=task.id)
        s.add_all([block, item])
    services.tasks.let_go([task.id])
    with services.hub.operation() as op:
        services.tasks.purge([task.id])
    with services.hub.read() as s:
        assert s.get(Delegation, delegation.id) is None  # the cascade really removed it
    services.hub.undo(op.rows)
    with services.hub.read() as s:
        back = s.get(Delegation, delegation.id)
        assert back is not None and back.task_id == task.id and back.person_id == person.id
        assert [c.note for c in s.query(CheckIn).filter_by(delegation_id=delegation.id)] == [
            "on track"
        ]
        assert s.get(TimeBlock, block.id).task_id == task.id
        assert s.get(ActionItem, item.id).task_id == task.id


def test_a_negative_index_moves_to_the_top_even_into_an_empty_quadrant(services) -> None:
    """Found by the service property test: index -1 into an empty quadrant crashed."""
    first = services.tasks.capture("First")
    services.tasks.move([first.id], Quadrant.DO, -1)
    second = services.tasks.capture("Second")
    services.tasks.move([second.id], Quadrant.DO, -1)
    assert [t.title for t in services.tasks.open_tasks(Quadrant.DO)] == ["Second", "First"]
