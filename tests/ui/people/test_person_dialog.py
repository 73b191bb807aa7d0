from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from leaddesk.domain.model import Relationship
from leaddesk.ui.people.commands import AddPersonCommand, EditPersonCommand
from leaddesk.ui.people.dialogs import PersonDialog


def test_dialog_values_and_add_edit_undo(ctx, qtbot) -> None:
    dialog = PersonDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Kim Park")
    dialog.role.setText("Data engineer")
    dialog.relationship.setCurrentIndex(list(Relationship).index(Relationship.PEER))
    dialog.has_start.setChecked(True)
    dialog.started.setDate(QDate(2025, 6, 2))
    dialog.every.setValue(21)
    values = dialog.values()
    assert values["started_on"] == date(2025, 6, 2)
    name = values.pop("name")
    add = AddPersonCommand(ctx.services, name, **values)
    assert ctx.push(add)
    person = ctx.services.people.get(add.person_id)
    assert (person.name, person.relationship, person.one_on_one_every_days) == (
        "Kim Park",
        Relationship.PEER,
        21,
    )
    edit = PersonDialog(None, person)
    qtbot.addWidget(edit)
    assert edit.values()["started_on"] == date(2025, 6, 2)
    assert ctx.push(EditPersonCommand(ctx.services, person.id, role="Staff data engineer"))
    assert ctx.services.people.get(person.id).role == "Staff data engineer"
    ctx.undo_stack.undo()
    assert ctx.services.people.get(person.id).role == "Data engineer"
    ctx.undo_stack.undo()
    assert ctx.services.people.list() == []
    ctx.undo_stack.redo()
    assert [p.name for p in ctx.services.people.list()] == ["Kim Park"]


def test_keyboard_back_and_enter_to_edit(area, ctx, team, qtbot) -> None:
    from PySide6.QtCore import Qt

    from leaddesk.domain.model import NoteKind
    from leaddesk.ui.people.area import LIST, PERSON
    from leaddesk.ui.people.page.common import NOTES

    ctx.services.notes.add_note(team["ana"].id, NoteKind.ONE_ON_ONE, "hello")
    area.people_view.setFocus()
    row = area.people_model.row_of(team["ana"].id)
    area.people_view.setCurrentIndex(
        area.people_proxy.mapFromSource(area.people_model.index(row, 0))
    )
    qtbot.keyClick(area.people_view, Qt.Key.Key_Return)
    assert area.stack.currentIndex() == PERSON
    page = area.person_page
    page.tabs.setCurrentIndex(NOTES)
    page.notes.timeline.setCurrentIndex(page.notes.timeline_model.index(0, 0))
    qtbot.keyClick(page.notes.timeline, Qt.Key.Key_Return)
    assert page.notes.note_stack.currentWidget() is page.notes.edit_page
    qtbot.keyClick(page.notes.note_editor, Qt.Key.Key_Escape)
    assert page.notes.note_stack.currentWidget() is page.notes.note_view
    qtbot.keyClick(page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert area.stack.currentIndex() == LIST


def test_the_e_mail_field_is_checked_before_the_dialog_closes(ctx, qtbot) -> None:
    person = ctx.services.people.add("Kim Park")
    dialog = PersonDialog(None, ctx.services.people.get(person.id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.email, "kim at example")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert "not an e-mail address" in dialog.email_error.text()
    assert dialog.email_error.isVisibleTo(dialog)
    assert ctx.services.people.get(person.id).email == ""  # nothing changed
    dialog.email.setText("Kim.Park@Example.com")
    dialog.accept()
    assert dialog.result() == 1
    assert ctx.push(EditPersonCommand(ctx.services, person.id, email=dialog.values()["email"]))
    assert ctx.services.people.get(person.id).email == "kim.park@example.com"
    ctx.undo_stack.undo()
    assert ctx.services.people.get(person.id).email == ""
