"""The review's figures read on the vault's own connection, in one read transaction of their
own (issue 18: no ORM session for a read of plain rows): nothing is left open, a write
after them works, inside an open write they read that write's rows, and a locked vault is
refused in plain words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from leaddesk.domain.errors import VaultError
from leaddesk.domain.model import BlockKind, BlockOutcome, TimeBlock
from leaddesk.services.base import ChangeKind
from tests.conftest import BERLIN

WEEK = date(2026, 11, 16)  # Monday of the fixture clock's week


def _block(day: int, outcome: BlockOutcome = BlockOutcome.DONE) -> TimeBlock:
    return TimeBlock(
        title="Focus",
        kind=BlockKind.FOCUS,
        start=datetime(2026, 11, day, 9, tzinfo=BERLIN),
        end=datetime(2026, 11, day, 11, tzinfo=BERLIN),
        outcome=outcome,
    )


def test_the_figures_leave_no_transaction_open_and_a_write_follows(services) -> None:
    raw = services.hub.vault.raw_connection
    assert services.reviews.look_back(WEEK).figures.planned == 0
    services.reviews.insights(WEEK, 4)
    assert not raw.in_transaction
    with services.hub.write(ChangeKind.BLOCKS) as s:
        s.add(_block(16))
    look = services.reviews.look_back(WEEK)
    assert not raw.in_transaction
    assert look.figures.planned == 1 and look.figures.focus_hours == 2.0
    assert [b.title for b in look.blocks] == ["Focus"]
    assert services.reviews.insights(WEEK, 2)[-1].planned == 1


def test_inside_an_open_write_the_figures_read_its_rows_and_leave_it_open(services) -> None:
    raw = services.hub.vault.raw_connection
    with services.hub.write(ChangeKind.BLOCKS) as s:
        s.add(_block(17, BlockOutcome.PARTLY_DONE))
        s.flush()
        look = services.reviews.look_back(WEEK)
        assert raw.in_transaction  # the write's transaction, still to be committed
        assert look.figures.planned == 1 and look.figures.done == 0.5
    assert not raw.in_transaction
    assert services.reviews.look_back(WEEK).figures.done == 0.5  # it was committed


def test_a_locked_vault_is_refused_in_plain_words(services) -> None:
    services.hub.vault.close()
    with pytest.raises(VaultError, match="locked"):
        services.reviews.look_back(WEEK)
    with pytest.raises(VaultError, match="locked"):
        services.reviews.insights(WEEK)


def test_one_scan_of_the_weeks_blocks_adds_up_as_the_figures_statement(services, clock) -> None:
    """The look-back reads its week's blocks once (``week_blocks``) and leaves them out of
    ``week_tallies``: the sums are those the statement's own blocks part gives, every week."""
    import random
    from datetime import timedelta

    from leaddesk.domain.review_rules import CADENCE_LOOKBACK, WeekSpan
    from leaddesk.domain.week import week_bounds
    from leaddesk.storage.repositories.reviews import ReviewRepository

    from .test_figures_same_as_before import FIRST, THIS_WEEK, seed

    seed(services, clock, random.Random(3))
    tz, now = clock.tz, clock.now()
    week, with_blocks = FIRST, 0
    with services.hub.read_rows() as raw:
        repo = ReviewRepository(None, raw=raw)
        while week <= THIS_WEEK + timedelta(weeks=1):
            span = WeekSpan(week, *week_bounds(week, tz))
            since, _ = week_bounds(week - CADENCE_LOOKBACK, tz)
            planned, sums = repo.week_blocks(span.begin, span.end, now)
            whole = repo.week_tallies([span], now, since)
            apart = repo.week_tallies([span], now, since, sums)
            assert apart == whole, week
            assert [type(v) for v in apart[0][0]] == [type(v) for v in whole[0][0]]
            with_blocks += bool(planned) and whole[0][0].planned > 0
            week += timedelta(weeks=1)
        with pytest.raises(ValueError):
            repo.week_tallies([span, span], now, since, sums)
    assert with_blocks > 10  # the seed filled the weeks


def test_an_ambiguous_hours_two_instants_are_written_apart(services) -> None:
    """The repository writes each instant's UTC text once; the two instants of the hour the
    clocks go back compare equal in Python (same zone: wall time, fold ignored) and must
    still be written as two different instants."""
    from leaddesk.storage.repositories.reviews import ReviewRepository

    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = first.replace(fold=1)
    assert first == second  # Python's rule the key must not fall for
    with services.hub.read_rows() as raw:
        repo = ReviewRepository(None, raw=raw)
        texts = [repo._utc(first), repo._utc(second), repo._utc(first)]
    assert texts == [
        "2026-10-25T00:30:00.000000Z",
        "2026-10-25T01:30:00.000000Z",
        "2026-10-25T00:30:00.000000Z",
    ]
