"""Blocks on the generic undo step: rows back by id, and series rows stored ahead since."""

from __future__ import annotations

from datetime import datetime, timedelta

from leaddesk.domain.model import BlockKind
from tests.conftest import BERLIN
from tests.services.week.test_block_rule_changes import at, shown_week, weekly_rule


def test_undoing_a_new_series_after_viewing_far_ahead_leaves_no_orphans(services) -> None:
    with services.hub.operation() as created:
        services.blocks.create(
            "Deep work", BlockKind.FOCUS, at(17, 9), at(17, 12), recurrence=weekly_rule([1])
        )
    far = datetime(2028, 1, 3, tzinfo=BERLIN).date()
    assert len(shown_week(services, far)) == 1
    services.hub.undo(created.rows)
    begin = datetime(2026, 11, 1, tzinfo=BERLIN)
    assert services.blocks.between(begin, begin + timedelta(weeks=200)) == []
