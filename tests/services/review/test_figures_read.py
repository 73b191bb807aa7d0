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
