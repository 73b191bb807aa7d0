"""The block-edit rules moved out of WeekArea's slots (domain/block_edit.py): which fields
an edit changes, the series question it raises (and the answer on lock), and the default
times of a new block and of an overrun."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from leaddesk.domain.block_edit import (
    SeriesQuestion,
    diff_block_edit,
    new_block_span,
    next_quarter,
    overrun_default_end,
)
from leaddesk.domain.model import BlockKind, BlockOutcome, TimeBlock

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
WEEK = [MONDAY + timedelta(days=i) for i in range(7)]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


BLOCK = TimeBlock("Deep work", BlockKind.FOCUS, _at(17, 9), _at(17, 10), id=4)


def _edit(block: TimeBlock = BLOCK, **values: object):  # type: ignore[no-untyped-def]
    fields: dict[str, object] = {
        "title": block.title,
        "kind": block.kind,
        "start": block.start,
        "end": block.end,
        "protected": block.protected,
        "person_id": block.person_id,
        "outcome": block.outcome,
        "outcome_reason": block.outcome_reason,
        "rule_changed": False,
    }
    fields.update(values)
    return diff_block_edit(block, **fields)  # type: ignore[arg-type]


def test_unchanged_values_are_an_empty_edit() -> None:
    edit = _edit(title="  Deep work  ")
    assert edit.is_empty
    assert edit.series_question() is None


def test_changed_fields_are_listed_and_a_moved_block_carries_both_times() -> None:
    edit = _edit(title="Review", start=_at(17, 11), end=_at(17, 12), protected=True)
    assert edit.changes == {
        "title": "Review",
        "start": _at(17, 11),
        "end": _at(17, 12),
        "protected": True,
    }
    assert not edit.outcome_changed
    assert edit.label == "Edit block"


def test_a_read_only_block_only_takes_an_outcome() -> None:
    imported = replace(BLOCK, read_only=True, series_id=3)
    edit = _edit(imported, title="Renamed", outcome=BlockOutcome.DONE, rule_changed=True)
    assert edit.changes == {}
    assert edit.outcome_changed and not edit.rule_changed
    assert edit.series_question() is None


def test_a_field_change_in_a_series_asks_which_blocks_except_on_lock() -> None:
    edit = _edit(replace(BLOCK, series_id=3), title="Renamed")
    assert edit.series_question() is SeriesQuestion.CHANGE
    assert edit.series_question(quiet=True) is None  # on lock: this block only


def test_a_rule_change_asks_for_the_rule_scope_and_on_lock_means_this_and_following() -> None:
    edit = _edit(replace(BLOCK, series_id=3), rule_changed=True)
    assert edit.series_question() is SeriesQuestion.RULE
    question = edit.series_question(quiet=True)
    assert question is SeriesQuestion.RULE
    assert question.quiet_scope == "following"
    assert edit.label == "Change repeat rule"


def test_an_outcome_alone_in_a_series_asks_nothing() -> None:
    edit = _edit(replace(BLOCK, series_id=3), outcome=BlockOutcome.SKIPPED)
    assert not edit.is_empty
    assert edit.series_question() is None


def test_next_quarter_rounds_up_and_keeps_a_quarter() -> None:
    assert next_quarter(_at(17, 9, 1)) == _at(17, 9, 15)
    assert next_quarter(_at(17, 9, 45)) == _at(17, 9, 45)


def test_a_new_block_starts_at_the_next_quarter_when_today_is_shown() -> None:
    start, end = new_block_span(_at(18, 13, 7), WEEK, 8, BERLIN)
    assert (start, end) == (_at(18, 13, 15), _at(18, 14, 15))


def test_a_new_block_in_another_week_starts_at_the_first_days_working_start() -> None:
    later = [day + timedelta(days=7) for day in WEEK]
    start, end = new_block_span(_at(18, 13, 7), later, 8, BERLIN)
    assert (start, end) == (_at(23, 8), _at(23, 9))


def test_a_late_new_block_ends_at_midnight_of_its_day() -> None:
    start, end = new_block_span(_at(18, 23, 20), WEEK, 8, BERLIN)
    assert start == _at(18, 23, 30)
    assert end == datetime(2026, 11, 19, 0, 0, tzinfo=BERLIN).astimezone(UTC)


def test_given_times_are_kept() -> None:
    assert new_block_span(_at(18, 13), WEEK, 8, BERLIN, _at(19, 7), _at(19, 7, 30)) == (
        _at(19, 7),
        _at(19, 7, 30),
    )


def test_overrun_default_end_is_a_quarter_past_the_end_at_least_and_on_the_same_day() -> None:
    assert overrun_default_end(_at(17, 9, 50), BLOCK, BERLIN) == _at(17, 10, 15)
    assert overrun_default_end(_at(17, 11, 2), BLOCK, BERLIN) == _at(17, 11, 15)
    late = replace(BLOCK, start=_at(17, 22), end=_at(17, 23, 50))
    assert overrun_default_end(_at(18, 0, 5), late, BERLIN) == _at(18, 0, 5)
