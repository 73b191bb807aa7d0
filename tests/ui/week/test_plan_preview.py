"""'Plan next week' end to end, over the real demo vault in a real (offscreen) Week area:
one shortcut shows the proposal as ghost blocks, Enter books it all as one undo step,
Esc drops it; what does not fit is one key from Delegate or Let go."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from leaddesk.domain.model import BlockKind, Quadrant, TaskStatus
from leaddesk.domain.week import is_all_day, week_start
from leaddesk.services.demo import seed_demo

BERLIN = ZoneInfo("Europe/Berlin")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _next_monday(clock) -> date:
    return week_start(clock.today()) + timedelta(days=7)


def test_plan_next_week_books_it_all_in_one_undo_step(
    area, services, ctx, clock, qtbot, tmp_path
) -> None:
    seed_demo(services)
    area.refresh()
    monday = _next_monday(clock)
    due = {m.person_id for m in services.planning.one_on_ones_due(monday)}
    controller = area.plan_controller

    proposal = controller.plan_next_week()
    assert proposal is not None and area.first_day == monday
    assert controller.panel.isVisible()
    ghosts = controller.ghosts.items
    assert len(ghosts) == len(proposal.placements) and all(g.isVisible() for g in ghosts)
    assert "proposes" in controller.panel.summary.text()
    area.grab().save(str(tmp_path / "plan-next-week.png"))  # the screenshot of the preview
    # Showing the proposal wrote nothing (the repeating stand-up reaching the week aside).
    shown = services.blocks.week(monday)
    assert all(b.task_id is None and b.title == "Team stand-up" for b in shown)
    before = {b.id for b in shown}

    qtbot.keyClick(controller.panel, Qt.Key.Key_Return)  # the one confirmation

    assert not controller.panel.isVisible() and controller.ghosts.items == []
    week = [b for b in services.blocks.week(monday) if not is_all_day(b.start, b.end, BERLIN)]
    created = [b for b in week if b.id not in before]
    assert len({b.task_id for b in created if b.task_id is not None}) >= 10
    assert {b.person_id for b in created if b.kind is BlockKind.ONE_ON_ONE} == due
    for i, b in enumerate(week):
        for other in week[i + 1 :]:
            assert not (b.start < other.end and other.start < b.end)
    for b in created:
        day = b.start.astimezone(BERLIN).date()
        assert day.weekday() < 5 and _at(day, 8) <= b.start and b.end <= _at(day, 18)
        assert not (b.start < _at(day, 13) and _at(day, 12) < b.end)
        assert not (b.start < _at(day, 9, 15) and _at(day, 9) < b.end)
    assert ctx.undo_stack.count() == 1

    ctx.undo_stack.undo()
    assert {b.id for b in services.blocks.week(monday)} == before
    ctx.undo_stack.redo()
    assert len(services.blocks.week(monday)) == len(week)


def test_escape_drops_the_proposal_and_writes_nothing(area, services, ctx, clock, qtbot) -> None:
    seed_demo(services)
    monday = _next_monday(clock)
    controller = area.plan_controller
    controller.plan_next_week()
    count = len(services.blocks.week(monday))
    qtbot.keyClick(controller.panel, Qt.Key.Key_Escape)
    assert not controller.panel.isVisible() and not controller.ghosts.items
    assert len(services.blocks.week(monday)) == count and ctx.undo_stack.count() == 0


def test_what_does_not_fit_is_one_key_from_delegate_or_let_go(
    area, services, ctx, clock, qtbot
) -> None:
    seed_demo(services)
    ctx.settings.set("week/buffer_percent", 90)  # most work cannot fit now
    controller = area.plan_controller
    proposal = controller.plan_next_week()
    misfits = [u for u in proposal.unplaced if u.task_id is not None]
    assert len(misfits) >= 2 and all("buffer" in u.reason for u in misfits)
    panel = controller.panel
    panel.misfits.setCurrentRow(0)
    first = panel.current_task_id()
    qtbot.keyClick(panel.misfits, Qt.Key.Key_D)
    assert services.tasks.get(first).quadrant is Quadrant.DELEGATE
    second = panel.current_task_id()
    assert second != first
    qtbot.keyClick(panel.misfits, Qt.Key.Key_L)
    assert services.tasks.get(second).status is TaskStatus.LET_GO
    assert first not in [u.task_id for u in panel.unplaced]
    assert panel.isVisible() and controller.ghosts.items  # the proposal is still there


def test_privacy_screen_hides_titles_of_ghosts_and_misfits(area, services, ctx, clock) -> None:
    seed_demo(services)
    ctx.settings.set("week/buffer_percent", 90)
    controller = area.plan_controller
    proposal = controller.plan_next_week()
    ctx.set_privacy_screen(True)
    titles = [p.title for p in proposal.placements] + [u.title for u in proposal.unplaced]
    shown = [g.shown_title() for g in controller.ghosts.items]
    shown += [
        controller.panel.misfits.item(i).text() for i in range(controller.panel.misfits.count())
    ]
    for text in shown:
        assert not any(title in text for title in titles), text
    ctx.set_privacy_screen(False)
    assert any(proposal.placements[0].title in g.shown_title() for g in controller.ghosts.items)


def test_a_lock_drops_the_proposal(area, services, ctx, clock) -> None:
    seed_demo(services)
    controller = area.plan_controller
    controller.plan_next_week()
    ctx.locked.emit()
    assert controller.proposal is None and not controller.ghosts.items


def test_plan_one_on_ones_only(area, services, ctx, clock) -> None:
    seed_demo(services)
    proposal = area.plan_controller.plan_next_week(tasks=False)
    assert proposal.placements and not proposal.task_ids
    assert all(
        p.title.startswith("1:1 with ")
        for p in proposal.placements
        if p.kind is BlockKind.ONE_ON_ONE
    )


def test_lunch_and_buffer_preferences_reach_the_planner(ctx, qtbot) -> None:
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QSpinBox, QTimeEdit

    from leaddesk.ui.dialogs.preferences import week_page
    from leaddesk.ui.week.plan_preview import rules_from_settings

    page = week_page(ctx, None)
    qtbot.addWidget(page)
    found = [*page.findChildren(QSpinBox), *page.findChildren(QTimeEdit)]
    by_name = {w.accessibleName(): w for w in found}
    by_name["Lunch starts at"].setTime(QTime(12, 30))
    by_name["Lunch break length"].setValue(45)
    by_name["Buffer kept free"].setValue(25)
    rules = rules_from_settings(ctx)
    assert rules.lunch == (12 * 60 + 30, 13 * 60 + 15) and rules.buffer_percent == 25
    by_name["Lunch break length"].setValue(0)
    assert rules_from_settings(ctx).lunch is None


def test_book_selected_goes_around_lunch_and_keeps_the_list_in_place(area, services, ctx) -> None:
    from leaddesk.domain.model import Quadrant as Q

    wednesday = date(2026, 11, 18)  # today, 10:00
    first = services.tasks.capture("Write the RFC", quadrant=Q.DO, estimate_minutes=90)
    second = services.tasks.capture("Answer Kim", quadrant=Q.DO, estimate_minutes=30)
    services.tasks.capture("Third", quadrant=Q.DO, estimate_minutes=30)
    area.refresh()
    panel = area.tasks_panel
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.book_button.click()
    (block,) = [b for b in services.blocks.week(week_start(wednesday)) if b.task_id == first.id]
    # the earliest 90 minutes from now that end before lunch
    assert (block.start, block.end) == (_at(wednesday, 10), _at(wednesday, 11, 30))
    assert panel.view.currentIndex().row() == 0  # the next task took the row, no jump
    assert panel.model.task_at(0).id == second.id
    ctx.settings.set("week/lunch_start_minutes", 11 * 60 + 45)
    panel.book_button.click()
    (block,) = [b for b in services.blocks.week(week_start(wednesday)) if b.task_id == second.id]
    assert block.start >= _at(wednesday, 12, 45)  # 11:30-12:00 would cut into the lunch


def test_the_shown_proposal_has_accessible_names(area, services, ctx) -> None:
    from PySide6.QtWidgets import QWidget

    seed_demo(services)
    area.plan_controller.plan_next_week()
    panel = area.plan_controller.panel
    unnamed = [
        w.metaObject().className()
        for w in panel.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and w.objectName() != "qt_scrollarea_viewport"
    ]
    assert unnamed == []
