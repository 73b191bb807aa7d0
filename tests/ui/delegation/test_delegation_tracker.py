from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget

from leaddesk.domain.model import DelegationStatus, GuidanceLevel, Quadrant, TaskStatus
from leaddesk.ui.delegation import model as columns
from leaddesk.ui.delegation.area import DelegationArea
from leaddesk.ui.delegation.checkin import CheckInDialog, open_check_in
from leaddesk.ui.delegation.create import (
    DelegationDialog,
    find_open_dialog,
    offer_delegation,
    offer_delegation_for_person,
    open_delegation_dialog,
)
from leaddesk.ui.delegation.debrief import open_debrief
from leaddesk.ui.delegation.model import DelegationTableModel
from leaddesk.ui.delegation.snooze import SnoozeDialog


@pytest.fixture
def team(ctx):
    people = ctx.services.people
    return {name: people.add(name) for name in ("Dana Okafor", "Kim Lee", "Lee Park")}


@pytest.fixture
def host(qtbot):
    """A window to parent dialogs to, as the areas do."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def area(ctx, qtbot):
    widget = DelegationArea(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.refresh()
    widget.show()
    return widget


def delegate(ctx, title, person, **kw):
    task = ctx.services.tasks.capture(title, quadrant=Quadrant.DO)
    return ctx.services.delegations.create(task.id, person.id, **kw)


def shown_titles(area: DelegationArea) -> list[str]:
    m = area.model
    return [m.index(r, columns.WHAT).data() for r in range(m.rowCount())]


def test_model_passes_qtmodeltester_and_sorts_the_list(ctx, team, qtmodeltester) -> None:
    delegate(ctx, "b task", team["Kim Lee"], due_on=date(2026, 12, 1))
    delegate(ctx, "a task", team["Dana Okafor"], due_on=date(2026, 11, 20))
    delegate(ctx, "c task", team["Lee Park"])
    model = DelegationTableModel()
    model.set_rows(ctx.services.delegations.rows(), ctx.clock.today())
    qtmodeltester.check(model, force_py=True)
    model.sort(columns.WHAT, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["a task", "b task", "c task"]
    model.sort(columns.DUE, Qt.SortOrder.AscendingOrder)  # no due date sorts last
    assert [model.index(r, 0).data() for r in range(3)] == ["a task", "b task", "c task"]
    model.sort(columns.WHO, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, columns.WHO).data() for r in range(3)] == [
        "Lee Park",
        "Kim Lee",
        "Dana Okafor",
    ]
    row = model.index(0, 0).data(columns.OBJECT_ROLE)
    assert row.person_name == "Lee Park"
    assert model.index(0, columns.DUE).data() == "—"
    qtmodeltester.check(model, force_py=True)


def test_empty_tracker_tells_a_new_user_what_to_do(area) -> None:
    assert area.stack.currentIndex() == 0
    hint = area.empty_state.hint_label.text()
    assert "Delegate quadrant" in hint and "New delegation" in hint
    assert area.empty_new.isVisibleTo(area)


def test_create_from_the_delegate_quadrant_then_undo_and_redo(ctx, team, area, qtbot) -> None:
    task = ctx.services.tasks.capture("Prepare the sprint demo", quadrant=Quadrant.DELEGATE)
    offer_delegation(ctx, area, task.id)
    dialog = find_open_dialog(ctx)
    assert isinstance(dialog, DelegationDialog) and dialog.task_label is not None
    assert "sprint demo" in dialog.task_label.text()
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findText("Kim Lee"))
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("participating"))
    dialog.due_edit.setDate(QDate(2026, 11, 27))
    dialog.cadence_spin.setValue(3)
    assert dialog.next_edit.date() == QDate(2026, 11, 21)  # follows the cadence
    qtbot.keyClicks(dialog.why_edit, "Wants to present more")
    qtbot.keyClicks(dialog.outcome_edit, "Demo runs end to end")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    [row] = ctx.services.delegations.rows()
    d = ctx.services.delegations.get(row.id)
    assert (row.person_name, d.level, d.due_on, d.next_check_in_on, d.check_in_every_days) == (
        "Kim Lee",
        GuidanceLevel.PARTICIPATING,
        date(2026, 11, 27),
        date(2026, 11, 21),
        3,
    )
    assert (d.why_this_person, d.expected_outcome) == (
        "Wants to present more",
        "Demo runs end to end",
    )
    assert shown_titles(area) == ["Prepare the sprint demo"]
    assert area.stack.currentIndex() == 1

    ctx.undo_stack.undo()
    assert ctx.services.delegations.rows() == []
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.DELEGATE  # the move stays
    ctx.undo_stack.redo()
    assert ctx.services.delegations.get(d.id).person_id == team["Kim Lee"].id
    assert shown_titles(area) == ["Prepare the sprint demo"]


def test_offer_is_not_repeated_for_a_task_already_delegated(ctx, team, host) -> None:
    d = delegate(ctx, "Already handed over", team["Dana Okafor"])
    offer_delegation(ctx, host, d.task_id)
    assert find_open_dialog(ctx) is None


def test_cancel_leaves_just_the_move(ctx, team, host) -> None:
    task = ctx.services.tasks.capture("Book the offsite", quadrant=Quadrant.DELEGATE)
    dialog = open_delegation_dialog(ctx, host, task_id=task.id)
    dialog.reject()
    assert ctx.services.delegations.rows() == []
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.DELEGATE
    assert ctx.undo_stack.count() == 0


def test_bad_input_is_refused_in_the_dialog_with_a_message(ctx, team, host) -> None:
    task = ctx.services.tasks.capture("Write the RFC", quadrant=Quadrant.DO)
    dialog = open_delegation_dialog(ctx, host, task_id=task.id)
    dialog.accept()  # nobody chosen
    assert dialog.isVisible() and "person" in dialog.error.text()
    dialog.person_combo.setCurrentIndex(0)
    dialog.due_edit.setDate(QDate(2026, 11, 10))
    dialog.accept()
    assert dialog.isVisible() and "due date" in dialog.error.text()
    assert ctx.services.delegations.rows() == [] and ctx.undo_stack.count() == 0
    assert ctx.services.tasks.get(task.id).quadrant is Quadrant.DO
    dialog.confirm_discard = lambda parent: True  # Cancel of a changed form asks first
    dialog.reject()


def test_direct_creation_with_a_new_task_from_a_person_page(ctx, team, host) -> None:
    offer_delegation_for_person(ctx, host, team["Lee Park"].id)
    dialog = find_open_dialog(ctx)
    assert dialog is not None and dialog.person_combo.currentText() == "Lee Park"
    dialog.task_combo.setEditText("Rotate the on-call keys")
    dialog.accept()
    [row] = ctx.services.delegations.rows()
    assert row.task_title == "Rotate the on-call keys" and row.person_name == "Lee Park"
    assert ctx.services.tasks.get(row.delegation.task_id).quadrant is Quadrant.DELEGATE
    ctx.undo_stack.undo()  # the new task goes too: one action, one undo
    assert ctx.services.delegations.rows() == []
    assert ctx.services.tasks.open_tasks() == []


def test_check_in_moves_next_date_and_undo_puts_it_back(ctx, team, area, qtbot, clock) -> None:
    d = delegate(ctx, "Migrate CI", team["Dana Okafor"], check_in_every_days=5)
    clock.advance(days=2)
    area.refresh()
    assert area.select_delegation(d.id)
    qtbot.keyClick(area.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in area.findChildren(CheckInDialog) if w.isVisible())
    qtbot.keyClicks(dialog.note_edit, "Pipelines half done")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("blocked"))
    dialog.accept()
    after = ctx.services.delegations.get(d.id)
    assert after.next_check_in_on == date(2026, 11, 25) and after.status is DelegationStatus.BLOCKED
    row = area.model.row_of(d.id)
    assert area.model.index(row, columns.STATUS).data() == "Blocked"
    assert area.model.index(row, columns.NEWS).data() == "today"
    assert "Pipelines half done" in area.details.toPlainText()
    ctx.undo_stack.undo()
    before = ctx.services.delegations.get(d.id)
    assert (
        before.next_check_in_on == date(2026, 11, 23) and before.status is DelegationStatus.ACTIVE
    )
    assert ctx.services.delegations.check_ins(d.id) == []
    ctx.undo_stack.redo()
    assert [c.note for c in ctx.services.delegations.check_ins(d.id)] == ["Pipelines half done"]


def test_needs_attention_across_a_date_change_and_snooze(ctx, team, area, qtbot, clock) -> None:
    d = delegate(ctx, "Clean up feature flags", team["Kim Lee"], check_in_every_days=7)
    area.refresh()
    assert area.attention_list.count() == 0 and area.all_clear.isVisibleTo(area)
    clock.advance(days=8)
    area.refresh()
    assert area.attention_list.count() == 1
    text = area.attention_list.item(0).text()
    assert "Check-in overdue by 1 day" in text and "No news for 8 days" in text
    area.attention_list.setCurrentRow(0)
    qtbot.mouseClick(area.attention_snooze, Qt.MouseButton.LeftButton)
    dialog = next(w for w in area.findChildren(SnoozeDialog) if w.isVisible())
    dialog.until_edit.setDate(QDate(2026, 11, 30))
    dialog.accept()
    assert area.attention_list.count() == 0
    assert ctx.services.delegations.get(d.id).snoozed_until == date(2026, 11, 30)
    ctx.undo_stack.undo()
    assert area.attention_list.count() == 1
    ctx.undo_stack.redo()
    clock.advance(days=5)  # 2026-12-01: the snooze is over
    area.refresh()
    assert area.attention_list.count() == 1


def test_close_with_debrief_then_undo(ctx, team, area, qtbot) -> None:
    d = delegate(ctx, "Onboarding guide", team["Dana Okafor"])
    area.refresh()
    area.select_delegation(d.id)
    dialog = open_debrief(ctx, area, d.id)
    qtbot.keyClicks(dialog.edits["worked"], "Clear outcome")
    qtbot.keyClicks(dialog.edits["support"], "Review earlier")
    dialog.accept()
    closed = ctx.services.delegations.get(d.id)
    assert closed.status is DelegationStatus.DONE
    assert (closed.debrief_worked, closed.debrief_support) == ("Clear outcome", "Review earlier")
    assert ctx.services.tasks.get(d.task_id).status is TaskStatus.DONE
    assert shown_titles(area) == []  # the default filter shows open delegations
    area.status_filter.setCurrentIndex(area.status_filter.findText("Done"))
    assert shown_titles(area) == ["Onboarding guide"]
    area.select_delegation(d.id)
    assert "Clear outcome" in area.details.toPlainText()
    ctx.undo_stack.undo()
    assert ctx.services.delegations.get(d.id).status is DelegationStatus.ACTIVE
    assert ctx.services.tasks.get(d.task_id).status is TaskStatus.OPEN
    assert shown_titles(area) == []
    ctx.undo_stack.redo()
    assert ctx.services.delegations.get(d.id).debrief_worked == "Clear outcome"


def test_privacy_screen_hides_the_details(ctx, team, area) -> None:
    d = delegate(ctx, "Secret-ish", team["Dana Okafor"], expected_outcome="private outcome")
    area.refresh()
    area.select_delegation(d.id)
    assert "private outcome" in area.details.toPlainText()
    ctx.set_privacy_screen(True)
    assert "private outcome" not in area.details.toPlainText()
    ctx.set_privacy_screen(False)
    assert "private outcome" in area.details.toPlainText()


def test_task_completed_on_the_board_shows_as_done_and_reopens(ctx, team, area) -> None:
    d = delegate(ctx, "Fix the flaky test", team["Kim Lee"])
    area.status_filter.setCurrentIndex(area.status_filter.findText("All"))
    ctx.services.tasks.complete([d.task_id])
    row = area.model.row_of(d.id)
    assert area.model.index(row, columns.STATUS).data() == "Done (task)"
    ctx.services.tasks.reopen([d.task_id])
    assert area.model.index(area.model.row_of(d.id), columns.STATUS).data() == "Active"


def test_filter_by_person_and_status(ctx, team, area) -> None:
    delegate(ctx, "dana one", team["Dana Okafor"])
    closed = delegate(ctx, "dana two", team["Dana Okafor"])
    delegate(ctx, "kim one", team["Kim Lee"])
    ctx.services.delegations.close(closed.id, DelegationStatus.CANCELLED)
    assert sorted(shown_titles(area)) == ["dana one", "kim one"]
    area.person_filter.setCurrentIndex(area.person_filter.findText("Dana Okafor"))
    assert shown_titles(area) == ["dana one"]
    area.status_filter.setCurrentIndex(area.status_filter.findText("All"))
    assert sorted(shown_titles(area)) == ["dana one", "dana two"]
    area.status_filter.setCurrentIndex(area.status_filter.findText("Cancelled"))
    assert shown_titles(area) == ["dana two"]
    area.person_filter.setCurrentIndex(area.person_filter.findText("Kim Lee"))
    assert shown_titles(area) == []
    assert area.count_label.text() == "0 delegations"


def test_load_per_person_hint(ctx, team, area) -> None:
    for i in range(4):
        delegate(ctx, f"dana {i}", team["Dana Okafor"])
    delegate(ctx, "kim", team["Kim Lee"])
    assert area.hint_label.isVisibleTo(area)
    assert "Dana Okafor holds 4 of 5 active delegations" in area.hint_label.text()
    assert "Dana Okafor 4" in area.load_label.text()
    dialog = open_delegation_dialog(ctx, area)
    dialog.person_combo.setCurrentIndex(dialog.person_combo.findText("Dana Okafor"))
    assert "Already holds 4" in dialog.load_label.text()
    assert "consider spreading" in dialog.load_label.text()
    dialog.confirm_discard = lambda parent: True  # Cancel of a changed form asks first
    dialog.reject()


def test_edit_via_enter_and_reopen_button(ctx, team, area, qtbot) -> None:
    d = delegate(ctx, "Vendor evaluation", team["Kim Lee"])
    area.refresh()
    area.select_delegation(d.id)
    area.table.setFocus()
    qtbot.keyClick(area.table, Qt.Key.Key_Return)
    dialog = next(w for w in area.findChildren(DelegationDialog) if w.isVisible())
    dialog.cadence_spin.setValue(2)
    dialog.accept()
    assert ctx.services.delegations.get(d.id).check_in_every_days == 2
    ctx.undo_stack.undo()
    assert ctx.services.delegations.get(d.id).check_in_every_days == 7
    ctx.services.delegations.close(d.id, DelegationStatus.CANCELLED)
    area.status_filter.setCurrentIndex(area.status_filter.findText("All"))
    area.select_delegation(d.id)
    assert area.reopen_button.isEnabled() and not area.checkin_button.isEnabled()
    qtbot.mouseClick(area.reopen_button, Qt.MouseButton.LeftButton)
    assert ctx.services.delegations.get(d.id).status is DelegationStatus.ACTIVE


def test_lock_clears_everything_private(ctx, team, area) -> None:
    delegate(ctx, "Private title", team["Dana Okafor"])
    area.refresh()
    area.clear_private()
    assert area.model.rowCount() == 0 and area.person_filter.count() == 0
    assert area.details.toPlainText() == "" and area.load_label.text() == ""


def test_every_focusable_widget_has_an_accessible_name(ctx, team, area) -> None:
    delegate(ctx, "x", team["Dana Okafor"])
    area.refresh()
    for dialog in (open_delegation_dialog(ctx, area), open_check_in(ctx, area, 1)):
        for root in (area, dialog):
            for widget in root.findChildren(QWidget):
                if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(root):
                    cls = type(widget).__name__
                    if cls in {"QLineEdit", "QCalendarWidget", "QScrollBar", "QWidget"}:
                        continue  # inner parts of combos, date edits and scroll areas
                    assert widget.accessibleName(), f"{cls} has no accessible name"
        dialog.reject()


def test_several_cards_dropped_on_delegate_are_offered_one_after_the_other(
    ctx, team, qtbot
) -> None:
    first = ctx.services.tasks.capture("First card", quadrant=Quadrant.DELEGATE)
    second = ctx.services.tasks.capture("Second card", quadrant=Quadrant.DELEGATE)
    offer_delegation(ctx, None, first.id)
    offer_delegation(ctx, None, second.id)
    dialog = find_open_dialog(ctx)
    assert dialog is not None and dialog.task_id == first.id
    dialog.reject()
    qtbot.waitUntil(lambda: find_open_dialog(ctx) is not None)
    dialog = find_open_dialog(ctx)
    assert dialog.task_id == second.id
    dialog.reject()
    qtbot.wait(20)  # let the closed dialogs be deleted and the queue run dry
    assert find_open_dialog(ctx) is None


def test_locking_closes_an_open_dialog(ctx, team, host) -> None:
    d = delegate(ctx, "Something private", team["Kim Lee"])
    dialog = open_debrief(ctx, host, d.id)
    assert dialog.isVisible()
    ctx.lock()
    assert not dialog.isVisible()


def test_ctrl_return_saves_a_check_in_from_the_note_box(ctx, team, host, qtbot) -> None:
    d = delegate(ctx, "Keyboard only", team["Kim Lee"])
    dialog = open_check_in(ctx, host, d.id)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.note_edit, "All good")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [c.note for c in ctx.services.delegations.check_ins(d.id)] == ["All good"]


def test_the_matrix_hook_reaches_the_delegation_dialog(ctx, team, host) -> None:
    matrix = pytest.importorskip("leaddesk.ui.matrix.delegate_offer")
    task = ctx.services.tasks.capture("Moved on the board", quadrant=Quadrant.DELEGATE)
    assert matrix.offer_delegation(ctx, host, task.id)
    dialog = find_open_dialog(ctx)
    assert dialog is not None and dialog.task_id == task.id
    dialog.person_combo.setCurrentIndex(0)
    dialog.accept()
    assert ctx.services.delegations.for_task(task.id) is not None


def test_a_check_in_being_typed_is_saved_when_the_vault_locks(
    ctx, team, host, qtbot, app_paths, clock
) -> None:
    from leaddesk.services.unlocking import unlock_vault
    from tests.conftest import PASSPHRASE

    d = delegate(ctx, "Migrate CI", team["Dana Okafor"])
    dialog = open_check_in(ctx, host, d.id)
    qtbot.keyClicks(dialog.note_edit, "Pipelines half done, needs a runner budget")
    untouched = open_check_in(ctx, host, d.id)  # opened, nothing typed: must not log
    ctx.lock()
    assert not dialog.isVisible() and not untouched.isVisible()
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    try:
        notes = [c.note for c in services.delegations.check_ins(d.id)]
        assert notes == ["Pipelines half done, needs a runner budget"]
    finally:
        services.close()
