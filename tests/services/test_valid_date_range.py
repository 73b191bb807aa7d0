"""One valid date range in every layer (issue 19, item 16): services refuse dates outside
1900-01-01..2999-12-31 with a clear ValidationError (never OverflowError), storing nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from leaddesk.domain.date_range import MAX_DATE, MIN_DATE
from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind

TYPOS = [date(1, 1, 1), date(226, 12, 1), date(1752, 9, 14), date(9999, 12, 31)]


@pytest.mark.parametrize("day", TYPOS)
def test_capture_refuses_a_needed_by_date_outside_the_range(services, day: date) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=r"needed by .* outside the dates LeadDesk can keep"):
        services.tasks.capture("Typo in the year", needed_by=day)
    assert services.tasks.open_tasks() == []


@pytest.mark.parametrize("day", TYPOS)
def test_update_refuses_and_keeps_the_stored_date(services, day: date) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.capture("Dated", due_on=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="outside the dates"):
        services.tasks.update(task.id, due_on=day)
    assert services.tasks.get(task.id).due_on == date(2026, 12, 1)


def test_the_bounds_themselves_are_kept(services) -> None:  # type: ignore[no-untyped-def]
    low = services.tasks.capture("Low", needed_by=MIN_DATE)
    high = services.tasks.capture("High", due_on=MAX_DATE)
    assert services.tasks.get(low.id).needed_by == MIN_DATE
    assert services.tasks.get(high.id).due_on == MAX_DATE


@pytest.mark.parametrize("week", [date(9999, 12, 27), date(1, 1, 1)])
def test_weeks_at_the_end_of_the_calendar_are_refused_not_overflowing(services, week: date) -> None:  # type: ignore[no-untyped-def]
    for call in (
        lambda: services.blocks.week(week),
        lambda: services.blocks.capacity(week),
        lambda: services.tasks.board_snapshot(week),
        lambda: services.tasks.completed_in_week(week),
        lambda: services.reviews.get(week),
        lambda: services.reviews.look_back(week),
    ):
        with pytest.raises(ValidationError, match="outside the dates"):
            call()


def test_the_last_week_of_the_range_works(services) -> None:  # type: ignore[no-untyped-def]
    last_monday = MAX_DATE - timedelta(days=MAX_DATE.weekday())
    services.blocks.week(last_monday)
    services.reviews.look_back(last_monday)


def test_blocks_refuse_instants_outside_the_range_and_naive_times(services) -> None:  # type: ignore[no-untyped-def]
    far = datetime(9000, 12, 31, 22, 0, tzinfo=UTC)
    with pytest.raises(ValidationError, match="outside the dates"):
        services.blocks.create("Far", BlockKind.FOCUS, far, far + timedelta(minutes=30))
    naive = datetime(2026, 3, 2, 9, 0)
    with pytest.raises(ValidationError, match="time zone"):
        services.blocks.create("Naive", BlockKind.FOCUS, naive, naive + timedelta(hours=1))


def test_people_delegations_and_notes_use_the_same_range(services) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="outside the dates"):
        services.people.add("Ada", started_on=date(226, 1, 1))
    person = services.people.add("Ada")
    with pytest.raises(ValidationError, match="outside the dates"):
        services.notes.add_note(person.id, body="x", written_on=date(1, 1, 1))
    task = services.tasks.capture("Handover")
    with pytest.raises(ValidationError, match="outside the dates"):
        services.delegations.create(task.id, person.id, due_on=date(9999, 1, 1))
    assert [p.name for p in services.people.list()] == ["Ada"]
