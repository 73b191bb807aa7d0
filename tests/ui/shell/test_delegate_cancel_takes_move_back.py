"""Issue 15: cancelling the delegate dialog after a card moved to Delegate takes the move
back (it used to leave the card in Delegate with nobody assigned)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant
from leaddesk.ui.delegation.create import find_open_dialog
from leaddesk.ui.matrix.area import MatrixArea


def _board(ctx, qtbot) -> MatrixArea:  # type: ignore[no-untyped-def]
    area = MatrixArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    return area


def _dialog(ctx, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: find_open_dialog(ctx) is not None, timeout=2000)
    return find_open_dialog(ctx)


def test_cancel_puts_the_card_back_and_leaves_no_undo_step(ctx, qtbot) -> None:
    ctx.services.people.add("Ana Pérez")
    task = ctx.services.tasks.capture("Prepare the board demo")
    area = _board(ctx, qtbot)
    inbox = area.panels[Quadrant.INBOX].view
    inbox.select_ids([task.id])
    assert area.move_selected(inbox, Quadrant.DELEGATE)
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.DELEGATE
    dialog = _dialog(ctx, qtbot)
    assert dialog.task_id == task.id
    dialog.reject()
    QApplication.processEvents()
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.INBOX
    assert ctx.services.delegations.for_task(task.id) is None
    assert ctx.undo_stack.index() == 0  # the move was undone, not answered by a new step
    assert task.id in area.models[Quadrant.INBOX].task_ids()


def test_accepting_keeps_the_card_in_delegate(ctx, qtbot) -> None:
    ctx.services.people.add("Ana Pérez")
    task = ctx.services.tasks.capture("Prepare the board demo", quadrant=Quadrant.DO)
    area = _board(ctx, qtbot)
    do = area.panels[Quadrant.DO].view
    do.select_ids([task.id])
    assert area.move_selected(do, Quadrant.DELEGATE)
    dialog = _dialog(ctx, qtbot)
    dialog.person_combo.setCurrentIndex(0)
    dialog.accept()
    QApplication.processEvents()
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.DELEGATE
    assert ctx.services.delegations.for_task(task.id) is not None


def test_two_cards_cancelled_one_after_the_other_both_go_home(ctx, qtbot) -> None:
    ctx.services.people.add("Ana Pérez")
    first = ctx.services.tasks.capture("First", quadrant=Quadrant.DO)
    second = ctx.services.tasks.capture("Second", quadrant=Quadrant.SCHEDULE)
    area = _board(ctx, qtbot)
    assert area.models[Quadrant.DELEGATE].move_cards_before_row([first.id, second.id], -1)
    for _ in range(2):
        dialog = _dialog(ctx, qtbot)
        dialog.reject()
        qtbot.waitUntil(
            lambda d=dialog: find_open_dialog(ctx) not in (None, d) or _home(ctx, first, second),
            timeout=2000,
        )
    assert _home(ctx, first, second)


def _home(ctx, first, second) -> bool:  # type: ignore[no-untyped-def]
    tasks = ctx.services.tasks
    return (
        tasks.get(first.id).quadrant is Quadrant.DO
        and tasks.get(second.id).quadrant is Quadrant.SCHEDULE
    )
