"""The privacy screen can be toggled while a dialog is open, and open dialogs follow it
(issue 19, item 17).

Ctrl+Shift+P is pressed inside the dialog, as a user sharing the screen would when a
dialog with a colleague's name is in front: modal (open() and exec()) and non-modal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from leaddesk.ui.actions import ActionId

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press_privacy_key(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_P, CTRL_SHIFT)


def masked(edit: QLineEdit) -> bool:
    return edit.echoMode() == QLineEdit.EchoMode.Password


def test_a_window_modal_dialog_toggles_and_follows(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.delegation.create import open_delegation_dialog

    window = make_window()
    ana = ctx.services.people.add("Ana Pérez")
    task = ctx.services.tasks.capture("Prepare the board demo")
    dialog = open_delegation_dialog(ctx, window, task_id=task.id, person_id=ana.id)
    assert dialog.isModal()
    qtbot.keyClicks(dialog.why_edit, "She asked for it")
    assert not ctx.privacy_screen
    press_privacy_key(qtbot, dialog.why_edit)
    assert ctx.privacy_screen
    assert window.actions_by_id[ActionId.PRIVACY_SCREEN].isChecked()
    assert masked(dialog.why_edit)
    assert not dialog.outcome_edit.viewport().isVisible()
    assert not dialog.person_combo.isVisible() and not dialog.task_label.isVisible()
    assert dialog.why_edit.text() == "She asked for it"  # hidden, not lost
    press_privacy_key(qtbot, dialog.why_edit)
    assert not ctx.privacy_screen
    assert not masked(dialog.why_edit) and dialog.person_combo.isVisible()
    dialog.confirm_discard = lambda parent: True  # Cancel of a changed form asks first
    dialog.reject()


def test_a_dialog_running_its_own_event_loop_toggles_too(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.dialogs import PersonDialog
    from leaddesk.ui.people.drafts import save_dialog_before_lock

    window = make_window()
    seen: list[tuple[bool, bool]] = []
    dialog = PersonDialog(window)
    save_dialog_before_lock(ctx, dialog, lambda: None)

    def interact() -> None:
        qtbot.keyClicks(dialog.name, "Bo Lindqvist")
        press_privacy_key(qtbot, dialog.name)
        seen.append((ctx.privacy_screen, masked(dialog.name)))
        press_privacy_key(qtbot, dialog.name)
        seen.append((ctx.privacy_screen, masked(dialog.name)))
        dialog.reject()

    QTimer.singleShot(0, interact)
    dialog.exec()
    assert seen == [(True, True), (False, False)]


def test_a_non_modal_window_toggles_once(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    make_window()
    ana = ctx.services.people.add("Ana Pérez")
    open_quick_note(ctx, None, ana.id)
    note = ctx.find_open_window(QuickNoteWindow)
    assert isinstance(note, QuickNoteWindow)
    qtbot.keyClicks(note.discussed, "Career plans")
    changes: list[bool] = []
    ctx.privacy_changed.connect(changes.append)
    press_privacy_key(qtbot, note.discussed)
    assert changes == [True]  # exactly one toggle
    assert "Career plans" not in note.discussed.toPlainText()
    assert not note.person.isVisible()
    press_privacy_key(qtbot, note.discussed)
    assert changes == [True, False]
    assert note.discussed.toPlainText() == "Career plans"
    note.reject()


def test_in_the_main_window_the_key_still_toggles_once(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    changes: list[bool] = []
    ctx.privacy_changed.connect(changes.append)
    press_privacy_key(qtbot, window.sidebar)
    assert changes == [True]
    press_privacy_key(qtbot, window.sidebar)
    assert changes == [True, False]


def test_a_dialog_opened_under_the_privacy_screen_starts_hidden(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.capture import QuickCaptureDialog, open_quick_capture

    window = make_window()
    ctx.set_privacy_screen(True)
    open_quick_capture(ctx, window)
    dialog = ctx.find_open_window(QuickCaptureDialog)
    assert isinstance(dialog, QuickCaptureDialog)
    assert masked(dialog.title_edit) and masked(dialog.requester_edit)
    dialog.reject()


def test_ctrl_l_locks_from_inside_a_modal_dialog_and_keeps_what_was_typed(
    make_window, ctx, qtbot, app_paths, clock
) -> None:  # type: ignore[no-untyped-def]
    """Qt blocks a window's shortcuts while a modal dialog is open: Ctrl+L pressed in the
    delegation form did nothing. It locks now, and the lock saves the form, as ever."""
    from leaddesk.services.unlocking import unlock_vault
    from leaddesk.ui.delegation.create import open_delegation_dialog
    from tests.conftest import PASSPHRASE

    window = make_window()
    ana = ctx.services.people.add("Ana Pérez")
    task = ctx.services.tasks.capture("Prepare the board demo")
    dialog = open_delegation_dialog(ctx, window, task_id=task.id, person_id=ana.id)
    assert dialog.isModal()
    dialog.outcome_edit.setFocus()
    qtbot.keyClicks(dialog.outcome_edit, "A demo script")
    qtbot.keyClick(dialog.outcome_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not ctx.is_unlocked
    assert not dialog.isVisible()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    delegation = ctx.services.delegations.for_task(task.id)
    assert delegation is not None and delegation.expected_outcome == "A demo script"


def test_ctrl_l_locks_from_a_dialog_running_its_own_event_loop(make_window, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.dialogs import PersonDialog
    from leaddesk.ui.people.drafts import save_dialog_before_lock

    window = make_window()
    dialog = PersonDialog(window)
    save_dialog_before_lock(ctx, dialog, lambda: None)
    seen: list[bool] = []

    def interact() -> None:
        qtbot.keyClicks(dialog.name, "Bo Lindqvist")
        qtbot.keyClick(dialog.name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        seen.append(ctx.is_unlocked)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, interact)
    dialog.exec()
    assert seen == [False]
