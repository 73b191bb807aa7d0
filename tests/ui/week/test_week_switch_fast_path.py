"""The week switch's fast path (issue 18): one read per week shown, blocks painted once
and blitted, and what is shown stays what the vault holds.

* A week shown again reads its blocks and booked tasks in one transaction (two statements)
  and does not ask again whether repeating blocks must be stored ahead (before: three
  statements in three transactions on every switch).
* After a change of blocks the view asks again: a series made after a far week was shown
  is stored there when that week is shown again.
* A block painted from the kept pixmap has the pixels of painting it directly (up to the
  rounding of blended text edges, as Qt's own item cache had); blocks that look the same
  in the same place of another week share one pixmap; the pixmaps (they show titles) are
  dropped at lock.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from leaddesk.domain.model import BlockKind, BlockOutcome, Quadrant
from leaddesk.domain.week import week_start
from leaddesk.ui.week.grid_geometry import MINUTE_HEIGHT

from .conftest import at


def _statements(ctx, action) -> Counter[str]:  # type: ignore[no-untyped-def]
    raw = ctx.services.tasks.hub.vault.raw_connection
    words: Counter[str] = Counter()

    def seen(statement: str) -> None:
        stripped = statement.lstrip()
        if stripped and not stripped.startswith("--"):
            words[stripped.split(None, 1)[0].upper()] += 1

    raw.set_trace_callback(seen)
    try:
        action()
        QApplication.processEvents()
    finally:
        raw.set_trace_callback(None)
    return words


def test_a_week_shown_again_is_one_read_of_two_statements(ctx, area) -> None:
    services = ctx.services
    services.blocks.create("Deep work", BlockKind.FOCUS, at(17, 9), at(17, 11))
    services.blocks.create("Next week", BlockKind.FOCUS, at(24, 9), at(24, 10))
    area.refresh()
    area.go_next()
    words = _statements(ctx, area.go_previous)
    assert [b.title for b in area.blocks] == ["Deep work"]
    assert words["SELECT"] == 2, words  # the week's blocks, the tasks it books
    assert words["BEGIN"] == 1, words
    words = _statements(ctx, area.go_next)
    assert [b.title for b in area.blocks] == ["Next week"]
    assert (words["SELECT"], words["BEGIN"]) == (2, 1), words


def test_a_series_made_after_a_far_week_was_shown_is_stored_there(ctx, area) -> None:
    services = ctx.services
    here = area.first_day
    far = week_start(here + timedelta(weeks=60))
    assert area.go_to(far) and area.blocks == []
    assert area.go_to(here)
    change = services.blocks.create(
        "Planning", BlockKind.THINKING, at(20, 14), at(20, 15), recurrence="FREQ=WEEKLY;BYDAY=FR"
    )
    head = change.created_ids[0]
    assert area.go_to(far)
    assert [(b.title, b.series_id) for b in area.blocks] == [("Planning", head)]


def test_the_view_shows_the_week_as_the_service_reads_it(ctx, area) -> None:
    services = ctx.services
    task = services.tasks.capture("Write the memo", quadrant=Quadrant.DO, estimate_minutes=60)
    services.blocks.create("Deep work", BlockKind.FOCUS, at(16, 9), at(16, 11), protected=True)
    services.blocks.book_tasks([task.id], at(18, 14))
    services.blocks.create(
        "Stand-up", BlockKind.MEETING, at(17, 9), at(17, 9, 15), recurrence="FREQ=DAILY"
    )
    area.refresh()
    records = services.blocks.week(area.first_day)
    fields = ("id", "title", "kind", "start", "end", "task_id", "person_id", "protected")
    more = ("recurrence", "series_id", "outcome", "outcome_reason", "read_only", "external_uid")
    assert [tuple(getattr(b, f) for f in fields + more) for b in area.blocks] == [
        tuple(getattr(b, f) for f in fields + more) for b in records
    ]
    assert [b.minutes for b in area.blocks] == [b.minutes for b in records]
    assert task.id not in [t.id for t in area.tasks_panel.model._tasks]


def _paint(item, offset: tuple[float, float], direct: bool) -> QImage:  # type: ignore[no-untyped-def]
    rect = item.rect()
    image = QImage(int(rect.width()) + 8, int(rect.height()) + 8, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(offset[0] - rect.x(), offset[1] - rect.y())
    if direct:  # what painting the item without any kept pixmap gives (its bounds clip)
        # clipped to the item's bounds on whole device pixels and one more (the pixmap)
        x, y = offset[0] - 0.5, offset[1] - 0.5
        left, top = math.floor(x) - x - 1.5 + rect.x(), math.floor(y) - y - 1.5 + rect.y()
        width = math.ceil(x - math.floor(x) + rect.width() + 1) + 2
        height = math.ceil(y - math.floor(y) + rect.height() + 1) + 2
        painter.setClipRect(QRectF(left, top, width, height))
        item._paint_block(painter, rect, item.style)
    else:
        item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def test_a_block_from_the_kept_pixmap_has_the_pixels_of_painting_it_directly(
    ctx, area, qtbot
) -> None:
    services = ctx.services
    made = [
        ("1:1 Anna — performance", BlockKind.ONE_ON_ONE, at(16, 9), at(16, 10), False),
        ("Deep work on the migration plan", BlockKind.FOCUS, at(17, 9), at(17, 12), True),
        ("Lunch", BlockKind.BREAK, at(18, 12), at(18, 12, 30), False),
    ]
    ids = [
        services.blocks.create(title, kind, start, end, protected=locked).created_ids[0]
        for title, kind, start, end, locked in made
    ]
    services.blocks.set_outcome([ids[1]], BlockOutcome.PARTLY_DONE, "pulled into an incident")
    area.refresh()
    area.grid.select_block(ids[0])
    for block_id in ids:
        item = area.grid.items_by_id[block_id]
        for offset in ((2.0, 3.0), (2.4, 3.7)):
            kept, direct = _paint(item, offset, direct=False), _paint(item, offset, direct=True)
            assert _largest_difference(kept, direct) <= 2  # rounding of blended text edges


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    largest = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixel(x, y), b.pixel(x, y)
            if pa != pb:
                largest = max(
                    largest, *(abs((pa >> s & 255) - (pb >> s & 255)) for s in (0, 8, 16, 24))
                )
    return largest


def test_blocks_that_look_the_same_share_a_pixmap_and_a_lock_drops_them(ctx, area) -> None:
    services = ctx.services
    for day in (16, 17, 18, 19, 20, 23, 24, 25, 26, 27):  # two weeks of the same stand-ups
        services.blocks.create("Stand-up", BlockKind.MEETING, at(day, 9), at(day, 9, 15))
    area.refresh()
    area.grid.viewport().repaint()
    style = area.grid._style
    kept = style.pixmaps_kept
    assert 0 < kept <= 5
    area.go_next()
    area.grid.viewport().repaint()
    assert style.pixmaps_kept == kept  # next week's stand-ups are blitted, not painted
    area.clear_private()
    assert style.pixmaps_kept == 0


def test_the_painted_grid_is_the_same_after_switching_away_and_back(ctx, area, qtbot) -> None:
    services = ctx.services
    services.blocks.create("Review the roadmap", BlockKind.REVIEW, at(16, 10), at(16, 11))
    services.blocks.create("Other week", BlockKind.ADMIN, at(23, 10), at(23, 11))
    area.refresh()
    QApplication.processEvents()
    before = area.grid.viewport().grab().toImage()
    area.go_next()
    QApplication.processEvents()
    assert area.grid.viewport().grab().toImage() != before  # another week is shown
    area.go_previous()
    QApplication.processEvents()
    assert area.grid.viewport().grab().toImage() == before
    assert QRectF(area.grid.block_rect(area.blocks[0].id)).isValid()


def _shown(area) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    """What the area shows of its week: blocks, side panel, capacity cells and labels."""
    table = area.capacity_panel.table
    return (
        [tuple(b) for b in area.blocks],
        sorted(area.grid.items_by_id),
        [t.id for t in area.tasks_panel.model._tasks],
        [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ],
        area.capacity_panel.booked_label.text(),
        area.capacity_panel.fit_label.text(),
        area.status_label.text(),
    )


def test_a_move_is_shown_from_its_own_rows_as_reading_the_week_shows_it(ctx, area) -> None:
    services = ctx.services
    services.tasks.capture("Write the memo", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    moved = services.blocks.create("Deep work", BlockKind.FOCUS, at(16, 9), at(16, 11))
    services.blocks.create("Admin", BlockKind.ADMIN, at(17, 9), at(17, 10))
    services.blocks.create("Sunday night", BlockKind.THINKING, at(22, 22), at(23, 0))
    area.refresh()
    block_id = moved.created_ids[0]
    words = _statements(
        ctx, lambda: area.grid.block_change_requested.emit(block_id, at(18, 13), at(18, 15))
    )
    assert words["SELECT"] <= 1 and words["BEGIN"] == 1, words  # the write's own transaction
    assert services.blocks.get(block_id).start == at(18, 13)
    shown = _shown(area)
    area.refresh()
    assert _shown(area) == shown
    # moved out of the week: gone from it, as a read shows
    area.grid.block_change_requested.emit(block_id, at(24, 13), at(24, 15))
    assert block_id not in [b.id for b in area.blocks]
    shown = _shown(area)
    area.refresh()
    assert _shown(area) == shown


def test_moving_a_booked_task_out_of_the_week_brings_the_task_back(ctx, area) -> None:
    services = ctx.services
    task = services.tasks.capture("Write the memo", quadrant=Quadrant.DO, estimate_minutes=60)
    change = services.blocks.book_tasks([task.id], at(18, 9))
    area.refresh()
    assert task.id not in [t.id for t in area.tasks_panel.model._tasks]
    block_id = change.created_ids[0]
    area.grid.block_change_requested.emit(block_id, at(25, 9), at(25, 10))
    assert task.id in [t.id for t in area.tasks_panel.model._tasks]
    assert block_id not in area.grid.items_by_id


def test_undoing_a_move_shows_the_block_back_in_place(ctx, area) -> None:
    services = ctx.services
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(16, 9), at(16, 11)
    ).created_ids[0]
    area.refresh()
    before = _shown(area)
    area.grid.block_change_requested.emit(block_id, at(19, 9), at(19, 11))
    assert _shown(area) != before
    ctx.undo_stack.undo()
    assert _shown(area) == before


def test_moving_the_selected_block_repaints_only_where_it_was_and_is(
    ctx, area, monkeypatch
) -> None:
    from leaddesk.ui.week.block_item import BlockItem

    services = ctx.services
    ids = [
        services.blocks.create(
            f"Block {day}", BlockKind.FOCUS, at(day, 9), at(day, 10)
        ).created_ids[0]
        for day in (16, 17, 18, 19, 20)
    ]
    area.refresh()
    area.grid.select_block(ids[0])
    QApplication.processEvents()
    painted: list[int] = []
    paint_key = BlockItem._paint_key  # every paint of an item asks for its key

    def counting(item):  # type: ignore[no-untyped-def]
        painted.append(item.block_id)
        return paint_key(item)

    monkeypatch.setattr(BlockItem, "_paint_key", counting)
    area.grid.block_change_requested.emit(ids[0], at(16, 11), at(16, 12))
    QApplication.processEvents()
    assert services.blocks.get(ids[0]).start == at(16, 11)
    assert area.grid.selected_id == ids[0]
    assert ids[0] in painted and not set(painted) & set(ids[2:])  # not Wednesday to Friday


def test_todays_column_is_tinted_in_its_week_only(ctx, area) -> None:
    grid = area.grid
    today = ctx.clock.today()
    assert today in area.shown_days

    def colours() -> list[int]:  # each day column at 15:20, working time with no block
        QApplication.processEvents()
        image = grid.viewport().grab().toImage()
        y = grid.mapFromScene(QPointF(0, (15 * 60 + 20) * MINUTE_HEIGHT)).y()
        return [
            image.pixel(grid.mapFromScene(grid.point_for(i, 0)).x(), y)
            for i in range(len(grid.days))
        ]

    grid.scroll_to_hour(14)
    here = colours()
    index = area.shown_days.index(today)
    weekdays = [c for i, c in enumerate(here) if i != index and area.shown_days[i].weekday() < 5]
    assert len(set(weekdays)) == 1 and here[index] not in weekdays  # tinted, the others not
    area.go_next()
    assert len(set(colours()[:5])) == 1  # no day tinted in another week
    area.go_previous()
    assert colours() == here


def test_going_back_and_forth_between_two_full_weeks_paints_no_block_again(
    ctx, area, monkeypatch
) -> None:
    """Two weeks of 80 half-hour meetings each (a calendar subscription's week): both fit in
    what the style keeps, so after each was painted once a switch only blits. (Kept by
    count, 100 pixmaps, the two weeks pushed each other out and every switch painted all
    160 blocks again.)"""
    from leaddesk.ui.week.block_item import PIXMAP_BYTES_KEPT, BlockItem

    services = ctx.services
    for week, first_day in enumerate((16, 23)):
        for day in range(first_day, first_day + 5):
            for slot in range(16):
                hour, minute = 8 + slot // 2, 30 * (slot % 2)
                end = at(day, hour, minute) + timedelta(minutes=30)
                title = f"Meeting {week}-{day}-{slot}"
                services.blocks.create(title, BlockKind.MEETING, at(day, hour, minute), end)
    area.refresh()
    painted: list[int] = []
    paint_block = BlockItem._paint_block

    def counting(self, painter, rect, style):  # type: ignore[no-untyped-def]
        painted.append(self.block_id)
        paint_block(self, painter, rect, style)

    monkeypatch.setattr(BlockItem, "_paint_block", counting)
    style = area.grid._style
    area.grid.viewport().repaint()
    area.go_next()
    area.grid.viewport().repaint()
    assert len(set(painted)) == 160
    kept = style.pixmaps_kept
    assert kept >= 160 and style.bytes_kept <= PIXMAP_BYTES_KEPT
    painted.clear()
    for _ in range(3):
        area.go_previous()
        area.grid.viewport().repaint()
        area.go_next()
        area.grid.viewport().repaint()
    assert painted == []
    assert style.pixmaps_kept == kept
