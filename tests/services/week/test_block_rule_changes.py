"""Changing the repeat rule of an existing series (BlockService.edit(recurrence=...))."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind, BlockOutcome
from leaddesk.domain.recurrence import Recurrence, daily_rule, weekly_rule
from leaddesk.services.base import ChangeKind
from leaddesk.services.block_rows import snapshot

BERLIN = ZoneInfo("Europe/Berlin")  # the fixture clock: Wed 2026-11-18 10:00 Berlin


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def make_series(services, weeks: int = 6):  # type: ignore[no-untyped-def]
    """Deep work Tue + Thu 9-12 from Tue 17 Nov (yesterday) for ``weeks`` weeks."""
    change = services.blocks.create(
        "Deep work",
        BlockKind.FOCUS,
        at(17, 9),
        at(17, 12),
        recurrence=weekly_rule([1, 3], until=at(17, 0) + timedelta(weeks=weeks)),
    )
    head = services.blocks.get(change.created_ids[0])
    return head, services.blocks.series(head.id)


def everything(services) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every block row of the vault (the test series end within a few months)."""
    rows = services.blocks.between(at(1, 0, month=1), at(1, 0, month=6, year=2027))
    return sorted((snapshot(b) for b in rows), key=lambda r: r["id"])


def local(block) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    start = block.start.astimezone(BERLIN)
    return start.month, start.day, start.hour


def test_all_redraws_the_series_keeping_history_and_ids(services) -> None:
    head, rows = make_series(services)
    services.blocks.set_outcome([head.id], BlockOutcome.DONE)  # yesterday: history
    before = everything(services)
    heard = []
    services.subscribe(heard.append)

    until = Recurrence.from_text(head.recurrence).until
    every_other_tuesday = weekly_rule([1], interval=2, until=until)
    with services.hub.operation() as change_op:
        services.blocks.edit(rows[3].id, "all", recurrence=every_other_tuesday)

    # one step: its notice is held back for the caller (AppContext.run) to announce once
    assert heard == [] and change_op.change_set().touches(ChangeKind.BLOCKS)
    series = services.blocks.series(head.id)
    assert [local(b) for b in series] == [(11, 17, 9), (12, 1, 9), (12, 15, 9)]
    assert series[0].id == head.id and series[0].outcome is BlockOutcome.DONE
    kept = {b.start: b.id for b in rows}
    assert series[1].id == kept[series[1].start]  # an occurrence the rule keeps keeps its id
    rule = services.blocks.recurrence_of(series[2])
    assert rule is not None and rule.describe(BERLIN).startswith("Every 2 weeks on Tue")
    assert rule.until == until

    services.hub.undo(change_op.rows)  # undo
    assert everything(services) == before
    services.hub.redo(change_op.rows)  # redo
    assert [local(b) for b in services.blocks.series(head.id)] == [
        (11, 17, 9),
        (12, 1, 9),
        (12, 15, 9),
    ]


def test_following_splits_at_the_chosen_occurrence(services) -> None:
    head, rows = make_series(services)
    pivot = rows[4]  # Tue 1 Dec
    daily = daily_rule(until=Recurrence.from_text(head.recurrence).until)
    with services.hub.operation() as change_op:
        services.blocks.edit(pivot.id, "following", recurrence=daily)
    old = services.blocks.series(head.id)
    assert [b.id for b in old] == [b.id for b in rows[:4]]  # before the pivot: untouched
    assert Recurrence.from_text(services.blocks.get(head.id).recurrence).until < pivot.start
    new = services.blocks.series(pivot.id)
    assert new[0].id == pivot.id
    assert [local(b)[1] for b in new[:4]] == [1, 2, 3, 4]  # every day from the pivot
    assert local(new[-1]) == (12, 28, 9)  # same end as before (until 29 Dec 00:00)
    thursday = next(b for b in rows if local(b) == (12, 3, 9))
    assert thursday.id in {b.id for b in new}
    services.hub.undo(change_op.rows)
    assert [b.id for b in services.blocks.series(head.id)] == [b.id for b in rows]
    assert services.blocks.get(head.id).recurrence == head.recurrence


def test_a_past_occurrence_with_an_outcome_survives_a_following_change(services, clock) -> None:
    _head, rows = make_series(services)
    clock.advance(days=8)  # Thu 26 Nov: Tue 24 is past
    services.blocks.set_outcome([rows[2].id], BlockOutcome.DERAILED, "Incident")  # Tue 24
    services.blocks.edit(rows[1].id, "following", recurrence=weekly_rule([2]))  # Wed only
    new = services.blocks.series(rows[1].id)
    kept = next(b for b in new if b.id == rows[2].id)
    assert kept.outcome is BlockOutcome.DERAILED and kept.outcome_reason == "Incident"
    planned_thursdays = [b for b in new if local(b)[:2] in ((11, 26), (12, 3))]
    assert planned_thursdays == []  # planned Thursdays went with the old rule


