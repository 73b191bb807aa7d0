"""The demo team: realistic, complete (every state the areas show), deterministic, and
only ever written into an empty vault."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import (
    ActionItem,
    ActionOwner,
    CheckIn,
    Delegation,
    DelegationStatus,
    FeedbackTone,
    GrowthGoal,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Relationship,
    Task,
    TaskStatus,
    TimeBlock,
    Topic,
    WeekReview,
)
from leaddesk.domain.recurrence import Recurrence
from leaddesk.domain.week import week_start
from leaddesk.services.demo import open_demo_vault, seed_demo
from leaddesk.services.export import ExportService


def _all(services, cls) -> list:
    with services.hub.read() as s:
        return list(s.scalars(select(cls).order_by(cls.id)))


def test_demo_fills_every_area(services, clock) -> None:
    heard = []
    services.subscribe(heard.append)
    seed_demo(services)
    assert len(heard) == 1  # one transaction, one notification

    people = _all(services, Person)
    assert 7 <= len(people) <= 9
    assert {p.relationship for p in people} == set(Relationship)
    assert len({p.one_on_one_every_days for p in people}) >= 3

    tasks = _all(services, Task)
    assert 35 <= len(tasks) <= 45
    open_by_quadrant = Counter(t.quadrant for t in tasks if t.status is TaskStatus.OPEN)
    assert all(open_by_quadrant[q] > 0 for q in Quadrant), open_by_quadrant
    requests = [t for t in tasks if t.requester and t.needed_by]
    assert len(requests) >= 3
    assert {t.status for t in tasks} == set(TaskStatus)

    delegations = _all(services, Delegation)
    assert {d.status for d in delegations} == set(DelegationStatus)
    assert all(d.debrief_worked for d in delegations if d.status is DelegationStatus.DONE)
    today = clock.today()
    assert any(
        d.status.is_open and d.next_check_in_on and d.next_check_in_on < today for d in delegations
    )
    check_ins_per_delegation = Counter(c.delegation_id for c in _all(services, CheckIn))
    assert set(check_ins_per_delegation) == {d.id for d in delegations}


def test_demo_week_blocks_sit_in_this_monday_to_sunday_week(services, clock) -> None:
    seed_demo(services)
    monday = week_start(clock.today())
    blocks = _all(services, TimeBlock)
    this_week = [
        b
        for b in blocks
        if monday <= b.start.astimezone(clock.tz).date() < monday + timedelta(days=7)
    ]
    assert len(this_week) >= 25
    kinds = {b.kind.value for b in this_week}
    assert {"focus", "meeting", "one_on_one", "break", "buffer"} <= kinds
    assert all(b.end > b.start for b in blocks)
    # Blocks that already ended have an outcome; later ones are still planned.
    now = clock.now()
    assert all(b.outcome.value != "planned" for b in this_week if b.end <= now)
    assert all(b.outcome.value == "planned" for b in this_week if b.start >= now)
    # The stand-up is a series the way the week area stores one: every row points at the
    # first, which carries a rule the domain can read.
    heads = [b for b in blocks if b.recurrence]
    assert len(heads) == 1 and heads[0].series_id == heads[0].id
    in_this_week = [b for b in this_week if b.series_id == heads[0].id]
    assert len(in_this_week) == 5  # Monday to Friday
    # Later weeks are stored ahead (as the week view stores a series), never before it.
    assert all(b.start >= heads[0].start for b in blocks if b.series_id == heads[0].id)
    assert Recurrence.from_text(heads[0].recurrence).until is None


def test_demo_notes_close_the_loop(services, clock) -> None:
    seed_demo(services)
    notes = _all(services, Note)
    one_on_ones = [n for n in notes if n.kind is NoteKind.ONE_ON_ONE]
    assert len(one_on_ones) >= 6 and all("\n" in n.body for n in one_on_ones)
    feedback = [n for n in notes if n.kind is NoteKind.FEEDBACK_GIVEN]
    assert {n.tone for n in feedback} == set(FeedbackTone)
    assert all(n.situation and n.behavior and n.impact for n in feedback)
    items = _all(services, ActionItem)
    assert {i.owner for i in items} == set(ActionOwner)
    assert any(i.done_on is None for i in items) and any(i.done_on for i in items)
    assert any(t.resolved_on is None for t in _all(services, Topic))
    assert _all(services, GrowthGoal)

    # Exactly one report is overdue for a one-on-one (by their last one-on-one note).
    today = clock.today()
    last = {}
    for n in one_on_ones:
        last[n.person_id] = max(last.get(n.person_id, date.min), n.written_on)
    people = _all(services, Person)
    overdue = [
        p.name
        for p in people
        if p.id in last and (today - last[p.id]).days > p.one_on_one_every_days
    ]
    assert len(overdue) == 1

    (review,) = _all(services, WeekReview)
    assert review.week_start == week_start(today) - timedelta(days=7)
    assert review.finished_at is not None and review.done_count <= review.planned_count


def test_demo_is_deterministic_for_the_same_day(services, tmp_path, clock) -> None:
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import create_vault

    seed_demo(services)
    other = create_vault(resolve_paths(tmp_path / "second"), "another passphrase", clock)
    try:
        seed_demo(other)
        first = ExportService(services.hub).export_json(include_private_notes=True)
        second = ExportService(other.hub).export_json(include_private_notes=True)
    finally:
        other.close()
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_demo_follows_the_given_day(services) -> None:
    day = date(2027, 3, 3)
    seed_demo(services, today=day)
    review = _all(services, WeekReview)[0]
    assert review.week_start == week_start(day) - timedelta(days=7)


def test_demo_never_writes_into_a_vault_with_data(services) -> None:
    services.tasks.capture("My real task")
    with pytest.raises(ValidationError):
        seed_demo(services)
    assert [t.title for t in _all(services, Task)] == ["My real task"]
    assert _all(services, Person) == []


def test_a_demo_session_is_a_throwaway_vault(clock, app_paths) -> None:
    session = open_demo_vault(clock)
    directory = session.directory.name
    try:
        assert session.services.people.list()
        assert not str(session.services.vault.path).startswith(str(app_paths.data_dir))
        assert not app_paths.vault.exists()
    finally:
        session.close()
    import os

    assert not os.path.exists(directory)


def test_the_demo_goes_in_through_the_services_rules(services, clock) -> None:
    """Seeded through the services, the demo is what the app itself would have written:
    last week's review holds the figures the review service computes for that week, every
    open delegation's next check-in is one cadence after its last news, and nothing was
    created after "now"."""
    seed_demo(services)
    now = clock.now()
    (review,) = _all(services, WeekReview)
    look = services.reviews.look_back(review.week_start)
    assert review.planned_count == look.figures.planned
    assert review.done_count == round(look.figures.done)
    for delegation in _all(services, Delegation):
        if delegation.status.is_open and delegation.last_news_on is not None:
            expected = delegation.last_news_on + timedelta(days=delegation.check_in_every_days)
            assert delegation.next_check_in_on == expected, delegation.id
    assert all(t.created_at <= now for t in _all(services, Task))
    assert all(n.created_at <= now for n in _all(services, Note))
    tasks = _all(services, Task)
    positions = [(t.quadrant, t.position) for t in tasks if t.status is TaskStatus.OPEN]
    assert len(positions) == len(set(positions))  # the board's end-of-quadrant rule


def test_a_demo_record_the_services_refuse_leaves_the_vault_empty(
    services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad record in the demo data is refused like a user's (an empty title), and the
    records seeded before it are put back: the seed happens entirely or not at all."""
    from leaddesk.services.demo import seeder

    monkeypatch.setattr(seeder, "GROWTH_GOALS", [("priya", {"goal": "   "})])
    with pytest.raises(ValidationError):
        seed_demo(services)
    for cls in (Person, Task, Delegation, TimeBlock, Note, WeekReview):
        assert _all(services, cls) == [], cls.__name__
