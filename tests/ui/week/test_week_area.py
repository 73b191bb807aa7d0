from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from leaddesk.domain.model import BlockKind, BlockOutcome, Quadrant
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.ui.week.grid_geometry import MINUTE_HEIGHT
from leaddesk.ui.week.models import TASK_IDS_MIME, UnbookedTasksModel

from .conftest import at, drag

WEEK = date(2026, 11, 16)


def make(services, title="Deep work", kind=BlockKind.FOCUS, start=None, end=None, **kw):
    change = services.blocks.create(title, kind, start or at(17, 9), end or at(17, 10), **kw)
    return change.created_ids[0]


def test_a_real_week_monday_to_sunday_with_dates(area) -> None:
    assert area.title == "Week"
    assert area.header.days == [WEEK + timedelta(days=i) for i in range(7)]
    assert area.title_label.text() == "Week 47 · 16 – 22 Nov 2026"
    assert area.grid.days[0].weekday() == 0
    assert area.header.today == date(2026, 11, 18)
    assert not area.grid.items_by_id


def test_week_settings_first_weekday_hours_and_weekends(area, ctx) -> None:
    ctx.settings.set("week/first_weekday", 6)
    assert area.grid.days[0] == date(2026, 11, 15)
    ctx.settings.set("week/first_weekday", 0)
    ctx.settings.set("week/show_weekends", False)
    assert [d.weekday() for d in area.grid.days] == [0, 1, 2, 3, 4]
    ctx.settings.set("week/day_start_hour", 7)
    ctx.settings.set("week/day_end_hour", 16)
    assert (area.grid.day_start_hour, area.grid.day_end_hour) == (7, 16)
    assert area.capacity_panel.capacity.working_minutes == 5 * 9 * 60


