"""Issue 15 (feedback): after every action that changes data, a short status message with
an Undo button; never private text under the privacy screen."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant
from leaddesk.ui.undo_toast import NEUTRAL, toast_text

TITLE = "Find a mentor for Lena"


def _board(ctx, make_window):  # type: ignore[no-untyped-def]
    task_id = ctx.services.tasks.capture(TITLE).id
    window = make_window()
    window.show_area("matrix")
    area = window.areas["matrix"]
    view = area.panels[Quadrant.INBOX].view
    view.select_ids([task_id])
    return window, area, view, task_id


def test_completing_a_card_tells_it_and_the_undo_button_takes_it_back(ctx, make_window) -> None:
    window, area, view, task_id = _board(ctx, make_window)
    toast = window.undo_toast
    assert toast.text() == ""
    assert area.complete_selected(view)
    assert toast.text() == "Completed 1 task · Undo"
    assert window.statusBar().isAncestorOf(toast.widget) and toast.widget.isVisible()
    assert ctx.services.tasks.get(task_id).completed_at is not None
    toast.button.click()
    QApplication.processEvents()
    assert ctx.services.tasks.get(task_id).completed_at is None
    assert toast.text() == "Undone"


def test_a_move_and_a_let_go_are_told_too(ctx, make_window) -> None:
    window, area, view, task_id = _board(ctx, make_window)
    assert area.move_selected(view, Quadrant.DELETE)
    assert window.undo_toast.text() == "Moved 1 card to Delete · Undo"
    delete_view = area.panels[Quadrant.DELETE].view
    delete_view.select_ids([task_id])
    assert area.let_go_selected(delete_view)
    assert window.undo_toast.text() == "Let go of 1 task · Undo"
    ctx.undo_stack.undo()
    assert window.undo_toast.text() == "Undone"
    ctx.undo_stack.redo()
    assert window.undo_toast.text() == "Redone"


def test_under_the_privacy_screen_the_message_is_neutral(ctx, make_window) -> None:
    window, area, view, _task_id = _board(ctx, make_window)
    ctx.set_privacy_screen(True)
    assert area.complete_selected(view)
    assert window.undo_toast.text() == f"{NEUTRAL} · Undo"
    ctx.set_privacy_screen(False)
    assert window.undo_toast.text() == "Completed 1 task · Undo"
    ctx.set_privacy_screen(True)  # switched on while it shows
    assert window.undo_toast.text() == f"{NEUTRAL} · Undo"


def test_a_command_text_that_could_name_a_record_is_never_shown() -> None:
    assert toast_text(f"Rename “{TITLE}”", private=False) == NEUTRAL
    assert toast_text("Complete 2 tasks", private=False) == "Completed 2 tasks"
    assert toast_text("Complete 2 tasks", private=True) == NEUTRAL


def test_the_lock_hides_the_message(ctx, make_window) -> None:
    window, area, view, _task_id = _board(ctx, make_window)
    area.complete_selected(view)
    ctx.lock()
    assert window.undo_toast.text() == ""
