"""Every window that holds typed text saves it when the vault locks (issue 19, item 4).

One mechanism does it: the AppContext keeps the open windows (``ctx.keep_open``, done by
the ``RecordDialog`` base) and, on the real lock path (``ctx.lock()``), saves each one while
the vault is still open, then empties and closes it. The test walks every such window type:
open it, type, lock, unlock, and read the text back from the vault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QWidget

from leaddesk.domain.model import BlockKind
from leaddesk.services.unlocking import unlock_vault
from tests.conftest import BERLIN, PASSPHRASE

MARK = "Zebra-7 typed before the lock"


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=BERLIN)


def lock_and_unlock(ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    ctx.lock()  # Ctrl+L, idle lock, sleep and quit all end here
    assert not ctx.is_unlocked
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))


def type_into(qtbot, widget: QWidget, text: str = MARK) -> None:  # type: ignore[no-untyped-def]
    """Type like a user: real key events (the field becomes 'modified')."""
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit):
        widget.insertPlainText(text)  # what typing does, without 30 key events
    else:
        qtbot.keyClicks(widget, text)


def run_inside_exec(opener: Callable[[], object], kind: type, interact) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Open a modal dialog that blocks in ``exec()`` and run ``interact`` inside it."""
    seen: list[QDialog] = []

    def step() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not found:
            QTimer.singleShot(10, step)
            return
        seen.append(found[0])
        interact(found[0])

    QTimer.singleShot(0, step)
    opener()
    assert seen, "the dialog never opened"
    return seen


def no_private_text_left(window: QWidget) -> bool:
    """After the lock the window's fields are empty (it may still exist until deleted)."""
    try:
        fields = [
            *(e.text() for e in window.findChildren(QLineEdit)),
            *(e.toPlainText() for e in window.findChildren(QPlainTextEdit)),
        ]
    except RuntimeError:  # already deleted: nothing left either
        return True
    return not any(MARK in text for text in fields)


@pytest.fixture
def people(ctx):  # type: ignore[no-untyped-def]
    return {"ana": ctx.services.people.add("Ana Pérez", role="Backend engineer")}


@pytest.fixture
def host(qtbot):  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


# -- the walk ---------------------------------------------------------------------------------
def test_quick_capture(qtbot, ctx, app_paths, clock, host) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.capture import QuickCaptureDialog, open_quick_capture

    open_quick_capture(ctx, host)
    dialog = ctx.find_open_window(QuickCaptureDialog)
    assert isinstance(dialog, QuickCaptureDialog)
    type_into(qtbot, dialog.title_edit)
    type_into(qtbot, dialog.requester_edit, "Kim")
    lock_and_unlock(ctx, app_paths, clock)
    [task] = ctx.services.tasks.open_tasks()
    assert (task.title, task.requester) == (MARK, "Kim")
    assert no_private_text_left(dialog)
    ctx.undo_stack.undo()  # the save is one ordinary, undoable capture
    assert ctx.services.tasks.open_tasks() == []


