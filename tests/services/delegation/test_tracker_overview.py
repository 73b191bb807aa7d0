"""The tracker's one read (``DelegationService.overview``) and its details pane's read
(``details``) give what the separate reads gave, on a real vault (issue 18: the tracker reads
its first screen in one unit of work and derives attention and load from the same rows)."""

from __future__ import annotations

from datetime import date

import pytest

from leaddesk.domain.errors import NotFoundError
from leaddesk.domain.model import DelegationStatus, Quadrant

OPEN = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)


def _delegate(services, title, person, **kw):  # type: ignore[no-untyped-def]
    task = services.tasks.capture(title, quadrant=Quadrant.DO)
    return services.delegations.create(task.id, person.id, **kw)


@pytest.fixture
def mixed(services, clock):  # type: ignore[no-untyped-def]
    """Open, blocked, snoozed, overdue, closed, board-completed delegations, an archived
    person still holding one, and a person holding none."""
    people = services.people
    ann, bob, cy, dee = (people.add(n) for n in ("Ann Ray", "bob Stone", "Cy Moss", "Dee Lark"))
    d = services.delegations
    late = _delegate(
        services,
        "Overdue check-in",
        ann,
        started_on=date(2026, 10, 1),
        next_check_in_on=date(2026, 11, 1),
    )
    _delegate(services, "Fresh one", ann)
    blocked = _delegate(services, "Blocked one", bob)
    d.check_in(blocked.id, note="waiting on infra", status_after=DelegationStatus.BLOCKED)
    snoozed = _delegate(
        services,
        "Snoozed late",
        bob,
        started_on=date(2026, 10, 1),
        next_check_in_on=date(2026, 11, 2),
    )
    d.snooze(snoozed.id, date(2026, 11, 25))
    closed = _delegate(services, "Closed one", cy)
    d.close(closed.id, DelegationStatus.DONE, worked="went well")
    on_board = _delegate(services, "Completed on the board", cy)
    services.tasks.complete([on_board.task_id])
    held = _delegate(
        services,
        "Held by someone archived",
        dee,
        started_on=date(2026, 9, 1),
        due_on=date(2026, 11, 10),
    )
    people.set_archived(dee.id, True)
    return {"late": late, "blocked": blocked, "snoozed": snoozed, "closed": closed, "held": held}


def test_overview_is_the_separate_reads_in_one(services, mixed) -> None:
    d = services.delegations
    overview = d.overview()
    assert overview.today == services.tasks.clock.today()
    assert list(overview.open_rows) == d.rows(statuses=OPEN)
    assert len(overview.open_rows) == 5
    assert list(overview.attention) == d.needs_attention()
    assert {r.id for r in overview.attention} == {mixed["late"].id, mixed["held"].id}
    assert list(overview.loads) == d.load_per_person()
    assert overview.has_any is True
    assert overview.people == tuple((p.id, p.name) for p in services.people.list())
    # The archived person holds one and is counted; nobody closed or completed is.
    loads = {x.name: x.active for x in overview.loads}
    assert loads == {"Ann Ray": 2, "bob Stone": 2, "Cy Moss": 0, "Dee Lark": 1}
    assert "Dee Lark" not in [name for _id, name in overview.people]
    shown = {r.task_title for r in overview.open_rows}
    assert "Closed one" not in shown and "Completed on the board" not in shown
    assert mixed["snoozed"].id not in [r.id for r in overview.attention]


def test_whether_anything_was_ever_delegated(services) -> None:
    assert services.delegations.overview().has_any is False
    person = services.people.add("Eve Lane")
    closed = _delegate(services, "Only a closed one", person)
    services.delegations.close(closed.id, DelegationStatus.CANCELLED)
    overview = services.delegations.overview()
    assert overview.open_rows == () and overview.has_any is True


def test_details_are_the_texts_and_the_newest_three_check_ins(services, mixed, clock) -> None:
    d = services.delegations
    blocked = mixed["blocked"]
    for i in range(3):
        clock.advance(days=1)
        d.check_in(blocked.id, note=f"note {i}")
    texts, check_ins = d.details(blocked.id)
    full = d.get(blocked.id)
    assert texts.expected_outcome == full.expected_outcome
    assert texts.why_this_person == full.why_this_person
    assert [c.note for c in check_ins] == ["note 2", "note 1", "note 0"]
    assert [(c.on, c.status_after, c.note) for c in check_ins] == [
        (c.on, c.status_after, c.note) for c in d.check_ins(blocked.id)[:3]
    ]
    assert all(isinstance(c.status_after, DelegationStatus) for c in check_ins)
    every = d.check_ins(blocked.id)
    more_texts, five = d.details(blocked.id, check_ins=5)
    assert more_texts == texts
    assert [(c.on, c.status_after, c.note) for c in five] == [
        (c.on, c.status_after, c.note) for c in every[:5]
    ]
    assert d.details(blocked.id, check_ins=0) == (texts, [])
    with services.hub.write() as _s:  # inside an open write it reads in that one
        assert d.details(blocked.id) == (texts, check_ins)
    closed_texts, none = d.details(mixed["closed"].id)
    assert closed_texts.debrief_worked == "went well" and none == []
    with pytest.raises(NotFoundError):
        d.details(10_000)
