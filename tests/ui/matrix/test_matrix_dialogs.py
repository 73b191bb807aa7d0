"""Quick capture and the task editor, driven through their real widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from leaddesk.domain.model import Quadrant
from leaddesk.ui.matrix.capture import QuickCaptureDialog, default_answer_day, open_quick_capture
from leaddesk.ui.matrix.editor import TaskEditor

from .conftest import ids_in


def _open_capture(ctx, board, qtbot) -> QuickCaptureDialog:  # type: ignore[no-untyped-def]
    open_quick_capture(ctx, board)
    dialog = board.findChild(QuickCaptureDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_quick_capture_type_enter_and_it_is_in_the_inbox(ctx, board, qtbot) -> None:
    dialog = _open_capture(ctx, board, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Kim: review the API proposal?")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    inbox = board.models[Quadrant.INBOX]
    assert inbox.rowCount() == 1
    task = ctx.services.tasks.get(inbox.card(0).id)
    assert (task.title, task.requester, task.needed_by) == (
        "Kim: review the API proposal?",
        "",
        None,
    )
    ctx.undo_stack.undo()
    assert inbox.rowCount() == 0
    ctx.undo_stack.redo()
    assert ids_in(board, Quadrant.INBOX) == [task.id]  # same task, same id


def test_quick_capture_with_requester_and_needed_by(ctx, board, qtbot) -> None:
    dialog = _open_capture(ctx, board, qtbot)
    assert dialog.needed_date.date() == QDate(2026, 11, 20)  # two working days after Wed
    qtbot.keyClicks(dialog.title_edit, "Budget for the conference")
    qtbot.keyClicks(dialog.requester_edit, "Kim Lee")
    dialog.needed_check.setChecked(True)
    dialog.needed_date.setDate(QDate(2026, 11, 24))
    qtbot.keyClick(dialog.requester_edit, Qt.Key.Key_Return)
    task = ctx.services.tasks.get(board.models[Quadrant.INBOX].card(0).id)
    assert (task.requester, task.needed_by) == ("Kim Lee", date(2026, 11, 24))


def test_quick_capture_refuses_an_empty_title_with_a_message(ctx, board, qtbot) -> None:
    dialog = _open_capture(ctx, board, qtbot)
    qtbot.keyClicks(dialog.title_edit, "   ")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.message.isVisible() and "empty" in dialog.message.text()
    assert ctx.services.tasks.open_tasks() == []
    assert ctx.undo_stack.count() == 0
    dialog.reject()


def test_quick_capture_opens_once_and_does_nothing_while_locked(ctx, board, qtbot) -> None:
    _open_capture(ctx, board, qtbot)
    open_quick_capture(ctx, board)
    assert len([d for d in board.findChildren(QuickCaptureDialog) if d.isVisible()]) == 1
    ctx.lock()
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in board.findChildren(QuickCaptureDialog)))
    open_quick_capture(ctx, board)
    assert not any(d.isVisible() for d in board.findChildren(QuickCaptureDialog))


def test_default_answer_day_skips_the_weekend() -> None:
    assert default_answer_day(date(2026, 11, 20)) == date(2026, 11, 24)  # Fri -> Tue


def _open_editor(board, qtbot, quadrant: Quadrant, row: int = 0) -> TaskEditor:  # type: ignore[no-untyped-def]
    view = board.panels[quadrant].view
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = board.findChild(TaskEditor)
    assert editor is not None
    return editor


def test_editor_edits_persist_and_undo_as_one_step(ctx, board, qtbot) -> None:
    kim = ctx.services.people.add("Kim Lee")
    a = ctx.services.tasks.capture("Plan Q1", quadrant=Quadrant.DO).id
    board.refresh()
    editor = _open_editor(board, qtbot, Quadrant.DO)
    editor.title_edit.setPlainText("Plan Q1 offsite\nwith the whole team")
    editor.notes_edit.setPlainText("## Agenda\n- retro")
    editor.quadrant_combo.setCurrentIndex(list(Quadrant).index(Quadrant.SCHEDULE))
    editor.estimate_spin.setValue(90)
    editor.due.set_value(date(2026, 12, 1))
    editor.needed.set_value(date(2026, 11, 25))
    editor.requester_edit.setText("Dana")
    editor.person_combo.setCurrentIndex(editor.person_combo.findData(kim.id))
    editor.only_me_check.setChecked(True)
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    task = ctx.services.tasks.get(a)
    assert task.title == "Plan Q1 offsite\nwith the whole team"
    assert (task.notes, task.quadrant, task.estimate_minutes) == (
        "## Agenda\n- retro",
        Quadrant.SCHEDULE,
        90,
    )
    assert (task.due_on, task.needed_by, task.requester) == (
        date(2026, 12, 1),
        date(2026, 11, 25),
        "Dana",
    )
    assert (task.person_id, task.only_i_can) == (kim.id, True)
    assert ids_in(board, Quadrant.SCHEDULE) == [a]
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    back = ctx.services.tasks.get(a)
    assert (back.title, back.quadrant, back.notes, back.person_id) == (
        "Plan Q1",
        Quadrant.DO,
        "",
        None,
    )


def test_editor_shows_a_long_title_whole_and_refuses_an_empty_one(
    ctx, board, qtbot, monkeypatch
) -> None:
    title = "🚀 " + "long " * 2_000
    ctx.services.tasks.capture(title)
    board.refresh()
    editor = _open_editor(board, qtbot, Quadrant.INBOX)
    assert editor.title_edit.toPlainText() == title.strip()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    editor.title_edit.setPlainText("  \n ")
    editor.save()
    assert warned and "empty" in warned[0]
    assert editor.isVisible()
    assert ctx.services.tasks.open_tasks()[0].title == title.strip()
    editor.confirm_discard = lambda parent: True  # Cancel of a changed form asks first
    editor.reject()


def test_editor_without_changes_pushes_nothing(ctx, board, qtbot) -> None:
    ctx.services.tasks.capture("Same")
    board.refresh()
    editor = _open_editor(board, qtbot, Quadrant.INBOX)
    editor.save()
    assert ctx.undo_stack.count() == 0


def test_editor_hides_notes_under_the_privacy_screen(ctx, board, qtbot) -> None:
    a = ctx.services.tasks.capture("Talk to Sam").id
    ctx.services.tasks.update(a, notes="private thoughts")
    board.refresh()
    editor = _open_editor(board, qtbot, Quadrant.INBOX)
    assert editor.notes_edit.isVisible()
    ctx.set_privacy_screen(True)
    assert not editor.notes_edit.isVisible()
    ctx.set_privacy_screen(False)
    assert editor.notes_edit.isVisible()
    editor.reject()


def test_editor_move_to_delegate_offers_a_delegation(
    ctx, board, qtbot, offered_delegations
) -> None:
    a = ctx.services.tasks.capture("Demo prep").id
    board.refresh()
    editor = _open_editor(board, qtbot, Quadrant.INBOX)
    editor.quadrant_combo.setCurrentIndex(list(Quadrant).index(Quadrant.DELEGATE))
    editor.save()
    qtbot.waitUntil(lambda: offered_delegations == [a])


def test_double_click_opens_the_editor(ctx, board, qtbot) -> None:
    ctx.services.tasks.capture("Click me")
    board.refresh()
    view = board.panels[Quadrant.INBOX].view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = board.findChild(TaskEditor)
    assert editor is not None and editor.title_edit.toPlainText() == "Click me"
    editor.reject()


def test_a_lock_saves_what_was_typed_in_the_task_editor(qtbot, ctx, app_paths, clock) -> None:
    from leaddesk.services.unlocking import unlock_vault
    from leaddesk.ui.matrix.editor import TaskEditor
    from tests.conftest import PASSPHRASE

    task = ctx.services.tasks.capture("Write the incident review")
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.notes_edit.setPlainText("Root cause: the retry storm; three follow-ups")
    ctx.lock()  # idle lock, Ctrl+L or quit while the editor is open
    assert not editor.isVisible()
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        assert services.tasks.get(task.id).notes == "Root cause: the retry storm; three follow-ups"
    finally:
        services.close()
