"""Task writes name the tasks they changed, and moves by anchor land where a list would.

The board relies on both: it updates just the named cards after a move instead of
re-reading 2,000, and the anchored gap look-up replaces reading every position.
"""

from __future__ import annotations

import random

from leaddesk.domain.model import Quadrant
from leaddesk.services.base import ChangeKind

QUADRANTS = [Quadrant.INBOX, Quadrant.DO, Quadrant.SCHEDULE, Quadrant.DELEGATE, Quadrant.DELETE]


def _order(services) -> dict[Quadrant, list[int]]:  # type: ignore[no-untyped-def]
    return {q: [t.id for t in services.tasks.open_tasks(q)] for q in QUADRANTS}


def test_writes_name_the_tasks_they_changed(services) -> None:
    heard = []
    services.subscribe(heard.append)
    a = services.tasks.capture("a", quadrant=Quadrant.DO).id
    b = services.tasks.capture("b", quadrant=Quadrant.DO).id
    services.tasks.move([a], Quadrant.SCHEDULE)
    services.tasks.move([a], Quadrant.DO, index=0)
    services.tasks.complete([b])
    services.tasks.reopen([b])
    services.tasks.update(a, title="a2")
    named = [c.ids.get(ChangeKind.TASKS) for c in heard]
    assert named == [{a}, {b}, {a}, {a}, {b}, {b}, {a}]
    assert all(c.kinds == {ChangeKind.TASKS} for c in heard)


def test_a_renumbering_move_does_not_claim_to_know_which_cards_changed(services) -> None:
    ids = [services.tasks.capture(f"t{i}", quadrant=Quadrant.DO).id for i in range(3)]
    heard = []
    services.subscribe(heard.append)
    for _ in range(60):  # halves the gap every time: forces a renumber
        services.tasks.move([ids[2]], Quadrant.DO, before_id=ids[1])
        services.tasks.move([ids[1]], Quadrant.DO, before_id=ids[2])
    assert any(ChangeKind.TASKS not in c.ids for c in heard)  # the renumbers
    assert len(set(_order(services)[Quadrant.DO])) == 3


def test_board_cards_returns_only_open_cards_of_the_ids_asked(services) -> None:
    a = services.tasks.capture("open one", quadrant=Quadrant.DO).id
    b = services.tasks.capture("done one").id
    services.tasks.complete([b])
    cards = services.tasks.board_cards([a, b, 999_999])
    assert [(c.id, c.title, c.quadrant) for c in cards] == [(a, "open one", Quadrant.DO)]
    assert services.tasks.board_cards([]) == []
    snapshot = services.tasks.board_snapshot()
    assert cards[0] == snapshot.cards[Quadrant.DO][0]


def test_anchored_moves_match_a_plain_list_model(services) -> None:
    """Random multi-card moves by anchor (or to the end) agree with list surgery."""
    rng = random.Random(7)
    expected: dict[Quadrant, list[int]] = {q: [] for q in QUADRANTS}
    for i in range(24):
        q = rng.choice(QUADRANTS)
        expected[q].append(services.tasks.capture(f"t{i}", quadrant=q).id)
    for _ in range(120):
        source = rng.choice([q for q in QUADRANTS if expected[q]])
        moving = rng.sample(expected[source], rng.randint(1, min(3, len(expected[source]))))
        target = rng.choice(QUADRANTS)
        candidates = [i for i in expected[target] if i not in moving]
        before_id = rng.choice([*candidates, None]) if candidates else None
        if rng.random() < 0.1 and moving:  # anchoring on a moving card means "the end"
            before_id = moving[0]
        services.tasks.move(moving, target, before_id=before_id)
        for q in QUADRANTS:
            expected[q] = [i for i in expected[q] if i not in moving]
        column = expected[target]
        at = column.index(before_id) if before_id in column else len(column)
        column[at:at] = moving
        assert _order(services) == expected


def test_booked_means_a_block_inside_that_week_only(services) -> None:
    """The booked look-up reads one week of the start index; edges of the week still hold."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from leaddesk.domain.model import BlockKind

    berlin = ZoneInfo("Europe/Berlin")
    monday = date(2026, 11, 16)
    ids = [services.tasks.capture(f"t{i}", quadrant=Quadrant.SCHEDULE).id for i in range(4)]

    def book(task_id: int, day: date, hour: int, hours: int) -> None:
        start = datetime(day.year, day.month, day.day, hour, tzinfo=berlin)
        services.blocks.create(
            "b", BlockKind.FOCUS, start, start + timedelta(hours=hours), task_id=task_id
        )

    book(ids[0], monday - timedelta(days=1), 23, 1)  # Sunday, ends at the week's midnight
    book(ids[1], monday, 0, 1)  # first hour of the week
    book(ids[2], monday - timedelta(weeks=30), 9, 2)  # long ago
    book(ids[3], monday + timedelta(days=6), 23, 1)  # last hour of the week
    assert services.tasks.booked_task_ids(monday) == {ids[1], ids[3]}
    assert services.tasks.board_snapshot(monday).booked_ids == {ids[1], ids[3]}
