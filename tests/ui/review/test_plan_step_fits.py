"""Step 5 on a 1280x720 laptop screen with the proposal open: the week's own bar (its title,
"Plan next week…") stays in view and the capacity table shows every row.

The step holds the week in a scroll area (so the week's minimum width never pushes Back and
Finish off the screen). That scroll area kept the week at its *preferred* height for its
width, so the proposal panel scrolled the week's bar ~20 px out of view, and the capacity
table's fixed height made the week taller still (seen at 1280x720, demo data).
"""

from __future__ import annotations

import pytest

from leaddesk.ui.review.area import ReviewArea
from leaddesk.ui.review.steps.plan import PlanPage

# The review area's share of a maximised 1280x720 window (sidebar, menu and status bar off).
LAPTOP_REVIEW_AREA = (1080, 630)


@pytest.fixture
def plan_step(qtbot, ctx):  # type: ignore[no-untyped-def]
    from leaddesk.services.demo import seed_demo

    seed_demo(ctx.services)
    area = ReviewArea(ctx)
    qtbot.addWidget(area)
    area.resize(*LAPTOP_REVIEW_AREA)
    area.show()
    area.refresh()
    area.start_review()
    index = next(i for i, page in enumerate(area.steps) if isinstance(page, PlanPage))
    area._go_step(index)
    page = area.stack.currentWidget()
    assert isinstance(page, PlanPage)
    qtbot.waitUntil(lambda: page.week_view.isVisible())
    return page


def _bar_in_view(page: PlanPage) -> bool:
    holder = page._holder
    title = page.week_view.title_label
    top = title.mapTo(holder.viewport(), title.rect().topLeft()).y()
    return top >= 0 and top + title.height() <= holder.viewport().height()


def test_the_proposal_leaves_the_weeks_bar_and_every_capacity_row_in_view(qtbot, plan_step) -> None:  # type: ignore[no-untyped-def]
    page = plan_step
    assert _bar_in_view(page)
    page.week_view.plan_controller.plan_next_week()
    panel = page.week_view.plan_controller.panel
    qtbot.waitUntil(lambda: panel.isVisible())
    qtbot.wait(50)  # the layout settles (and the focus scrolls, if anything must)
    holder = page._holder
    assert holder.verticalScrollBar().value() == 0
    assert holder.verticalScrollBar().maximum() == 0, "the week is taller than its room"
    assert _bar_in_view(page)
    bottom = panel.mapTo(holder.viewport(), panel.rect().bottomLeft()).y()
    assert bottom <= holder.viewport().height()  # Accept / Drop in view too
    table = page.week_view.capacity_panel.table
    assert table.height() >= table.sizeHint().height()  # all eight rows, no scroll bar
    assert not table.verticalScrollBar().isVisible()


def test_squeezed_harder_the_table_scrolls_instead_of_pushing_the_week(qtbot, plan_step) -> None:  # type: ignore[no-untyped-def]
    page = plan_step
    page.week_view.plan_controller.plan_next_week()
    page.window().resize(LAPTOP_REVIEW_AREA[0], 590)
    qtbot.wait(50)
    table = page.week_view.capacity_panel.table
    assert table.height() < table.sizeHint().height()
    assert table.height() >= table.minimumHeight() > 0
    assert page._holder.verticalScrollBar().maximum() == 0
