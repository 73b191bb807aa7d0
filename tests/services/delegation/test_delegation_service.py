from __future__ import annotations

from datetime import date, timedelta

import pytest

from leaddesk.domain.delegation_rules import AttentionReason
from leaddesk.domain.errors import NotFoundError, ValidationError
from leaddesk.domain.model import DelegationStatus, GuidanceLevel, Quadrant, TaskStatus
from leaddesk.services.base import ChangeKind

TODAY = date(2026, 11, 18)


@pytest.fixture
def dana(services):
    return services.people.add("Dana Okafor")


@pytest.fixture
def kim(services):
    return services.people.add("Kim Lee")


def test_create_moves_the_task_to_delegate_and_sets_the_first_check_in(services, dana) -> None:
    task = services.tasks.capture("Prepare the sprint demo", quadrant=Quadrant.DO)
    heard = []
    services.subscribe(heard.append)
    d = services.delegations.create(
        task.id,
        dana.id,
        level=GuidanceLevel.PARTICIPATING,
        why_this_person="Wants to present more",
        expected_outcome="Demo runs end to end",
        due_on=date(2026, 11, 27),
        check_in_every_days=3,
        escalate_after_days=2,
    )
    assert d.started_on == TODAY and d.next_check_in_on == date(2026, 11, 21)
    moved = services.tasks.get(task.id)
    assert moved.quadrant is Quadrant.DELEGATE and moved.person_id == dana.id
    assert heard == [  # one transaction for the whole action
        type(heard[0])(frozenset({ChangeKind.DELEGATIONS, ChangeKind.TASKS}))
    ]
    row = services.delegations.row(d.id)
    assert (row.task_title, row.person_name, row.status) == (
        "Prepare the sprint demo",
        "Dana Okafor",
        DelegationStatus.ACTIVE,
    )


def test_create_with_a_new_task_puts_it_in_delegate(services, dana) -> None:
    d = services.delegations.create(None, dana.id, new_task_title="Rotate the on-call keys")
    task = services.tasks.get(d.task_id)
    assert task.title == "Rotate the on-call keys" and task.quadrant is Quadrant.DELEGATE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"person": None}, "person"),
        ({"due_on": date(2026, 11, 17)}, "due date"),
        ({"check_in_every_days": 0}, "cadence"),
        ({"check_in_every_days": -3}, "cadence"),
        ({"started_on": date(2026, 11, 20), "due_on": date(2026, 11, 19)}, "due date"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(services, dana, kwargs, message) -> None:
    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.DO)
    person = kwargs.pop("person", dana.id)
    with pytest.raises(ValidationError, match=message):
        services.delegations.create(task.id, person, **kwargs)
    assert services.delegations.rows() == []
    assert services.tasks.get(task.id).quadrant is Quadrant.DO


def test_a_task_cannot_be_delegated_twice_while_open(services, dana, kim) -> None:
    task = services.tasks.capture("Upgrade Postgres")
    services.delegations.create(task.id, dana.id)
    with pytest.raises(ValidationError, match="already delegated"):
        services.delegations.create(task.id, kim.id)


def test_unknown_person_is_refused(services) -> None:
    task = services.tasks.capture("Upgrade Postgres")
    with pytest.raises(NotFoundError):
        services.delegations.create(task.id, 999)


def test_check_in_moves_the_next_date_by_the_cadence(services, dana, clock) -> None:
    task = services.tasks.capture("Migrate CI")
    d = services.delegations.create(task.id, dana.id, check_in_every_days=5)
    assert d.next_check_in_on == date(2026, 11, 23)
    clock.advance(days=6)
    services.delegations.snooze(d.id, date(2026, 11, 26))
    services.delegations.check_in(d.id, note="Pipelines half done", status_after="blocked")
    after = services.delegations.get(d.id)
    assert after.next_check_in_on == date(2026, 11, 29)
    assert after.last_news_on == date(2026, 11, 24)
    assert after.status is DelegationStatus.BLOCKED and after.snoozed_until is None
    [entry] = services.delegations.check_ins(d.id)
    assert entry.note == "Pipelines half done"
    with pytest.raises(ValidationError, match="future"):
        services.delegations.check_in(d.id, on=date(2026, 11, 25))
    with pytest.raises(ValidationError, match="close"):
        services.delegations.check_in(d.id, status_after=DelegationStatus.DONE)


def test_overdue_detection_across_a_date_change(services, dana, clock) -> None:
    task = services.tasks.capture("Clean up feature flags")
    d = services.delegations.create(
        task.id, dana.id, check_in_every_days=7, due_on=date(2026, 11, 30)
    )
    assert services.delegations.needs_attention() == []
    clock.advance(days=7)
    [row] = services.delegations.needs_attention()
    assert [a.describe() for a in row.attention] == ["Check-in due today"]
    clock.advance(days=6)  # 2026-12-01: a day past due, 13 days silent
    [row] = services.delegations.needs_attention()
    assert {a.reason for a in row.attention} == {
        AttentionReason.CHECK_IN_DUE,
        AttentionReason.PAST_DUE,
        AttentionReason.NO_NEWS,
    }
    assert row.days_since_news == 13
    services.delegations.check_in(d.id, note="On it")
    [row] = services.delegations.needs_attention()  # still past due
    assert {a.reason for a in row.attention} == {AttentionReason.PAST_DUE}


