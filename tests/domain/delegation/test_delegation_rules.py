from __future__ import annotations

from datetime import date

import pytest

from leaddesk.domain import delegation_rules as rules
from leaddesk.domain.delegation_rules import AttentionReason
from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import Delegation, DelegationStatus, TaskStatus

TODAY = date(2026, 11, 18)


def make(**kw) -> Delegation:
    base = dict(
        task_id=1,
        person_id=1,
        started_on=date(2026, 11, 10),
        check_in_every_days=7,
        next_check_in_on=date(2026, 11, 17),
    )
    base.update(kw)
    return Delegation(**base)


def reasons(d: Delegation, today: date = TODAY, **kw) -> set[AttentionReason]:
    return {a.reason for a in rules.attention_for(d, today, **kw)}


def test_next_check_in_is_one_cadence_later() -> None:
    assert rules.next_check_in(date(2026, 11, 18), 7) == date(2026, 11, 25)
    assert rules.next_check_in(date(2026, 12, 30), 3) == date(2027, 1, 2)


@pytest.mark.parametrize("bad", [0, -1, 366, 1.5, None, True])
def test_bad_cadence_is_refused(bad) -> None:
    with pytest.raises(ValidationError):
        rules.check_cadence(bad)


def test_validation_messages_cover_person_dates_and_cadence() -> None:
    ok = dict(
        person_id=3,
        started_on=TODAY,
        due_on=TODAY,
        check_in_every_days=1,
        next_check_in_on=None,
        escalate_after_days=None,
    )
    rules.validate_new_delegation(**ok)
    with pytest.raises(ValidationError, match="person"):
        rules.validate_new_delegation(**{**ok, "person_id": None})
    with pytest.raises(ValidationError, match="due date"):
        rules.validate_new_delegation(**{**ok, "due_on": date(2026, 11, 17)})
    with pytest.raises(ValidationError, match="cadence"):
        rules.validate_new_delegation(**{**ok, "check_in_every_days": 0})
    with pytest.raises(ValidationError, match="escalation"):
        rules.validate_new_delegation(**{**ok, "escalate_after_days": 0})


def test_check_in_due_today_and_overdue_after_a_date_change() -> None:
    d = make(next_check_in_on=TODAY, last_news_on=TODAY)
    assert reasons(d, date(2026, 11, 17)) == set()
    due_today = rules.attention_for(d, TODAY)
    assert [a.describe() for a in due_today] == ["Check-in due today"]
    later = rules.attention_for(d, date(2026, 11, 21))
    assert [a.describe() for a in later] == ["Check-in overdue by 3 days"]


def test_past_due_and_no_news_longer_than_cadence() -> None:
    d = make(next_check_in_on=date(2026, 12, 1), due_on=date(2026, 11, 16))
    assert reasons(d) == {AttentionReason.PAST_DUE, AttentionReason.NO_NEWS}  # 8 days silent
    d.last_news_on = date(2026, 11, 12)
    assert reasons(d) == {AttentionReason.PAST_DUE}


def test_blocked_longer_than_the_escalation_rule_is_stuck() -> None:
    d = make(
        status=DelegationStatus.BLOCKED,
        escalate_after_days=2,
        last_news_on=date(2026, 11, 15),
        next_check_in_on=date(2026, 11, 22),
    )
    assert reasons(d) == {AttentionReason.STUCK}
    d.status = DelegationStatus.ACTIVE
    assert reasons(d) == set()


def test_snooze_hides_until_and_including_the_day() -> None:
    d = make(snoozed_until=date(2026, 11, 19))
    assert reasons(d) == set()
    assert reasons(d, date(2026, 11, 19)) == set()
    assert AttentionReason.CHECK_IN_DUE in reasons(d, date(2026, 11, 20))
    assert reasons(d, ignore_snooze=True)


def test_snooze_must_be_in_the_future() -> None:
    with pytest.raises(ValidationError):
        rules.check_snooze(TODAY, TODAY)
    assert rules.check_snooze(date(2026, 11, 19), TODAY) == date(2026, 11, 19)


def test_closed_or_completed_delegations_never_need_attention() -> None:
    d = make(due_on=date(2026, 1, 1))
    assert reasons(d)
    assert reasons(d, task_status=TaskStatus.DONE) == set()
    d.status = DelegationStatus.CANCELLED
    assert reasons(d) == set()


def test_effective_status_follows_the_task() -> None:
    active = DelegationStatus.ACTIVE
    assert rules.effective_status(active, TaskStatus.DONE) is DelegationStatus.DONE
    assert rules.effective_status(active, TaskStatus.LET_GO) is DelegationStatus.CANCELLED
    assert rules.effective_status(active, TaskStatus.OPEN) is active
    done = DelegationStatus.DONE
    assert rules.effective_status(done, TaskStatus.OPEN) is done


def test_load_hint_flags_a_silo_only_in_a_team() -> None:
    assert rules.load_hint({}, team_size=3) is None
    assert rules.load_hint({1: 2, 2: 1}, team_size=3) is None  # 2 of 3: not yet a pattern
    hint = rules.load_hint({1: 4, 2: 1, 3: 1}, team_size=4)
    assert hint is not None and (hint.person_id, hint.count, hint.total) == (1, 4, 6)
    assert hint.silo and "4 of 6" in hint.describe("Dana")
    assert rules.load_hint({1: 3, 2: 3}, team_size=2) is None  # evenly spread
    assert rules.load_hint({1: 4}, team_size=1) is None  # nobody else to ask
    overloaded = rules.load_hint({1: 6, 2: 6}, team_size=2)
    assert overloaded is not None and overloaded.overloaded and not overloaded.silo


def test_days_since_news_counts_from_start_until_news() -> None:
    d = make()
    assert rules.days_since_news(d, TODAY) == 8
    d.last_news_on = date(2026, 11, 17)
    assert rules.days_since_news(d, TODAY) == 1
