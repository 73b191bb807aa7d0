"""One definition of plan vs done and focus hours (issue 15): Past reviews and the Insights
show the same figures for a week, and blocks still ahead count for neither."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from leaddesk.domain.clock import FixedClock
from leaddesk.domain.model import BlockKind, BlockOutcome, TimeBlock
from leaddesk.services.base import ChangeKind
from leaddesk.ui.review.area import ReviewArea
from tests.conftest import BERLIN

WEEK = date(2026, 11, 16)


@pytest.fixture
def clock() -> FixedClock:
    """Friday 20 November 2026, 15:00: the ritual's afternoon."""
    return FixedClock(datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN))


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=BERLIN)


def _block(kind, day, start, end, outcome=BlockOutcome.PLANNED) -> TimeBlock:  # type: ignore[no-untyped-def]
    return TimeBlock(
        title="b", kind=kind, start=_at(day, start), end=_at(day, end), outcome=outcome
    )


@pytest.fixture
def week(services):  # type: ignore[no-untyped-def]
    blocks = [
        _block(BlockKind.FOCUS, 16, 9, 12, BlockOutcome.DONE),
        _block(BlockKind.ADMIN, 17, 14, 15, BlockOutcome.SKIPPED),
        _block(BlockKind.FOCUS, 19, 9, 11),  # held, no outcome recorded yet
        _block(BlockKind.FOCUS, 20, 16, 18),  # still ahead: counts for nothing yet
    ]
    with services.hub.write(ChangeKind.BLOCKS) as s:
        s.add_all(blocks)
    return blocks


def test_blocks_still_ahead_count_neither_as_planned_nor_as_focus(services, week) -> None:
    figures = services.reviews.look_back(WEEK).figures
    assert (figures.planned, figures.done) == (3, 1.0)  # 4 and 25% before
    assert figures.plan_done_percent == 33.3
    assert figures.focus_hours == 5.0  # 3 h done + 2 h held; the 2 h ahead not yet


def test_past_reviews_and_insights_show_the_same_figures(qtbot, ctx, week) -> None:
    area = ReviewArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.start_review()
    area.finish_review()  # freezes 33.3% into the review record
    with ctx.services.hub.write(ChangeKind.BLOCKS) as s:  # the outcome is recorded later
        s.get(TimeBlock, week[2].id).outcome = BlockOutcome.DONE
    area.overview.refresh()
    row = area.overview.past.topLevelItem(0)
    shown = (row.text(1), row.text(2))
    area.show_insights()
    (this_week,) = [w for w in area.insights.weeks if w.week_start == WEEK]
    assert this_week.plan_done_percent == 66.7 and this_week.focus_hours == 5.0
    assert shown == ("67%", "5")  # not the 33% frozen at "finish"