def test_snooze_hides_until_the_day_after(services, dana, clock) -> None:
    task = services.tasks.capture("Write the runbook")
    d = services.delegations.create(task.id, dana.id, check_in_every_days=1)
    clock.advance(days=2)
    assert len(services.delegations.needs_attention()) == 1
    today = clock.today()
    with pytest.raises(ValidationError):
        services.delegations.snooze(d.id, today)
    services.delegations.snooze(d.id, today + timedelta(days=2))
    assert services.delegations.needs_attention() == []
    clock.advance(days=3)
    assert len(services.delegations.needs_attention()) == 1


def test_close_done_stores_the_debrief_and_completes_the_task(services, dana, clock) -> None:
    task = services.tasks.capture("Onboarding guide")
    d = services.delegations.create(task.id, dana.id)
    services.delegations.close(
        d.id,
        DelegationStatus.DONE,
        worked="Clear outcome",
        hard="Scope creep",
        differently="Smaller first milestone",
        support="Earlier review",
    )
    closed = services.delegations.get(d.id)
    assert closed.status is DelegationStatus.DONE and closed.closed_on == TODAY
    assert (closed.debrief_worked, closed.debrief_support) == ("Clear outcome", "Earlier review")
    done = services.tasks.get(task.id)
    assert done.status is TaskStatus.DONE and done.completed_at == clock.now()
    services.delegations.reopen(d.id)
    assert services.tasks.get(task.id).status is TaskStatus.OPEN
    assert services.delegations.get(d.id).status is DelegationStatus.ACTIVE


def test_cancel_leaves_the_task_open(services, dana) -> None:
    task = services.tasks.capture("Vendor evaluation")
    d = services.delegations.create(task.id, dana.id)
    services.delegations.close(d.id, DelegationStatus.CANCELLED, hard="Wrong person")
    assert services.tasks.get(task.id).status is TaskStatus.OPEN
    assert services.delegations.row(d.id).status is DelegationStatus.CANCELLED


def test_completing_the_task_on_the_board_shows_the_delegation_as_done(services, dana) -> None:
    task = services.tasks.capture("Fix the flaky test")
    d = services.delegations.create(task.id, dana.id, check_in_every_days=1)
    services.tasks.complete([task.id])
    assert services.delegations.row(d.id).status is DelegationStatus.DONE
    assert services.delegations.rows(statuses=[DelegationStatus.ACTIVE]) == []
    assert [r.id for r in services.delegations.rows(statuses=[DelegationStatus.DONE])] == [d.id]
    assert services.delegations.load_per_person()[0].active == 0
    services.tasks.reopen([task.id])
    assert services.delegations.row(d.id).status is DelegationStatus.ACTIVE
    services.tasks.let_go([task.id])
    assert services.delegations.row(d.id).status is DelegationStatus.CANCELLED


def test_filter_by_person_and_status(services, dana, kim) -> None:
    ids = {}
    for who, title in [(dana, "a"), (dana, "b"), (kim, "c")]:
        ids[title] = services.delegations.create(services.tasks.capture(title).id, who.id).id
    services.delegations.close(ids["b"], DelegationStatus.DONE)
    assert {r.id for r in services.delegations.rows(person_id=dana.id)} == {ids["a"], ids["b"]}
    open_dana = services.delegations.rows(person_id=dana.id, statuses=[DelegationStatus.ACTIVE])
    assert [r.id for r in open_dana] == [ids["a"]]
    assert [r.id for r in services.delegations.open_for_person(kim.id)] == [ids["c"]]


def test_load_per_person_and_silo_hint(services, dana, kim) -> None:
    lee = services.people.add("Lee Park")
    for i in range(4):
        services.delegations.create(services.tasks.capture(f"d{i}").id, dana.id)
    services.delegations.create(services.tasks.capture("k").id, kim.id)
    loads = services.delegations.load_per_person()
    assert [(x.name, x.active) for x in loads] == [
        ("Dana Okafor", 4),
        ("Kim Lee", 1),
        ("Lee Park", 0),
    ]
    name, hint = services.delegations.load_hint(loads)
    assert name == "Dana Okafor" and hint.silo and (hint.count, hint.total) == (4, 5)
    assert lee.id is not None


def test_update_recomputes_the_next_check_in_from_the_last_contact(services, dana, kim) -> None:
    d = services.delegations.create(services.tasks.capture("x").id, dana.id, check_in_every_days=7)
    services.delegations.update(d.id, check_in_every_days=2, person_id=kim.id, level="telling")
    after = services.delegations.get(d.id)
    assert after.next_check_in_on == date(2026, 11, 20)
    assert (after.person_id, after.level) == (kim.id, GuidanceLevel.TELLING)
    with pytest.raises(ValidationError):
        services.delegations.update(d.id, due_on=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.delegations.update(d.id, check_in_every_days=0)


def test_create_and_check_in_undo_and_redo_by_id(services, dana) -> None:
    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.SCHEDULE)
    with services.hub.operation() as create:
        d = services.delegations.create(task.id, dana.id)
    with services.hub.operation() as check_in:
        services.delegations.check_in(d.id, note="draft ready")
    services.hub.undo(check_in.rows)
    assert services.delegations.check_ins(d.id) == []
    services.hub.redo(check_in.rows)
    assert [c.note for c in services.delegations.check_ins(d.id)] == ["draft ready"]
    services.hub.undo(check_in.rows)
    services.hub.undo(create.rows)
    assert services.delegations.rows() == []
    assert services.tasks.get(task.id).quadrant is Quadrant.SCHEDULE
    services.hub.redo(create.rows)  # redo of the create keeps the id
    assert services.delegations.get(d.id).task_id == task.id
    assert services.tasks.get(task.id).quadrant is Quadrant.DELEGATE
