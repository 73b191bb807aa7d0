"""Property-based tests over the services: arbitrary text, dates and orders of operations.

Only the documented errors (ValidationError, NotFoundError) may escape a service, and a
refused operation must leave every stored row exactly as it was."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from leaddesk.domain.clock import FixedClock
from leaddesk.domain.errors import NotFoundError, ValidationError
from leaddesk.domain.model import (
    ActionOwner,
    BlockKind,
    DelegationStatus,
    GuidanceLevel,
    NoteKind,
    Quadrant,
)
from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault
from tests.conftest import BERLIN, PASSPHRASE

DOCUMENTED = (ValidationError, NotFoundError)

texts = st.text(max_size=60) | st.sampled_from(["", " ", "\x00", "\u202e", "💥" * 5, "a" * 3000])
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
some_dates = st.none() | dates
ids = st.integers(min_value=-3, max_value=40)
small_ints = st.none() | st.integers(min_value=-(2**40), max_value=2**40)
moments = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


def _snapshot(services) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    raw = services.vault.raw_connection
    names = [
        r[0]
        for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: [tuple(r) for r in raw.execute(f'SELECT * FROM "{n}"')] for n in sorted(names)}


def _machine(services, tally: dict[str, int]):  # type: ignore[no-untyped-def]
    class ServiceMachine(RuleBasedStateMachine):
        def _attempt(self, action) -> None:  # type: ignore[no-untyped-def]
            before = _snapshot(services)
            try:
                action()
            except DOCUMENTED:
                tally["refused"] += 1
                assert _snapshot(services) == before, "a refused operation changed data"
            else:
                tally["done"] += 1

        @rule(title=texts, requester=texts, needed_by=some_dates, estimate=small_ints)
        def capture(self, title, requester, needed_by, estimate):  # type: ignore[no-untyped-def]
            self._attempt(
                lambda: services.tasks.capture(
                    title, requester=requester, needed_by=needed_by, estimate_minutes=estimate
                )
            )

        @rule(task_id=ids, title=texts, due=some_dates)
        def edit_task(self, task_id, title, due):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.tasks.update(task_id, title=title, due_on=due))

        @rule(
            task_ids=st.lists(ids, max_size=4), quadrant=st.sampled_from(Quadrant), index=small_ints
        )
        def move(self, task_ids, quadrant, index):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.tasks.move(task_ids, quadrant, index))

        @rule(task_ids=st.lists(ids, max_size=3))
        def complete_and_let_go(self, task_ids):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.tasks.complete(task_ids))
            self._attempt(lambda: services.tasks.let_go(task_ids))

        @rule(task_ids=st.lists(ids, max_size=3))
        def remove(self, task_ids):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.tasks.remove(task_ids))

        @rule(name=texts, role=texts, every=st.integers(-5, 400), started=some_dates)
        def add_person(self, name, role, every, started):  # type: ignore[no-untyped-def]
            self._attempt(
                lambda: services.people.add(
                    name, role=role, one_on_one_every_days=every, started_on=started
                )
            )

        @rule(person_id=ids, name=texts)
        def rename_person(self, person_id, name):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.people.update(person_id, name=name))

        @rule(person_id=ids, kind=st.sampled_from(NoteKind), body=texts, on=some_dates)
        def add_note(self, person_id, kind, body, on):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.notes.add_note(person_id, kind, body, written_on=on))

        @rule(person_id=ids, owner=st.sampled_from(ActionOwner), text=texts, topic=texts)
        def add_items(self, person_id, owner, text, topic):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.notes.add_action_item(person_id, owner, text))
            self._attempt(lambda: services.notes.add_topic(person_id, topic))

        @rule(person_id=ids, goal=texts, target_day=some_dates)
        def add_goal(self, person_id, goal, target_day):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.notes.add_goal(person_id, goal, target_on=target_day))

        @rule(query=texts)
        def search(self, query):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.notes.search(query))

        @rule(
            title=texts,
            kind=st.sampled_from(BlockKind),
            start=moments,
            minutes=st.integers(-60, 3000),
        )
        def add_block(self, title, kind, start, minutes):  # type: ignore[no-untyped-def]
            end = start + timedelta(minutes=minutes)
            self._attempt(
                lambda: services.blocks.create(title, kind, start.astimezone(BERLIN), end)
            )

        @rule(
            task_id=st.none() | ids,
            person_id=st.none() | ids,
            title=st.none() | texts,
            level=st.sampled_from(GuidanceLevel),
            every=st.integers(-3, 400),
            due=some_dates,
        )
        def delegate(self, task_id, person_id, title, level, every, due):  # type: ignore[no-untyped-def]
            self._attempt(
                lambda: services.delegations.create(
                    task_id,
                    person_id,
                    new_task_title=title,
                    level=level,
                    check_in_every_days=every,
                    due_on=due,
                )
            )

        @rule(
            delegation_id=ids, note=texts, on=some_dates, status=st.sampled_from(DelegationStatus)
        )
        def check_in(self, delegation_id, note, on, status):  # type: ignore[no-untyped-def]
            self._attempt(
                lambda: services.delegations.check_in(
                    delegation_id, on=on, note=note, status_after=status
                )
            )

        @rule(week=dates, lessons=texts)
        def review(self, week, lessons):  # type: ignore[no-untyped-def]
            self._attempt(lambda: services.reviews.start(week))
            self._attempt(lambda: services.reviews.save(week, lessons=lessons))

    return ServiceMachine


def test_services_refuse_cleanly_under_arbitrary_input() -> None:
    with tempfile.TemporaryDirectory() as directory:
        paths = resolve_paths(Path(directory) / "data")
        clock = FixedClock(datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN))
        services = create_vault(paths, PASSPHRASE, clock)
        tally = {"done": 0, "refused": 0}
        try:
            run_state_machine_as_test(
                _machine(services, tally),
                settings=settings(
                    max_examples=30,
                    stateful_step_count=12,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                ),
            )
            assert services.vault.integrity_ok()
        finally:
            print(f"service operations: {tally}")
            services.close()
        assert tally["done"] > 20 and tally["refused"] > 20, tally