def test_quick_note(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    ana = people["ana"].id
    open_quick_note(ctx, None, ana)
    window = ctx.find_open_window(QuickNoteWindow)
    assert isinstance(window, QuickNoteWindow)
    type_into(qtbot, window.discussed)  # the autosave timer has not fired yet
    lock_and_unlock(ctx, app_paths, clock)
    [note] = ctx.services.notes.timeline_page(ana)
    assert ctx.services.notes.get(note.id).body == MARK
    assert no_private_text_left(window)


def test_quick_note_before_its_person_is_chosen(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    """Nowhere to file it yet: the note is kept (in the vault) and the next quick note
    brings it back, under no person until one is chosen."""
    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    open_quick_note(ctx, None, None)
    window = ctx.find_open_window(QuickNoteWindow)
    assert isinstance(window, QuickNoteWindow) and window.person_id() is None
    type_into(qtbot, window.discussed)
    type_into(qtbot, window.mine, "send the offer letter")
    lock_and_unlock(ctx, app_paths, clock)
    assert no_private_text_left(window)
    assert ctx.services.notes.timeline_page(people["ana"].id) == []  # filed under nobody

    open_quick_note(ctx, None, None)
    again = ctx.find_open_window(QuickNoteWindow)
    assert isinstance(again, QuickNoteWindow) and again.person_id() is None
    assert again.discussed.toPlainText() == MARK
    assert again.mine.toPlainText() == "send the offer letter"
    assert ctx.services.notes.take_unfiled() is None  # handed back once, not twice
    again._pick(again.person.findData(people["ana"].id))  # the person, then it files itself
    assert again.flush()
    [note] = ctx.services.notes.timeline_page(people["ana"].id)
    assert ctx.services.notes.get(note.id).body == MARK
    again.reject()  # filed: it closes (and is deleted) like any finished quick note


def test_task_editor(qtbot, ctx, app_paths, clock, host) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.editor import open_task_editor

    task = ctx.services.tasks.capture("Write the incident review")
    editor = open_task_editor(ctx, host, task.id)
    type_into(qtbot, editor.notes_edit)
    lock_and_unlock(ctx, app_paths, clock)
    assert ctx.services.tasks.get(task.id).notes == MARK
    assert no_private_text_left(editor)


def test_block_editor_of_an_existing_block(qtbot, ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.area import WeekArea
    from leaddesk.ui.week.editor import BlockEditor

    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    block_id = ctx.services.blocks.create("Focus", BlockKind.FOCUS, at(19, 9), at(19, 10))
    block_id = block_id.created_ids[0]

    def interact(dialog: BlockEditor) -> None:
        dialog.title_edit.selectAll()
        type_into(qtbot, dialog.title_edit)
        ctx.lock()  # inside the editor's exec(): the lock must save and close it

    [dialog] = run_inside_exec(lambda: area.edit_block(block_id), BlockEditor, interact)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.blocks.get(block_id).title == MARK
    assert no_private_text_left(dialog)


def test_block_editor_of_a_new_block(qtbot, ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.area import WeekArea
    from leaddesk.ui.week.editor import BlockEditor

    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()

    def interact(dialog: BlockEditor) -> None:
        type_into(qtbot, dialog.title_edit)
        ctx.lock()

    run_inside_exec(lambda: area.new_block_dialog(at(19, 14), at(19, 15)), BlockEditor, interact)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    titles = [b.title for b in ctx.services.blocks.week(date(2026, 11, 16))]
    assert titles == [MARK]


def test_delegation_dialog(qtbot, ctx, app_paths, clock, people, host) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.delegation.create import find_open_dialog, open_delegation_dialog

    task = ctx.services.tasks.capture("Prepare the demo")
    dialog = open_delegation_dialog(ctx, host, task_id=task.id, person_id=people["ana"].id)
    assert find_open_dialog(ctx) is dialog
    type_into(qtbot, dialog.outcome_edit)
    lock_and_unlock(ctx, app_paths, clock)
    delegation = ctx.services.delegations.for_task(task.id)
    assert delegation is not None and delegation.expected_outcome == MARK
    assert find_open_dialog(ctx) is None


def _delegation(ctx, people) -> int:  # type: ignore[no-untyped-def]
    task = ctx.services.tasks.capture("Migrate the build")
    ctx.services.delegations.create(task.id, people["ana"].id, started_on=date(2026, 11, 2))
    return ctx.services.delegations.for_task(task.id).id  # type: ignore[union-attr]


def test_check_in_dialog(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.delegation.checkin import open_check_in

    delegation_id = _delegation(ctx, people)
    dialog = open_check_in(ctx, None, delegation_id)
    type_into(qtbot, dialog.note_edit)
    lock_and_unlock(ctx, app_paths, clock)
    assert [c.note for c in ctx.services.delegations.check_ins(delegation_id)] == [MARK]


def test_debrief_dialog(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.delegation.debrief import open_debrief

    delegation_id = _delegation(ctx, people)
    dialog = open_debrief(ctx, None, delegation_id)
    type_into(qtbot, dialog.edits["worked"])
    lock_and_unlock(ctx, app_paths, clock)
    assert ctx.services.delegations.get(delegation_id).debrief_worked == MARK


def test_add_person_dialog(qtbot, ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.area import PeopleArea
    from leaddesk.ui.people.dialogs import PersonDialog

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()

    def interact(dialog: PersonDialog) -> None:
        type_into(qtbot, dialog.name)
        ctx.lock()

    run_inside_exec(area._on_add_clicked, PersonDialog, interact)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert [p.name for p in ctx.services.people.list()] == [MARK]


def test_edit_person_dialog(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.area import PeopleArea
    from leaddesk.ui.people.dialogs import PersonDialog

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.open_person(people["ana"].id)

    def interact(dialog: PersonDialog) -> None:
        dialog.role.selectAll()
        type_into(qtbot, dialog.role)
        ctx.lock()

    run_inside_exec(area.person_page._on_edit_person_clicked, PersonDialog, interact)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.people.get(people["ana"].id).role == MARK


def test_people_drafts_and_a_note_being_typed(qtbot, ctx, app_paths, clock, people) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.area import PeopleArea
    from leaddesk.ui.people.page.common import GROWTH

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.open_person(people["ana"].id)
    page = area.person_page
    page.tabs.setCurrentIndex(GROWTH)
    type_into(qtbot, page.growth.goal_text)
    lock_and_unlock(ctx, app_paths, clock)
    assert [g.goal for g in ctx.services.notes.goals(people["ana"].id)] == [MARK]


def test_the_open_windows_live_on_the_context_not_in_module_lists(ctx, host, people) -> None:  # type: ignore[no-untyped-def]
    import leaddesk.ui.delegation.create as create
    import leaddesk.ui.delegation.widgets as widgets
    import leaddesk.ui.people.quick_note as quick_note
    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    for module in (create, widgets, quick_note):
        lists = [
            name
            for name, value in vars(module).items()
            if isinstance(value, list) and name[0] == "_"
        ]
        assert lists == [], f"{module.__name__} keeps windows in {lists}"
    open_quick_note(ctx, None, people["ana"].id)
    window = ctx.find_open_window(QuickNoteWindow)
    assert window is not None and window in ctx.open_windows
    window.reject()
    assert window not in ctx.open_windows


def test_finished_dialogs_leave_no_connection_and_are_not_kept(qtbot, ctx, people) -> None:  # type: ignore[no-untyped-def]
    """Signal hygiene: a closed dialog hears nothing from the context and is not kept alive
    by it (the old module lists and never-disconnected ``ctx.locked`` slots kept them)."""
    import gc

    from shiboken6 import isValid

    from leaddesk.ui.delegation.checkin import open_check_in
    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    delegation_id = _delegation(ctx, people)
    for _ in range(5):
        open_quick_note(ctx, None, people["ana"].id)
        window = ctx.find_open_window(QuickNoteWindow)
        assert window is not None
        window.reject()
        dialog = open_check_in(ctx, None, delegation_id)
        dialog.reject()
    del window, dialog
    qtbot.wait(50)  # the context lets go on the next turn; Qt deletes on close
    QApplication.sendPostedEvents(None, 0)
    gc.collect()
    assert ctx.open_windows == []
    alive = [
        o
        for o in gc.get_objects()
        if isinstance(o, QDialog)
        and isValid(o)
        and type(o).__name__ in ("QuickNoteWindow", "CheckInDialog")
    ]
    assert alive == []
    ctx.set_privacy_screen(True)  # would reach a dead dialog if a connection were left
    ctx.lock()
