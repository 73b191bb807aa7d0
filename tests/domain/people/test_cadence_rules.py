from __future__ import annotations

from datetime import date

import pytest

from leaddesk.domain.cadence import (
    cadence_status,
    describe_due,
    describe_since,
    last_one_on_one,
    next_due,
)
from leaddesk.domain.feedback_rules import feedback_balance, recognition_nudge
from leaddesk.domain.model import FeedbackTone

TODAY = date(2026, 11, 18)


def test_next_due_is_cadence_after_the_last_one_on_one() -> None:
    assert next_due(date(2026, 11, 4), 14, TODAY) == date(2026, 11, 18)
    status = cadence_status(date(2026, 11, 4), 14, TODAY)
    assert not status.is_overdue and describe_due(status) == "due today"
    assert status.days_since_last == 14


def test_overdue_by_days_after_the_due_date() -> None:
    status = cadence_status(date(2026, 11, 1), 14, TODAY)
    assert status.next_due_on == date(2026, 11, 15)
    assert status.is_overdue and status.overdue_days == 3
    assert describe_due(status) == "overdue by 3 days"
    assert describe_since(status) == "17 days ago"


def test_never_met_is_due_from_the_start_date_or_today() -> None:
    long_ago = cadence_status(None, 14, TODAY, started_on=date(2026, 1, 5))
    assert long_ago.is_overdue and long_ago.days_since_last is None
    assert describe_since(long_ago) == "no one-on-one yet"
    new = cadence_status(None, 14, TODAY)
    assert new.next_due_on == TODAY and not new.is_overdue


def test_last_one_on_one_takes_the_newest_of_notes_and_blocks() -> None:
    assert last_one_on_one([date(2026, 11, 2), None], [date(2026, 11, 10)]) == date(2026, 11, 10)
    assert last_one_on_one([], [None]) is None


def test_cadence_must_be_positive() -> None:
    with pytest.raises(ValueError):
        next_due(None, 0, TODAY)


def test_feedback_balance_counts_only_the_last_90_days() -> None:
    given = [
        (date(2026, 11, 10), FeedbackTone.POSITIVE),
        (date(2026, 10, 1), FeedbackTone.CONSTRUCTIVE),
        (date(2026, 8, 20), FeedbackTone.CONSTRUCTIVE),  # exactly 90 days back: counted
        (date(2026, 8, 19), FeedbackTone.POSITIVE),  # 91 days back: not counted
        (date(2026, 11, 12), None),
    ]
    balance = feedback_balance(given, TODAY)
    assert (balance.positive, balance.constructive) == (1, 2)
    assert "1 positive, 2 constructive" in balance.describe()


def test_recognition_nudge_after_30_quiet_days_but_not_for_newcomers() -> None:
    assert recognition_nudge(date(2026, 11, 1), TODAY) is None
    assert "30 days" in (recognition_nudge(date(2026, 10, 19), TODAY) or "")
    assert recognition_nudge(None, TODAY, known_since=date(2026, 11, 10)) is None
    assert recognition_nudge(None, TODAY, known_since=date(2026, 1, 1)) is not None
