"""Balance hints are plain rules over quadrant counts."""

from __future__ import annotations

from leaddesk.domain.model import Quadrant as Q
from leaddesk.ui.matrix.balance import balance_hints, counts_line


def test_no_hints_for_a_small_or_balanced_board() -> None:
    assert balance_hints({Q.DO: 2}) == []
    assert balance_hints({Q.DO: 2, Q.SCHEDULE: 3, Q.DELEGATE: 1, Q.DELETE: 1}) == []


def test_only_top_two_quadrants() -> None:
    hints = balance_hints({Q.DO: 2, Q.SCHEDULE: 2})
    assert len(hints) == 1 and "top two quadrants" in hints[0]


def test_do_dominates_and_schedule_empty() -> None:
    hints = balance_hints({Q.DO: 5, Q.DELEGATE: 1})
    assert any("firefighting" in h for h in hints)
    assert any("Schedule is empty" in h for h in hints)


def test_unbooked_schedule_work_is_flagged() -> None:
    assert balance_hints({}, unbooked_schedule=1) == [
        "1 Schedule task has no time booked this week."
    ]


def test_counts_line_names_every_column() -> None:
    assert counts_line({Q.DO: 3}) == "Inbox 0 · Do 3 · Schedule 0 · Delegate 0 · Delete 0"