def test_navigation_prev_next_today_and_pick_date_with_keyboard(area, qtbot) -> None:
    area.next_button.click()
    assert area.grid.days[0] == WEEK + timedelta(days=7)
    qtbot.keyClick(area.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(area.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert area.grid.days[0] == WEEK - timedelta(days=7)
    qtbot.keyClick(area.grid, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert area.grid.days[0] == WEEK
    from PySide6.QtCore import QDate

    area.date_edit.setDate(QDate(2027, 3, 31))
    assert area.grid.days[0] == date(2027, 3, 29)


def test_drop_a_task_from_the_side_panel_books_it_sized_by_estimate(area, services, ctx) -> None:
    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.DO, estimate_minutes=90)
    other = services.tasks.capture("Plan hiring", quadrant=Quadrant.SCHEDULE)
    assert [t.id for t in area.tasks_panel.model._tasks] == [task.id, other.id]
    mime = area.tasks_panel.model.mimeData([area.tasks_panel.model.index(0, 0)])
    assert mime.hasFormat(TASK_IDS_MIME)
    target = area.grid.mapFromScene(area.grid.point_for(2, 10 * 60 + 7))  # Wed ~10:07
    pos = QPointF(target)
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = area.grid.viewport()
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    (block,) = services.blocks.week(WEEK)
    assert (block.task_id, block.start, block.minutes) == (task.id, at(18, 10), 90)
    assert [t.id for t in area.tasks_panel.model._tasks] == [other.id]
    assert block.id in area.grid.items_by_id
    ctx.undo_stack.undo()
    assert services.blocks.week(WEEK) == []
    assert len(area.tasks_panel.model._tasks) == 2
    ctx.undo_stack.redo()
    assert [b.id for b in services.blocks.week(WEEK)] == [block.id]


def test_foreign_drops_are_refused(area) -> None:
    mime = QMimeData()
    mime.setText("hello")
    event = QDragEnterEvent(
        QPoint(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(area.grid.viewport(), event)
    assert not event.isAccepted()


def test_draw_a_block_on_empty_time(area, services) -> None:
    area.kind_combo.setCurrentIndex(list(BlockKind).index(BlockKind.THINKING))
    grid = area.grid
    drag(
        grid,
        [
            grid.point_for(0, 14 * 60 + 2),
            grid.point_for(0, 14 * 60 + 40),
            grid.point_for(0, 15 * 60 + 28),
        ],
    )
    (block,) = services.blocks.week(WEEK)
    assert (block.start, block.end, block.kind) == (at(16, 14), at(16, 15, 30), BlockKind.THINKING)


def test_move_a_block_with_the_mouse_snaps_to_15_minutes(area, services, ctx) -> None:
    block_id = make(services)
    area.refresh()
    grid = area.grid
    rect = grid.block_rect(block_id)
    start = QPointF(rect.center().x(), rect.top() + 10)
    # down by 70 minutes (snaps to 75) and one day to the right
    end = QPointF(start.x() + grid.column_width, start.y() + 70 * MINUTE_HEIGHT)
    drag(grid, [start, QPointF(start.x(), start.y() + 20), end])
    moved = services.blocks.get(block_id)
    assert (moved.start, moved.end) == (at(18, 10, 15), at(18, 11, 15))
    ctx.undo_stack.undo()
    assert services.blocks.get(block_id).start == at(17, 9)


def test_resize_with_the_mouse_from_the_bottom_edge(area, services) -> None:
    block_id = make(services)
    area.refresh()
    grid = area.grid
    rect = grid.block_rect(block_id)
    bottom = QPointF(rect.center().x(), rect.bottom() - 2)
    target = QPointF(bottom.x(), 11 * 60 * MINUTE_HEIGHT + 3)  # about 11:04 → snaps to 11:00
    drag(grid, [bottom, QPointF(bottom.x(), bottom.y() + 20), target])
    assert services.blocks.get(block_id).end == at(17, 11)


def test_keyboard_move_and_resize(area, services, ctx, qtbot) -> None:
    block_id = make(services)
    area.refresh()
    grid = area.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert grid.selected_id == block_id
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert services.blocks.get(block_id).start == at(17, 9, 15)
    qtbot.keyClick(grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert services.blocks.get(block_id).end == at(17, 10, 30)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    got = services.blocks.get(block_id)
    assert (got.start, got.end) == (at(18, 9, 15), at(18, 10, 30))
    assert grid.selected_id == block_id  # selection survives the rebuild
    for _ in range(3):
        ctx.undo_stack.undo()
    got = services.blocks.get(block_id)
    assert (got.start, got.end) == (at(17, 9), at(17, 10))


def test_keyboard_refusal_changes_nothing(area, services, ctx, monkeypatch, qtbot) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    block_id = make(services, start=at(17, 23, 30), end=at(18, 0))
    area.refresh()
    area.grid.select_block(block_id)
    area.grid.setFocus()
    qtbot.keyClick(area.grid, Qt.Key.Key_Down)
    assert shown and "midnight" in shown[0]
    assert services.blocks.get(block_id).start == at(17, 23, 30)
    assert ctx.undo_stack.count() == 0


def test_overlapping_blocks_sit_side_by_side(area, services) -> None:
    a = make(services, "A", start=at(17, 9), end=at(17, 11))
    b = make(services, "B", BlockKind.MEETING, start=at(17, 10), end=at(17, 12))
    c = make(services, "C", BlockKind.ADMIN, start=at(17, 14), end=at(17, 15))
    area.refresh()
    ra, rb, rc = (area.grid.block_rect(i) for i in (a, b, c))
    assert ra.x() != rb.x()
    assert not ra.intersects(rb)
    assert ra.width() > 20 and rb.width() > 20
    assert rc.width() > ra.width() * 1.8  # alone: full column


def test_recurring_edits_ask_for_scope(area, services) -> None:
    change = services.blocks.create(
        "Deep work",
        BlockKind.FOCUS,
        at(17, 9),
        at(17, 12),
        recurrence=weekly_rule([1, 3], until=at(17, 0) + timedelta(weeks=4)),
    )
    head = change.created_ids[0]
    area.refresh()
    thursday = next(b for b in area.blocks if b.start == at(19, 9))
    asked = []
    area.scope_chooser = lambda parent, verb: asked.append(verb) or "following"
    area.grid.select_block(thursday.id)
    area.grid.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClick(area.grid, Qt.Key.Key_Down)
    assert asked == ["Move"]
    series = services.blocks.series(head)
    assert [b.start for b in series] == [at(17, 9)]
    assert all(b.start.minute == 15 for b in services.blocks.series(thursday.id))
    area.scope_chooser = lambda parent, verb: "all"
    area.delete_block(thursday.id)
    assert services.blocks.series(thursday.id) == []
    assert len(services.blocks.series(head)) == 1
    area.scope_chooser = lambda parent, verb: None  # cancelled: nothing happens
    area.delete_block(head)
    assert len(services.blocks.series(head)) == 1


def test_outcomes_from_the_block_menu(area, services, ctx) -> None:
    block_id = make(services)
    area.refresh()
    menu = area.block_menu(services.blocks.get(block_id))
    texts = [a.text() for a in menu.actions() if a.text()]
    assert {"Mark done", "Mark partly done", "Mark skipped", "Mark derailed…"} <= set(texts)
    next(a for a in menu.actions() if a.text() == "Mark done").trigger()
    assert services.blocks.get(block_id).outcome is BlockOutcome.DONE
    area.reason_asker = lambda parent: "Prod incident"
    area.set_outcome(block_id, BlockOutcome.DERAILED)
    got = services.blocks.get(block_id)
    assert (got.outcome, got.outcome_reason) == (BlockOutcome.DERAILED, "Prod incident")
    ctx.undo_stack.undo()
    assert services.blocks.get(block_id).outcome is BlockOutcome.DONE


def test_push_later_blocks_is_one_undoable_step(area, services, ctx) -> None:
    first = make(services, start=at(17, 9), end=at(17, 10))
    second = make(services, "Admin", BlockKind.ADMIN, at(17, 10), at(17, 11))
    area.refresh()
    area.push_later(first, at(17, 10, 45))
    assert services.blocks.get(second).start == at(17, 10, 45)
    ctx.undo_stack.undo()
    assert services.blocks.get(second).start == at(17, 10)
    assert services.blocks.get(first).end == at(17, 10)


def test_capacity_panel_shows_hand_computed_figures(area, services, ctx) -> None:
    make(services, "Focus", BlockKind.FOCUS, at(16, 9), at(16, 19))  # 10h: 9-18 counts
    services.tasks.capture("big", quadrant=Quadrant.DO, estimate_minutes=3000)
    area.refresh()
    panel = area.capacity_panel
    assert panel.capacity.booked_minutes == 9 * 60
    assert "Booked 9h of 50h" in panel.booked_label.text()
    assert "Does not fit" in panel.fit_label.text()
    assert "Focus 10h = 20%" in panel.focus_label.text()
    assert panel.focus_bar.value == 20 and panel.focus_bar.target == 20
    assert "No buffer this week" in panel.warnings.text()
    assert "No break planned on Monday" in panel.warnings.text()
    week_row = panel.table.rowCount() - 1
    assert panel.table.item(week_row, 0).text() == "10"


def test_dst_week_shows_right_hours_and_durations(area, services, clock) -> None:
    clock.at = at(21, 10, month=10)
    night = make(services, "Night deploy", start=at(25, 1, month=10), end=at(25, 4, month=10))
    after = make(services, "Monday", start=at(26, 9, month=10), end=at(26, 10, month=10))
    area.go_to(date(2026, 10, 25))
    assert area.grid.days[0] == date(2026, 10, 19)
    item = area.grid.items_by_id[night]
    assert "(4h)" in item.describe()
    assert item.rect().top() == pytest.approx(60 * MINUTE_HEIGHT)
    assert after not in area.grid.items_by_id  # Monday 26 October is next week
    area.go_next()
    assert area.grid.block_rect(after).top() == pytest.approx(9 * 60 * MINUTE_HEIGHT)


def test_current_time_line_is_drawn_in_todays_column(area, qtbot) -> None:
    grid = area.grid
    grid.scroll_to_hour(8)
    qtbot.wait(10)
    image = grid.viewport().grab().toImage()
    y = grid.mapFromScene(grid.point_for(2, 10 * 60)).y()
    x = grid.mapFromScene(grid.point_for(2, 10 * 60)).x()
    color = image.pixelColor(x, y)
    assert color.red() > 180 and color.green() < 100
    other = image.pixelColor(grid.mapFromScene(grid.point_for(4, 10 * 60)).x(), y + 6)
    assert not (other.red() > 180 and other.green() < 100)


def test_import_and_export_ics_from_the_area(
    area, services, tmp_path, ctx, monkeypatch, qtbot
) -> None:
    make(services, "Planning", BlockKind.THINKING, at(18, 9), at(18, 10))
    area.refresh()
    path = tmp_path / "week.ics"
    area.export_calendar(str(path))
    assert b"SUMMARY:Planning" in path.read_bytes()
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
        b"DTSTART:20261119T090000Z\r\nDTEND:20261119T100000Z\r\nSUMMARY:Sync\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    meeting_file = tmp_path / "work.ics"
    meeting_file.write_bytes(data)
    run = area.import_calendar(str(meeting_file))
    assert run is not None
    qtbot.waitUntil(lambda: not run.running, timeout=10_000)  # read off the GUI thread
    assert "1 added" in area.status_label.text()
    assert any(b.read_only for b in area.blocks)
    ctx.undo_stack.undo()
    assert not any(b.read_only for b in services.blocks.week(WEEK))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"garbage")
    run = area.import_calendar(str(broken))
    assert run is not None
    qtbot.waitUntil(lambda: not run.running, timeout=10_000)
    assert shown and "Nothing was imported" in shown[0]


def test_ics_import_runs_off_the_gui_thread_and_can_be_cancelled(
    area, services, tmp_path, qtbot
) -> None:
    """Before, a big or hostile file froze the window with no way out."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:20261119T0900{i % 60:02d}Z\r\n"
        f"DTEND:20261119T1000{i % 60:02d}Z\r\nSUMMARY:M\r\nEND:VEVENT\r\n"
        for i in range(3_000)
    )
    big = tmp_path / "big.ics"
    big.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n".encode())
    run = area.import_calendar(str(big))
    assert run is not None and run.running  # the GUI thread is free while it reads
    run.dialog.canceled.emit()  # what the dialog's Cancel button sends
    qtbot.waitUntil(lambda: not run.running, timeout=20_000)
    assert "cancelled" in area.status_label.text()
    assert services.blocks.week(WEEK) == []


def test_block_editor_saves_in_one_undoable_step(area, services, ctx) -> None:
    from leaddesk.ui.week.editor import BlockEditor

    block_id = make(services)
    block = services.blocks.get(block_id)
    dialog = BlockEditor(services.clock.tz, block)
    dialog.title_edit.setText("Deep work: RFC")
    dialog.end_edit.setTime(dialog.end_edit.time().addSecs(30 * 60))
    dialog.repeat_combo.setCurrentIndex(1)  # every week, on the block's weekday
    dialog.until_check.setChecked(True)
    from PySide6.QtCore import QDate

    dialog.until_edit.setDate(QDate(2026, 12, 8))
    assert area.apply_editor(block, dialog)
    got = services.blocks.get(block_id)
    assert (got.title, got.end) == ("Deep work: RFC", at(17, 10, 30))
    assert len(services.blocks.series(block_id)) == 4
    ctx.undo_stack.undo()
    got = services.blocks.get(block_id)
    assert (got.title, got.end, got.series_id) == ("Deep work", at(17, 10), None)
    assert services.blocks.series(block_id) == []


def test_book_from_the_keyboard_takes_the_next_free_slot(area, services) -> None:
    task = services.tasks.capture("Answer Kim", quadrant=Quadrant.DO, estimate_minutes=60)
    make(services, "Busy", start=at(18, 10), end=at(18, 11))
    area.refresh()
    area.tasks_panel.view.setCurrentIndex(area.tasks_panel.model.index(0, 0))
    area.tasks_panel.book_button.click()
    booked = [b for b in services.blocks.week(WEEK) if b.task_id == task.id]
    assert [(b.start, b.end) for b in booked] == [(at(18, 11), at(18, 12))]


def test_unbooked_model_passes_the_model_tester(qtmodeltester, services) -> None:
    services.tasks.capture("a", quadrant=Quadrant.DO, estimate_minutes=30)
    services.tasks.capture("b", quadrant=Quadrant.SCHEDULE)
    model = UnbookedTasksModel()
    model.set_tasks(services.blocks.unbooked_tasks(WEEK))
    qtmodeltester.check(model)
    assert "~30m" in model.data(model.index(1, 0))


def test_every_focusable_widget_has_an_accessible_name(area) -> None:
    missing = [
        w.metaObject().className()
        for w in area.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and not w.accessibleName()
        and w.parent() is not None
        and not w.metaObject().className().startswith("QSplitter")
        and w.metaObject().className() not in ("QScrollBar", "QTableCornerButton", "QHeaderView")
        and w.objectName() not in ("qt_scrollarea_viewport", "qt_spinbox_lineedit")
    ]
    assert missing == []


def test_clear_private_forgets_everything(area, services) -> None:
    make(services)
    services.tasks.capture("secret", quadrant=Quadrant.DO)
    area.refresh()
    area.clear_private()
    assert area.grid.items_by_id == {} and area.tasks_panel.model.rowCount() == 0
    assert area.capacity_panel.table.rowCount() == 0
    _ = QEvent


def test_one_on_one_with_a_person_every_two_weeks(area, services) -> None:
    from leaddesk.ui.week.editor import BlockEditor

    dana = services.people.add("Dana Scully")
    dialog = BlockEditor(
        services.clock.tz, start=at(17, 14), end=at(17, 14, 30), people=area._people()
    )
    dialog.title_edit.setText("1:1 Dana")
    dialog.kind_combo.setCurrentIndex(list(BlockKind).index(BlockKind.ONE_ON_ONE))
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findData(dana.id))
    dialog.repeat_combo.setCurrentIndex(2)  # every 2 weeks
    values = dialog.values()
    assert values.person_id == dana.id and "INTERVAL=2" in values.recurrence
    change = services.blocks.create(
        values.title,
        values.kind,
        values.start,
        values.end,
        person_id=values.person_id,
        recurrence=values.recurrence,
    )
    series = services.blocks.series(change.created_ids[0])
    assert series[1].start == at(1, 14, month=12)
    assert {b.person_id for b in series} == {dana.id}


def test_double_click_on_empty_time_opens_the_new_block_editor(area, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(area, "new_block_dialog", lambda s, e: opened.append((s, e)))
    area.grid.empty_slot_activated.disconnect()
    area.grid.empty_slot_activated.connect(area.new_block_dialog)
    from PySide6.QtCore import QEvent

    from .conftest import send_mouse

    send_mouse(area.grid, QEvent.Type.MouseButtonDblClick, area.grid.point_for(1, 9 * 60 + 20))
    assert opened == [(at(17, 9, 15), at(17, 9, 45))]


def test_spring_forward_week_draws_wall_clock_and_counts_real_time(area, services, clock) -> None:
    clock.at = at(24, 10, month=3, year=2027)
    # Sunday 28 March 2027: 02:00 does not exist, so 01:00-04:00 lasts two hours.
    night = services.blocks.create(
        "Night",
        BlockKind.FOCUS,
        at(28, 1, month=3, year=2027),
        at(28, 4, month=3, year=2027),
    ).created_ids[0]
    area.go_to(date(2027, 3, 28))
    item = area.grid.items_by_id[night]
    assert "(2h)" in item.describe()
    assert item.rect().top() == pytest.approx(60 * MINUTE_HEIGHT)
    assert item.rect().bottom() == pytest.approx(4 * 60 * MINUTE_HEIGHT - 1, abs=1)
    assert area.capacity_panel.capacity.days[6].minutes_by_kind[BlockKind.FOCUS] == 120


def test_delete_key_removes_the_selected_block_and_undo_restores(area, services, ctx, qtbot):
    block_id = make(services)
    area.refresh()
    area.grid.select_block(block_id)
    area.grid.setFocus()
    qtbot.keyClick(area.grid, Qt.Key.Key_Delete)
    assert services.blocks.week(WEEK) == []
    assert area.grid.items_by_id == {}
    ctx.undo_stack.undo()
    assert [b.id for b in services.blocks.week(WEEK)] == [block_id]
    assert block_id in area.grid.items_by_id


def test_export_a_range_of_weeks(area, services, tmp_path) -> None:
    make(services, "This week", start=at(18, 9), end=at(18, 10))
    make(services, "In three weeks", start=at(9, 9, month=12), end=at(9, 10, month=12))
    make(services, "Too far", start=at(16, 9, month=12), end=at(16, 10, month=12))
    path = tmp_path / "range.ics"
    area.export_calendar(str(path), weeks=4)
    data = path.read_bytes()
    assert b"This week" in data and b"In three weeks" in data and b"Too far" not in data
    assert area.status_label.text() == "Exported 2 blocks."


def test_the_grid_opens_on_the_working_day_even_when_built_hidden(qtbot, ctx) -> None:
    from leaddesk.ui.week.area import WeekArea
    from leaddesk.ui.week.grid_geometry import HOUR_HEIGHT

    area = WeekArea(ctx)  # built while hidden, as the shell does lazily
    qtbot.addWidget(area)
    area.refresh()
    area.resize(1400, 800)
    area.show()
    start = ctx.settings.get("week/day_start_hour")
    qtbot.waitUntil(lambda: area.grid.verticalScrollBar().value() > 0, timeout=2000)
    top_hour = (area.grid.verticalScrollBar().value() + 10) / HOUR_HEIGHT
    assert start - 1.5 <= top_hour <= start


def test_ics_export_warns_once_that_the_file_is_not_encrypted(
    qtbot, ctx, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from leaddesk.ui.week.area import WeekArea

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return answers.pop(0)

    target = tmp_path / "week.ics"
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.refresh()
    area.export_calendar()  # declined: nothing written
    assert not target.exists()
    area.export_calendar()  # accepted: written, and remembered
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    target.unlink()
    area.export_calendar()  # no third question
    assert target.exists() and asked == ["Export is not encrypted"] * 2
