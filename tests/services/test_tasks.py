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
    before = services.tasks.move([c, a], Quadrant.SCHEDULE, index=0)
    assert [t.id for t in services.tasks.open_tasks(Quadrant.SCHEDULE)] == [c, a, d]
    assert [t.id for t in services.tasks.open_tasks(Quadrant.DO)] == [b]
    services.tasks.restore_placements(before)
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


def test_remove_and_restore_snapshot_keeps_id_and_fields(services) -> None:
    task = services.tasks.capture("Prepare the demo", requester="Lee", estimate_minutes=45)
    snaps = services.tasks.remove([task.id])
    assert services.tasks.open_tasks() == []
    services.tasks.restore_snapshots(snaps)
    back = services.tasks.get(task.id)
    assert (back.title, back.requester, back.estimate_minutes) == ("Prepare the demo", "Lee", 45)


def test_update_refuses_invalid_values_as_a_whole(services) -> None:
    task = services.tasks.capture("Plan Q1")
    with pytest.raises(ValidationError):
        services.tasks.update(task.id, title="Plan Q2", estimate_minutes=0)
    assert services.tasks.get(task.id).title == "Plan Q1"