def test_does_not_repeat_keeps_the_block_and_the_history(services) -> None:
    head, rows = make_series(services)
    services.blocks.set_outcome([head.id], BlockOutcome.DONE)
    before = everything(services)
    with services.hub.operation() as change_op:
        services.blocks.edit(rows[2].id, "all", recurrence="")
    single = services.blocks.get(rows[2].id)
    assert (single.series_id, single.recurrence) == (None, "")
    done = services.blocks.get(head.id)
    assert (done.series_id, done.recurrence, done.outcome) == (None, "", BlockOutcome.DONE)
    ids = {b["id"] for b in everything(services)}
    assert ids == {head.id, rows[2].id}
    services.hub.undo(change_op.rows)
    assert everything(services) == before


def test_does_not_repeat_from_here_on(services) -> None:
    head, rows = make_series(services)
    services.blocks.edit(rows[4].id, "following", recurrence="")
    assert [b.id for b in services.blocks.series(head.id)] == [b.id for b in rows[:4]]
    assert services.blocks.get(rows[4].id).series_id is None
    assert {b["id"] for b in everything(services)} == {b.id for b in rows[:5]}


def test_a_single_block_becomes_a_series_and_does_not_repeat_is_a_no_op(services) -> None:
    change = services.blocks.create("Review", BlockKind.REVIEW, at(20, 14), at(20, 15))
    block_id = change.created_ids[0]
    assert services.blocks.edit(block_id, recurrence="").is_empty
    services.blocks.edit(block_id, recurrence=weekly_rule([4], until=at(4, 0, month=12)))
    assert [local(b)[1] for b in services.blocks.series(block_id)] == [20, 27]


def test_rule_change_with_field_changes_is_one_step(services) -> None:
    _head, rows = make_series(services)
    before = everything(services)
    with services.hub.operation() as change_op:
        services.blocks.edit(
            rows[4].id,
            "following",
            recurrence=weekly_rule([1]),
            title="Deep work: RFC",
            start=at(1, 13, month=12),
            end=at(1, 15, month=12),
        )
    new = services.blocks.series(rows[4].id)
    assert {b.title for b in new} == {"Deep work: RFC"}
    assert {local(b)[2] for b in new} == {13}
    assert all(b.minutes == 120 for b in new)
    services.hub.undo(change_op.rows)
    assert everything(services) == before


@pytest.mark.parametrize(
    ("scope", "rule", "message"),
    [
        ("this", weekly_rule([1]), "one block alone"),
        ("all", "FREQ=WEEKLY;BYDAY=", "not valid"),
        ("all", "FREQ=HOURLY", "daily, weekly"),
        ("following", weekly_rule([1], until=at(1, 0, month=11)), "before the block"),
        ("all", weekly_rule([1], interval=99), "between 1 and 52"),
    ],
)
def test_bad_rule_changes_are_refused_and_change_nothing(services, scope, rule, message) -> None:
    _head, rows = make_series(services)
    before = everything(services)
    with pytest.raises(ValidationError, match=message):
        services.blocks.edit(rows[3].id, scope, recurrence=rule, title="Changed")
    assert everything(services) == before


def test_weekly_with_no_weekday_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one weekday"):
        weekly_rule([])


def test_imported_meetings_cannot_get_a_rule(services) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
        b"DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nSUMMARY:Sync\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    services.calendar.import_ics(data)
    meeting = next(b for b in services.blocks.between(at(19, 0), at(20, 0)) if b.read_only)
    with pytest.raises(ValidationError, match="read-only"):
        services.blocks.edit(meeting.id, recurrence=weekly_rule([3]))


def shown_week(services, monday):  # type: ignore[no-untyped-def]
    """What the week view does to show a week: store its repeating blocks (an explicit
    write), then read it."""
    begin = datetime.combine(monday, datetime.min.time(), BERLIN)
    services.blocks.extend_series(begin + timedelta(days=7))
    return services.blocks.week(monday)


def test_undoing_a_rule_change_after_viewing_far_ahead_restores_the_old_days(services) -> None:
    """Weeks shown after the change materialize the new rule's days; undo must not leave
    those behind, nor a gap where the old rule's days belong."""
    change = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(17, 9), at(17, 12), recurrence=weekly_rule([1])
    )
    head = services.blocks.get(change.created_ids[0])
    with services.hub.operation() as thursdays_op:
        services.blocks.edit(head.id, "all", recurrence=weekly_rule([3]))
    far = datetime(2028, 1, 3, tzinfo=BERLIN).date()
    assert [b.start.astimezone(BERLIN).weekday() for b in shown_week(services, far)] == [3]

    services.hub.undo(thursdays_op.rows)  # what Ctrl+Z does

    for monday in (datetime(2027, 6, 7).date(), far, datetime(2026, 12, 7).date()):
        days = [b.start.astimezone(BERLIN).weekday() for b in shown_week(services, monday)]
        assert days == [1], monday  # the Tuesday, and only it
    services.hub.redo(thursdays_op.rows)  # Ctrl+Shift+Z: Thursdays again, everywhere
    for monday in (datetime(2027, 6, 7).date(), far):
        days = [b.start.astimezone(BERLIN).weekday() for b in shown_week(services, monday)]
        assert days == [3], monday
