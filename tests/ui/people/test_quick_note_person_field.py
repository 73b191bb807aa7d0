"""Quick note (issue 15): the person field keeps the focus until a person is chosen (Enter
or Tab on a name) and stays correctable until the window closes.

Before, the first letter typed picked a person and moved the focus into the note: the rest
of the name became the note ("is" was saved for Aisha) and the autosave locked the person.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import ActionItem
from leaddesk.services.base import ChangeKind
from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note


def _window(ctx, qtbot) -> QuickNoteWindow:  # type: ignore[no-untyped-def]
    open_quick_note(ctx, None)
    (window,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QuickNoteWindow) and w.isVisible()
    ]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def _people(services) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        name.split()[0]: services.people.add(name).id
        for name in ("Aisha Okafor", "Anna Berg", "Bo Lindqvist")
    }


def test_typing_a_name_keeps_the_focus_until_tab_chooses(ctx, qtbot) -> None:
    ids = _people(ctx.services)
    window = _window(ctx, qtbot)
    name_box = window.person
    assert window.focusWidget() is name_box
    qtbot.keyClicks(name_box, "A")
    assert window.focusWidget() is name_box  # the first letter picks nobody
    assert window.person_id() is None
    qtbot.keyClick(name_box, Qt.Key.Key_Tab)  # "A": Aisha or Anna, so nobody yet
    assert window.focusWidget() is name_box
    assert "No one by that name" in window.status_label.text()
    qtbot.keyClicks(name_box, "is")
    qtbot.keyClick(name_box, Qt.Key.Key_Tab)
    assert window.person_id() == ids["Aisha"]
    assert window.person.currentText() == "Aisha Okafor"
    assert window.focusWidget() is window.discussed
    qtbot.keyClicks(window.discussed, "Wants to lead the migration")
    assert window.flush()
    note = ctx.services.notes.get(window.note_id)
    assert (note.person_id, note.body) == (ids["Aisha"], "Wants to lead the migration")
    window.reject()


def test_the_person_stays_correctable_and_the_note_follows(ctx, qtbot) -> None:
    ids = _people(ctx.services)
    window = _window(ctx, qtbot)
    name_box = window.person
    qtbot.keyClicks(name_box, "anna")
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    assert window.person_id() == ids["Anna"]
    qtbot.keyClicks(window.discussed, "Promotion case")
    window.mine.setPlainText("Send the rubric")
    assert window.flush()
    note_id = window.note_id
    assert window.person.isEnabled()  # not locked by the autosave
    # Wrong person: correct it before closing.
    window.person.setFocus()
    name_box.lineEdit().selectAll()
    qtbot.keyClicks(name_box, "Bo")
    qtbot.keyClick(name_box, Qt.Key.Key_Return)
    assert window.person_id() == ids["Bo"]
    assert window.note_id == note_id
    note = ctx.services.notes.get(note_id)
    assert note.person_id == ids["Bo"]
    with ctx.services.hub.read() as s:
        items = [a for a in s.query(ActionItem) if a.note_id == note_id]
    assert [(a.text, a.person_id) for a in items] == [("Send the rubric", ids["Bo"])]
    window.reject()
    assert ctx.undo_stack.count() == 1  # one "Quick note" step
    ctx.undo_stack.undo()
    with ctx.services.hub.read() as s:
        assert [a for a in s.query(ActionItem) if a.note_id == note_id] == []
    assert ChangeKind.NOTES  # the note and its items went with one undo
