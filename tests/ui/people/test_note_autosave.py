"""Autosave: saved within a second after typing stops and at once on focus change; typing
merges into one undo step; Ctrl+Z in the editor goes through the app's undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QMimeData, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import NoteKind
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.people.page.common import NOTES
from tests.conftest import PASSPHRASE


@pytest.fixture
def editing(area, ctx, team, qtbot):
    """Ana's page with a fresh one-on-one note open in the editor."""
    area.open_person(team["ana"].id)
    page = area.person_page
    page.notes.new_kind.setCurrentIndex(0)
    qtbot.mouseClick(page.notes.new_note_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == NOTES
    assert page.notes.note_stack.currentWidget() is page.notes.edit_page
    return page


def test_typing_is_saved_after_a_pause_and_readable_after_a_new_unlock(
    editing, ctx, app_paths, qtbot
) -> None:
    """Saved by the idle timer alone (no focus change, no close); how soon is the delay's
    setting, not something a loaded test machine can time."""
    page = editing
    note_id = page.notes.current_note.id
    page.notes.note_editor.insertPlainText("ça va 👍 ")  # keyClicks only types ASCII
    qtbot.keyClicks(page.notes.note_editor, "Talked about the roadmap")
    assert ctx.services.notes.get(note_id).body == ""  # debounced, not per keystroke
    qtbot.waitUntil(lambda: ctx.services.notes.get(note_id).body != "", timeout=5000)
    other = unlock_vault(app_paths, PASSPHRASE)  # a second, independent session
    try:
        assert other.notes.get(note_id).body == "ça va 👍 Talked about the roadmap"
    finally:
        other.close()


def test_focus_change_saves_immediately(editing, ctx) -> None:
    page = editing
    note_id = page.notes.current_note.id
    page.notes.note_editor.insertPlainText("left the editor")
    assert page.notes.note_editor.timer.isActive()
    QApplication.sendEvent(page.notes.note_editor, QFocusEvent(QEvent.Type.FocusOut))
    assert ctx.services.notes.get(note_id).body == "left the editor"
    assert not page.notes.note_editor.timer.isActive()


def test_continuous_typing_is_one_undo_step(editing, ctx, qtbot) -> None:
    page = editing
    note_id = page.notes.current_note.id
    before = ctx.undo_stack.count()
    for chunk in ("first words", " and more", " and the end"):
        qtbot.keyClicks(page.notes.note_editor, chunk)
        page.notes.note_editor.flush()  # what the timer does after each pause
    assert ctx.services.notes.get(note_id).body == "first words and more and the end"
    assert ctx.undo_stack.count() == before + 1
    ctx.undo_stack.undo()
    assert ctx.services.notes.get(note_id).body == ""
    assert page.notes.note_editor.toPlainText() == ""  # the editor follows the undo
    ctx.undo_stack.redo()
    assert page.notes.note_editor.toPlainText() == "first words and more and the end"


def test_ctrl_z_in_the_editor_undoes_through_the_service(editing, ctx, qtbot) -> None:
    page = editing
    note_id = page.notes.current_note.id
    qtbot.keyClicks(page.notes.note_editor, "typo here")
    qtbot.keyClick(page.notes.note_editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ctx.services.notes.get(note_id).body == ""
    assert page.notes.note_editor.toPlainText() == ""


def test_a_new_editing_visit_is_a_new_undo_step(editing, ctx, qtbot) -> None:
    page = editing
    note_id = page.notes.current_note.id
    qtbot.keyClicks(page.notes.note_editor, "one")
    QApplication.sendEvent(page.notes.note_editor, QFocusEvent(QEvent.Type.FocusOut))
    QApplication.sendEvent(page.notes.note_editor, QFocusEvent(QEvent.Type.FocusIn))
    qtbot.keyClicks(page.notes.note_editor, " two")
    page.notes.note_editor.flush()
    ctx.undo_stack.undo()
    assert ctx.services.notes.get(note_id).body == "one"


def test_pasted_rich_text_is_kept_as_markdown(editing, ctx) -> None:
    page = editing
    mime = QMimeData()
    mime.setHtml(
        "<p>Use <b>bold</b> and a <a href='https://x.test'>link</a></p><ul><li>one</li></ul>"
    )
    mime.setText("Use bold and a link\none")
    page.notes.note_editor.insertFromMimeData(mime)
    text = page.notes.note_editor.toPlainText()
    assert "**bold**" in text and "[link](https://x.test)" in text and "- one" in text
    assert "<b>" not in text
    page.notes.note_editor.flush()
    assert ctx.services.notes.get(page.notes.current_note.id).body == text


def test_huge_unicode_note_round_trips_without_loss(area, ctx, team) -> None:
    body = "# 見出し\n\n" + ("Zoë ☕ *odd ]( markdown* `x` \u200b\n" * 30_000)
    assert len(body.encode()) > 1_000_000
    note = ctx.services.notes.add_note(team["ana"].id, NoteKind.PERSONAL, body)
    area.open_person(team["ana"].id)
    page = area.person_page
    page.show_note(note.id)
    page.notes.start_editing()
    assert page.notes.note_editor.toPlainText() == body
    page.notes.note_editor.moveCursor(page.notes.note_editor.textCursor().MoveOperation.End)
    page.notes.note_editor.insertPlainText("!")
    page.notes.note_editor.flush()
    assert ctx.services.notes.get(note.id).body == body + "!"


def test_rendered_when_not_editing_and_edited_in_place(area, ctx, team, qtbot) -> None:
    note = ctx.services.notes.add_note(team["ana"].id, NoteKind.WIN, "# Shipped\n\n**big** win")
    area.open_person(team["ana"].id)
    page = area.person_page
    page.show_note(note.id)
    assert page.notes.note_stack.currentWidget() is page.notes.note_view
    assert (
        "Shipped" in page.notes.note_view.toPlainText()
        and "**" not in page.notes.note_view.toPlainText()
    )
    qtbot.mouseDClick(page.notes.note_view.viewport(), Qt.MouseButton.LeftButton)
    assert page.notes.note_stack.currentWidget() is page.notes.edit_page
    assert page.notes.note_editor.toPlainText() == "# Shipped\n\n**big** win"


def test_flush_saves_typing_at_once_and_clear_private_empties_the_editor(
    editing, area, ctx
) -> None:
    page = editing
    page.notes.note_editor.insertPlainText("typed just before locking")
    page.flush()
    assert ctx.services.notes.get(page.notes.current_note.id).body == "typed just before locking"
    area.clear_private()
    assert page.notes.note_editor.toPlainText() == ""


def test_locking_saves_typing_the_autosave_timer_has_not_reached(
    editing, area, ctx, app_paths, clock
) -> None:
    from leaddesk.services.unlocking import unlock_vault
    from tests.conftest import PASSPHRASE

    page = editing
    note_id = page.notes.current_note.id
    page.notes.note_editor.insertPlainText("typed a moment before Ctrl+L")
    ctx.lock()  # the real lock path: about_to_lock fires while the vault is still open
    area.clear_private()
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        assert services.notes.get(note_id).body == "typed a moment before Ctrl+L"
    finally:
        services.close()


def test_feedback_fields_are_edited_in_place_and_undoable(area, ctx, team, qtbot) -> None:
    from leaddesk.domain.model import FeedbackTone

    note = ctx.services.notes.add_feedback(
        team["ana"].id,
        situation="Demo",
        behavior="Calm",
        impact="Trust",
        tone=FeedbackTone.POSITIVE,
    )
    area.open_person(team["ana"].id)
    page = area.person_page
    page.show_note(note.id)
    page.notes.start_editing()
    assert page.notes.sbi_box.isVisible()
    impact = page.notes.sbi_editors["impact"]
    assert impact.toPlainText() == "Trust"
    impact.moveCursor(impact.textCursor().MoveOperation.End)
    qtbot.keyClicks(impact, " and a signed deal")
    qtbot.waitUntil(
        lambda: ctx.services.notes.get(note.id).impact == "Trust and a signed deal", timeout=1500
    )
    ctx.undo_stack.undo()
    assert ctx.services.notes.get(note.id).impact == "Trust"
    assert impact.toPlainText() == "Trust"
    other = ctx.services.notes.add_note(team["ana"].id, NoteKind.WIN, "plain")
    page.show_note(other.id)
    page.notes.start_editing()
    assert not page.notes.sbi_box.isVisible()
